#include "libbgp/fib/nexthop_registry.hpp"

#include <algorithm>

namespace bgp::fib {

std::optional<std::uint32_t> NexthopRegistry::allocate_id() {
  // Linear probe from a moving cursor: ids are reused only after wrapping,
  // which keeps a just-deleted id from being confused with a late kernel reply.
  for (std::uint32_t tries = 0; tries < count_; ++tries) {
    const std::uint32_t id = first_id_ + next_;
    next_ = (next_ + 1) % count_;
    if (!objects_by_id_.contains(id) && !groups_by_id_.contains(id)) return id;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> NexthopRegistry::acquire_object(const NextHop& nh, std::vector<NexthopOp>& ops) {
  const ObjectKey key{nh.gateway, nh.ifindex};
  if (auto it = objects_.find(key); it != objects_.end()) {
    ++objects_by_id_[it->second].refs;
    return it->second;
  }
  auto id = allocate_id();
  if (!id) return std::nullopt;
  objects_.emplace(key, *id);
  objects_by_id_.emplace(*id, Object{key, 1, true});
  ops.push_back({NexthopOp::Kind::kAddNexthop, *id, nh.gateway, nh.ifindex, {}});
  return id;
}

std::vector<GroupMember> NexthopRegistry::live_members(const Group& g) const {
  std::vector<GroupMember> out;
  for (std::size_t i = 0; i < g.member_ids.size(); ++i) {
    const auto& obj = objects_by_id_.at(g.member_ids[i]);
    if (obj.up) out.push_back({g.member_ids[i], g.set[i].weight});
  }
  return out;
}

std::optional<std::uint32_t> NexthopRegistry::acquire(const std::vector<NextHop>& set, std::vector<NexthopOp>& ops) {
  if (set.empty()) return std::nullopt;
  if (set.size() == 1) return acquire_object(set.front(), ops);
  if (auto it = groups_.find(set); it != groups_.end()) {
    ++groups_by_id_[it->second].refs;
    return it->second;
  }
  auto id = allocate_id();
  if (!id) return std::nullopt;
  Group g{set, {}, 1};
  // Reserve the group id before members take theirs.
  groups_by_id_.emplace(*id, Group{});
  for (const auto& nh : set) {
    auto member = acquire_object(nh, ops);
    if (!member) {
      std::vector<NexthopOp> undo;
      for (auto m : g.member_ids) release(m, undo);
      groups_by_id_.erase(*id);
      return std::nullopt;
    }
    g.member_ids.push_back(*member);
  }
  ops.push_back({NexthopOp::Kind::kSetGroup, *id, {}, 0, live_members(g)});
  groups_.emplace(set, *id);
  groups_by_id_[*id] = std::move(g);
  return id;
}

void NexthopRegistry::release(std::uint32_t id, std::vector<NexthopOp>& deletes) {
  if (auto g = groups_by_id_.find(id); g != groups_by_id_.end()) {
    if (g->second.refs > 0 && --g->second.refs > 0) return;
    deletes.push_back({NexthopOp::Kind::kDelete, id, {}, 0, {}});
    const auto members = g->second.member_ids;
    groups_.erase(g->second.set);
    groups_by_id_.erase(g);
    for (auto m : members) release(m, deletes);
    return;
  }
  if (auto o = objects_by_id_.find(id); o != objects_by_id_.end()) {
    if (o->second.refs > 0 && --o->second.refs > 0) return;
    deletes.push_back({NexthopOp::Kind::kDelete, id, {}, 0, {}});
    objects_.erase(o->second.key);
    objects_by_id_.erase(o);
  }
}

bool NexthopRegistry::rekey_group(std::uint32_t id, const std::vector<NextHop>& new_set,
                                  std::vector<NexthopOp>& ops, std::vector<NexthopOp>& deletes) {
  auto it = groups_by_id_.find(id);
  if (it == groups_by_id_.end() || new_set.size() < 2 || groups_.contains(new_set)) return false;
  Group& g = it->second;
  std::vector<std::uint32_t> members;
  for (const auto& nh : new_set) {
    auto m = acquire_object(nh, ops);
    if (!m) {
      for (auto taken : members) release(taken, deletes);
      return false;
    }
    members.push_back(*m);
  }
  const auto old_members = g.member_ids;
  groups_.erase(g.set);
  g.set = new_set;
  g.member_ids = std::move(members);
  groups_.emplace(new_set, id);
  ops.push_back({NexthopOp::Kind::kSetGroup, id, {}, 0, live_members(g)});
  for (auto m : old_members) release(m, deletes);
  return true;
}

std::uint32_t NexthopRegistry::refs(std::uint32_t id) const {
  if (auto g = groups_by_id_.find(id); g != groups_by_id_.end()) return g->second.refs;
  if (auto o = objects_by_id_.find(id); o != objects_by_id_.end()) return o->second.refs;
  return 0;
}

bool NexthopRegistry::live(std::uint32_t id) const {
  if (auto g = groups_by_id_.find(id); g != groups_by_id_.end()) {
    return g->second.present && !live_members(g->second).empty();
  }
  if (auto o = objects_by_id_.find(id); o != objects_by_id_.end()) return o->second.up;
  return false;
}

const std::vector<NextHop>* NexthopRegistry::set_of(std::uint32_t id) const {
  if (auto g = groups_by_id_.find(id); g != groups_by_id_.end()) return &g->second.set;
  return nullptr;
}

std::optional<std::uint32_t> NexthopRegistry::find(const std::vector<NextHop>& set) const {
  if (set.size() == 1) {
    if (auto it = objects_.find({set[0].gateway, set[0].ifindex}); it != objects_.end()) return it->second;
    return std::nullopt;
  }
  if (auto it = groups_.find(set); it != groups_.end()) return it->second;
  return std::nullopt;
}

void NexthopRegistry::adopt(const std::vector<KernelNexthop>& found) {
  for (const auto& k : found) {
    if (!owns(k.id) || !k.members.empty()) continue;
    const ObjectKey key{k.gateway, k.ifindex};
    if (objects_.contains(key)) continue;  // a duplicate from an odd previous run: sweep deletes it
    objects_.emplace(key, k.id);
    objects_by_id_.emplace(k.id, Object{key, 0, true});
  }
  for (const auto& k : found) {
    if (!owns(k.id) || k.members.empty()) continue;
    Group g;
    bool complete = true;
    for (const auto& m : k.members) {
      auto o = objects_by_id_.find(m.id);
      if (o == objects_by_id_.end()) {
        complete = false;
        break;
      }
      g.set.push_back({o->second.key.gateway, o->second.key.ifindex, m.weight});
    }
    if (!complete) continue;
    // Keep member order aligned with the normalized set.
    g.set = normalized(g.set);
    if (g.set.size() != k.members.size() || groups_.contains(g.set)) continue;
    for (const auto& nh : g.set) {
      const auto mid = objects_.at({nh.gateway, nh.ifindex});
      g.member_ids.push_back(mid);
      ++objects_by_id_[mid].refs;
    }
    groups_.emplace(g.set, k.id);
    groups_by_id_.emplace(k.id, std::move(g));
  }
}

void NexthopRegistry::sweep_unused(std::vector<NexthopOp>& deletes) {
  std::vector<std::uint32_t> unused;
  for (const auto& [id, g] : groups_by_id_) {
    if (g.refs == 0) unused.push_back(id);
  }
  for (auto id : unused) release(id, deletes);
  unused.clear();
  for (const auto& [id, o] : objects_by_id_) {
    if (o.refs == 0) unused.push_back(id);
  }
  for (auto id : unused) release(id, deletes);
}

std::vector<std::uint32_t> NexthopRegistry::link_down(std::uint32_t ifindex, const std::optional<Prefix>& subnet) {
  std::vector<std::uint32_t> gone;
  for (auto& [id, o] : objects_by_id_) {
    if (o.key.ifindex == ifindex && o.up && (!subnet || subnet->contains(o.key.gateway))) {
      o.up = false;
      gone.push_back(id);
    }
  }
  for (const auto& [id, g] : groups_by_id_) {
    if (live_members(g).empty()) gone.push_back(id);
  }
  return gone;  // a group with no live member was deleted by the kernel
}

std::vector<std::uint32_t> NexthopRegistry::link_up(std::uint32_t ifindex, std::vector<NexthopOp>& ops,
                                                    const std::optional<Prefix>& subnet) {
  std::vector<std::uint32_t> revived;
  for (auto& [id, o] : objects_by_id_) {
    if (o.key.ifindex == ifindex && !o.up && (!subnet || subnet->contains(o.key.gateway))) {
      o.up = true;
      revived.push_back(id);
      ops.push_back({NexthopOp::Kind::kAddNexthop, id, o.key.gateway, o.key.ifindex, {}});
    }
  }
  if (revived.empty()) return revived;
  std::vector<std::uint32_t> groups;
  for (auto& [id, g] : groups_by_id_) {
    const bool touched = std::any_of(g.member_ids.begin(), g.member_ids.end(), [&](std::uint32_t m) {
      return std::find(revived.begin(), revived.end(), m) != revived.end();
    });
    if (!touched) continue;
    g.present = true;
    ops.push_back({NexthopOp::Kind::kSetGroup, id, {}, 0, live_members(g)});
    groups.push_back(id);
  }
  revived.insert(revived.end(), groups.begin(), groups.end());
  return revived;
}

void NexthopRegistry::mark_missing(std::uint32_t id) {
  if (auto o = objects_by_id_.find(id); o != objects_by_id_.end()) o->second.up = false;
  if (auto g = groups_by_id_.find(id); g != groups_by_id_.end()) g->second.present = false;
}

void NexthopRegistry::repair(std::uint32_t id, std::vector<NexthopOp>& ops) {
  auto fix_object = [&](std::uint32_t oid) {
    auto o = objects_by_id_.find(oid);
    if (o == objects_by_id_.end() || o->second.up) return;
    o->second.up = true;
    ops.push_back({NexthopOp::Kind::kAddNexthop, oid, o->second.key.gateway, o->second.key.ifindex, {}});
  };
  if (auto g = groups_by_id_.find(id); g != groups_by_id_.end()) {
    bool changed = !g->second.present;
    for (auto m : g->second.member_ids) {
      changed = changed || !objects_by_id_.at(m).up;
      fix_object(m);
    }
    g->second.present = true;
    if (changed) ops.push_back({NexthopOp::Kind::kSetGroup, id, {}, 0, live_members(g->second)});
    return;
  }
  fix_object(id);
}

}  // namespace bgp::fib

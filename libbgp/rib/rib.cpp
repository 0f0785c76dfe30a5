#include "libbgp/rib/rib.hpp"

#include <algorithm>

namespace bgp::rib {

Rib::Rib(AttrStore& store, DecisionOptions options, const NexthopResolver* resolver)
    : store_(store), options_(options), resolver_(resolver) {
  PeerSlot local;
  local.info.local = true;
  local.in_use = true;
  peers_.push_back(local);
}

Rib::~Rib() {
  // Return every compact attribute reference to the store.
  v4_.for_each([&](const auto&, std::span<Path> ps) {
    for (const Path& p : ps) store_.release(p.attr);
  });
  v6_.for_each([&](const auto&, std::span<Path> ps) {
    for (const Path& p : ps) store_.release(p.attr);
  });
}

// ---------------------------------------------------------------- peers

PeerId Rib::add_peer(const PeerInfo& info) {
  for (std::size_t i = 1; i < peers_.size(); ++i) {
    if (!peers_[i].in_use) {
      peers_[i] = PeerSlot{info, true, {}, 0};
      return static_cast<PeerId>(i);
    }
  }
  peers_.push_back(PeerSlot{info, true, {}, 0});
  return static_cast<PeerId>(peers_.size() - 1);
}

void Rib::update_peer(PeerId id, const PeerInfo& info) {
  peers_[id].info = info;
  if (id == kLocalPeer) peers_[id].info.local = true;
  auto rerun = [&](auto& t) {
    using A = decltype(t.sorted_keys().front().addr);
    std::vector<PrefixKey<A>> keys;
    t.for_each([&](const PrefixKey<A>& k, std::span<Path> ps) {
      if (std::any_of(ps.begin(), ps.end(), [&](const Path& p) { return p.peer == id; })) keys.push_back(k);
    });
    std::sort(keys.begin(), keys.end());
    for (const auto& k : keys) reselect(k, snapshot<A>(t.paths(k)));
  };
  rerun(v4_);
  rerun(v6_);
}

void Rib::remove_peer(PeerId id) {
  if (id == kLocalPeer || !has_peer(id)) return;
  peer_down(id, false);
  peers_[id].in_use = false;
}

// ---------------------------------------------------------------- next hops

std::optional<IpAddress> Rib::resolution_address(const PathAttributes& a, PeerId peer) {
  if (peer == kLocalPeer) return std::nullopt;  // our own routes need no resolution
  if (!a.next_hop.is_unspecified()) return a.next_hop;
  if (a.next_hop_link_local) return *a.next_hop_link_local;
  return std::nullopt;
}

IpAddress Rib::forwarding_address(const PathAttributes& a) {
  return a.next_hop_link_local ? *a.next_hop_link_local : a.next_hop;
}

template <>
std::vector<PrefixKey<V4Addr>>& Rib::deps<V4Addr>(NexthopState& s) { return s.deps4; }
template <>
std::vector<PrefixKey<V6Addr>>& Rib::deps<V6Addr>(NexthopState& s) { return s.deps6; }

template <class A>
bool Rib::track_nexthop(const PathAttributes& a, PeerId peer, const PrefixKey<A>& k) {
  const auto nh = resolution_address(a, peer);
  if (!nh) return peer == kLocalPeer;  // a peer's path without any next hop is not usable
  if (last_nh_state_ == nullptr || !(last_nh_ == *nh)) {
    auto [it, fresh] = nexthops_.try_emplace(*nh);
    if (fresh) it->second.reachable = resolver_ == nullptr || resolver_->resolvable(*nh);
    last_nh_state_ = &it->second;
    last_nh_ = *nh;
  }
  NexthopState& s = *last_nh_state_;
  ++s.live;
  auto& d = deps<A>(s);
  d.push_back(k);
  if (d.size() > 2 * std::size_t{s.live} + 16) compact_deps<A>(*nh, s);
  return s.reachable;
}

void Rib::untrack_nexthop(const PathAttributes& a, PeerId peer) {
  const auto nh = resolution_address(a, peer);
  if (!nh) return;
  auto it = nexthops_.find(*nh);
  if (it == nexthops_.end()) return;
  if (--it->second.live == 0) {
    if (last_nh_state_ == &it->second) last_nh_state_ = nullptr;
    nexthops_.erase(it);
  }
}

// Drops duplicates and prefixes that no longer have a path via `nh`.
template <class A>
void Rib::compact_deps(const IpAddress& nh, NexthopState& state) {
  auto& d = deps<A>(state);
  std::sort(d.begin(), d.end());
  d.erase(std::unique(d.begin(), d.end()), d.end());
  auto& t = table(A{});
  std::erase_if(d, [&](const PrefixKey<A>& k) {
    for (const Path& p : t.paths(k)) {
      if (resolution_address(store_.get(p.attr), p.peer) == nh) return false;
    }
    return true;
  });
  d.shrink_to_fit();
}

bool Rib::nexthop_reachable(const IpAddress& nh) const {
  auto it = nexthops_.find(nh);
  if (it != nexthops_.end()) return it->second.reachable;
  return resolver_ == nullptr || resolver_->resolvable(nh);
}

template <class A>
void Rib::revalidate_keys(const IpAddress& nh, NexthopState& state) {
  compact_deps<A>(nh, state);
  auto& t = table(A{});
  for (const auto& k : deps<A>(state)) {  // sorted by compact_deps: deterministic order
    Snapshot before = snapshot<A>(t.paths(k));
    for (Path& p : t.paths(k)) {
      if (resolution_address(store_.get(p.attr), p.peer) != nh) continue;
      p.flags = static_cast<std::uint16_t>(state.reachable ? (p.flags | path_flag::kEligible)
                                                           : (p.flags & ~path_flag::kEligible));
    }
    reselect(k, std::move(before));
  }
}

void Rib::revalidate_nexthops() {
  // Visit next hops in address order so the change stream is deterministic.
  std::vector<IpAddress> changed;
  for (auto& [nh, s] : nexthops_) {
    const bool now = resolver_ == nullptr || resolver_->resolvable(nh);
    if (now != s.reachable) changed.push_back(nh);
  }
  std::sort(changed.begin(), changed.end());
  for (const auto& nh : changed) {
    NexthopState& s = nexthops_.at(nh);
    s.reachable = !s.reachable;
    revalidate_keys<V4Addr>(nh, s);
    revalidate_keys<V6Addr>(nh, s);
  }
}

// ---------------------------------------------------------------- paths

void Rib::release_path(const Path& p) {
  untrack_nexthop(store_.get(p.attr), p.peer);
  if (p.has(path_flag::kStale) && peers_[p.peer].stale > 0) --peers_[p.peer].stale;
  store_.release(p.attr);
}

void Rib::announce(PeerId peer, const Prefix& prefix, const AttrRef& attrs) {
  if (prefix.afi() == Afi::kIpv6) {
    announce_in(to_key(prefix, V6Addr{}), peer, attrs);
  } else {
    announce_in(to_key(prefix, V4Addr{}), peer, attrs);
  }
}

void Rib::announce(PeerId peer, std::span<const Prefix> prefixes, const AttrRef& attrs) {
  constexpr std::size_t kAhead = 8;
  for (std::size_t i = 0; i < prefixes.size(); ++i) {
    if (i + kAhead < prefixes.size()) {
      const Prefix& next = prefixes[i + kAhead];
      if (next.afi() == Afi::kIpv6) v6_.prefetch(to_key(next, V6Addr{}));
      else v4_.prefetch(to_key(next, V4Addr{}));
    }
    announce(peer, prefixes[i], attrs);
  }
}

void Rib::withdraw(PeerId peer, std::span<const Prefix> prefixes) {
  constexpr std::size_t kAhead = 8;
  for (std::size_t i = 0; i < prefixes.size(); ++i) {
    if (i + kAhead < prefixes.size()) {
      const Prefix& next = prefixes[i + kAhead];
      if (next.afi() == Afi::kIpv6) v6_.prefetch(to_key(next, V6Addr{}));
      else v4_.prefetch(to_key(next, V4Addr{}));
    }
    withdraw(peer, prefixes[i]);
  }
}

template <class A>
void Rib::announce_in(const PrefixKey<A>& k, PeerId peer, const AttrRef& attrs) {
  auto& t = table(A{});
  Snapshot before = snapshot<A>(t.paths(k));
  store_.retain(attrs.index());
  const bool eligible = track_nexthop(*attrs, peer, k);
  Path path{attrs.index(), peer, eligible ? path_flag::kEligible : std::uint16_t{0}};
  const std::optional<Path> old = t.upsert(k, path);
  if (!old) ++peers_[peer].prefixes[fam(family_of(A{}))];
  reselect(k, std::move(before));
  if (old) release_path(*old);  // after reselect: `before` may name its attributes
}

bool Rib::withdraw(PeerId peer, const Prefix& prefix) {
  if (prefix.afi() == Afi::kIpv6) return withdraw_in(to_key(prefix, V6Addr{}), peer);
  return withdraw_in(to_key(prefix, V4Addr{}), peer);
}

template <class A>
bool Rib::withdraw_in(const PrefixKey<A>& k, PeerId peer) {
  auto& t = table(A{});
  if (!t.find_path(k, peer)) return false;
  Snapshot before = snapshot<A>(t.paths(k));
  const std::optional<Path> old = t.remove(k, peer);
  --peers_[peer].prefixes[fam(family_of(A{}))];
  reselect(k, std::move(before));
  release_path(*old);
  return true;
}

const PathAttributes* Rib::path_attributes(PeerId peer, const Prefix& prefix) const {
  auto find = [&](const auto& t, const auto& k) -> const PathAttributes* {
    for (const Path& p : t.paths(k)) {
      if (p.peer == peer) return &store_.get(p.attr);
    }
    return nullptr;
  };
  if (prefix.afi() == Afi::kIpv6) return find(v6_, to_key(prefix, V6Addr{}));
  return find(v4_, to_key(prefix, V4Addr{}));
}

// ---------------------------------------------------------------- decision

template <class A>
Rib::Snapshot Rib::snapshot(std::span<const Path> paths) const {
  Snapshot s;
  for (const Path& p : paths) {
    if (p.has(path_flag::kBest)) {
      s.selected.insert(s.selected.begin(), SelectedPath{p.peer, const_cast<AttrStore&>(store_).ref(p.attr)});
    } else if (p.has(path_flag::kMultipath)) {
      s.selected.push_back(SelectedPath{p.peer, const_cast<AttrStore&>(store_).ref(p.attr)});
    }
    if (p.has(path_flag::kMultipath) && p.peer != kLocalPeer) {
      const PathAttributes& a = store_.get(p.attr);
      s.next_hops.push_back(forwarding_address(a));
    }
  }
  std::sort(s.next_hops.begin(), s.next_hops.end());
  s.next_hops.erase(std::unique(s.next_hops.begin(), s.next_hops.end()), s.next_hops.end());
  return s;
}

template <class A>
void Rib::reselect(const PrefixKey<A>& k, Snapshot before) {
  auto& t = table(A{});
  std::span<Path> ps = t.paths(k);
  constexpr std::uint16_t kSel = path_flag::kBest | path_flag::kMultipath;
  for (Path& p : ps) p.flags = static_cast<std::uint16_t>(p.flags & ~kSel);

  // Fast path: a single eligible path needs no comparison.
  std::size_t eligible = 0;
  Path* only = nullptr;
  for (Path& p : ps) {
    if (p.has(path_flag::kEligible)) {
      ++eligible;
      only = &p;
    }
  }
  if (eligible == 1) {
    only->flags |= kSel;
  } else if (eligible > 1) {
    scratch_.clear();
    std::vector<Path*> which;
    for (Path& p : ps) {
      if (!p.has(path_flag::kEligible)) continue;
      scratch_.push_back(Candidate{&store_.get(p.attr), &peers_[p.peer].info});
      which.push_back(&p);
    }
    const Selection sel = select(scratch_, options_, family_of(A{}));
    for (std::size_t i : sel.multipath) which[i]->flags |= path_flag::kMultipath;
    if (sel.best) which[*sel.best]->flags |= path_flag::kBest;
  }

  Snapshot after = snapshot<A>(ps);
  if (after.selected == before.selected && after.next_hops == before.next_hops) return;
  const std::size_t f = fam(family_of(A{}));
  const bool had = !before.selected.empty();
  const bool has = !after.selected.empty();
  if (had && !has) --best_count_[f];
  if (!had && has) ++best_count_[f];

  RouteChange& c = changes_.emplace_back();
  c.prefix = to_prefix(k);
  c.old_next_hops = std::move(before.next_hops);
  c.new_next_hops = std::move(after.next_hops);
  c.multipath = std::move(after.selected);
  if (!c.multipath.empty()) c.best = c.multipath.front();
}

void Rib::set_options(const DecisionOptions& options) {
  options_ = options;
  reselect_all<V4Addr>();
  reselect_all<V6Addr>();
}

template <class A>
void Rib::reselect_all() {
  auto& t = table(A{});
  for (const auto& k : t.sorted_keys()) reselect(k, snapshot<A>(t.paths(k)));
}

// ---------------------------------------------------------------- graceful restart

template <class A>
std::size_t Rib::remove_peer_paths(PeerId peer, bool only_stale) {
  auto& t = table(A{});
  std::vector<PrefixKey<A>> keys;
  t.for_each([&](const PrefixKey<A>& k, std::span<Path> ps) {
    for (const Path& p : ps) {
      if (p.peer == peer && (!only_stale || p.has(path_flag::kStale))) keys.push_back(k);
    }
  });
  std::sort(keys.begin(), keys.end());  // deterministic change order
  for (const auto& k : keys) withdraw_in(k, peer);
  return keys.size();
}

template <class A>
void Rib::mark_stale(PeerId peer) {
  table(A{}).for_each([&](const PrefixKey<A>&, std::span<Path> ps) {
    for (Path& p : ps) {
      if (p.peer == peer && !p.has(path_flag::kStale)) {
        p.flags |= path_flag::kStale;
        ++peers_[peer].stale;
      }
    }
  });
}

void Rib::peer_down(PeerId peer, bool graceful) {
  if (graceful) {
    // RFC 4724 §4.2: retain the routes, mark them stale, keep forwarding.
    mark_stale<V4Addr>(peer);
    mark_stale<V6Addr>(peer);
    return;
  }
  remove_peer_paths<V4Addr>(peer, false);
  remove_peer_paths<V6Addr>(peer, false);
}

std::size_t Rib::end_of_rib(PeerId peer, Family family) {
  return family == kIpv6Unicast ? remove_peer_paths<V6Addr>(peer, true) : remove_peer_paths<V4Addr>(peer, true);
}

std::size_t Rib::sweep_stale(PeerId peer) {
  return remove_peer_paths<V4Addr>(peer, true) + remove_peer_paths<V6Addr>(peer, true);
}

std::size_t Rib::stale_count(PeerId peer) const { return peers_[peer].stale; }

// ---------------------------------------------------------------- queries

std::span<const Path> Rib::paths(const Prefix& prefix) const {
  if (prefix.afi() == Afi::kIpv6) return v6_.paths(to_key(prefix, V6Addr{}));
  return v4_.paths(to_key(prefix, V4Addr{}));
}

std::optional<Prefix> Rib::longest_match(const IpAddress& addr) const {
  auto has_best = [](const auto&, std::span<const Path> ps) {
    return std::any_of(ps.begin(), ps.end(), [](const Path& p) { return p.has(path_flag::kBest); });
  };
  if (addr.is_v6()) {
    const auto k = to_key(Prefix(addr, 128), V6Addr{});
    if (auto m = v6_.longest_match(k.addr, 128, has_best)) return to_prefix(*m);
    return std::nullopt;
  }
  if (auto m = v4_.longest_match(V4Addr{addr.v4_host_order()}, 32, has_best)) return to_prefix(*m);
  return std::nullopt;
}

std::size_t Rib::prefix_count(Family f) const { return f == kIpv6Unicast ? v6_.size() : v4_.size(); }
std::size_t Rib::path_count(Family f) const { return f == kIpv6Unicast ? v6_.path_count() : v4_.path_count(); }

std::size_t Rib::memory_bytes() const {
  std::size_t n = v4_.memory_bytes() + v6_.memory_bytes();
  for (const auto& [nh, s] : nexthops_) {
    n += sizeof(s) + s.deps4.capacity() * sizeof(s.deps4[0]) + s.deps6.capacity() * sizeof(s.deps6[0]);
  }
  return n;
}

}  // namespace bgp::rib

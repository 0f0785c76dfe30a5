#include "libbgp/rib/rib.hpp"

#include <algorithm>
#include <compare>

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
    for (const auto& k : keys) reselect(k);
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

Rib::NexthopState& Rib::nexthop_state(const IpAddress& nh) {
  if (last_nh_state_ == nullptr || !(last_nh_ == nh)) {
    auto [it, fresh] = nexthops_.try_emplace(nh);
    if (fresh) it->second.reachable = resolver_ == nullptr || resolver_->resolvable(nh);
    last_nh_state_ = &it->second;
    last_nh_ = nh;
  }
  return *last_nh_state_;
}

template <class A>
void Rib::add_dependency(NexthopState& s, const IpAddress& nh, const PrefixKey<A>& k) {
  ++s.live;
  auto& d = deps<A>(s);
  d.push_back(k);
  if (d.size() > 2 * std::size_t{s.live} + 16) compact_deps<A>(nh, s);
}

void Rib::untrack_nexthop(const PathAttributes& a, PeerId peer) {
  const auto nh = resolution_address(a, peer);
  if (!nh) return;
  // A withdrawal UPDATE's prefixes mostly share a next hop, as an
  // announcement's do: the cached state of the last one saves the hash lookup.
  NexthopState* s = last_nh_state_;
  if (s == nullptr || !(last_nh_ == *nh)) {
    auto it = nexthops_.find(*nh);
    if (it == nexthops_.end()) return;
    s = &it->second;
    last_nh_state_ = s;
    last_nh_ = *nh;
  }
  if (--s->live == 0) {
    last_nh_state_ = nullptr;
    nexthops_.erase(*nh);
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
    std::span<Path> ps = t.paths(k);
    capture(ps);
    for (Path& p : ps) {
      if (resolution_address(store_.get(p.attr), p.peer) != nh) continue;
      p.flags = static_cast<std::uint16_t>(state.reachable ? (p.flags | path_flag::kEligible)
                                                           : (p.flags & ~path_flag::kEligible));
    }
    reselect(k, ps);
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

Rib::AnnounceContext Rib::announce_context(PeerId peer, const AttrRef& attrs) {
  AnnounceContext ctx;
  ctx.attr = attrs.index();
  const auto nh = resolution_address(*attrs, peer);
  if (nh) {
    ctx.nh = *nh;
    ctx.nexthop = &nexthop_state(*nh);
    ctx.eligible = ctx.nexthop->reachable;
  } else {
    ctx.eligible = peer == kLocalPeer;  // a peer's path without any next hop is not usable
  }
  return ctx;
}

void Rib::announce(PeerId peer, const Prefix& prefix, const AttrRef& attrs) {
  announce(peer, std::span<const Prefix>(&prefix, 1), attrs);
}

void Rib::announce(PeerId peer, std::span<const Prefix> prefixes, const AttrRef& attrs) {
  if (prefixes.empty()) return;
  // The UPDATE's prefixes share attributes and next hop: resolve once. Table
  // slots are prefetched kAhead prefixes in advance (the first kAhead at
  // once) so the cache misses of a large table overlap.
  const AnnounceContext ctx = announce_context(peer, attrs);
  constexpr std::size_t kAhead = 8;
  auto prefetch = [&](const Prefix& p) {
    if (p.afi() == Afi::kIpv6) v6_.prefetch(to_key(p, V6Addr{}));
    else v4_.prefetch(to_key(p, V4Addr{}));
  };
  for (std::size_t i = 0; i < std::min(kAhead, prefixes.size()); ++i) prefetch(prefixes[i]);
  for (std::size_t i = 0; i < prefixes.size(); ++i) {
    if (i + kAhead < prefixes.size()) prefetch(prefixes[i + kAhead]);
    const Prefix& p = prefixes[i];
    if (p.afi() == Afi::kIpv6) announce_in(to_key(p, V6Addr{}), peer, ctx);
    else announce_in(to_key(p, V4Addr{}), peer, ctx);
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
void Rib::announce_in(const PrefixKey<A>& k, PeerId peer, const AnnounceContext& ctx) {
  constexpr std::uint16_t kSel = path_flag::kBest | path_flag::kMultipath;
  auto& t = table(A{});
  store_.retain(ctx.attr);
  std::size_t vacancy = 0;
  const std::size_t slot = t.lookup(k, vacancy);
  if (slot == PrefixTable<A>::kNone) {
    // A new prefix (most of a full table): its only path is best when eligible,
    // without running the decision.
    const Path path{ctx.attr, peer, ctx.eligible ? static_cast<std::uint16_t>(path_flag::kEligible | kSel) : std::uint16_t{0}};
    const std::size_t at = t.insert_at(vacancy, k, path);
    if (ctx.nexthop) add_dependency(*ctx.nexthop, ctx.nh, k);
    ++peers_[peer].prefixes[fam(family_of(A{}))];
    if (ctx.eligible) {
      ++best_count_[fam(family_of(A{}))];
      before_.clear();
      record_change(to_prefix(k), t.paths_at(at));
    }
    return;
  }
  capture(t.paths_at(slot));
  const Path path{ctx.attr, peer, ctx.eligible ? path_flag::kEligible : std::uint16_t{0}};
  const std::optional<Path> old = t.upsert_at(slot, path);
  // Re-announced with the same next hop (a changed attribute): the next-hop
  // index already lists the prefix.
  const bool same_nexthop =
      old && ctx.nexthop && (old->attr == ctx.attr || resolution_address(store_.get(old->attr), peer) == ctx.nh);
  if (ctx.nexthop && !same_nexthop) add_dependency(*ctx.nexthop, ctx.nh, k);
  if (!old) ++peers_[peer].prefixes[fam(family_of(A{}))];
  reselect(k, t.paths_at(slot));
  if (!old) return;
  // After reselect: before_ may name the old path's attributes.
  if (same_nexthop) {
    if (old->has(path_flag::kStale) && peers_[peer].stale > 0) --peers_[peer].stale;
    store_.release(old->attr);
  } else {
    release_path(*old);
  }
}

bool Rib::withdraw(PeerId peer, const Prefix& prefix) {
  if (prefix.afi() == Afi::kIpv6) return withdraw_in(to_key(prefix, V6Addr{}), peer);
  return withdraw_in(to_key(prefix, V4Addr{}), peer);
}

template <class A>
bool Rib::withdraw_in(const PrefixKey<A>& k, PeerId peer) {
  auto& t = table(A{});
  std::size_t vacancy = 0;
  const std::size_t slot = t.lookup(k, vacancy);
  if (slot == PrefixTable<A>::kNone) return false;
  capture(t.paths_at(slot));
  bool erased = false;
  const std::optional<Path> old = t.remove_at(slot, peer, erased);
  if (!old) return false;
  --peers_[peer].prefixes[fam(family_of(A{}))];
  reselect(k, erased ? std::span<Path>{} : t.paths_at(slot));
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

void Rib::capture(std::span<const Path> paths) {
  constexpr std::uint16_t kSel = path_flag::kBest | path_flag::kMultipath;
  before_.clear();
  for (const Path& p : paths) {
    if (p.flags & kSel) before_.push_back(p);
  }
}

template <class A>
void Rib::reselect(const PrefixKey<A>& k) {
  std::span<Path> ps = table(A{}).paths(k);
  capture(ps);
  reselect(k, ps);
}

template <class A>
void Rib::reselect(const PrefixKey<A>& k, std::span<Path> ps) {
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
    which_.clear();
    for (Path& p : ps) {
      if (!p.has(path_flag::kEligible)) continue;
      scratch_.push_back(Candidate{&store_.get(p.attr), &peers_[p.peer].info});
      which_.push_back(&p);
    }
    select(scratch_, options_, family_of(A{}), selection_);
    for (std::size_t i : selection_.multipath) which_[i]->flags |= path_flag::kMultipath;
    if (selection_.best) which_[*selection_.best]->flags |= path_flag::kBest;
  }

  // The selection is the same when the same (peer, attributes) paths carry
  // the same best/multipath flags: then next hops are the same too.
  std::size_t j = 0;
  bool same = true;
  for (const Path& p : ps) {
    if (!(p.flags & kSel)) continue;
    if (j == before_.size() || before_[j].peer != p.peer || before_[j].attr != p.attr ||
        (before_[j].flags & kSel) != (p.flags & kSel)) {
      same = false;
      break;
    }
    ++j;
  }
  if (same && j == before_.size()) return;
  const std::size_t f = fam(family_of(A{}));
  const bool had = !before_.empty();
  const bool has = eligible > 0;
  if (had && !has) --best_count_[f];
  if (!had && has) ++best_count_[f];
  record_change(to_prefix(k), ps);
}

// Forwarding addresses of the multipath paths, sorted and unique; locally
// originated routes have none (they are not installed in the FIB).
void Rib::next_hops_of(std::span<const Path> paths, std::vector<IpAddress>& out) const {
  for (const Path& p : paths) {
    if (p.has(path_flag::kMultipath) && p.peer != kLocalPeer) out.push_back(forwarding_address(store_.get(p.attr)));
  }
  if (out.size() == 2) {  // the common ECMP pair: no sort call
    const auto o = out[0] <=> out[1];
    if (o > 0) std::swap(out[0], out[1]);
    if (o == 0) out.pop_back();
  } else if (out.size() > 2) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
}

RouteChange& Rib::new_change() {
  if (changes_used_ == changes_.size()) {
    ++changes_used_;
    return changes_.emplace_back();
  }
  RouteChange& c = changes_[changes_used_++];
  c.old_next_hops.clear();
  c.new_next_hops.clear();
  return c;  // multipath and best were emptied by drain_changes
}

void Rib::drain_changes(std::vector<RouteChange>& out) {
  if (out.size() > kMaxSpareChanges) out.resize(kMaxSpareChanges);
  for (RouteChange& c : out) {
    c.multipath.clear();  // releases the attribute references now
    c.best.reset();
  }
  changes_.resize(changes_used_);
  std::swap(out, changes_);
  changes_used_ = 0;
}

// The change from before_ (captured) to the flags now on `paths`.
void Rib::record_change(const Prefix& prefix, std::span<const Path> paths) {
  RouteChange& c = new_change();
  c.prefix = prefix;
  next_hops_of(before_, c.old_next_hops);
  next_hops_of(paths, c.new_next_hops);
  for (const Path& p : paths) {
    if (p.has(path_flag::kBest)) {
      c.multipath.insert(c.multipath.begin(), SelectedPath{p.peer, store_.ref(p.attr)});
    } else if (p.has(path_flag::kMultipath)) {
      c.multipath.push_back(SelectedPath{p.peer, store_.ref(p.attr)});
    }
  }
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
  for (const auto& k : t.sorted_keys()) reselect(k);
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

void Rib::begin_refresh(PeerId peer, Family family) {
  if (family == kIpv6Unicast) {
    mark_stale<V6Addr>(peer);
  } else {
    mark_stale<V4Addr>(peer);
  }
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

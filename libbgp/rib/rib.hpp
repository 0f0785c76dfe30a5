#pragma once
// The routing information base: every peer's Adj-RIB-In (post-policy) paths,
// the Loc-RIB selection per prefix, the next-hop dependency index, graceful
// restart stale marking, and the stream of route changes consumed by the FIB
// and the Adj-RIBs-Out. Pure: no I/O, no clocks (timers arrive as calls), no
// exceptions on the data path. Single-threaded.
//
// Storage (see prefix_table.hpp): one table per family maps a prefix to a
// compact array of Path {attr index, peer, flags}; the Loc-RIB is the paths
// flagged kBest / kMultipath, so a route costs one slot plus one 8-byte path.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "libbgp/rib/attr_store.hpp"
#include "libbgp/rib/decision.hpp"
#include "libbgp/rib/nexthop_resolver.hpp"
#include "libbgp/rib/prefix_table.hpp"

namespace bgp::rib {

// Peer 0 is this speaker: `network` statements and other local routes.
inline constexpr PeerId kLocalPeer = 0;

struct SelectedPath {
  PeerId peer = 0;
  AttrRef attrs;
  friend bool operator==(const SelectedPath&, const SelectedPath&) = default;
};

// One entry of the change stream: the Loc-RIB selection of `prefix` changed.
// Next-hop sets are sorted and de-duplicated (forwarding addresses: the IPv6
// link-local next hop when one was given, RFC 2545 §3). Locally originated
// routes have an empty set: they are not installed in the FIB. An empty
// `best` means the prefix is no longer reachable through BGP.
struct RouteChange {
  Prefix prefix;
  std::vector<IpAddress> old_next_hops;
  std::vector<IpAddress> new_next_hops;
  std::optional<SelectedPath> best;
  std::vector<SelectedPath> multipath;  // best first, then by peer id (ADD-PATH send, show)
};

class Rib {
 public:
  // `store` and `resolver` must outlive the Rib; a null resolver treats every
  // next hop as resolvable.
  Rib(AttrStore& store, DecisionOptions options, const NexthopResolver* resolver = nullptr);
  ~Rib();
  Rib(const Rib&) = delete;
  Rib& operator=(const Rib&) = delete;

  // ---- peers ----
  PeerId add_peer(const PeerInfo& info);  // ids from 1, reused after remove_peer
  // Updates what the decision knows (e.g. the BGP Identifier once OPEN
  // arrived) and re-runs the decision for the peer's prefixes.
  void update_peer(PeerId id, const PeerInfo& info);
  void remove_peer(PeerId id);  // withdraws all its paths first
  const PeerInfo& peer(PeerId id) const { return peers_[id].info; }
  bool has_peer(PeerId id) const { return id < peers_.size() && peers_[id].in_use; }

  // ---- Adj-RIB-In (post-policy) ----
  // Adds or replaces the path of `peer` for `prefix` (implicit withdraw, RFC
  // 4271 §3.1) and re-runs the decision. A re-announcement clears the stale mark.
  void announce(PeerId peer, const Prefix& prefix, const AttrRef& attrs);
  // The NLRI of one UPDATE: every prefix with the same attributes (one
  // family). Faster than one call per prefix: table slots are prefetched.
  void announce(PeerId peer, std::span<const Prefix> prefixes, const AttrRef& attrs);
  bool withdraw(PeerId peer, const Prefix& prefix);  // false when the peer had no path
  void withdraw(PeerId peer, std::span<const Prefix> prefixes);
  const PathAttributes* path_attributes(PeerId peer, const Prefix& prefix) const;

  // ---- session events ----
  // The session went down. graceful (RFC 4724 §4.2 helper; RFC 8538 for a
  // NOTIFICATION): keep its paths for forwarding, marked stale. Otherwise
  // remove them all.
  void peer_down(PeerId peer, bool graceful);
  // End-of-RIB for `family` from a restarted peer: paths still stale were not
  // re-announced and go. Returns how many were removed.
  std::size_t end_of_rib(PeerId peer, Family family);
  // RFC 7313 §4 enhanced route refresh: Beginning-of-RIB-Refresh marks the
  // peer's paths of `family` stale (still used meanwhile); the refresh
  // re-announces what the peer still has, and End-of-RIB-Refresh removes the
  // rest with end_of_rib().
  void begin_refresh(PeerId peer, Family family);
  // The restart (or stale-path) timer fired: remove every stale path of `peer`.
  std::size_t sweep_stale(PeerId peer);
  std::size_t stale_count(PeerId peer) const;

  // ---- next hops ----
  // Asks the resolver again for every next hop in use and re-runs the
  // decision only for the prefixes depending on those whose answer changed.
  void revalidate_nexthops();
  bool nexthop_reachable(const IpAddress& nh) const;

  // ---- configuration ----
  const DecisionOptions& options() const { return options_; }
  void set_options(const DecisionOptions& options);  // re-runs the decision everywhere

  // ---- change stream ----
  std::vector<RouteChange> drain_changes() {
    changes_.resize(changes_used_);
    changes_used_ = 0;
    return std::exchange(changes_, {});
  }
  // Same, reusing the caller's buffer for the next batch: its entries (up to
  // kMaxSpareChanges) are overwritten in place, keeping the capacity of their
  // vectors, so in steady state recording a change allocates nothing.
  void drain_changes(std::vector<RouteChange>& out);
  bool has_changes() const { return changes_used_ != 0; }
  std::size_t change_count() const { return changes_used_; }
  // Recycled RouteChange entries kept at most (their vectors keep capacity):
  // a caller that drains before the stream grows past this allocates no
  // change entry in steady state.
  static constexpr std::size_t kMaxSpareChanges = 8192;

  // ---- queries ----
  std::span<const Path> paths(const Prefix& prefix) const;  // sorted by peer; valid until the next mutation
  // The most specific prefix with a best path covering `addr` (Loc-RIB lookup).
  std::optional<Prefix> longest_match(const IpAddress& addr) const;
  // Ordered walk of every prefix with at least one path: fn(const Prefix&, std::span<const Path>).
  template <class Fn>
  void walk(Family family, Fn fn) const;
  std::size_t prefix_count(Family f) const;      // prefixes with any path (Adj-RIBs-In union)
  std::size_t path_count(Family f) const;
  std::size_t best_count(Family f) const { return best_count_[fam(f)]; }  // Loc-RIB size
  std::size_t peer_prefix_count(PeerId peer, Family f) const { return peers_[peer].prefixes[fam(f)]; }
  std::size_t memory_bytes() const;  // tables, pools and the next-hop index

  AttrStore& attr_store() { return store_; }
  const AttrStore& attr_store() const { return store_; }

 private:
  struct PeerSlot {
    PeerInfo info;
    bool in_use = false;
    std::array<std::size_t, 2> prefixes{};
    std::size_t stale = 0;
  };
  struct NexthopState {
    bool reachable = false;
    std::uint32_t live = 0;  // paths using this next hop
    // Prefixes that use (or used) it: may hold duplicates and stale entries,
    // compacted when it grows past twice `live`.
    std::vector<PrefixKey<V4Addr>> deps4;
    std::vector<PrefixKey<V6Addr>> deps6;
  };
  // What every prefix of one announce() shares: the attributes and their next hop.
  struct AnnounceContext {
    std::uint32_t attr = 0;
    IpAddress nh;                     // resolution address when nexthop is set
    NexthopState* nexthop = nullptr;  // null: nothing to resolve (local route, or no next hop)
    bool eligible = false;
  };
  static std::size_t fam(Family f) { return f == kIpv6Unicast ? 1 : 0; }
  static Family family_of(V4Addr) { return kIpv4Unicast; }
  static Family family_of(V6Addr) { return kIpv6Unicast; }
  PrefixTable<V4Addr>& table(V4Addr) { return v4_; }
  PrefixTable<V6Addr>& table(V6Addr) { return v6_; }
  template <class A>
  std::vector<PrefixKey<A>>& deps(NexthopState& s);

  AnnounceContext announce_context(PeerId peer, const AttrRef& attrs);
  template <class A>
  void announce_in(const PrefixKey<A>& k, PeerId peer, const AnnounceContext& ctx);
  template <class A>
  bool withdraw_in(const PrefixKey<A>& k, PeerId peer);
  // The paths of a prefix flagged best/multipath, kept in before_ while it changes.
  void capture(std::span<const Path> paths);
  // Runs the decision over `paths` (all paths of `k`, possibly none) and
  // records a RouteChange when the selection differs from capture()'s.
  template <class A>
  void reselect(const PrefixKey<A>& k, std::span<Path> paths);
  template <class A>
  void reselect(const PrefixKey<A>& k);  // capture + reselect, for walks over existing prefixes
  void record_change(const Prefix& prefix, std::span<const Path> paths);
  void next_hops_of(std::span<const Path> paths, std::vector<IpAddress>& out) const;
  RouteChange& new_change();
  template <class A>
  std::size_t remove_peer_paths(PeerId peer, bool only_stale);
  template <class A>
  void mark_stale(PeerId peer);
  template <class A>
  void reselect_all();
  template <class A>
  void revalidate_keys(const IpAddress& nh, NexthopState& state);
  template <class A>
  void compact_deps(const IpAddress& nh, NexthopState& state);

  // Next-hop bookkeeping: `nh`'s state, created (and resolved) when new.
  NexthopState& nexthop_state(const IpAddress& nh);
  template <class A>
  void add_dependency(NexthopState& s, const IpAddress& nh, const PrefixKey<A>& k);
  void untrack_nexthop(const PathAttributes& a, PeerId peer);
  static std::optional<IpAddress> resolution_address(const PathAttributes& a, PeerId peer);
  static IpAddress forwarding_address(const PathAttributes& a);
  void release_path(const Path& p);

  AttrStore& store_;
  DecisionOptions options_;
  const NexthopResolver* resolver_;
  std::vector<PeerSlot> peers_;
  PrefixTable<V4Addr> v4_;
  PrefixTable<V6Addr> v6_;
  std::array<std::size_t, 2> best_count_{};
  std::unordered_map<IpAddress, NexthopState> nexthops_;
  // The next hop of the previous announce or withdrawal: an UPDATE's prefixes
  // share it, so most skip the hash lookup. Node pointers are stable; reset on erase.
  NexthopState* last_nh_state_ = nullptr;
  IpAddress last_nh_;
  // changes_[0, changes_used_) are pending; entries beyond are spare, emptied
  // but with their vectors' capacity (see drain_changes).
  std::vector<RouteChange> changes_;
  std::size_t changes_used_ = 0;
  // Scratch of reselect (capacity kept between calls).
  std::vector<Path> before_;
  std::vector<Candidate> scratch_;
  std::vector<Path*> which_;
  Selection selection_;
};

template <class Fn>
void Rib::walk(Family family, Fn fn) const {
  if (family == kIpv6Unicast) {
    for (const auto& k : v6_.sorted_keys()) fn(to_prefix(k), v6_.paths(k));
  } else {
    for (const auto& k : v4_.sorted_keys()) fn(to_prefix(k), v4_.paths(k));
  }
}

}  // namespace bgp::rib

#pragma once
// Adj-RIB-Out of one peer (RFC 4271 §3.2, §9.2): what we advertise to it
// after the export rules and its export policy, and the pending differences
// the session drains into UPDATE messages.
//
// Export rules, before the policy:
//  - never back to the peer a path came from (FRR: "do not send back to sender");
//  - iBGP-learned paths are not sent to iBGP peers (RFC 4271 §9.2 split horizon);
//  - NO_ADVERTISE goes nowhere, NO_EXPORT not to eBGP peers (RFC 1997);
//  - to eBGP: our AS prepended, next hop self, LOCAL_PREF removed (§5.1.5),
//    MED not propagated from another AS (§5.1.4), ORIGINATOR_ID and
//    CLUSTER_LIST removed (RFC 4456 attributes are iBGP-only);
//  - to iBGP: LOCAL_PREF set (default 100), next hop kept unless next-hop-self
//    is configured or the route is ours.
// With ADD-PATH send (RFC 7911) every multipath path is advertised with path
// id = source peer id + 1; otherwise only the best path, path id 0.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "libbgp/policy/policy.hpp"
#include "libbgp/rib/rib.hpp"

namespace bgp::rib {

struct ExportSettings {
  PeerId peer = 0;  // the receiving peer's RIB id (for "not back to the sender")
  std::uint32_t local_as = 0;
  bool ebgp = true;
  IpAddress self_v4;  // our session address, the next hop we advertise (IPv4)
  IpAddress self_v6;  // and for IPv6 (RFC 2545 global next hop)
  bool next_hop_self = false;  // for iBGP (eBGP always uses self)
  // RFC 7911 send negotiated, per family (§3: the capability is per AFI/SAFI):
  // every multipath path goes out with its own path id, not only the best.
  bool add_path_ipv4 = false;
  bool add_path_ipv6 = false;
  bool add_path(Family f) const { return f == kIpv6Unicast ? add_path_ipv6 : add_path_ipv4; }
  policy::SessionPolicy policy;
};

// False when the export rules (not the policy) withhold a path from `to`.
bool exportable(const PathAttributes& in, PeerId from_id, const PeerInfo& from, const ExportSettings& to);
// The attributes `to` receives for a path from `from`, or nullopt when the
// export rules (not the policy) withhold it.
std::optional<PathAttributes> export_attributes(const PathAttributes& in, PeerId from_id, const PeerInfo& from,
                                                const Prefix& prefix, const ExportSettings& to);

struct OutKey {
  Prefix prefix;
  std::uint32_t path_id = 0;
  friend auto operator<=>(const OutKey&, const OutKey&) = default;
  friend bool operator==(const OutKey&, const OutKey&) = default;
};

// What the session sends next: withdrawals, then announcements grouped by
// attribute set so the packer fills one UPDATE per group (update packing).
struct OutBatch {
  std::vector<OutKey> withdrawn;
  struct Group {
    AttrRef attrs;
    std::vector<OutKey> nlri;
    // Parallel to nlri: the key was advertised before this batch, so the
    // peer holds a previous version of it (see AdjRibOut::not_sent).
    std::vector<bool> replaces;
  };
  std::vector<Group> announced;
  bool empty() const { return withdrawn.empty() && announced.empty(); }
  std::size_t size() const;
};

class AdjRibOut {
 public:
  using OutMap = std::map<OutKey, AttrRef>;
  AdjRibOut(const Rib& rib, AttrStore& store, ExportSettings settings);

  // Feeds one Loc-RIB change from Rib::drain_changes(). Inline: with a
  // policy that rejects everything this is the whole per-change cost.
  void apply(const RouteChange& change) {
    if (rejects_all_ && advertised_.empty() && pending_.empty()) return;
    update_prefix(change.prefix, change.multipath);
  }
  // A batch of them: not even walked when the policy rejects everything.
  void apply(std::span<const RouteChange> changes) {
    if (rejects_all_ && advertised_.empty() && pending_.empty()) return;
    for (const RouteChange& c : changes) update_prefix(c.prefix, c.multipath);
  }
  // Session established or ROUTE-REFRESH received: recompute from the whole
  // Loc-RIB and queue everything (the session sends End-of-RIB once drained).
  void refresh();
  // Up to `max_routes` pending changes, in prefix order.
  OutBatch drain(std::size_t max_routes = SIZE_MAX);
  bool has_pending() const { return !pending_.empty(); }
  // The session could not encode the announcements of `group` (from the
  // last drain()) for `family`: no next hop of ours for the family, or
  // attributes too long for the peer's maximum message size. They are not
  // advertised. Returns the keys whose previous version the peer still holds:
  // the caller withdraws them, so the peer does not keep routing on a path
  // we no longer have (RFC 4271 §9.2: the Adj-RIB-Out is what was sent).
  std::vector<OutKey> not_sent(const OutBatch::Group& group, Family family);
  // The session went down: nothing is advertised any more.
  void clear();
  // Takes effect for the next changes; refresh() re-exports the whole
  // Loc-RIB under the new settings (reload, soft out).
  void set_settings(const ExportSettings& s);
  const ExportSettings& settings() const { return settings_; }

  std::size_t advertised_count() const { return advertised_.size(); }
  const OutMap& advertised() const { return advertised_; }

 private:
  void update_prefix(const Prefix& prefix, std::span<const SelectedPath> selected);
  // The interned set `s` goes out with, or empty when the export rules or
  // the policy withhold it.
  AttrRef export_path(const Prefix& prefix, Family family, const SelectedPath& s);

  const Rib& rib_;
  AttrStore& store_;
  ExportSettings settings_;
  // The policy rejects every route (RFC 8212 default or an explicit
  // reject-all): apply() does nothing while nothing is advertised.
  bool rejects_all_ = false;
  // The last exported set and what it was built from (export_path). Holding
  // the source keeps its node, so its identity stays a valid key.
  struct ExportMemo {
    AttrRef source;
    Family family = kIpv4Unicast;
    bool local = false;
    AttrRef exported;
  };
  ExportMemo memo_;
  // Scratch buffers of update_prefix, kept to avoid an allocation per prefix.
  std::vector<std::pair<std::uint32_t, AttrRef>> want_;
  std::vector<std::pair<std::uint32_t, OutMap::iterator>> adv_;   // the prefix's advertised entries
  std::vector<std::pair<std::uint32_t, OutMap::iterator>> pend_;  // and pending ones (end() once erased)
  OutMap advertised_;
  OutMap pending_;  // empty AttrRef = withdraw
};

}  // namespace bgp::rib

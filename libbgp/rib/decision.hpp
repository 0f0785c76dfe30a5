#pragma once
// The BGP decision process (RFC 4271 §9.1.2) with the tie-breaks operators
// know from FRR, and ECMP multipath selection. Pure functions over candidate
// paths: no tables, no I/O.
//
// Order (FRR's, bgp_path_info_cmp):
//   1 weight (higher)            2 LOCAL_PREF (higher, default 100)
//   3 locally originated         4 AS path length (shorter; AS_SET 1, confed 0)
//   5 ORIGIN (IGP < EGP < INCOMPLETE)
//   6 MED (lower; only between paths from the same neighbour AS unless
//     med_always_compare; missing = 0, or worst with med_missing_as_worst)
//   7 eBGP over iBGP             8 IGP metric to the next hop (equal here: no IGP)
//   9 router id (ORIGINATOR_ID when present, RFC 4456 §9)
//  10 CLUSTER_LIST length (shorter)   11 peer address (lower)
//
// select() eliminates step by step over the whole candidate set, as RFC 4271
// §9.1.2.2 prescribes, so the result does not depend on the order paths
// arrived in (MED is not a total order; pairwise "keep the better" would be).
// Unlike FRR's default we do not prefer the older of two eBGP paths at step 9
// (RFC 5004's rule): it makes the outcome depend on arrival order.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "libbgp/rib/path_attributes.hpp"
#include "libbgp/wire/address.hpp"

namespace bgp::rib {

inline constexpr std::uint32_t kDefaultLocalPref = 100;  // RFC 4271 §5.1.5, FRR default

// What the decision needs to know about the peer a path came from.
struct PeerInfo {
  IpAddress address;       // session remote address (tie-break 11)
  std::uint32_t asn = 0;   // remote AS (eBGP multipath "same neighbour AS")
  IpAddress router_id;     // BGP Identifier from its OPEN (tie-break 9)
  bool ibgp = false;
  std::uint32_t weight = 0;  // FRR weight: local significance, not advertised
  bool local = false;        // this speaker: `network` statements, redistributed routes
};

struct MultipathConfig {
  std::uint32_t maximum_paths = 1;       // eBGP
  std::uint32_t maximum_paths_ibgp = 1;  // iBGP
  bool multipath_relax = false;          // FRR "bgp bestpath as-path multipath-relax"
};

struct DecisionOptions {
  bool med_always_compare = false;
  bool med_missing_as_worst = false;
  MultipathConfig ipv4;
  MultipathConfig ipv6;
  const MultipathConfig& multipath(Family f) const { return f == kIpv6Unicast ? ipv6 : ipv4; }
};

struct Candidate {
  const PathAttributes* attrs = nullptr;
  const PeerInfo* peer = nullptr;
};

// The step that decided between two paths (FRR's "bestpath reason").
enum class DecisionStep : std::uint8_t {
  kWeight,
  kLocalPref,
  kLocalOrigin,
  kAsPathLength,
  kOrigin,
  kMed,
  kEbgpOverIbgp,
  kRouterId,
  kClusterListLength,
  kPeerAddress,
  kEqual,  // indistinguishable (same peer): should not happen between two paths of one prefix
};
std::string_view decision_step_name(DecisionStep s);

struct Comparison {
  int order = 0;  // < 0: a is better, > 0: b is better
  DecisionStep step = DecisionStep::kEqual;
};
// Pairwise comparison of two paths for the same prefix.
Comparison compare(const Candidate& a, const Candidate& b, const DecisionOptions& opts);

struct Selection {
  std::optional<std::size_t> best;     // index into the candidates
  std::vector<std::size_t> multipath;  // indices, best first; contains best; size >= 1 when best is set
};
// Chooses the best path and the ECMP set among `candidates` (all eligible).
Selection select(std::span<const Candidate> candidates, const DecisionOptions& opts, Family family);
// Same into `out` (its capacity reused): the RIB runs this for every prefix
// with more than one eligible path.
void select(std::span<const Candidate> candidates, const DecisionOptions& opts, Family family, Selection& out);

// Effective values the decision uses.
std::uint32_t effective_local_pref(const PathAttributes& a);
std::uint32_t effective_med(const PathAttributes& a, const DecisionOptions& opts);
IpAddress effective_router_id(const Candidate& c);

}  // namespace bgp::rib

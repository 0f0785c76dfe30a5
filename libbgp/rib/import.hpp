#pragma once
// The way into a peer's Adj-RIB-In: what happens to a received route before
// the decision process sees it, in RFC order:
//   1. loop detection (RFC 4271 §9.1.2: own AS in AS_PATH; RFC 4456 §8:
//      our ORIGINATOR_ID or CLUSTER_ID) -> treated as withdrawn;
//   2. LOCAL_PREF from an eBGP peer is ignored (RFC 4271 §5.1.5);
//   3. the pre-policy copy is kept when soft reconfiguration inbound is on;
//   4. import policy (RFC 8212 default for eBGP without policy);
//   5. the accepted route goes to the Rib; max-prefix is checked.
// Results are values the daemon acts on (log, count, Cease/Maximum Number of
// Prefixes Reached, RFC 4486 subcode 1); nothing here throws or does I/O.
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string_view>

#include "libbgp/config/config.hpp"
#include "libbgp/policy/policy.hpp"
#include "libbgp/rib/rib.hpp"

namespace bgp::rib {

struct ImportSettings {
  std::uint32_t local_as = 0;
  IpAddress router_id;
  std::optional<std::uint32_t> cluster_id;  // set when we reflect routes (RFC 4456)
  bool ebgp = true;
  policy::SessionPolicy policy;
  IpAddress local_address;  // our session address: "next-hop self" in import policy
  std::optional<config::MaxPrefixes> max_prefixes;
  bool soft_reconfiguration = false;  // keep pre-policy routes for soft inbound reset
};

enum class ImportStatus : std::uint8_t {
  kAccepted,
  kFiltered,   // import policy rejected it (any earlier path from this peer is withdrawn)
  kNoPolicy,   // RFC 8212: eBGP session without import policy
  kLoop,       // AS path / ORIGINATOR_ID / CLUSTER_LIST loop: treated as withdraw
  kAttrLimit,  // attribute set limit reached: treated as withdraw; the daemon should reset the session
};
std::string_view import_status_name(ImportStatus s);

enum class MaxPrefixEvent : std::uint8_t {
  kNone,
  kWarning,   // accepted prefixes crossed the warning threshold (reported once per crossing)
  kExceeded,  // more than the limit: send Cease / Maximum Number of Prefixes Reached
};

struct ImportResult {
  ImportStatus status = ImportStatus::kAccepted;
  MaxPrefixEvent max_prefix = MaxPrefixEvent::kNone;
};

// The attributes of a locally originated (`network` statement) route:
// ORIGIN IGP, empty AS path, next hop self.
InternResult network_route_attributes(AttrStore& store);

class PeerImporter {
 public:
  PeerImporter(Rib& rib, PeerId peer, ImportSettings settings);
  ~PeerImporter();
  PeerImporter(const PeerImporter&) = delete;
  PeerImporter& operator=(const PeerImporter&) = delete;

  // Every prefix of one UPDATE with its decoded attributes (one family).
  ImportResult announce(std::span<const Prefix> prefixes, const PathAttributes& received);
  ImportResult announce(const Prefix& prefix, const PathAttributes& received) { return announce({&prefix, 1}, received); }
  // Withdrawn routes, and RFC 7606 treat-as-withdraw of a malformed UPDATE's prefixes.
  void withdraw(std::span<const Prefix> prefixes);

  // Soft inbound reset (RFC 2918 route refresh not needed): re-runs the import
  // of every stored pre-policy route under `settings`. False when no
  // pre-policy copy is kept (the daemon sends ROUTE-REFRESH instead).
  bool soft_reset(const ImportSettings& settings);
  // The session ended without graceful restart: forget the pre-policy copy.
  void clear();

  std::size_t accepted(Family f) const { return rib_.peer_prefix_count(peer_, f); }
  // Pre-policy count with soft reconfiguration, otherwise the accepted count.
  std::size_t received(Family f) const;
  std::size_t filtered_total() const { return filtered_total_; }
  const ImportSettings& settings() const { return settings_; }

 private:
  ImportStatus classify(const PathAttributes& a) const;
  ImportResult import_one(const Prefix& prefix, const AttrRef& pre_policy, ImportStatus pre_status);
  MaxPrefixEvent check_max_prefix(Family f);

  Rib& rib_;
  PeerId peer_;
  ImportSettings settings_;
  std::map<Prefix, AttrRef> pre_policy_;  // soft reconfiguration only
  std::array<bool, 2> warned_{};
  std::size_t filtered_total_ = 0;
};

}  // namespace bgp::rib

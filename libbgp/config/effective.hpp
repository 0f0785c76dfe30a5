#pragma once
// Per-neighbor settings after inheritance (neighbor key > peer group key >
// default), and the comparison live reload needs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libbgp/config/config.hpp"

namespace bgp::config {

struct EffectiveNeighbor {
  IpAddress address;
  std::string peer_group;             // empty when none
  bool dynamic = false;               // accepted through a listen range
  RemoteAs remote_as;
  std::string description;
  std::string password;               // empty = no TCP MD5
  std::uint16_t hold_time = 90;
  std::uint16_t keepalive = 30;       // hold_time / 3 unless set
  std::uint16_t connect_retry = 120;
  std::uint16_t delay_open = 0;
  bool passive = false;               // dynamic neighbors are always passive
  std::uint8_t ebgp_multihop = 0;     // 0 = not set: TTL 1 for eBGP, 255 for iBGP
  std::uint8_t ttl_security = 0;      // 0 = GTSM off
  std::optional<IpAddress> local_address;
  std::string interface;
  std::vector<Family> families;       // default: the neighbor address's family unicast
  bool graceful_restart = false;
  std::uint16_t restart_time = 120;   // RFC 4724 §4.2 (FRR's default)
  bool graceful_restart_notification = true;  // RFC 8538 N bit (config/README.md argues the default)
  std::string import_policy;          // empty = none (RFC 8212 applies to eBGP)
  std::string export_policy;
  std::optional<MaxPrefixes> max_prefixes;
  bool add_path_send = false;
  bool add_path_receive = false;
  bool next_hop_self = false;
  bool soft_reconfiguration_inbound = false;
  bool shutdown = false;
  // Next-hop liveness: probe the next hops of this neighbour's paths that
  // are on a connected segment (config/README.md argues the defaults).
  bool liveness = false;
  std::uint32_t liveness_interval_ms = 100;
  std::uint32_t liveness_multiplier = 3;
  std::uint32_t liveness_up_after = 3;
  // BFD: FRR's defaults (300 ms x 3). Not part of session_differs(): the
  // BFD session changes its timers with a Poll Sequence, BGP stays up.
  bool bfd = false;
  std::uint32_t bfd_min_tx_ms = 300;
  std::uint32_t bfd_min_rx_ms = 300;
  std::uint8_t bfd_multiplier = 3;

  bool has_family(Family f) const;
  // True when changing from `other` to this requires resetting the session
  // (anything negotiated in OPEN or affecting the TCP connection); policy,
  // description, max-prefix and next-hop-self changes do not.
  bool session_differs(const EffectiveNeighbor& other) const;
  friend bool operator==(const EffectiveNeighbor&, const EffectiveNeighbor&) = default;
};

// Neighbor settings resolved against its peer group (which load_* checked exists).
EffectiveNeighbor effective(const Config& config, const Neighbor& neighbor);
// A dynamic neighbor at `address` accepted through `range`.
EffectiveNeighbor effective(const Config& config, const ListenRange& range, const IpAddress& address);

// What live reload must do (issue 7): sessions to start, stop, reset, or
// re-evaluate with the new policies (soft reconfiguration).
struct ConfigDiff {
  bool global_session_changed = false;  // asn or router_id: every session resets
  bool listen_changed = false;          // listen addresses/port: re-bind listeners
  bool routing_changed = false;         // families / bestpath / networks / ebgp_requires_policy
  std::vector<IpAddress> neighbors_added;
  std::vector<IpAddress> neighbors_removed;
  std::vector<IpAddress> neighbors_reset;           // session_differs()
  std::vector<IpAddress> neighbors_soft_changed;    // other settings (policy, max prefixes, ...)
  std::vector<std::string> policies_changed;        // added, removed or modified by name
  bool listen_ranges_changed = false;
  bool fib_changed = false;
  bool control_changed = false;
  bool metrics_changed = false;
  bool log_changed = false;
  bool empty() const;
};
ConfigDiff diff(const Config& before, const Config& after);

}  // namespace bgp::config

#pragma once
// The validated, typed configuration of bgpd. Produced by load.hpp from TOML;
// every key is documented in config/README.md and the example files.
//
// Equality (operator==) compares values only, never source positions, so the
// daemon can compare the old and new Config on live reload (see diff.hpp).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libbgp/wire/address.hpp"

namespace bgp::config {

// Where a table was written (file:line:column), for semantic error messages
// the daemon prints later (e.g. "policy not found"). Not part of equality.
struct SourcePos {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string to_string() const;  // "file:line:column"
  friend bool operator==(const SourcePos&, const SourcePos&) { return true; }
};

// remote_as: a number, or "external" (any AS but ours) / "internal" (ours).
struct RemoteAs {
  enum class Kind : std::uint8_t { kNumber, kExternal, kInternal };
  Kind kind = Kind::kNumber;
  std::uint32_t asn = 0;  // kNumber only
  bool matches(std::uint32_t peer_as, std::uint32_t local_as) const;
  bool is_ebgp(std::uint32_t local_as) const;  // kNumber != local, or kExternal
  std::string to_string() const;               // "65101", "external", "internal"
  friend bool operator==(const RemoteAs&, const RemoteAs&) = default;
};

// [bgp.ipv4_unicast] / [bgp.ipv6_unicast]
struct FamilyConfig {
  std::uint32_t maximum_paths = 1;       // eBGP multipath (1 = best path only)
  std::uint32_t maximum_paths_ibgp = 1;  // iBGP multipath
  bool multipath_relax = false;          // equal AS-path length, different neighbour AS may merge
  std::vector<Prefix> networks;          // originated prefixes ("network" statements)
  friend bool operator==(const FamilyConfig&, const FamilyConfig&) = default;
};

// [bgp.bestpath]
struct BestPath {
  bool med_always_compare = false;    // compare MED across neighbour ASes
  bool med_missing_as_worst = false;  // missing MED = 2^32-1 instead of 0
  friend bool operator==(const BestPath&, const BestPath&) = default;
};

// [bgp]
struct Global {
  std::uint32_t asn = 0;                   // 4-octet (RFC 6793)
  IpAddress router_id;                     // BGP Identifier (IPv4 form)
  std::vector<IpAddress> listen_addresses; // default 0.0.0.0 and ::
  std::uint16_t listen_port = 179;
  bool ebgp_requires_policy = true;        // RFC 8212
  // Distinct path-attribute sets held at once (rib::AttrStore; its default).
  // A peer whose UPDATE needs one more is reset with Cease/Out of Resources.
  std::uint32_t max_attribute_sets = 1'000'000;
  // RFC 4724 §4.1 selection deferral after a restart with retained routes
  // (FRR's select-defer-time): seconds to wait for End-of-RIB from every
  // peer that was up before, 0 = no deferral.
  std::uint32_t select_defer_time = 60;
  FamilyConfig ipv4_unicast;
  FamilyConfig ipv6_unicast;
  BestPath bestpath;
  const FamilyConfig& family(Family f) const { return f == kIpv6Unicast ? ipv6_unicast : ipv4_unicast; }
  friend bool operator==(const Global&, const Global&) = default;
};

// max_prefixes = N, with max_prefixes_warning (percent) and
// max_prefixes_restart (minutes; 0 = stay down until cleared).
struct MaxPrefixes {
  std::uint32_t limit = 0;
  std::uint8_t warning_percent = 75;  // FRR's default threshold
  std::uint32_t restart_minutes = 0;
  friend bool operator==(const MaxPrefixes&, const MaxPrefixes&) = default;
};

// Keys allowed in both [[neighbor]] and [[peer_group]]. Unset = inherit
// (neighbor <- peer group <- default).
struct PeerSettings {
  std::optional<RemoteAs> remote_as;
  std::optional<std::string> description;
  std::optional<std::string> password;          // TCP MD5 (RFC 2385)
  std::optional<std::uint16_t> hold_time;
  std::optional<std::uint16_t> keepalive;
  std::optional<std::uint16_t> connect_retry;
  std::optional<std::uint16_t> delay_open;      // RFC 4271 DelayOpenTime, 0 = off
  std::optional<bool> passive;
  std::optional<std::uint8_t> ebgp_multihop;    // TTL for eBGP sessions; unset = 1 (directly connected)
  std::optional<std::uint8_t> ttl_security;     // GTSM (RFC 5082): accepted hop count
  std::optional<IpAddress> local_address;
  std::optional<std::string> interface;
  std::optional<std::vector<Family>> families;
  std::optional<bool> graceful_restart;         // RFC 4724 (helper + our restart capability)
  std::optional<std::uint16_t> restart_time;
  std::optional<bool> graceful_restart_notification;  // RFC 8538 N bit in our capability
  std::optional<std::string> import_policy;     // key "import"
  std::optional<std::string> export_policy;     // key "export"
  std::optional<MaxPrefixes> max_prefixes;
  std::optional<bool> add_path_send;            // RFC 7911
  std::optional<bool> add_path_receive;
  std::optional<bool> next_hop_self;
  std::optional<bool> soft_reconfiguration_inbound;  // keep pre-policy routes (FRR "soft-reconfiguration inbound")
  std::optional<bool> shutdown;                 // administratively down
  // Next-hop liveness (ARP/ND probing of next hops on connected segments).
  std::optional<bool> liveness;
  std::optional<std::uint32_t> liveness_interval_ms;
  std::optional<std::uint32_t> liveness_multiplier;
  std::optional<std::uint32_t> liveness_up_after;
  // BFD (RFC 5880/5881/5883) for the session's path; intervals in ms.
  std::optional<bool> bfd;
  std::optional<std::uint32_t> bfd_min_tx_ms;   // bfd.DesiredMinTxInterval once Up
  std::optional<std::uint32_t> bfd_min_rx_ms;   // bfd.RequiredMinRxInterval
  std::optional<std::uint8_t> bfd_multiplier;   // bfd.DetectMult
  friend bool operator==(const PeerSettings&, const PeerSettings&) = default;
};

struct PeerGroup {
  std::string name;
  PeerSettings settings;
  SourcePos pos;
  friend bool operator==(const PeerGroup&, const PeerGroup&) = default;
};

struct Neighbor {
  IpAddress address;
  std::optional<std::string> peer_group;
  PeerSettings settings;
  SourcePos pos;
  friend bool operator==(const Neighbor&, const Neighbor&) = default;
};

// [[listen_range]]: dynamic neighbors (FRR "bgp listen range").
struct ListenRange {
  Prefix prefix;
  std::optional<RemoteAs> remote_as;  // unset: the peer group's
  std::string peer_group;             // required
  std::uint32_t limit = 100;          // peers accepted at once (FRR's default listen limit)
  SourcePos pos;
  friend bool operator==(const ListenRange&, const ListenRange&) = default;
};

// ---- policies ([[policy]] with [[policy.term]]) ----

struct PrefixMatch {  // "10.0.0.0/8 ge 24 le 32" or {prefix=, ge=, le=}
  Prefix prefix;
  std::optional<std::uint8_t> ge;
  std::optional<std::uint8_t> le;
  // Same family, inside `prefix`, length within [ge or prefix length, le or
  // (ge ? family bits : prefix length)] — prefix-list semantics of FRR/Cisco.
  bool matches(const Prefix& p) const;
  friend bool operator==(const PrefixMatch&, const PrefixMatch&) = default;
};

struct LargeCommunity {  // RFC 8092
  std::uint32_t global = 0, local1 = 0, local2 = 0;
  friend auto operator<=>(const LargeCommunity&, const LargeCommunity&) = default;
};

// Communities are RFC 1997 32-bit values: "65001:100" or a well-known name
// ("no-export", "no-advertise", "no-export-subconfed", "no-peer", "blackhole",
// "graceful-shutdown").
std::optional<std::uint32_t> parse_community(std::string_view text);
std::optional<LargeCommunity> parse_large_community(std::string_view text);  // "a:b:c"

struct PolicyMatch {  // every given condition must hold; lists match if any element does
  std::vector<PrefixMatch> prefixes;                 // key "prefix"
  std::vector<std::uint32_t> communities;            // key "community"
  std::vector<LargeCommunity> large_communities;     // key "large_community"
  std::optional<std::uint32_t> as_path_length_min;   // key "as_path_length_min"
  std::optional<std::uint32_t> as_path_length_max;   // key "as_path_length_max"
  std::vector<std::uint32_t> as_path_contains;       // key "as_path_contains": any of these ASNs
  std::vector<Family> families;                      // key "family"
  friend bool operator==(const PolicyMatch&, const PolicyMatch&) = default;
};

struct PolicySet {
  std::optional<std::uint32_t> local_pref;
  std::optional<std::uint32_t> med;
  std::vector<std::uint32_t> communities_add;        // key "community"
  std::vector<LargeCommunity> large_communities_add; // key "large_community"
  bool next_hop_self = false;
  std::uint8_t as_path_prepend = 0;                  // times our AS is prepended
  friend bool operator==(const PolicySet&, const PolicySet&) = default;
};

// accept/reject end evaluation; next applies the sets and continues with the
// next term. A route no term accepts is rejected (as an FRR route-map).
enum class PolicyAction : std::uint8_t { kAccept, kReject, kNext };

struct PolicyTerm {
  std::string name;  // optional; "term N" when unnamed
  PolicyMatch match;
  PolicySet set;
  PolicyAction action = PolicyAction::kAccept;
  SourcePos pos;
  friend bool operator==(const PolicyTerm&, const PolicyTerm&) = default;
};

struct Policy {
  std::string name;
  std::vector<PolicyTerm> terms;
  SourcePos pos;
  friend bool operator==(const Policy&, const Policy&) = default;
};

// ---- daemon plumbing ----

struct Fib {
  bool install = true;
  std::uint32_t table = 254;            // main
  std::uint32_t metric = 20;            // route priority (FRR's default for eBGP)
  std::uint8_t protocol = 186;          // RTPROT_BGP
  bool retain_on_shutdown = true;       // leave routes in the kernel on SIGTERM (GR-style restart)
  bool nexthop_objects = true;          // RTM_NEWNEXTHOP groups; false forces RTA_MULTIPATH
  std::uint32_t sweep_timeout = 120;    // seconds before stale routes of a previous run are removed
  friend bool operator==(const Fib&, const Fib&) = default;
};

struct Control {
  std::string socket = "/run/bgpd/bgpd.sock";
  std::string group;  // owner group of the socket (0660); empty = root's group
  std::uint32_t max_clients = 16;              // concurrent bgpctl connections; more are refused with an error
  std::uint32_t max_request_bytes = 64 * 1024; // one request line; longer ones are refused and the client dropped
  friend bool operator==(const Control&, const Control&) = default;
};

// [daemon]: how the process runs (applied at start-up only).
struct DaemonSection {
  std::string user;  // started as root: switch to this user (bgpd --user); empty = stay
  friend bool operator==(const DaemonSection&, const DaemonSection&) = default;
};

struct Endpoint {
  IpAddress address;
  std::uint16_t port = 0;
  std::string to_string() const;  // "127.0.0.1:9179", "[::1]:9179"
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};
std::optional<Endpoint> parse_endpoint(std::string_view text);

struct Metrics {
  std::optional<Endpoint> listen;  // unset = no metrics endpoint
  friend bool operator==(const Metrics&, const Metrics&) = default;
};

struct Log {
  std::string level = "info";   // trace, debug, info, warn, error, critical, off
  std::string format = "text";  // text or json
  std::map<std::string, std::string> subsystems;  // [log.subsystems] name = level
  friend bool operator==(const Log&, const Log&) = default;
};

struct Config {
  std::string source;  // file name or the name given to load_string
  Global bgp;
  std::vector<PeerGroup> peer_groups;
  std::vector<Neighbor> neighbors;
  std::vector<ListenRange> listen_ranges;
  std::vector<Policy> policies;
  Fib fib;
  Control control;
  DaemonSection daemon;
  Metrics metrics;
  Log log;

  const PeerGroup* find_peer_group(std::string_view name) const;
  const Policy* find_policy(std::string_view name) const;
  const Neighbor* find_neighbor(const IpAddress& address) const;
  // The most specific listen range containing `address` (nullptr if none).
  const ListenRange* find_listen_range(const IpAddress& address) const;

  friend bool operator==(const Config& a, const Config& b) {
    return a.bgp == b.bgp && a.peer_groups == b.peer_groups && a.neighbors == b.neighbors &&
           a.listen_ranges == b.listen_ranges && a.policies == b.policies && a.fib == b.fib &&
           a.control == b.control && a.daemon == b.daemon && a.metrics == b.metrics && a.log == b.log;
  }
};

}  // namespace bgp::config

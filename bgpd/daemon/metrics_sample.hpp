#pragma once
// What a Prometheus scrape shows, as plain values: the daemon fills a
// MetricsSnapshot on its session thread (Daemon::metrics_snapshot), and
// build_metric_families turns it into prometheus-cpp MetricFamily values on
// the exporter's thread. Keeping the two apart makes the exposition testable
// without sockets, and keeps the exporter's thread away from daemon state.
//
// Names and labels are documented in bgpd/README.md ("Metrics").
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <prometheus/metric_family.h>

#include "bgpd/daemon/peer_counters.hpp"
#include "libbgp/fib/fib_sink.hpp"
#include "libbgp/fsm/events.hpp"
#include "libbgp/wire/address.hpp"

namespace bgp::daemon {

struct NeighborSample {
  std::string address;
  std::string peer_as;  // negotiated AS, else the configured one ("external"/"internal" when not a number)
  fsm::State state = fsm::State::kIdle;
  double uptime_seconds = 0;  // 0 unless Established
  std::uint64_t flaps = 0;    // Established -> down transitions
  MessageCounters received;
  MessageCounters sent;
  std::uint64_t prefixes_received = 0;    // before import policy (with soft reconfiguration), else = accepted
  std::uint64_t prefixes_accepted = 0;    // in the Adj-RIB-In after import policy
  std::uint64_t prefixes_advertised = 0;  // in the Adj-RIB-Out
  std::uint64_t prefixes_stale = 0;       // kept through a graceful restart (RFC 4724)
  NotificationCounts notifications_sent;
  NotificationCounts notifications_received;
  Rfc7606Counters rfc7606;
};

struct RibFamilySample {
  Family family;
  std::uint64_t prefixes = 0;  // Loc-RIB: prefixes with a best path
  std::uint64_t paths = 0;     // every path of every Adj-RIB-In
};

// A host route (/32, /128), as `bgpctl show anycast` lists it.
struct AnycastSample {
  Prefix prefix;
  std::uint64_t rib_next_hops = 0;                    // distinct next hops of the selected paths (best + multipath)
  std::optional<std::uint64_t> kernel_next_hops;      // null: no FIB ([fib] install = false)
};

// One next hop probed for liveness (`bgpctl show anycast`'s liveness table).
struct LivenessSample {
  IpAddress next_hop;
  bool up = true;               // usable: answering, or not yet judged
  std::uint64_t went_down = 0;  // transitions to down
  std::uint64_t came_up = 0;    // transitions from down back to up
};

// One BFD session (RFC 5880), as bgpd_bfd_* shows it.
struct BfdSample {
  std::string neighbor;
  std::string state;  // "Up", "Down", "Init", "AdminDown"
  std::uint64_t up_transitions = 0;
  std::uint64_t down_transitions = 0;  // from Up
  std::uint64_t packets_sent = 0;
  std::uint64_t packets_received = 0;
  std::uint64_t packets_dropped = 0;   // TTL (RFC 5881 §5) or source address check failed
  double detection_time_seconds = 0;
};

struct MetricsSnapshot {
  std::string version;
  std::vector<NeighborSample> neighbors;
  std::vector<RibFamilySample> rib;
  std::optional<fib::FibStatus> fib;  // null: no FIB ([fib] install = false)
  std::vector<AnycastSample> anycast;
  std::vector<LivenessSample> liveness;
  std::vector<BfdSample> bfd;
  std::uint64_t bfd_discarded = 0;  // datagrams no session took (malformed, unknown)
  // As Prometheus' own prometheus_config_last_reload_*: the start-up load
  // counts as the first successful one.
  bool config_last_reload_successful = true;
  double config_last_reload_success_timestamp_seconds = 0;
};

// The bgpd_bfd_* families (bfd_metrics.cpp), appended to `out`.
void add_bfd_families(std::vector<prometheus::MetricFamily>& out, const MetricsSnapshot& snapshot);

// Every bgpd_ family for the snapshot, in a stable order.
std::vector<prometheus::MetricFamily> build_metric_families(const MetricsSnapshot& snapshot);

// bgpd_build_info alone: the answer when the session thread did not produce
// a snapshot in time (a scrape never blocks on a busy daemon for long).
std::vector<prometheus::MetricFamily> build_info_family(const std::string& version);

}  // namespace bgp::daemon

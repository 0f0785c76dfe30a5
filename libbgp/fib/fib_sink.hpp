#pragma once
// The FIB sink: where the RIB's stream of best-path changes goes to become
// kernel forwarding state. The RIB emits (prefix, old next-hop set, new
// next-hop set); a sink only needs the new set (empty = withdraw), because it
// keeps its own view of what it installed.
//
// Implementations: NetlinkFib (Linux kernel, libmnl) and FakeFib (records
// operations for unit tests of other modules). Neither throws on the data path.
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "libbgp/wire/address.hpp"

namespace bgp::fib {

// One path to forward on. `ifindex` 0 means "resolve the gateway through the
// kernel's routing table" (a directly connected BGP neighbour, the usual case).
struct NextHop {
  IpAddress gateway;
  std::uint32_t ifindex = 0;
  std::uint8_t weight = 1;  // relative ECMP weight, 1..255 (kernel nexthop weight)

  friend auto operator<=>(const NextHop&, const NextHop&) = default;
  friend bool operator==(const NextHop&, const NextHop&) = default;
};

// The complete desired forwarding state for one prefix. An empty next-hop
// list withdraws the prefix from the FIB.
struct RouteUpdate {
  Prefix prefix;
  std::vector<NextHop> next_hops;
};

// Sorts and de-duplicates a next-hop set so equal sets compare equal whatever
// order the RIB produced them in.
std::vector<NextHop> normalized(std::vector<NextHop> set);

// Many route updates handed over in one piece. Each route names its next-hop
// set by index into `sets`, the batch's distinct sets (`sets[0]` is the empty
// set: a withdraw), so a full table of single-path routes is one set plus
// one small entry per prefix instead of a vector per route, and the hand-off
// to the FIB thread moves the batch instead of copying it.
class RouteBatch {
 public:
  struct Route {
    Prefix prefix;
    std::uint32_t set = 0;  // index into `sets`
  };
  std::vector<std::vector<NextHop>> sets{{}};
  std::vector<Route> routes;

  // Appends `prefix` with `next_hops` (empty: withdraw). Sets are shared by
  // every route of the batch that has them, in whatever order given.
  void add(const Prefix& prefix, std::span<const NextHop> next_hops);
  // The same for next hops given as gateways only (device resolved by the
  // kernel, weight 1): what the RIB produces, without a vector per route.
  void add_gateways(const Prefix& prefix, std::span<const IpAddress> gateways);
  std::size_t size() const { return routes.size(); }
  bool empty() const { return routes.empty(); }

 private:
  std::uint32_t set_index(std::vector<NextHop> set);
  std::uint32_t last_ = 0;  // the set of the route added last: consecutive routes usually share it
  std::map<std::vector<NextHop>, std::uint32_t> index_;
};

// What happened to a prefix the sink was asked to program.
enum class FibOutcome : std::uint8_t {
  kInstalled,  // the kernel has the requested next hops
  kRemoved,    // a withdraw reached the kernel
  kFailed,     // the kernel refused; `error`/`message` say why; a retry is scheduled
  kRetrying,   // a retry of an earlier failure has been sent
};
std::string_view fib_outcome_name(FibOutcome o);

struct FibResult {
  Prefix prefix;
  FibOutcome outcome = FibOutcome::kInstalled;
  int error = 0;        // errno from the kernel (positive), 0 on success
  std::string message;  // kernel extended-ack text or our own explanation
  std::uint32_t attempts = 0;
};

// The kinds of netlink request a sink sends, for per-operation counters.
enum class NetlinkOp : std::uint8_t { kRouteAdd, kRouteDelete, kNexthopSet, kNexthopDelete };
inline constexpr std::size_t kNetlinkOpCount = 4;
std::string_view netlink_op_name(NetlinkOp op);  // "route_add", "route_delete", "nexthop_set", "nexthop_delete"

// A fixed-bucket latency histogram (seconds), cheap to copy: the sink's
// thread observes, FibStatus carries a copy to whoever asks.
struct LatencyHistogram {
  // From half a millisecond (one small batch) to ten seconds (a full table
  // behind a slow kernel, or retries).
  static constexpr std::array<double, 14> kBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                  0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  std::array<std::uint64_t, kBounds.size() + 1> counts{};  // per bucket, not cumulative; the last is +Inf
  double sum = 0;
  std::uint64_t count = 0;
  void observe(double seconds);
};

// Counters and health, cheap to read from any thread.
struct FibStatus {
  bool running = false;
  bool nexthop_objects = false;     // false: RTA_MULTIPATH fallback in use
  bool backpressure = false;        // queue above its high-water mark
  std::size_t queued = 0;           // updates accepted but not yet sent to the kernel
  std::size_t routes_installed = 0; // prefixes the kernel confirmed
  std::size_t routes_failed = 0;    // prefixes currently failed (awaiting retry)
  std::size_t stale_routes = 0;     // routes from a previous run awaiting sweep
  std::size_t nexthop_objects_count = 0;
  std::size_t nexthop_groups_count = 0;
  std::uint64_t netlink_messages = 0;  // every request message sent (routes + nexthops)
  std::uint64_t netlink_sendmsg = 0;   // sendmsg() calls
  std::uint64_t errors_total = 0;      // kernel error replies
  std::uint64_t retries_total = 0;
  std::array<std::uint64_t, kNetlinkOpCount> netlink_ops{};        // requests sent, by NetlinkOp
  std::array<std::uint64_t, kNetlinkOpCount> netlink_op_errors{};  // kernel error replies, by NetlinkOp
  // From submit() to the kernel's acknowledgement of the route (retries
  // included); withdrawals are not measured.
  LatencyHistogram install_latency;
};

enum class SubmitStatus : std::uint8_t {
  kAccepted,     // queued
  kBackpressure, // queued, but the queue is above its high-water mark: slow down
  kRejected,     // queue full: nothing was queued, submit again later
};

// One row of `bgpctl show fib`: what the RIB wants next to what the kernel has.
struct FibEntry {
  Prefix prefix;
  std::vector<NextHop> wanted;  // empty: not wanted (e.g. a stale route)
  std::vector<NextHop> kernel;  // empty: not in the kernel
  std::uint32_t nexthop_id = 0; // kernel nexthop object/group id, 0 if none
  bool stale = false;           // left by a previous run, awaiting sweep
  std::string state;            // "installed", "pending", "failed: <reason>", "stale", "missing"
  bool differs() const { return wanted != kernel; }
};

struct FibSnapshot {
  bool from_kernel = false;  // true when `kernel` columns were read back from the kernel
  std::vector<FibEntry> entries;
};

class FibSink {
 public:
  virtual ~FibSink() = default;
  // Queues desired state; never blocks on the kernel. Later updates for the
  // same prefix supersede earlier ones.
  virtual SubmitStatus submit(RouteBatch batch) = 0;
  // The same, one vector per route (tests, tools): converted to a batch.
  SubmitStatus submit(std::span<const RouteUpdate> updates);
  virtual FibStatus status() const = 0;
  // Removes routes left by a previous run that were not submitted again
  // (call after End-of-RIB from all peers, or a timer). Takes effect after
  // every update submitted before it; may return before it is done (never
  // blocks the caller on the kernel).
  virtual void sweep() = 0;
  // Kernel vs wanted, for `bgpctl show fib`. Blocks the caller until the
  // sink has built it (behind its backlog): not for the session thread.
  virtual FibSnapshot snapshot() = 0;
  // The same, handed to `done` once built, on the sink's own thread (post it
  // elsewhere if needed); the caller never waits. This default builds it in
  // place, for sinks without a thread of their own.
  using SnapshotHandler = std::function<void(FibSnapshot)>;
  virtual void snapshot_async(SnapshotHandler done) { done(snapshot()); }
  // Results are delivered on the sink's own thread; post them elsewhere if needed.
  using ResultHandler = std::function<void(std::span<const FibResult>)>;
  virtual void set_result_handler(ResultHandler handler) = 0;
};

}  // namespace bgp::fib

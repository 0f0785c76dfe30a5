#pragma once
// NetlinkFib: the FibSink that programs the Linux kernel over rtnetlink.
//
// - Routes carry protocol bgp (186), a configurable table and metric.
// - ECMP through kernel nexthop objects and groups (one object per
//   (gateway, ifindex), one group per distinct next-hop set, shared and
//   reference counted), or RTA_MULTIPATH where the kernel has no nexthop
//   objects (detected at start; `force_multipath` for tests).
// - Its own thread owns all kernel state. submit() only queues (bounded, with
//   a back-pressure signal), so the RIB/session thread never waits on the kernel.
// - Thousands of messages per sendmsg; the last of each batch asks for an ACK
//   (a barrier); errors are matched to requests by sequence number, reported,
//   counted and retried with back-off, never dropped.
// - Start-up adopts routes (and nexthop objects in our id range) left by a
//   previous run as stale; sweep() removes those not submitted again.
// - Monitors links and addresses: a next hop whose device goes down leaves
//   every group at once (the kernel does it for nexthop objects; bgpd mirrors
//   it and restores them when the link returns); routes of ours deleted by
//   someone else are put back.
#include <chrono>
#include <cstdint>
#include <memory>

#include "libbgp/fib/fib_sink.hpp"
#include "libbgp/fib/netlink_messages.hpp"

namespace bgp::fib {

struct NetlinkFibOptions {
  RouteTarget target;                           // table, metric, protocol
  bool force_multipath = false;                 // never use nexthop objects
  std::uint32_t nexthop_id_base = 186u << 20;   // our nexthop ids: [base, base + count)
  std::uint32_t nexthop_id_count = 1u << 20;
  bool retain_on_shutdown = true;               // graceful restart: leave routes in the kernel
  bool monitor = true;                          // follow link/address/route events
  std::size_t queue_high_water = 1u << 20;      // submit() reports back-pressure above this
  std::size_t queue_limit = 4u << 20;           // submit() rejects above this
  std::size_t batch_bytes = 256u << 10;         // bytes per sendmsg
  std::chrono::milliseconds retry_initial{100};
  std::chrono::milliseconds retry_max{30000};
  bool report_installed = true;                 // deliver kInstalled/kRemoved results, not only failures
};

class NetlinkFib final : public FibSink {
 public:
  // Opens the netlink sockets in the caller's network namespace, reads what a
  // previous run left, and starts the worker thread. Throws on failure (start-up).
  explicit NetlinkFib(NetlinkFibOptions options = {});
  // Stops the thread; retains or flushes routes as configured.
  ~NetlinkFib() override;
  NetlinkFib(const NetlinkFib&) = delete;
  NetlinkFib& operator=(const NetlinkFib&) = delete;

  using FibSink::submit;
  SubmitStatus submit(RouteBatch batch) override;
  FibStatus status() const override;
  void sweep() override;
  FibSnapshot snapshot() override;
  void snapshot_async(SnapshotHandler done) override;
  void set_result_handler(ResultHandler handler) override;

  // Blocks until everything submitted has been sent and acknowledged (or the
  // timeout passes). For tests, benchmarks and orderly shutdown.
  bool wait_idle(std::chrono::milliseconds timeout);
  // Removes every route and nexthop object of ours now (the "flush" shutdown option).
  void flush();

  class Worker;

 private:
  std::unique_ptr<Worker> worker_;
};

}  // namespace bgp::fib

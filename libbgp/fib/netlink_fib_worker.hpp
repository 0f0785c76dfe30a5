#pragma once
// Internal to NetlinkFib: the state its thread owns and the functions that
// turn desired routes into kernel requests. Split in two files:
// netlink_fib.cpp (thread, queue, socket I/O, acks, public API) and
// netlink_fib_routes.cpp (route planning, link events, reconciliation).
#include <atomic>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "libbgp/fib/batch_writer.hpp"
#include "libbgp/fib/netlink_fib.hpp"
#include "libbgp/fib/netlink_socket.hpp"
#include "libbgp/fib/nexthop_registry.hpp"
#include "libbgp/fib/nexthop_sets.hpp"

namespace bgp::fib {

using Clock = std::chrono::steady_clock;

class NetlinkFib::Worker {
 public:
  explicit Worker(NetlinkFibOptions options);
  ~Worker();

  // Called from other threads.
  SubmitStatus submit(RouteBatch batch);
  FibStatus status() const;
  void set_result_handler(ResultHandler handler);
  bool wait_idle(std::chrono::milliseconds timeout);
  // Runs `fn` on the worker thread and waits for it.
  void call(std::function<void()> fn);
  // Runs `fn` on the worker thread without waiting (wait_idle() covers it).
  void post(std::function<void()> fn);
  void stop();

  // Worker-thread operations (public so call() lambdas can reach them).
  void drain_queue();
  void sweep_stale();
  FibSnapshot build_snapshot();
  void flush_all();

 private:
  enum class RouteState : std::uint8_t { kPending, kInstalled, kFailed, kDown };
  // One per prefix, so kept small (a full table has hundreds of thousands):
  // sets by id, failure details aside in `failures_`.
  struct Route {
    NexthopSets::Id wanted = NexthopSets::kEmpty;    // as submitted (normalized)
    NexthopSets::Id resolved = NexthopSets::kEmpty;  // wanted with every ifindex filled in
    Clock::time_point submitted{};  // when the wanted set was submitted, until the kernel acknowledges it (latency)
    std::uint32_t nhid = 0;         // nexthop object/group in use (nexthop mode)
    std::uint32_t seq = 0;          // last request sent for it: older replies are outdated
    RouteState state = RouteState::kPending;
    bool in_kernel = false;
  };
  // A route the kernel refused, from its first failure until it is installed
  // or replaced (also while a retry is in flight).
  struct Failure {
    int error = 0;
    std::string message;
    std::uint32_t attempts = 0;
    Clock::time_point next_retry{};
  };
  // One request in flight, in sequence order.
  struct InFlight {
    // Same order as NetlinkOp (per-operation counters index by it).
    enum class Kind : std::uint8_t { kRouteAdd, kRouteDelete, kNexthop, kNexthopDelete } kind;
    std::uint32_t seq = 0;
    Prefix prefix;
    std::uint32_t nhid = 0;
    int error = 0;  // its text, if any, is in error_text_ (errors are rare; keep this small)
  };

  void run();
  // Applies routes [begin, end) of `batch`, handed to submit() at `submitted`;
  // `ids` maps its sets to ours.
  void process(const RouteBatch& batch, std::span<const NexthopSets::Id> ids, std::size_t begin, std::size_t end,
               Clock::time_point submitted);
  void apply(const Prefix& prefix, NexthopSets::Id wanted, Clock::time_point submitted);
  void forget(const Prefix& prefix, Route& route);  // drops the sets and failure of a route leaving routes_
  void retry_due();
  // Fills `out` with `wanted`, devices resolved; false when none resolves.
  bool resolve(const std::vector<NextHop>& wanted, std::vector<NextHop>& out, int& error, std::string& message);
  void install(const Prefix& prefix, Route& route);
  void remove_from_kernel(const Prefix& prefix, const RouteTarget& target);
  void fail(const Prefix& prefix, Route& route, int error, std::string message);
  void set_state(Route& route, RouteState state);
  std::vector<NextHop> usable(const std::vector<NextHop>& resolved) const;

  // Request emission and replies.
  void emit_nexthop_ops(const std::vector<NexthopOp>& ops);
  void emit_route_add(const Prefix& prefix, Route& route, std::uint32_t nhid, std::span<const NextHop> gateways);
  void report(FibResult result);
  std::string take_error_text(std::uint32_t seq);
  void emit_route_delete(const Prefix& prefix);
  void track(InFlight::Kind kind, std::uint32_t seq, const Prefix& prefix, std::uint32_t nhid);
  void send_pending();
  int send_batch(const void* buf, std::size_t len, std::uint32_t barrier);
  void drain_replies(bool wait);
  void on_error(const NetlinkError& e);
  void complete_through(std::uint32_t seq);
  void finish(InFlight& op);

  // Kernel events.
  void load_initial_state();
  void drain_monitor();
  void on_link(const LinkState& link);
  void on_address(const AddressEvent& event);
  void on_route_deleted(const KernelRoute& route);
  void link_changed(std::uint32_t ifindex, bool up);
  void reinstall_partial();
  std::vector<KernelRoute> dump_routes();
  void verify_installed();  // re-adds routes we believe installed that the kernel lacks

  void publish();
  void enter_bulk();
  void leave_bulk();

  NetlinkFibOptions options_;
  bool nexthop_objects_ = true;
  std::unique_ptr<NetlinkSocket> requests_;  // batched writes, async replies
  std::unique_ptr<NetlinkSocket> sync_;      // dumps and lookups
  std::unique_ptr<NetlinkSocket> monitor_;   // multicast events
  int wake_fd_ = -1;
  std::unique_ptr<BatchWriter> batch_;
  std::vector<char> rx_;

  NexthopRegistry registry_;
  NexthopSets sets_;
  std::unordered_map<Prefix, Route> routes_;
  std::unordered_map<Prefix, Failure> failures_;
  std::vector<NextHop> resolved_scratch_;  // install()'s, reused: no allocation per route
  std::unordered_map<Prefix, KernelRoute> stale_;
  std::unordered_map<IpAddress, NextHop> resolved_ifindex_;  // BGP next hop -> kernel gateway and device (ifindex 0: none)
  std::unordered_map<std::uint32_t, bool> link_up_;
  std::unordered_map<std::uint32_t, std::pair<int, std::string>> nexthop_errors_;
  std::unordered_set<Prefix> failed_;  // routes awaiting retry (state kFailed)
  Clock::time_point next_retry_at_ = Clock::time_point::max();
  bool filtered_ = false;  // the monitor's socket filter drops RTM_NEWROUTE: no bulk mode needed
  bool bulk_ = false;  // route notifications off while a large backlog is written
  std::unordered_set<Prefix> partial_;  // installed with some gateways unresolved
  Clock::time_point next_partial_check_{};
  std::deque<InFlight> in_flight_;
  std::unordered_map<std::uint32_t, std::string> error_text_;  // seq -> kernel's extended ack
  std::vector<std::uint32_t> barriers_;
  std::vector<FibResult> results_;
  std::uint64_t messages_ = 0, sendmsgs_ = 0, errors_ = 0, retries_ = 0;
  std::size_t failed_count_ = 0, installed_count_ = 0, down_count_ = 0;
  std::array<std::uint64_t, kNetlinkOpCount> op_counts_{}, op_errors_{};
  LatencyHistogram install_latency_;

  // Shared with other threads.
  mutable std::mutex mu_;
  std::condition_variable idle_cv_;
  struct Queued {
    RouteBatch batch;
    Clock::time_point submitted;  // when submit() took it (install latency)
  };
  std::deque<Queued> queue_;
  std::size_t queued_ = 0;  // routes in queue_
  std::deque<std::function<void()>> calls_;
  bool stopping_ = false;
  bool busy_ = false;
  FibStatus status_;
  ResultHandler handler_;
  std::atomic<bool> has_handler_{false};
  std::thread thread_;
};

}  // namespace bgp::fib

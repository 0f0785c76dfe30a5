#pragma once
// The daemon's one source of next-hop reachability, event-driven: the
// kernel's links, addresses, routes and neighbours come in through
// rtnetlink notifications (fib::KernelTracker) on the session thread's
// event loop, and next hops on connected segments are probed for liveness
// (fib::NexthopLiveness decides; this class sends the probes and keeps the
// timer). Effects leave as two callbacks the daemon points at the
// RouteEngine: the networks that resolve next hops, and liveness verdicts.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "libbgp/fib/kernel_tracker.hpp"
#include "libbgp/fib/nexthop_liveness.hpp"

namespace bgp::daemon {

class NexthopTracker {
 public:
  struct Callbacks {
    std::function<void(std::vector<Prefix>)> networks;                  // the networks changed
    std::function<void(const fib::LivenessTransition&)> liveness;       // a next hop went down or came back
  };

  // Opens the netlink sockets and dumps the kernel's state (start-up:
  // throws when netlink cannot be opened). networks() answers at once.
  NexthopTracker(boost::asio::io_context& io, std::uint8_t own_protocol, Callbacks callbacks);
  ~NexthopTracker();
  NexthopTracker(const NexthopTracker&) = delete;
  NexthopTracker& operator=(const NexthopTracker&) = delete;

  // Starts reading notifications and probing.
  void start();

  std::vector<Prefix> networks() const { return kernel_.networks(); }

  // Probes `next_hop` with `settings` while it is on a connected segment
  // (the configuration of the neighbour whose paths use it); nullopt stops.
  void set_liveness(const IpAddress& next_hop, std::optional<fib::LivenessSettings> settings);

  struct Row {
    fib::NexthopLiveness::View view;
    std::uint32_t ifindex = 0;
    std::chrono::system_clock::time_point since_wall{};
  };
  std::vector<Row> liveness() const;
  std::optional<Row> liveness(const IpAddress& next_hop) const;

 private:
  void wait_readable();
  void on_readable();
  void apply(const fib::KernelTracker::Changes& changes);
  void arm_timer();
  void on_timer();
  void sync_tracked();  // liveness follows which wanted next hops are on a connected segment
  void emit(const std::vector<fib::LivenessTransition>& transitions);
  Row row(const fib::NexthopLiveness::View& v) const;

  boost::asio::io_context& io_;
  Callbacks callbacks_;
  fib::KernelTracker kernel_;
  fib::NexthopLiveness liveness_;
  std::map<IpAddress, fib::LivenessSettings> wanted_;
  std::map<IpAddress, std::uint32_t> interface_;  // tracked next hop -> the interface it is probed on
  boost::asio::posix::stream_descriptor descriptor_;
  boost::asio::steady_timer timer_;
  bool started_ = false;
};

}  // namespace bgp::daemon

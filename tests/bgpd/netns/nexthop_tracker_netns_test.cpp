// NexthopTracker in a network namespace: the kernel's link, address and
// route notifications change which networks resolve next hops within 10 ms,
// and a next hop that stops answering ARP leaves a kernel ECMP route within
// interval x multiplier, then comes back after the hysteresis.
#include "bgpd/daemon/nexthop_tracker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "libbgp/fib/netlink_fib.hpp"
#include "../../fib/netns_fixture.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

Prefix pfx(const char* s) { return *Prefix::parse(s); }
IpAddress addr(const char* s) { return *IpAddress::parse(s); }

class NexthopTrackerNetns : public fib::testing::NetnsTest {
 protected:
  void TearDown() override {
    stop();
    if (!peer_ns_.empty()) std::system(("ip netns del " + peer_ns_ + " 2>/dev/null").c_str());
    NetnsTest::TearDown();
  }

  // Starts the tracker (in the test's namespace) with its event loop on a thread.
  void start(std::function<void(const fib::LivenessTransition&)> on_liveness = {}) {
    tracker_ = std::make_unique<NexthopTracker>(
        io_, fib::kRtprotBgp,
        NexthopTracker::Callbacks{[this](std::vector<Prefix> n) {
                                    std::lock_guard lock(mu_);
                                    networks_ = std::move(n);
                                    changed_at_ = Clock::now();
                                    cv_.notify_all();
                                  },
                                  std::move(on_liveness)});
    networks_ = tracker_->networks();
    tracker_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  void stop() {
    work_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
    tracker_.reset();
  }
  template <class F>
  void on_loop(F f) {
    std::promise<void> done;
    asio::post(io_, [&] {
      f();
      done.set_value();
    });
    done.get_future().wait();
  }
  bool has(const Prefix& p) {
    std::lock_guard lock(mu_);
    return std::find(networks_.begin(), networks_.end(), p) != networks_.end();
  }
  // Waits until `p` is (or is not) a next-hop network; returns when the
  // tracker reported it.
  std::optional<Clock::time_point> wait_for(const Prefix& p, bool present) {
    std::unique_lock lock(mu_);
    const bool ok = cv_.wait_for(lock, 3s, [&] {
      return (std::find(networks_.begin(), networks_.end(), p) != networks_.end()) == present;
    });
    if (!ok) return std::nullopt;
    return changed_at_;
  }
  // Runs `ip ARGS` and returns when the kernel had applied it (ip waits
  // for the kernel's acknowledgement).
  Clock::time_point ip_at(const std::string& args) {
    ip(args);
    return Clock::now();
  }
  // A second namespace holding the far end of veth fibN, with 10.N.0.2/24:
  // a neighbour that answers ARP.
  void add_neighbour(int n) {
    if (peer_ns_.empty()) {
      std::random_device rd;
      peer_ns_ = "fibpeer-" + std::to_string(getpid()) + "-" + std::to_string(rd() % 100000);
      ASSERT_EQ(std::system(("ip netns add " + peer_ns_).c_str()), 0);
    }
    const std::string far = "fib" + std::to_string(n) + "p";
    ip("link set " + far + " netns " + peer_ns_);
    peer("link set " + far + " up");
    peer("addr add 10." + std::to_string(n) + ".0.2/24 dev " + far);
  }
  void peer(const std::string& args) {
    ASSERT_EQ(std::system(("ip -n " + peer_ns_ + " " + args).c_str()), 0) << args;
  }

  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
  std::unique_ptr<NexthopTracker> tracker_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Prefix> networks_;
  Clock::time_point changed_at_{};
  std::string peer_ns_;
};

TEST_F(NexthopTrackerNetns, ConnectedNetworksAndStaticRoutesResolveBgpRoutesDoNot) {
  add_link(1);
  ip("route add 10.99.0.0/16 via 10.1.0.2");
  ip("route add 10.98.0.0/16 via 10.1.0.2 proto 186");
  start();
  EXPECT_TRUE(has(pfx("10.1.0.0/24")));
  EXPECT_TRUE(has(pfx("2001:db8:1::/64")));
  EXPECT_TRUE(has(pfx("10.99.0.0/16")));
  EXPECT_FALSE(has(pfx("10.98.0.0/16")));  // a BGP route never resolves a BGP next hop
  ip("route add 10.97.0.0/16 via 10.1.0.2 proto 186");
  ip("route add 10.96.0.0/16 via 10.1.0.2 proto static");
  EXPECT_TRUE(wait_for(pfx("10.96.0.0/16"), true));
  EXPECT_FALSE(has(pfx("10.97.0.0/16")));
}

TEST_F(NexthopTrackerNetns, LinkDownTakesItsNetworksOutWithin10ms) {
  add_link(1);
  ip("route add 10.99.0.0/16 via 10.1.0.2");
  start();
  ASSERT_TRUE(has(pfx("10.1.0.0/24")));
  const auto done = ip_at("link set fib1 down");
  const auto seen = wait_for(pfx("10.1.0.0/24"), false);
  ASSERT_TRUE(seen);
  EXPECT_LE(*seen - done, 10ms);
  EXPECT_FALSE(has(pfx("10.99.0.0/16")));  // the static route's device is down too
  ip("link set fib1 up");
  EXPECT_TRUE(wait_for(pfx("10.1.0.0/24"), true));
}

TEST_F(NexthopTrackerNetns, CarrierLossTakesItsNetworksOutWithin10ms) {
  add_link(1);
  start();
  const auto done = ip_at("link set fib1p down");  // the far end: our side loses carrier
  const auto seen = wait_for(pfx("10.1.0.0/24"), false);
  ASSERT_TRUE(seen);
  EXPECT_LE(*seen - done, 10ms);
}

TEST_F(NexthopTrackerNetns, AddressRemovalTakesItsNetworkOutWithin10ms) {
  add_link(1);
  start();
  const auto done = ip_at("addr del 10.1.0.1/24 dev fib1");
  const auto seen = wait_for(pfx("10.1.0.0/24"), false);
  ASSERT_TRUE(seen);
  EXPECT_LE(*seen - done, 10ms);
  EXPECT_TRUE(has(pfx("2001:db8:1::/64")));
}

TEST_F(NexthopTrackerNetns, RouteRemovalTakesItsNetworkOutWithin10ms) {
  add_link(1);
  ip("route add 10.99.0.0/16 via 10.1.0.2");
  start();
  ASSERT_TRUE(has(pfx("10.99.0.0/16")));
  const auto done = ip_at("route del 10.99.0.0/16");
  const auto seen = wait_for(pfx("10.99.0.0/16"), false);
  ASSERT_TRUE(seen);
  EXPECT_LE(*seen - done, 10ms);
}

// The daemon's path in small: liveness verdicts decide which next hops the
// kernel's ECMP route keeps (the RIB does this in bgpd: a dead next hop is
// unresolvable, so its paths leave the multipath set).
TEST_F(NexthopTrackerNetns, ANextHopThatStopsAnsweringArpLeavesTheEcmpRouteAndComesBackAfterHysteresis) {
  add_link(1);
  add_link(2);
  add_neighbour(1);
  add_neighbour(2);
  fib::NetlinkFibOptions o;
  o.force_multipath = true;  // `ip route` shows the next hops themselves
  fib::NetlinkFib fib(o);
  const Prefix vip = pfx("172.30.0.10/32");
  const IpAddress a = addr("10.1.0.2"), b = addr("10.2.0.2");
  std::mutex m;
  std::set<IpAddress> dead;
  std::optional<Clock::time_point> down_at, up_at;
  auto program = [&] {
    fib::RouteUpdate u{vip, {}};
    for (const IpAddress& nh : {a, b}) {
      if (!dead.contains(nh)) u.next_hops.push_back({nh});
    }
    fib.submit(std::span<const fib::RouteUpdate>(&u, 1));
    fib.wait_idle(1s);
  };
  program();
  start([&](const fib::LivenessTransition& t) {
    std::lock_guard lock(m);
    if (t.to == fib::Liveness::kDown) dead.insert(t.next_hop);
    if (t.to != fib::Liveness::kDown) dead.erase(t.next_hop);
    program();  // acknowledged by the kernel when this returns
    if (t.next_hop == a && t.to == fib::Liveness::kDown) down_at = Clock::now();
    if (t.next_hop == a && t.from == fib::Liveness::kDown && t.to == fib::Liveness::kUp) up_at = Clock::now();
  });
  const fib::LivenessSettings s{100ms, 3, 3};
  on_loop([&] {
    tracker_->set_liveness(a, s);
    tracker_->set_liveness(b, s);
  });
  ASSERT_TRUE(wait_until([&] {
    bool up = true;
    on_loop([&] {
      for (const IpAddress& nh : {a, b}) up = up && tracker_->liveness(nh) && tracker_->liveness(nh)->view.state == fib::Liveness::kUp;
    });
    return up;
  }));
  EXPECT_EQ(count_of(ip("route show " + vip.to_string()), "nexthop via"), 2);

  // Silent: the far end stops answering ARP, its link stays up.
  std::this_thread::sleep_for(250ms);
  peer("link set fib1p arp off");
  const auto cut = Clock::now();
  ASSERT_TRUE(wait_until([&] {
    std::lock_guard lock(m);
    return down_at.has_value();
  }));
  const auto gone = [&] {
    std::lock_guard lock(m);
    return *down_at - cut;
  }();
  RecordProperty("cut_to_kernel_ms", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(gone).count()));
  EXPECT_LE(gone, 300ms + 30ms);  // interval x multiplier, and the timer's wake-up under load
  const std::string route = ip("route show " + vip.to_string());
  EXPECT_EQ(count_of(route, "via 10.1.0.2"), 0) << route;
  EXPECT_EQ(count_of(route, "via 10.2.0.2"), 1) << route;

  // Answers again: back after up_after answered probes, not at the first one.
  std::this_thread::sleep_for(500ms);
  peer("link set fib1p arp on");
  const auto back = Clock::now();
  ASSERT_TRUE(wait_until(
      [&] {
        std::lock_guard lock(m);
        return up_at.has_value();
      },
      10s));
  const auto took = [&] {
    std::lock_guard lock(m);
    return *up_at - back;
  }();
  EXPECT_GE(took, 200ms);  // three answered probes, 100 ms apart
  EXPECT_EQ(count_of(ip("route show " + vip.to_string()), "nexthop via"), 2);
  on_loop([&] {
    const auto r = tracker_->liveness(a);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->view.went_down, 1u);
    EXPECT_EQ(r->view.came_up, 1u);
  });
}

}  // namespace
}  // namespace bgp::daemon

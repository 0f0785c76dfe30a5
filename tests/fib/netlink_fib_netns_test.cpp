// NetlinkFib against the real kernel, each test in its own network namespace.
#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include <linux/if.h>

#include <cerrno>
#include <mutex>

#include "libbgp/fib/netlink_fib.hpp"
#include "libbgp/fib/netlink_socket.hpp"
#include "netns_fixture.hpp"

namespace bgp::fib {
namespace {

using namespace std::chrono_literals;
using testing::NetnsTest;

class NetlinkFibTest : public NetnsTest {
 public:
  NextHop hop(int n, bool v6 = false, std::uint32_t ifindex = 0) {
    const std::string gw = v6 ? "2001:db8:" + std::to_string(n) + "::2" : "10." + std::to_string(n) + ".0.2";
    return {*IpAddress::parse(gw), ifindex, 1};
  }
  std::string route(const std::string& prefix, bool v6 = false) {
    return ip(std::string(v6 ? "-6 " : "") + "route show " + prefix + " proto bgp");
  }
  static RouteUpdate update(const std::string& prefix, std::vector<NextHop> hops) {
    return {*Prefix::parse(prefix), std::move(hops)};
  }
  static void submit(NetlinkFib& fib, std::vector<RouteUpdate> updates) {
    ASSERT_NE(fib.submit(updates), SubmitStatus::kRejected);
    ASSERT_TRUE(fib.wait_idle(10s));
  }
  void collect(NetlinkFib& fib) {
    fib.set_result_handler([this](std::span<const FibResult> r) {
      std::lock_guard lock(mu_);
      results_.insert(results_.end(), r.begin(), r.end());
    });
  }
  std::vector<FibResult> results() {
    std::lock_guard lock(mu_);
    return results_;
  }

  std::mutex mu_;
  std::vector<FibResult> results_;
};

void shrink_to_deletion(NetlinkFibTest& t, NetlinkFib& fib, const std::string& prefix, bool v6) {
  std::vector<NextHop> hops;
  for (int n = 1; n <= 4; ++n) hops.push_back(t.hop(n, v6));
  NetlinkFibTest::submit(fib, {NetlinkFibTest::update(prefix, hops)});
  auto shown = t.route(prefix, v6);
  EXPECT_EQ(NetnsTest::count_of(shown, "nexthop via"), 4) << shown;
  for (int n = 1; n <= 4; ++n) EXPECT_NE(shown.find(hops[n - 1].gateway.to_string()), std::string::npos) << shown;
  for (int left = 3; left >= 1; --left) {
    hops.pop_back();
    NetlinkFibTest::submit(fib, {NetlinkFibTest::update(prefix, hops)});
    shown = t.route(prefix, v6);
    if (left > 1) {
      EXPECT_EQ(NetnsTest::count_of(shown, "nexthop via"), left) << shown;
    } else {
      EXPECT_NE(shown.find("via " + hops[0].gateway.to_string()), std::string::npos) << shown;
    }
    EXPECT_EQ(shown.find(t.hop(left + 1, v6).gateway.to_string()), std::string::npos) << shown;
  }
  NetlinkFibTest::submit(fib, {NetlinkFibTest::update(prefix, {})});
  EXPECT_EQ(t.route(prefix, v6), "");
  EXPECT_EQ(fib.status().routes_installed, 0u);
}

TEST_F(NetlinkFibTest, FourNextHopsFormOneEcmpRouteShrinkingToDeletionIpv4) {
  for (int n = 1; n <= 4; ++n) add_link(n);
  NetlinkFib fib;
  ASSERT_TRUE(fib.status().nexthop_objects);
  shrink_to_deletion(*this, fib, "172.30.0.10/32", false);
  EXPECT_EQ(ip("nexthop show"), "") << "nexthop objects must go with their last route";
}

TEST_F(NetlinkFibTest, FourNextHopsFormOneEcmpRouteShrinkingToDeletionIpv6) {
  for (int n = 1; n <= 4; ++n) add_link(n);
  NetlinkFib fib;
  shrink_to_deletion(*this, fib, "2001:db8:ff::10/128", true);
  EXPECT_EQ(ip("nexthop show"), "");
}

TEST_F(NetlinkFibTest, MultipathFallbackProgramsTheSameEcmpRoutesWithoutNexthopObjects) {
  for (int n = 1; n <= 4; ++n) add_link(n);
  NetlinkFibOptions opts;
  opts.force_multipath = true;
  NetlinkFib fib(opts);
  ASSERT_FALSE(fib.status().nexthop_objects);
  shrink_to_deletion(*this, fib, "172.30.0.10/32", false);
  shrink_to_deletion(*this, fib, "2001:db8:ff::10/128", true);
  EXPECT_EQ(ip("nexthop show"), "");
}

TEST_F(NetlinkFibTest, EcmpGroupIsSharedAndWeightsReachTheKernel) {
  add_link(1);
  add_link(2);
  NetlinkFib fib;
  auto a = hop(1), b = hop(2);
  b.weight = 3;
  submit(fib, {update("172.30.0.10/32", {a, b}), update("172.30.0.11/32", {a, b})});
  EXPECT_EQ(fib.status().nexthop_groups_count, 1u);
  EXPECT_EQ(fib.status().nexthop_objects_count, 2u);
  EXPECT_NE(route("172.30.0.11/32").find("weight 3"), std::string::npos) << route("172.30.0.11/32");
  EXPECT_EQ(count_of(ip("nexthop show"), "group"), 1);
}

TEST_F(NetlinkFibTest, ChurnOfPrefixesSharingASetCostsOperationsPerSetNotPerPrefix) {
  add_link(1);
  add_link(2);
  add_link(3);
  NetlinkFib fib;
  std::vector<RouteUpdate> before, after;
  for (int i = 0; i < 10000; ++i) {
    const auto p = "172.31." + std::to_string(i / 256) + "." + std::to_string(i % 256) + "/32";
    before.push_back(update(p, {hop(1), hop(2)}));
    after.push_back(update(p, {hop(1), hop(3)}));
  }
  submit(fib, before);
  ASSERT_EQ(fib.status().routes_installed, 10000u);
  const auto sent = fib.status().netlink_messages;
  submit(fib, after);
  const auto churn = fib.status().netlink_messages - sent;
  EXPECT_LE(churn, 3u) << "one new object, one group replace, one object delete";
  const auto shown = route("172.31.39.15/32");
  EXPECT_NE(shown.find("10.3.0.2"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("10.2.0.2"), std::string::npos) << shown;
  EXPECT_EQ(fib.status().routes_installed, 10000u);
}

TEST_F(NetlinkFibTest, LinkDownRemovesItsNextHopsWithin50msAndTheyReturnWithTheLink) {
  for (int n = 1; n <= 4; ++n) add_link(n);
  NetlinkFib fib;
  std::vector<NextHop> hops;
  for (int n = 1; n <= 4; ++n) hops.push_back(hop(n));
  submit(fib, {update("172.30.0.10/32", hops), update("172.30.0.11/32", hops)});
  ASSERT_EQ(count_of(route("172.30.0.10/32"), "nexthop via"), 4);

  // The kernel does not notify nexthop objects it flushes with a device, so
  // time the removal by reading its nexthop table over netlink until the
  // objects through fib2 are gone from it.
  const auto fib2 = ifindex("fib2");
  NetlinkSocket watch;
  std::vector<char> req(4096);
  std::uint32_t seq = 100;
  auto objects_on_fib2 = [&] {
    int n = 0;
    watch.transact(put_nexthop_dump(req.data(), ++seq), [&](const nlmsghdr* nlh) {
      if (auto k = parse_nexthop(nlh); k && k->ifindex == fib2) ++n;
    });
    return n;
  };
  ASSERT_EQ(objects_on_fib2(), 1);
  // Carrier loss on fib2, as when a neighbour dies: fib2p goes down. Done over
  // netlink here so the timing does not include starting `ip`.
  std::vector<char> down(4096);
  auto* nlh = mnl_nlmsg_put_header(down.data());
  nlh->nlmsg_type = RTM_NEWLINK;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  nlh->nlmsg_seq = 1;
  auto* ifi = static_cast<ifinfomsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg)));
  ifi->ifi_index = static_cast<int>(ifindex("fib2p"));
  ifi->ifi_change = IFF_UP;
  ifi->ifi_flags = 0;
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(watch.transact(nlh, [](const nlmsghdr*) {}), 0);
  bool seen = false;
  std::chrono::steady_clock::duration took{};
  while (std::chrono::steady_clock::now() - t0 < 2s) {
    if (objects_on_fib2() == 0) {
      took = std::chrono::steady_clock::now() - t0;
      seen = true;
      break;
    }
  }
  ASSERT_TRUE(seen);
  EXPECT_LT(took, 50ms) << std::chrono::duration_cast<std::chrono::microseconds>(took).count() << " us";
  for (const char* p : {"172.30.0.10/32", "172.30.0.11/32"}) {
    const auto shown = route(p);
    EXPECT_EQ(count_of(shown, "nexthop via"), 3) << shown;
    EXPECT_EQ(shown.find("10.2.0.2"), std::string::npos) << shown;
  }
  std::printf("next hops through the downed link left the group after %lld us\n",
              static_cast<long long>(std::chrono::duration_cast<std::chrono::microseconds>(took).count()));

  ip("link set fib2p up");
  EXPECT_TRUE(wait_until([&] { return count_of(route("172.30.0.10/32"), "nexthop via") == 4; }))
      << route("172.30.0.10/32");
  EXPECT_EQ(count_of(route("172.30.0.11/32"), "nexthop via"), 4);
}

TEST_F(NetlinkFibTest, RouteWhoseOnlyLinkWentDownReturnsWithIt) {
  add_link(1);
  NetlinkFib fib;
  submit(fib, {update("172.30.0.10/32", {hop(1)})});
  ip("link set fib1p down");
  EXPECT_TRUE(wait_until([&] { return route("172.30.0.10/32").empty(); }));
  ip("link set fib1p up");
  EXPECT_TRUE(wait_until([&] { return !route("172.30.0.10/32").empty(); }));
  EXPECT_TRUE(wait_until([&] { return fib.status().routes_installed == 1; }));
}

TEST_F(NetlinkFibTest, MultipathFallbackRewritesRoutesWhenALinkGoesDown) {
  for (int n = 1; n <= 3; ++n) add_link(n);
  NetlinkFibOptions opts;
  opts.force_multipath = true;
  NetlinkFib fib(opts);
  submit(fib, {update("172.30.0.10/32", {hop(1), hop(2), hop(3)})});
  ip("link set fib2 down");
  EXPECT_TRUE(wait_until([&] {
    const auto s = route("172.30.0.10/32");
    return count_of(s, "nexthop via") == 2 && s.find("10.2.0.2") == std::string::npos;
  })) << route("172.30.0.10/32");
  ip("link set fib2 up");
  EXPECT_TRUE(wait_until([&] { return count_of(route("172.30.0.10/32"), "nexthop via") == 3; }))
      << route("172.30.0.10/32");
}

TEST_F(NetlinkFibTest, NextHopReachedThroughAStaticRouteIsInstalledViaThatRoutesGateway) {
  add_link(1);
  ip("route add 10.99.0.0/16 via 10.1.0.2");  // a static route: 10.99.0.7 is not on any link
  NetlinkFib fib;
  submit(fib, {update("172.30.0.10/32", {{*IpAddress::parse("10.99.0.7")}})});
  const auto shown = route("172.30.0.10/32");
  EXPECT_NE(shown.find("10.1.0.2"), std::string::npos) << shown;
  EXPECT_EQ(fib.status().routes_installed, 1u);
}

TEST_F(NetlinkFibTest, UnreachableGatewayIsReportedAsFailureAndRetriedNotDropped) {
  add_link(1);
  NetlinkFibOptions opts;
  opts.retry_initial = 20ms;
  NetlinkFib fib(opts);
  collect(fib);
  submit(fib, {update("172.30.0.10/32", {{*IpAddress::parse("10.99.0.1")}}),
               update("172.30.0.11/32", {{*IpAddress::parse("10.77.0.1"), ifindex("fib1"), 1}}),
               update("172.30.0.12/32", {hop(1)})});
  EXPECT_TRUE(wait_until([&] { return fib.status().retries_total >= 2; }));
  const auto r = results();
  auto find = [&](const char* p, FibOutcome o) {
    return std::find_if(r.begin(), r.end(), [&](const FibResult& x) {
      return x.prefix == *Prefix::parse(p) && x.outcome == o;
    });
  };
  auto unresolved = find("172.30.0.10/32", FibOutcome::kFailed);
  ASSERT_NE(unresolved, r.end());
  EXPECT_EQ(unresolved->error, ENETUNREACH);
  EXPECT_NE(unresolved->message.find("10.99.0.1"), std::string::npos) << unresolved->message;
  auto refused = find("172.30.0.11/32", FibOutcome::kFailed);
  ASSERT_NE(refused, r.end());
  EXPECT_NE(refused->error, 0);
  EXPECT_FALSE(refused->message.empty());
  std::printf("kernel said: %s\n", refused->message.c_str());
  EXPECT_NE(find("172.30.0.10/32", FibOutcome::kRetrying), r.end());
  EXPECT_NE(find("172.30.0.12/32", FibOutcome::kInstalled), r.end());
  EXPECT_EQ(fib.status().routes_failed, 2u);
  EXPECT_FALSE(route("172.30.0.12/32").empty());
  const auto snap = fib.snapshot();
  const auto failed = std::count_if(snap.entries.begin(), snap.entries.end(),
                                    [](const FibEntry& e) { return e.state.rfind("failed", 0) == 0; });
  EXPECT_EQ(failed, 2);

  // The gateway's network appears: the retry succeeds.
  ip("addr add 10.99.0.5/24 dev fib1");
  EXPECT_TRUE(wait_until([&] { return !route("172.30.0.10/32").empty(); }, 5s));
}

TEST_F(NetlinkFibTest, RouteDeletedBySomeoneElseIsPutBack) {
  add_link(1);
  NetlinkFib fib;
  submit(fib, {update("172.30.0.10/32", {hop(1)})});
  ip("route del 172.30.0.10/32 proto bgp");
  EXPECT_TRUE(wait_until([&] { return !route("172.30.0.10/32").empty(); }));
}

TEST_F(NetlinkFibTest, RetainedRoutesSurviveRestartUntouchedAndStaleOnesAreSwept) {
  add_link(1);
  add_link(2);
  const auto dump = [&] { return ip("route show table all proto bgp") + ip("nexthop show"); };
  {
    NetlinkFib fib;  // retain_on_shutdown defaults to true (graceful restart)
    submit(fib, {update("172.30.0.10/32", {hop(1), hop(2)}), update("172.30.0.11/32", {hop(1)}),
                 update("172.30.0.12/32", {hop(2)})});
  }
  const auto before = dump();
  ASSERT_EQ(count_of(before, "172.30.0."), 3) << before;

  NetlinkFib fib;
  EXPECT_EQ(fib.status().stale_routes, 3u);
  EXPECT_EQ(dump(), before);
  // The RIB re-selects two of them: adopted with no kernel write at all.
  submit(fib, {update("172.30.0.10/32", {hop(1), hop(2)}), update("172.30.0.11/32", {hop(1)})});
  EXPECT_EQ(fib.status().netlink_messages, 0u);
  EXPECT_EQ(dump(), before);
  EXPECT_EQ(fib.status().stale_routes, 1u);
  fib.sweep();
  EXPECT_TRUE(fib.wait_idle(5s));
  EXPECT_EQ(route("172.30.0.12/32"), "");
  EXPECT_FALSE(route("172.30.0.10/32").empty());
  EXPECT_FALSE(route("172.30.0.11/32").empty());
  // The swept route's object is still a member of the kept group, so it stays.
  EXPECT_EQ(fib.status().nexthop_objects_count, 2u);
  EXPECT_EQ(count_of(ip("nexthop show"), "id "), 3) << ip("nexthop show");
}

TEST_F(NetlinkFibTest, FlushOnShutdownRemovesRoutesAndNexthopObjects) {
  add_link(1);
  add_link(2);
  {
    NetlinkFibOptions opts;
    opts.retain_on_shutdown = false;
    NetlinkFib fib(opts);
    submit(fib, {update("172.30.0.10/32", {hop(1), hop(2)}), update("2001:db8:ff::1/128", {hop(1, true)})});
    ASSERT_FALSE(route("172.30.0.10/32").empty());
  }
  EXPECT_EQ(ip("route show table all proto bgp"), "");
  EXPECT_EQ(ip("nexthop show"), "");
}

TEST_F(NetlinkFibTest, SnapshotShowsKernelNextToWantedAndDifferences) {
  add_link(1);
  add_link(2);
  NetlinkFib fib;
  submit(fib, {update("172.30.0.10/32", {hop(1), hop(2)})});
  ip("route add 172.30.0.99/32 via 10.1.0.2 proto bgp metric 20");  // someone else's, looks like ours
  const auto snap = fib.snapshot();
  ASSERT_TRUE(snap.from_kernel);
  ASSERT_EQ(snap.entries.size(), 2u);
  EXPECT_EQ(snap.entries[0].state, "installed");
  EXPECT_FALSE(snap.entries[0].differs());
  EXPECT_EQ(snap.entries[0].kernel.size(), 2u);
  EXPECT_EQ(snap.entries[1].state, "unexpected");
  EXPECT_TRUE(snap.entries[1].differs());
}

TEST_F(NetlinkFibTest, ConfiguredTableAndMetricAreUsed) {
  add_link(1);
  NetlinkFibOptions opts;
  opts.target.table = 1000;
  opts.target.metric = 77;
  NetlinkFib fib(opts);
  submit(fib, {update("172.30.0.10/32", {hop(1)})});
  const auto shown = ip("route show table 1000");
  EXPECT_NE(shown.find("172.30.0.10"), std::string::npos) << shown;
  EXPECT_NE(shown.find("metric 77"), std::string::npos) << shown;
  EXPECT_EQ(route("172.30.0.10/32"), "");  // not in main
}

TEST_F(NetlinkFibTest, AddressRemovalDropsNextHopsOnThatSubnetUntilItReturns) {
  add_link(1);
  add_link(2);
  NetlinkFib fib;
  submit(fib, {update("172.30.0.10/32", {hop(1), hop(2)})});
  ASSERT_EQ(count_of(route("172.30.0.10/32"), "nexthop via"), 2);
  ip("addr del 10.2.0.1/24 dev fib2");
  EXPECT_TRUE(wait_until([&] { return route("172.30.0.10/32").find("10.2.0.2") == std::string::npos; }))
      << route("172.30.0.10/32");
  EXPECT_NE(route("172.30.0.10/32").find("10.1.0.2"), std::string::npos);
  ip("addr add 10.2.0.1/24 dev fib2");
  EXPECT_TRUE(wait_until([&] { return count_of(route("172.30.0.10/32"), "nexthop via") == 2; }))
      << route("172.30.0.10/32");
}

TEST_F(NetlinkFibTest, BulkLoadStillPutsBackRoutesDeletedAfterwards) {
  add_link(1);
  NetlinkFib fib;
  std::vector<RouteUpdate> many;
  for (std::uint32_t i = 0; i < 30000; ++i) {
    many.push_back({Prefix(IpAddress::v4((11u << 24) + (i << 8)), 24), {hop(1)}});
  }
  submit(fib, many);
  EXPECT_EQ(fib.status().routes_installed, 30000u);
  // Route notifications were off during the bulk write; they must be back on.
  EXPECT_TRUE(wait_until([&] {
    ip("route del 11.0.1.0/24 proto bgp", false);
    return wait_until([&] { return !route("11.0.1.0/24").empty(); }, 500ms);
  }));
}

TEST_F(NetlinkFibTest, MonitorFilterDropsRouteAdditionsButKeepsDeletions) {
  add_link(1);
  NetlinkSocket monitor({RTNLGRP_IPV4_ROUTE});
  ASSERT_EQ(monitor.drop_message_type(RTM_NEWROUTE), 0);
  ip("route add 172.30.0.10/32 via 10.1.0.2");
  ip("route del 172.30.0.10/32");
  std::vector<std::uint16_t> types;
  std::vector<char> buf(64 << 10);
  ASSERT_TRUE(wait_until([&] {
    for (long n; (n = monitor.receive(buf.data(), buf.size(), false)) > 0;) {
      int len = static_cast<int>(n);
      for (auto* nlh = reinterpret_cast<const nlmsghdr*>(buf.data()); mnl_nlmsg_ok(nlh, len);
           nlh = mnl_nlmsg_next(nlh, &len)) {
        types.push_back(nlh->nlmsg_type);
      }
    }
    return !types.empty();
  }));
  EXPECT_EQ(types, std::vector<std::uint16_t>{RTM_DELROUTE});
}

TEST_F(NetlinkFibTest, FullQueueRejectsAndSignalsBackPressureWithoutBlocking) {
  add_link(1);
  NetlinkFibOptions opts;
  opts.queue_high_water = 10;
  opts.queue_limit = 100;
  NetlinkFib fib(opts);
  std::vector<RouteUpdate> batch;
  for (std::uint32_t i = 0; i < 50; ++i) batch.push_back({Prefix(IpAddress::v4((11u << 24) + (i << 8)), 24), {hop(1)}});
  std::vector<RouteUpdate> too_many(101, batch[0]);
  EXPECT_EQ(fib.submit(too_many), SubmitStatus::kRejected);
  EXPECT_EQ(fib.submit(batch), SubmitStatus::kBackpressure);
  ASSERT_TRUE(fib.wait_idle(10s));
  EXPECT_FALSE(fib.status().backpressure);
  EXPECT_EQ(fib.status().routes_installed, 50u);
}

TEST_F(NetlinkFibTest, OperationsAreCountedByKindAndEachAcknowledgedInstallHasALatency) {
  add_link(1);
  add_link(2);
  NetlinkFibOptions opts;
  opts.retry_initial = 10s;  // the refused route below stays failed during the test
  NetlinkFib fib(opts);
  submit(fib, {update("172.30.0.10/32", {hop(1), hop(2)}), update("172.30.0.11/32", {hop(1), hop(2)}),
               update("172.30.0.12/32", {hop(1)})});
  FibStatus s = fib.status();
  const auto at = [](const auto& a, NetlinkOp op) { return a[static_cast<std::size_t>(op)]; };
  EXPECT_EQ(at(s.netlink_ops, NetlinkOp::kRouteAdd), 3u);
  EXPECT_GE(at(s.netlink_ops, NetlinkOp::kNexthopSet), 3u);  // two objects and the group they share
  EXPECT_EQ(at(s.netlink_ops, NetlinkOp::kRouteDelete), 0u);
  for (std::size_t i = 0; i < kNetlinkOpCount; ++i) EXPECT_EQ(s.netlink_op_errors[i], 0u) << i;
  EXPECT_EQ(s.install_latency.count, 3u);
  EXPECT_GT(s.install_latency.sum, 0.0);
  EXPECT_LT(s.install_latency.sum, 30.0);
  std::uint64_t in_buckets = 0;
  for (const auto c : s.install_latency.counts) in_buckets += c;
  EXPECT_EQ(in_buckets, 3u);

  // A withdrawal is an operation but no install latency.
  submit(fib, {update("172.30.0.12/32", {})});
  s = fib.status();
  EXPECT_EQ(at(s.netlink_ops, NetlinkOp::kRouteDelete), 1u);
  EXPECT_EQ(s.install_latency.count, 3u);

  // The kernel refuses a gateway outside the device's networks: an error of
  // route_add, and still no latency sample (nothing was installed).
  submit(fib, {update("172.30.0.13/32", {{*IpAddress::parse("10.77.0.1"), ifindex("fib1"), 1}})});
  s = fib.status();
  EXPECT_EQ(at(s.netlink_op_errors, NetlinkOp::kRouteAdd), 1u);
  EXPECT_EQ(s.routes_failed, 1u);
  EXPECT_EQ(s.install_latency.count, 3u);
}

}  // namespace
}  // namespace bgp::fib

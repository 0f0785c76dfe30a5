#include "libbgp/fib/fake_fib.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace bgp::fib {
namespace {

const Prefix kVip = *Prefix::parse("172.30.0.10/32");

TEST(FakeFib, RecordsUpdatesAndKeepsLatestState) {
  FakeFib fib;
  std::vector<FibResult> seen;
  fib.set_result_handler([&](std::span<const FibResult> r) { seen.insert(seen.end(), r.begin(), r.end()); });
  const NextHop a{*IpAddress::parse("10.20.0.2")}, b{*IpAddress::parse("172.20.0.2")};
  RouteUpdate up{kVip, {b, a}};
  fib.submit({&up, 1});
  ASSERT_EQ(fib.installed().at(kVip).size(), 2u);
  EXPECT_EQ(fib.installed().at(kVip)[0], a);  // normalized order
  RouteUpdate down{kVip, {}};
  fib.submit({&down, 1});
  EXPECT_TRUE(fib.installed().empty());
  ASSERT_EQ(fib.operations().size(), 2u);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].outcome, FibOutcome::kRemoved);
}

TEST(FakeFib, RefusedPrefixIsReportedAsFailed) {
  FakeFib fib;
  fib.fail_prefix(kVip, ENETUNREACH, "unreachable");
  std::vector<FibResult> seen;
  fib.set_result_handler([&](std::span<const FibResult> r) { seen.insert(seen.end(), r.begin(), r.end()); });
  RouteUpdate up{kVip, {{*IpAddress::parse("10.0.0.1")}}};
  fib.submit({&up, 1});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].outcome, FibOutcome::kFailed);
  EXPECT_EQ(seen[0].error, ENETUNREACH);
  EXPECT_EQ(fib.status().routes_failed, 1u);
}

TEST(FakeFib, SweepDropsStaleNotResubmitted) {
  FakeFib fib;
  fib.add_stale(kVip, {{*IpAddress::parse("10.0.0.1")}});
  fib.add_stale(*Prefix::parse("10.9.0.0/16"), {{*IpAddress::parse("10.0.0.1")}});
  RouteUpdate up{kVip, {{*IpAddress::parse("10.0.0.2")}}};
  fib.submit({&up, 1});
  EXPECT_EQ(fib.status().stale_routes, 1u);
  fib.sweep();
  EXPECT_EQ(fib.status().stale_routes, 0u);
}

TEST(NextHopSet, NormalizedSortsAndDropsDuplicateGateways) {
  const NextHop a{*IpAddress::parse("10.0.0.1"), 0, 1}, a2{*IpAddress::parse("10.0.0.1"), 0, 5},
      b{*IpAddress::parse("10.0.0.2"), 0, 0};
  auto n = normalized({b, a2, a});
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(n[0].weight, 1);
  EXPECT_EQ(n[1].weight, 1);  // weight 0 is raised to the kernel's minimum
}

}  // namespace
}  // namespace bgp::fib

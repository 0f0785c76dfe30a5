#include "libbgp/fib/fib_snapshot_format.hpp"

#include <gtest/gtest.h>

namespace bgp::fib {
namespace {

FibSnapshot sample() {
  FibSnapshot s;
  const NextHop a{*IpAddress::parse("10.20.0.2"), 3, 1}, b{*IpAddress::parse("172.20.0.2"), 4, 2};
  s.entries.push_back({*Prefix::parse("172.30.0.10/32"), {a, b}, {a, b}, 7, false, "installed"});
  s.entries.push_back({*Prefix::parse("172.30.0.11/32"), {a}, {}, 0, false, "failed: Network is unreachable"});
  s.entries.push_back({*Prefix::parse("10.9.0.0/16"), {}, {a}, 0, true, "stale"});
  return s;
}

TEST(FibSnapshotFormat, JsonListsWantedAndKernelAndMarksDifferences) {
  const auto j = snapshot_to_json(sample());
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[0]["prefix"], "172.30.0.10/32");
  EXPECT_EQ(j[0]["differs"], false);
  EXPECT_EQ(j[0]["kernel"][1]["weight"], 2);
  EXPECT_EQ(j[1]["differs"], true);
  EXPECT_EQ(j[1]["kernel"].size(), 0u);
  EXPECT_EQ(j[2]["stale"], true);
}

TEST(FibSnapshotFormat, TextTableCountsDifferingPrefixes) {
  const auto t = snapshot_to_text(sample());
  EXPECT_NE(t.find("10.20.0.2%3,172.20.0.2%4*2"), std::string::npos) << t;
  EXPECT_NE(t.find("3 prefixes, 2 differ"), std::string::npos) << t;
}

}  // namespace
}  // namespace bgp::fib

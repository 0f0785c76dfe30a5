// IPv6 text as bgpdump prints it: the longest zero run becomes "::" even when
// it is one group (unlike RFC 5952 §4.2.2 and inet_ntop). Each expected string
// below is what Debian's bgpdump 1.6.2 prints for the address.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "libbgp/mrt/bgpdump_address.hpp"

namespace bgp::mrt {
namespace {

std::string printed(std::string_view text) {
  const auto a = IpAddress::parse(text);
  EXPECT_TRUE(a) << text;
  return a ? bgpdump_address(*a) : std::string();
}

TEST(BgpdumpAddress, ASingleZeroGroupIsShortenedToDoubleColon) {
  EXPECT_EQ(printed("2001:db8:0:1:1:1:1:1"), "2001:db8::1:1:1:1:1");
  EXPECT_EQ(printed("2001:7f8:4:0:1:2:3:4"), "2001:7f8:4::1:2:3:4");
  EXPECT_EQ(printed("0:1:2:3:4:5:6:7"), "::1:2:3:4:5:6:7");
  EXPECT_EQ(printed("1:2:3:4:5:6:7:0"), "1:2:3:4:5:6:7::");
}

TEST(BgpdumpAddress, OfEqualZeroRunsTheFirstIsShortened) {
  EXPECT_EQ(printed("2001:7f8:30:0:2:1:0:8447"), "2001:7f8:30::2:1:0:8447");
  EXPECT_EQ(printed("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
}

TEST(BgpdumpAddress, TheLongestZeroRunIsShortenedWhereverItIs) {
  EXPECT_EQ(printed("2001:0:0:1:0:0:0:1"), "2001:0:0:1::1");
  EXPECT_EQ(printed("2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(printed("fe80::"), "fe80::");
  EXPECT_EQ(printed("fe80::21b:21ff:fe3b:2c2"), "fe80::21b:21ff:fe3b:2c2");
  EXPECT_EQ(printed("::"), "::");
  EXPECT_EQ(printed("::1"), "::1");
  EXPECT_EQ(printed("::1:0:0"), "::1:0:0");
}

TEST(BgpdumpAddress, GroupsHaveNoLeadingZerosAndLowerCaseHex) {
  EXPECT_EQ(printed("2001:0DB8:00A0:0B00:1000:0001:0010:0100"), "2001:db8:a0:b00:1000:1:10:100");
}

TEST(BgpdumpAddress, MappedAndCompatibleAddressesEndInADottedQuad) {
  EXPECT_EQ(printed("::ffff:192.0.2.1"), "::ffff:192.0.2.1");
  EXPECT_EQ(printed("::ffff:0.0.0.0"), "::ffff:0.0.0.0");
  EXPECT_EQ(printed("::192.0.2.1"), "::192.0.2.1");
  // inet_ntop prints these two as ::102 and ::2.
  EXPECT_EQ(printed("::0.0.1.2"), "::0.0.1.2");
  EXPECT_EQ(printed("::2"), "::0.0.0.2");
}

TEST(BgpdumpAddress, Ipv4IsTheDottedQuad) {
  EXPECT_EQ(printed("192.0.2.1"), "192.0.2.1");
  EXPECT_EQ(printed("0.0.0.0"), "0.0.0.0");
}

TEST(BgpdumpAddress, PrefixIsAddressSlashLength) {
  const auto p = Prefix::parse("2001:db8:0:1::/64");
  ASSERT_TRUE(p);
  EXPECT_EQ(bgpdump_prefix(*p), "2001:db8:0:1::/64");
  const auto q = Prefix::parse("2001:db8:0:1:1:1:1:0/127");
  ASSERT_TRUE(q);
  EXPECT_EQ(bgpdump_prefix(*q), "2001:db8::1:1:1:1:0/127");
}

}  // namespace
}  // namespace bgp::mrt

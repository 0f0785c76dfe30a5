#include "libbgp/wire/address.hpp"

#include <gtest/gtest.h>

#include <array>

namespace bgp {
namespace {

TEST(Prefix, ParsesAndMasksHostBits) {
  auto p = Prefix::parse("10.20.3.4/16");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->to_string(), "10.20.0.0/16");
  EXPECT_EQ(p->length(), 16);
  EXPECT_EQ(p->afi(), Afi::kIpv4);
}

TEST(Prefix, ParsesIpv6AndHostRoutes) {
  auto p = Prefix::parse("2001:db8::1/128");
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->is_host());
  EXPECT_EQ(p->to_string(), "2001:db8::1/128");
  auto bare = Prefix::parse("172.30.0.10");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->to_string(), "172.30.0.10/32");
}

TEST(Prefix, RejectsMalformedText) {
  EXPECT_FALSE(Prefix::parse("10.0.0.0/33"));
  EXPECT_FALSE(Prefix::parse("10.0.0.0/"));
  EXPECT_FALSE(Prefix::parse("10.0.0/8"));
  EXPECT_FALSE(Prefix::parse("2001:db8::/129"));
  EXPECT_FALSE(Prefix::parse("10.0.0.0/8x"));
}

TEST(Prefix, FromWireMasksTrailingBitsAndChecksLength) {
  const std::array<std::byte, 2> bytes{std::byte{11}, std::byte{15}};
  auto p = Prefix::from_wire(Afi::kIpv4, 13, bytes);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->to_string(), "11.8.0.0/13");
  EXPECT_FALSE(Prefix::from_wire(Afi::kIpv4, 33, bytes));
  EXPECT_FALSE(Prefix::from_wire(Afi::kIpv4, 24, bytes));
}

TEST(Prefix, ContainmentFollowsLength) {
  auto net = *Prefix::parse("10.20.0.0/16");
  EXPECT_TRUE(net.contains(*IpAddress::parse("10.20.0.2")));
  EXPECT_FALSE(net.contains(*IpAddress::parse("10.21.0.2")));
  EXPECT_TRUE(net.contains(*Prefix::parse("10.20.1.0/24")));
  EXPECT_FALSE(Prefix::parse("10.20.1.0/24")->contains(net));
  EXPECT_FALSE(net.contains(*IpAddress::parse("::1")));
}

}  // namespace
}  // namespace bgp

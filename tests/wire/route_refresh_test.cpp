// ROUTE-REFRESH (RFC 2918, RFC 7313 subtypes) and KEEPALIVE, both ways.
#include "libbgp/wire/route_refresh.hpp"

#include <gtest/gtest.h>

#include <array>

#include "libbgp/wire/framing.hpp"
#include "tests/wire/session_bytes.hpp"

namespace bgp {
namespace {

using test::held;
using test::hex;
using test::to_vector;

struct RefreshCase {
  const char* bytes;
  Family family;
  RouteRefreshSubtype subtype;
};

TEST(RouteRefresh, EverySubtypeBothWays) {
  const RefreshCase cases[] = {
      {"ffffffffffffffffffffffffffffffff 0017 05 0001 00 01", kIpv4Unicast, RouteRefreshSubtype::kNormal},
      {"ffffffffffffffffffffffffffffffff 0017 05 0002 01 01", kIpv6Unicast, RouteRefreshSubtype::kBeginningOfRefresh},
      {"ffffffffffffffffffffffffffffffff 0017 05 0001 02 01", kIpv4Unicast, RouteRefreshSubtype::kEndOfRefresh},
  };
  for (const auto& c : cases) {
    const auto msg = hex(c.bytes);
    const FrameResult f = next_frame(msg);
    ASSERT_TRUE(f.complete()) << c.bytes;
    ASSERT_EQ(f.message.type, MessageType::kRouteRefresh);
    const auto rr = decode_route_refresh(f.message.body);
    ASSERT_TRUE(rr) << c.bytes;
    EXPECT_EQ(rr->family, c.family);
    EXPECT_EQ(rr->subtype, static_cast<std::uint8_t>(c.subtype));
    EXPECT_FALSE(rr->ignorable());
    std::array<std::byte, 64> out{};
    const std::size_t n = encode_route_refresh(out, c.family, c.subtype);
    EXPECT_EQ(to_vector(std::span(out).first(n)), msg) << c.bytes;
  }
}

TEST(RouteRefresh, UnknownSubtypeIsToBeIgnored) {
  const auto rr = decode_route_refresh(held("0001 03 01"));
  ASSERT_TRUE(rr);
  EXPECT_EQ(rr->subtype, 3);
  EXPECT_TRUE(rr->ignorable());  // RFC 7313 §5
}

TEST(RouteRefresh, WrongBodyLengthIsInvalidMessageLength) {
  const auto body = hex("0001 01 01 00");
  const auto rr = decode_route_refresh(body);
  ASSERT_FALSE(rr);
  EXPECT_EQ(rr.error().code, NotifyCode::kRouteRefresh);
  EXPECT_EQ(rr.error().subcode, 1);
  EXPECT_EQ(to_vector(rr.error().data), body);
}

TEST(RouteRefresh, EncoderRefusesSmallBuffers) {
  std::array<std::byte, 22> out{};
  EXPECT_EQ(encode_route_refresh(out, kIpv4Unicast), 0u);
}

TEST(Keepalive, BothWays) {
  const auto msg = hex("ffffffffffffffffffffffffffffffff 0013 04");
  std::array<std::byte, 19> out{};
  ASSERT_EQ(encode_keepalive(out), 19u);
  EXPECT_EQ(to_vector(out), msg);
  const FrameResult f = next_frame(msg);
  ASSERT_TRUE(f.complete());
  EXPECT_EQ(f.message.type, MessageType::kKeepalive);
  EXPECT_TRUE(f.message.body.empty());
  std::array<std::byte, 18> small{};
  EXPECT_EQ(encode_keepalive(small), 0u);
}

}  // namespace
}  // namespace bgp

#include "bgpd/daemon/next_hop_check.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace bgp::daemon {
namespace {

// An UPDATE body announcing 172.31.0.0/24 with ORIGIN IGP, AS_PATH 65102 and
// NEXT_HOP `nh` (4-octet AS session).
std::vector<std::byte> announce_with_next_hop(std::uint32_t nh) {
  const std::vector<std::uint8_t> attrs = {0x40, 1, 1, 0,                                  // ORIGIN IGP
                                           0x40, 2, 6, 2, 1, 0, 0, 0xfe, 0x4e,             // AS_SEQUENCE 65102
                                           0x40, 3, 4, static_cast<std::uint8_t>(nh >> 24), static_cast<std::uint8_t>(nh >> 16),
                                           static_cast<std::uint8_t>(nh >> 8), static_cast<std::uint8_t>(nh)};
  std::vector<std::uint8_t> body = {0, 0, 0, static_cast<std::uint8_t>(attrs.size())};
  body.insert(body.end(), attrs.begin(), attrs.end());
  body.insert(body.end(), {24, 172, 31, 0});
  std::vector<std::byte> out;
  for (auto b : body) out.push_back(std::byte{b});
  return out;
}

struct Case {
  std::uint32_t next_hop;
  bool usable;
};

class NextHopCheck : public ::testing::TestWithParam<Case> {};

TEST_P(NextHopCheck, RejectsAddressesThatAreNotUnicastHostsOrOurOwn) {
  const auto body = announce_with_next_hop(GetParam().next_hop);
  DecodeContext ctx;
  ctx.four_octet_as = true;
  const DecodedUpdate u = decode_update(body, ctx);
  ASSERT_EQ(u.action, ErrorAction::kNone);
  const IpAddress local = IpAddress::v4(0x0a140065);  // 10.20.0.101
  EXPECT_EQ(next_hop_fault(u, local).empty(), GetParam().usable) << IpAddress::v4(GetParam().next_hop).to_string();
}

INSTANTIATE_TEST_SUITE_P(Rfc4271Section63, NextHopCheck,
                         ::testing::Values(Case{0x0a140003, true},    // 10.20.0.3: a neighbour
                                           Case{0x00000000, false},   // 0.0.0.0
                                           Case{0x7f000001, false},   // 127.0.0.1
                                           Case{0xe0000001, false},   // 224.0.0.1 multicast
                                           Case{0xffffffff, false},   // broadcast
                                           Case{0x0a140065, false})); // our own address

TEST(NextHopCheck, WithdrawOnlyUpdateHasNoNextHopToCheck) {
  const std::vector<std::byte> body = {std::byte{0}, std::byte{4}, std::byte{24}, std::byte{172}, std::byte{31},
                                       std::byte{0}, std::byte{0}, std::byte{0}};
  const DecodedUpdate u = decode_update(body, DecodeContext{});
  EXPECT_TRUE(next_hop_fault(u, IpAddress::v4(0x0a140065)).empty());
}

}  // namespace
}  // namespace bgp::daemon

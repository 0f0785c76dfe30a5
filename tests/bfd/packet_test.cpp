// RFC 5880 §4.1 control packets: golden bytes both ways and every §6.8.6
// reception check the codec makes.
#include "libbgp/bfd/packet.hpp"

#include <array>
#include <cctype>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace bgp::bfd {
namespace {

std::vector<std::byte> bytes(std::initializer_list<int> v) {
  std::vector<std::byte> out;
  for (int b : v) out.push_back(std::byte(b));
  return out;
}

// A Down packet as FRR's bfdd sends it before it knows the remote: version 1,
// diag 0, Down, Detect Mult 3, 1 s slow-start TX, 300 ms RX, 50 ms echo.
const std::vector<std::byte> kDownFromFrr = bytes({
    0x20, 0x40, 0x03, 0x18,  // vers 1 diag 0 | Sta Down, no flags | mult 3 | len 24
    0x12, 0x34, 0x56, 0x78,  // My Discriminator
    0x00, 0x00, 0x00, 0x00,  // Your Discriminator
    0x00, 0x0f, 0x42, 0x40,  // Desired Min TX 1,000,000 us
    0x00, 0x04, 0x93, 0xe0,  // Required Min RX 300,000 us
    0x00, 0x00, 0xc3, 0x50,  // Required Min Echo RX 50,000 us
});

// Up with Poll, diag 1 (a previous detection timeout), 100 ms intervals.
const std::vector<std::byte> kUpWithPoll = bytes({
    0x21, 0xe0, 0x05, 0x18,  // vers 1 diag 1 | Sta Up + P | mult 5 | len 24
    0x00, 0x00, 0x00, 0x07,  // My Discriminator
    0xde, 0xad, 0xbe, 0xef,  // Your Discriminator
    0x00, 0x01, 0x86, 0xa0,  // 100,000 us
    0x00, 0x01, 0x86, 0xa0,  // 100,000 us
    0x00, 0x00, 0x00, 0x00,
});

TEST(BfdPacket, DecodesFrrDownPacket) {
  const DecodeResult r = decode(kDownFromFrr);
  ASSERT_TRUE(r.ok()) << decode_error_name(r.error);
  EXPECT_EQ(r.packet.diag, Diag::kNone);
  EXPECT_EQ(r.packet.state, State::kDown);
  EXPECT_FALSE(r.packet.poll);
  EXPECT_FALSE(r.packet.final);
  EXPECT_EQ(r.packet.detect_mult, 3);
  EXPECT_EQ(r.packet.my_discriminator, 0x12345678u);
  EXPECT_EQ(r.packet.your_discriminator, 0u);
  EXPECT_EQ(r.packet.desired_min_tx_us, 1'000'000u);
  EXPECT_EQ(r.packet.required_min_rx_us, 300'000u);
  EXPECT_EQ(r.packet.required_min_echo_rx_us, 50'000u);
}

TEST(BfdPacket, EncodesFrrDownPacketByteForByte) {
  ControlPacket p;
  p.state = State::kDown;
  p.detect_mult = 3;
  p.my_discriminator = 0x12345678;
  p.desired_min_tx_us = 1'000'000;
  p.required_min_rx_us = 300'000;
  p.required_min_echo_rx_us = 50'000;
  std::array<std::byte, kControlPacketSize> out{};
  ASSERT_EQ(encode(p, out), kControlPacketSize);
  EXPECT_EQ(std::vector<std::byte>(out.begin(), out.end()), kDownFromFrr);
}

TEST(BfdPacket, UpWithPollRoundTripsBothWays) {
  const DecodeResult r = decode(kUpWithPoll);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.packet.diag, Diag::kControlDetectionTimeExpired);
  EXPECT_EQ(r.packet.state, State::kUp);
  EXPECT_TRUE(r.packet.poll);
  EXPECT_FALSE(r.packet.final);
  EXPECT_EQ(r.packet.your_discriminator, 0xdeadbeefu);
  std::array<std::byte, kControlPacketSize> out{};
  ASSERT_EQ(encode(r.packet, out), kControlPacketSize);
  EXPECT_EQ(std::vector<std::byte>(out.begin(), out.end()), kUpWithPoll);
}

TEST(BfdPacket, EveryFlagBitLandsInItsPlace) {
  ControlPacket p;
  p.state = State::kInit;
  p.detect_mult = 1;
  p.my_discriminator = 1;
  p.your_discriminator = 2;
  p.final = true;
  p.control_plane_independent = true;
  p.demand = true;
  std::array<std::byte, kControlPacketSize> out{};
  encode(p, out);
  EXPECT_EQ(out[1], std::byte(0x80 | 0x10 | 0x08 | 0x02));
  const DecodeResult r = decode(out);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.packet, p);
}

TEST(BfdPacket, EncodeRefusesShortBuffer) {
  std::array<std::byte, kControlPacketSize - 1> out{};
  EXPECT_EQ(encode(ControlPacket{}, out), 0u);
}

TEST(BfdPacket, TrailingBytesBeyondLengthAreIgnored) {
  auto b = kDownFromFrr;
  b.push_back(std::byte(0xff));
  EXPECT_TRUE(decode(b).ok());
}

struct Reject {
  const char* what;
  std::size_t offset;
  int value;
  DecodeError expected;
};

class BfdPacketRejects : public ::testing::TestWithParam<Reject> {};

TEST_P(BfdPacketRejects, DiscardsAsSection6_8_6Says) {
  auto b = kUpWithPoll;
  b[GetParam().offset] = std::byte(GetParam().value);
  EXPECT_EQ(decode(b).error, GetParam().expected) << GetParam().what;
}

INSTANTIATE_TEST_SUITE_P(
    Section6_8_6, BfdPacketRejects,
    ::testing::Values(Reject{"version 0", 0, 0x01, DecodeError::kBadVersion},
                      Reject{"version 2", 0, 0x41, DecodeError::kBadVersion},
                      Reject{"length 23", 3, 23, DecodeError::kLengthTooSmall},
                      Reject{"length 25 > 24-byte datagram", 3, 25, DecodeError::kLengthExceedsPayload},
                      Reject{"detect mult 0", 2, 0, DecodeError::kZeroDetectMult},
                      Reject{"multipoint", 1, 0xc1, DecodeError::kMultipoint},
                      Reject{"A bit with length 24", 1, 0xc4, DecodeError::kLengthTooSmall},
                      Reject{"A bit with 26 bytes", 3, 26, DecodeError::kLengthExceedsPayload}),
    [](const auto& param_info) {
      std::string n;
      for (const char* c = param_info.param.what; *c; ++c) n += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
      return n;
    });

TEST(BfdPacket, ShorterThanMandatorySectionIsTruncated) {
  for (std::size_t n = 0; n < kControlPacketSize; ++n) {
    EXPECT_EQ(decode(std::span(kDownFromFrr).first(n)).error, DecodeError::kTruncated) << n;
  }
}

TEST(BfdPacket, AuthenticatedPacketIsDiscardedWithoutAuthenticationInUse) {
  auto b = kUpWithPoll;
  b[1] = std::byte(0xc4);  // Up + A
  b[3] = std::byte(28);
  for (int i = 0; i < 4; ++i) b.push_back(std::byte(1));
  EXPECT_EQ(decode(b).error, DecodeError::kAuthenticationNotInUse);
}

TEST(BfdPacket, ZeroMyDiscriminatorIsDiscarded) {
  auto b = kUpWithPoll;
  for (int i = 4; i < 8; ++i) b[i] = std::byte(0);
  EXPECT_EQ(decode(b).error, DecodeError::kZeroMyDiscriminator);
}

TEST(BfdPacket, ZeroYourDiscriminatorOnlyInDownOrAdminDown) {
  for (const auto& [sta, ok] : {std::pair{0x00, true}, {0x40, true}, {0x80, false}, {0xc0, false}}) {
    auto b = kDownFromFrr;
    b[1] = std::byte(sta);
    const DecodeResult r = decode(b);
    EXPECT_EQ(r.ok(), ok) << sta;
    if (!ok) {
      EXPECT_EQ(r.error, DecodeError::kZeroYourDiscriminator);
    }
  }
}

TEST(BfdPacket, NamesAreReadable) {
  EXPECT_EQ(state_name(State::kAdminDown), "AdminDown");
  EXPECT_EQ(diag_name(Diag::kControlDetectionTimeExpired), "Control Detection Time Expired");
  EXPECT_EQ(diag_name(static_cast<Diag>(31)), "Reserved");
}

}  // namespace
}  // namespace bgp::bfd

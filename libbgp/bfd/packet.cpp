#include "libbgp/bfd/packet.hpp"

namespace bgp::bfd {
namespace {

constexpr std::uint8_t kPollBit = 0x20;
constexpr std::uint8_t kFinalBit = 0x10;
constexpr std::uint8_t kCpiBit = 0x08;
constexpr std::uint8_t kAuthBit = 0x04;
constexpr std::uint8_t kDemandBit = 0x02;
constexpr std::uint8_t kMultipointBit = 0x01;
// §4.2: the authentication section's Type and Len come first, so a packet
// with the A bit needs at least two more bytes.
constexpr std::size_t kMinLengthWithAuth = kControlPacketSize + 2;

void put_u32(std::span<std::byte> out, std::size_t at, std::uint32_t v) {
  out[at] = std::byte(v >> 24);
  out[at + 1] = std::byte((v >> 16) & 0xff);
  out[at + 2] = std::byte((v >> 8) & 0xff);
  out[at + 3] = std::byte(v & 0xff);
}

}  // namespace

DecodeResult decode(Bytes datagram) {
  DecodeResult r;
  ByteReader in(datagram);
  if (datagram.size() < kControlPacketSize) {
    r.error = DecodeError::kTruncated;
    return r;
  }
  // Cannot fail below: 24 bytes are there.
  const std::uint8_t vers_diag = *in.u8();
  const std::uint8_t sta_flags = *in.u8();
  const std::uint8_t detect_mult = *in.u8();
  const std::uint8_t length = *in.u8();
  ControlPacket& p = r.packet;
  p.diag = static_cast<Diag>(vers_diag & 0x1f);
  p.state = static_cast<State>(sta_flags >> 6);
  p.poll = sta_flags & kPollBit;
  p.final = sta_flags & kFinalBit;
  p.control_plane_independent = sta_flags & kCpiBit;
  p.authentication = sta_flags & kAuthBit;
  p.demand = sta_flags & kDemandBit;
  p.multipoint = sta_flags & kMultipointBit;
  p.detect_mult = detect_mult;
  p.my_discriminator = *in.u32();
  p.your_discriminator = *in.u32();
  p.desired_min_tx_us = *in.u32();
  p.required_min_rx_us = *in.u32();
  p.required_min_echo_rx_us = *in.u32();

  // §6.8.6, in the RFC's order.
  if ((vers_diag >> 5) != kVersion) {
    r.error = DecodeError::kBadVersion;
  } else if (length < (p.authentication ? kMinLengthWithAuth : kControlPacketSize)) {
    r.error = DecodeError::kLengthTooSmall;
  } else if (length > datagram.size()) {
    r.error = DecodeError::kLengthExceedsPayload;
  } else if (p.detect_mult == 0) {
    r.error = DecodeError::kZeroDetectMult;
  } else if (p.multipoint) {
    r.error = DecodeError::kMultipoint;
  } else if (p.my_discriminator == 0) {
    r.error = DecodeError::kZeroMyDiscriminator;
  } else if (p.your_discriminator == 0 && p.state != State::kDown && p.state != State::kAdminDown) {
    r.error = DecodeError::kZeroYourDiscriminator;
  } else if (p.authentication) {
    r.error = DecodeError::kAuthenticationNotInUse;
  }
  return r;
}

std::size_t encode(const ControlPacket& p, std::span<std::byte> out) {
  if (out.size() < kControlPacketSize) return 0;
  out[0] = std::byte((kVersion << 5) | (static_cast<std::uint8_t>(p.diag) & 0x1f));
  std::uint8_t flags = static_cast<std::uint8_t>(static_cast<std::uint8_t>(p.state) << 6);
  if (p.poll) flags |= kPollBit;
  if (p.final) flags |= kFinalBit;
  if (p.control_plane_independent) flags |= kCpiBit;
  if (p.authentication) flags |= kAuthBit;
  if (p.demand) flags |= kDemandBit;
  if (p.multipoint) flags |= kMultipointBit;
  out[1] = std::byte(flags);
  out[2] = std::byte(p.detect_mult);
  out[3] = std::byte(kControlPacketSize);
  put_u32(out, 4, p.my_discriminator);
  put_u32(out, 8, p.your_discriminator);
  put_u32(out, 12, p.desired_min_tx_us);
  put_u32(out, 16, p.required_min_rx_us);
  put_u32(out, 20, p.required_min_echo_rx_us);
  return kControlPacketSize;
}

}  // namespace bgp::bfd

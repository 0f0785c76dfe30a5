#pragma once
// RFC 5880 §4.1 BFD Control packets: encode, and decode with every reception
// check of §6.8.6 that does not need session state. Authentication (§4.2-4.4)
// is not supported, so a packet with the A bit set is discarded (§6.8.6:
// "If the A bit is set and no authentication is in use ... MUST be discarded").
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "libbgp/wire/byte_reader.hpp"

namespace bgp::bfd {

// §4.1 "State (Sta)".
enum class State : std::uint8_t { kAdminDown = 0, kDown = 1, kInit = 2, kUp = 3 };
std::string_view state_name(State s);  // "AdminDown", "Down", "Init", "Up"

// §4.1 "Diagnostic (Diag)".
enum class Diag : std::uint8_t {
  kNone = 0,
  kControlDetectionTimeExpired = 1,
  kEchoFunctionFailed = 2,
  kNeighborSignaledSessionDown = 3,
  kForwardingPlaneReset = 4,
  kPathDown = 5,
  kConcatenatedPathDown = 6,
  kAdministrativelyDown = 7,
  kReverseConcatenatedPathDown = 8,
};
std::string_view diag_name(Diag d);  // "Control Detection Time Expired", ...; "Unknown (N)" never: codes > 8 map to "Reserved"

inline constexpr std::uint8_t kVersion = 1;
inline constexpr std::size_t kControlPacketSize = 24;  // mandatory section, no authentication

// §4.1: every field of the mandatory section. Intervals are in microseconds,
// as on the wire.
struct ControlPacket {
  Diag diag = Diag::kNone;
  State state = State::kDown;
  bool poll = false;
  bool final = false;
  bool control_plane_independent = false;
  bool authentication = false;
  bool demand = false;
  bool multipoint = false;
  std::uint8_t detect_mult = 0;
  std::uint32_t my_discriminator = 0;
  std::uint32_t your_discriminator = 0;
  std::uint32_t desired_min_tx_us = 0;
  std::uint32_t required_min_rx_us = 0;
  std::uint32_t required_min_echo_rx_us = 0;
  friend bool operator==(const ControlPacket&, const ControlPacket&) = default;
};

// Why a received datagram was discarded (§6.8.6, in the order it checks).
enum class DecodeError : std::uint8_t {
  kNone,
  kTruncated,               // fewer than 24 bytes: not even the mandatory section
  kBadVersion,              // "If the version number is not correct (1)"
  kLengthTooSmall,          // "Length field is less than the minimum correct value (24 ... or 26 if the A bit is set)"
  kLengthExceedsPayload,    // "Length field is greater than the payload of the encapsulating protocol"
  kZeroDetectMult,          // "If the Detect Mult field is zero"
  kMultipoint,              // "If the Multipoint (M) bit is nonzero"
  kZeroMyDiscriminator,     // "If the My Discriminator field is zero"
  kZeroYourDiscriminator,   // "Your Discriminator field is zero and the State field is not Down or AdminDown"
  kAuthenticationNotInUse,  // "If the A bit is set and no authentication is in use"
};
std::string_view decode_error_name(DecodeError e);

struct DecodeResult {
  ControlPacket packet;  // meaningful only when error == kNone
  DecodeError error = DecodeError::kNone;
  bool ok() const { return error == DecodeError::kNone; }
};

// Decodes one UDP payload. Bytes after `Length` are ignored (the encapsulating
// protocol may pad). The checks that need a session (Your Discriminator
// selects none; the A bit clear while authentication is in use) are the
// caller's.
DecodeResult decode(Bytes datagram);

// Writes the 24-byte mandatory section into `out` (which must hold
// kControlPacketSize bytes) and returns the number of bytes written (24), or
// 0 when `out` is too small. The A bit is written as given; Length is 24.
std::size_t encode(const ControlPacket& p, std::span<std::byte> out);

}  // namespace bgp::bfd

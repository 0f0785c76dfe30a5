#pragma once
// Connection collision detection, RFC 4271 §6.8 (with RFC 6286 §2.3 for equal
// BGP Identifiers). Called by the daemon when one of two connections to the
// same peer receives an OPEN; it names the connection to close, which then
// gets the OpenCollisionDump event (Cease/Connection Collision Resolution).
#include <cstdint>
#include <optional>

#include "libbgp/fsm/events.hpp"
#include "libbgp/wire/errors.hpp"

namespace bgp::fsm {

// Who opened the TCP connection.
enum class Direction : std::uint8_t {
  kOutgoing,  // initiated by the local system
  kIncoming,  // initiated by the peer
};

struct CollisionInput {
  State outgoing_state = State::kIdle;  // state of the locally initiated connection
  State incoming_state = State::kIdle;  // state of the peer-initiated connection
  std::uint32_t local_id = 0;           // our BGP Identifier, host order
  std::uint32_t remote_id = 0;          // the peer's BGP Identifier from the OPEN, host order
  std::uint32_t local_as = 0;           // only consulted when the identifiers are equal
  std::uint32_t remote_as = 0;
  // RFC 4271 §8.1.1 CollisionDetectEstablishedState: when false (the default,
  // as in the RFC) a connection colliding with an Established one is closed
  // unconditionally; when true the identifiers decide even then.
  bool detect_established = false;
};

// Returns the connection to close, or nullopt when there is no collision yet:
// a collision exists once both connections are past the TCP stage and at least
// one has received the OPEN (OpenConfirm or Established); a connection in
// OpenSent counts because the identifier is known from the other one (§6.8).
// Rules: against Established, close the other one (unless detect_established);
// otherwise if local_id < remote_id close the outgoing connection, else the
// incoming one; equal identifiers: the connection initiated by the speaker with
// the larger AS number is kept (RFC 6286 §2.3).
std::optional<Direction> connection_to_close(const CollisionInput& in);

// The NOTIFICATION sent on the closed connection: Cease / Connection Collision
// Resolution (RFC 4486 §4 subcode 7).
constexpr Notification collision_notification() {
  return Notification{NotifyCode::kCease, static_cast<std::uint8_t>(CeaseSubcode::kConnectionCollisionResolution), {}};
}

}  // namespace bgp::fsm

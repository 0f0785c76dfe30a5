#include "libbgp/fsm/collision.hpp"

namespace bgp::fsm {
namespace {

// Past the TCP stage: our OPEN is out, so the connection can take part in a
// collision (OpenSent counts because the other connection told us the
// peer's identifier, §6.8 "by means outside of the protocol").
bool exchanging_opens(State s) {
  return s == State::kOpenSent || s == State::kOpenConfirm || s == State::kEstablished;
}
bool open_received(State s) { return s == State::kOpenConfirm || s == State::kEstablished; }

}  // namespace

std::optional<Direction> connection_to_close(const CollisionInput& in) {
  if (!exchanging_opens(in.outgoing_state) || !exchanging_opens(in.incoming_state)) return std::nullopt;
  if (!open_received(in.outgoing_state) && !open_received(in.incoming_state)) return std::nullopt;

  const bool outgoing_up = in.outgoing_state == State::kEstablished;
  const bool incoming_up = in.incoming_state == State::kEstablished;
  if (!in.detect_established && (outgoing_up || incoming_up)) {
    // §6.8: "a connection collision with an existing BGP connection that is in
    // the Established state ... unconditionally closes off the newly created
    // connection". Two Established connections cannot both be new; keep the
    // outgoing one arbitrarily but deterministically by falling through.
    if (outgoing_up && !incoming_up) return Direction::kIncoming;
    if (incoming_up && !outgoing_up) return Direction::kOutgoing;
  }
  // §6.8 step 3: "If the value of the local BGP Identifier is less than the
  // remote one, the local system closes the BGP connection that already
  // exists (the one that is already in the OpenConfirm state), and accepts
  // the BGP connection initiated by the remote system" — i.e. the connection
  // the local system initiated is closed; otherwise the remote-initiated one.
  if (in.local_id < in.remote_id) return Direction::kOutgoing;
  if (in.local_id > in.remote_id) return Direction::kIncoming;
  // RFC 6286 §2.3: equal identifiers — keep the connection initiated by the
  // speaker with the larger AS number.
  if (in.local_as > in.remote_as) return Direction::kIncoming;
  return Direction::kOutgoing;
}

}  // namespace bgp::fsm

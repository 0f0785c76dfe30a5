#pragma once
// States and input events of the RFC 4271 §8 BGP finite state machine.
// Time and I/O reach the FSM only as these events; it never reads a clock or
// touches a socket.
#include <cstdint>
#include <optional>
#include <string_view>

#include "libbgp/wire/errors.hpp"

namespace bgp::fsm {

// RFC 4271 §8.2.2: the six session states.
enum class State : std::uint8_t {
  kIdle,
  kConnect,
  kActive,
  kOpenSent,
  kOpenConfirm,
  kEstablished,
};
std::string_view state_name(State s);  // "Idle", "Connect", ... "Established"

// RFC 4271 §8.1: every event, numbered as the RFC numbers it.
enum class EventType : std::uint8_t {
  // §8.1.2 administrative events
  kManualStart = 1,                                 // Event 1
  kManualStop = 2,                                  // Event 2
  kAutomaticStart = 3,                              // Event 3
  kManualStartWithPassiveTcpEstablishment = 4,      // Event 4
  kAutomaticStartWithPassiveTcpEstablishment = 5,   // Event 5
  kAutomaticStartWithDampPeerOscillations = 6,      // Event 6 (treated as Event 3; damping is built in)
  kAutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment = 7,  // Event 7 (as Event 5)
  kAutomaticStop = 8,                               // Event 8 (no automatic restart follows)
  // §8.1.3 timer events
  kConnectRetryTimerExpires = 9,                    // Event 9
  kHoldTimerExpires = 10,                           // Event 10
  kKeepaliveTimerExpires = 11,                      // Event 11
  kDelayOpenTimerExpires = 12,                      // Event 12
  kIdleHoldTimerExpires = 13,                       // Event 13 (back-off over: restart)
  // §8.1.4 TCP connection-based events
  kTcpConnectionValid = 14,                         // Event 14
  kTcpCrInvalid = 15,                               // Event 15
  kTcpCrAcked = 16,                                 // Event 16 (our outgoing connect completed)
  kTcpConnectionConfirmed = 17,                     // Event 17 (peer's incoming connection accepted)
  kTcpConnectionFails = 18,                         // Event 18
  // §8.1.5 BGP message-based events
  kBgpOpen = 19,                                    // Event 19 (valid OPEN; carries the peer's hold time)
  kBgpOpenWithDelayOpenTimerRunning = 20,           // Event 20 (the FSM derives this from 19 itself)
  kBgpHeaderErr = 21,                               // Event 21 (carries the NOTIFICATION to send)
  kBgpOpenMsgErr = 22,                              // Event 22 (carries the NOTIFICATION to send)
  kOpenCollisionDump = 23,                          // Event 23 (this connection lost §6.8 collision)
  kNotifMsgVerErr = 24,                             // Event 24
  kNotifMsg = 25,                                   // Event 25 (carries the NOTIFICATION received)
  kKeepAliveMsg = 26,                               // Event 26
  kUpdateMsg = 27,                                  // Event 27
  kUpdateMsgErr = 28,                               // Event 28 (carries the NOTIFICATION to send)
  // Not in RFC 4271: the session has stayed Established for Settings::stable_time,
  // so the IdleHold back-off starts again from zero (see fsm.hpp).
  kStableTimerExpires = 100,
};
std::string_view event_name(EventType e);  // "ManualStart", "BGPOpen", ... (RFC spelling)

// One input to step(). Only some events carry data:
//  - kBgpOpen / kBgpOpenWithDelayOpenTimerRunning: peer_hold_time from the
//    peer's OPEN (already validated by the codec: 0 or >= 3; the FSM re-checks).
//  - kBgpHeaderErr, kBgpOpenMsgErr, kUpdateMsgErr: the NOTIFICATION to send.
//  - kNotifMsg, kNotifMsgVerErr: the NOTIFICATION received (for SessionDown).
//  - kManualStop, kAutomaticStop, kOpenCollisionDump: optionally the Cease to
//    send (defaults: Cease/Administrative Shutdown, Cease (subcode 0),
//    Cease/Connection Collision Resolution).
// The Notification's data span must stay valid until the actions are executed.
struct Event {
  EventType type = EventType::kManualStart;
  std::uint16_t peer_hold_time = 0;
  std::optional<Notification> notification{};

  static Event of(EventType t) { return Event{t, 0, std::nullopt}; }
  static Event open(std::uint16_t peer_hold) { return Event{EventType::kBgpOpen, peer_hold, std::nullopt}; }
  static Event with(EventType t, Notification n) { return Event{t, 0, n}; }
};

}  // namespace bgp::fsm

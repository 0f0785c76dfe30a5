#pragma once
// The RFC 4271 §8 finite state machine as a function: step(session, event)
// returns the new state and the actions to perform. Pure: no sockets, no
// clocks, no exceptions, no allocation; `session` is the only thing touched.
//
// Connection model (RFC 4271 §8 first paragraph, as OpenBGPD and GoBGP do it):
// one Session per TCP connection attempt. A configured peer owns one long-lived
// Session that does the active/passive starts and the automatic restarts. While
// that Session is in Connect or Active an incoming connection from the peer is
// simply given to it (TcpConnectionConfirmed). If one arrives while it is in
// OpenSent, OpenConfirm or Established, the daemon runs a second, transient
// Session for it (ManualStartWithPassiveTcpEstablishment then
// TcpConnectionConfirmed); when either connection receives an OPEN, the daemon
// asks collision.hpp which one to close and posts OpenCollisionDump to that
// one, which sends Cease/Connection Collision Resolution (RFC 4486) and goes
// Idle without scheduling a restart. If the transient one wins it becomes the
// peer's Session.
//
// Automatic restart and damping (RFC 4271 §8.1.1 DampPeerOscillations, whose
// method the RFC leaves to implementations): whenever a started session falls
// back to Idle for any reason other than ManualStop, AutomaticStop or
// OpenCollisionDump, the transition ends with StartIdleHoldTimer(d). d is 0 for
// the first fall, then idle_hold_initial (5 s), doubling on every further fall
// up to idle_hold_max (120 s). IdleHoldTimer_Expires in Idle restarts the
// session the way it was last started (active or passive). The back-off goes
// back to 0 once a session has stayed Established for stable_time (60 s): the
// FSM emits StartStableTimer on entering Established and the daemon posts
// StableTimer_Expires when it fires.
#include <cstdint>

#include "libbgp/fsm/actions.hpp"
#include "libbgp/fsm/events.hpp"

namespace bgp::fsm {

// Per-peer timer configuration (from config::EffectiveNeighbor), in seconds.
struct Settings {
  std::uint16_t hold_time = 90;        // proposed in our OPEN; 0 disables keepalives
  std::uint16_t keepalive = 30;        // used as min(keepalive, negotiated hold / 3)
  std::uint16_t connect_retry = 120;   // ConnectRetryTime (FRR and BIRD use 120)
  std::uint16_t delay_open = 0;        // DelayOpenTime; 0 = DelayOpen off (RFC 4271 §8.1.1)
  std::uint16_t open_hold = 240;       // "large value" HoldTimer while in OpenSent (§8.2.2: 4 min suggested)
  std::uint16_t idle_hold_initial = 5; // first non-zero back-off
  std::uint16_t idle_hold_max = 120;   // back-off ceiling
  std::uint16_t stable_time = 60;      // Established this long resets the back-off
  bool passive = false;                // never initiate TCP (AutomaticStart becomes the passive variant)
};

struct Session {
  State state = State::kIdle;
  Settings settings{};
  std::uint32_t connect_retry_counter = 0;   // ConnectRetryCounter (§8.1.1)
  std::uint16_t negotiated_hold = 0;          // min(ours, peer's) after OPEN; 0 = no hold/keepalive
  std::uint16_t negotiated_keepalive = 0;
  bool delay_open_running = false;            // decides Event 19 vs Event 20
  bool started_passive = false;               // how the last start asked to connect
  bool auto_restart = false;                  // a start is in force (cleared by Manual/AutomaticStop)
  std::uint16_t next_idle_hold = 0;           // back-off for the next fall to Idle
  std::uint32_t flaps = 0;                    // times the session left Established
};

struct Transition {
  State from = State::kIdle;
  State to = State::kIdle;
  EventType event = EventType::kManualStart;
  ActionList actions{};
  bool changed() const { return from != to; }
};

// Applies one event. Events not valid in the current state follow the RFC's
// "any other event" row of that state (usually: NOTIFICATION FSM Error with
// the RFC 6608 subcode, then Idle).
Transition step(Session& session, const Event& event);

// Negotiated hold time (RFC 4271 §4.2: the smaller of the two; 0 if either is 0)
// and the keepalive interval it implies (at most a third of it, §10).
std::uint16_t negotiate_hold_time(std::uint16_t ours, std::uint16_t peers);
std::uint16_t keepalive_interval(std::uint16_t negotiated_hold, std::uint16_t configured_keepalive);

}  // namespace bgp::fsm

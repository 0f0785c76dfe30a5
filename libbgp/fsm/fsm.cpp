// RFC 4271 §8.2.2, one function per state. Each case cites the row of the
// state's description it implements. Deliberate deviations, each for the
// reason given where it happens:
//  - a received NOTIFICATION never triggers a NOTIFICATION back (§4.5/§6.4);
//  - an OPEN on a connection that already got one is an FSM Error (collisions
//    between two connections are resolved by the daemon, see fsm.hpp);
//  - a header error in Established sends the header error (§6.1), not FSM Error;
//  - SendNOTIFICATIONwithoutOPEN is FALSE (the RFC default);
//  - timers a transition to Idle would restart only to be ignored in Idle are
//    stopped instead (Active + TcpConnectionFails).
#include "libbgp/fsm/fsm.hpp"

#include <algorithm>

namespace bgp::fsm {
namespace {

Action act(ActionType t) { return Action{t, 0, {}, DownReason::kNone}; }
Action timer(ActionType t, std::uint32_t seconds) { return Action{t, seconds, {}, DownReason::kNone}; }
Action send_notification(const Notification& n) { return Action{ActionType::kSendNotification, 0, n, DownReason::kNone}; }

Notification notification(NotifyCode code, std::uint8_t subcode) { return Notification{code, subcode, {}}; }
Notification cease(CeaseSubcode s) { return notification(NotifyCode::kCease, static_cast<std::uint8_t>(s)); }
Notification hold_timer_expired() { return notification(NotifyCode::kHoldTimerExpired, 0); }

// RFC 6608: which state received the unexpected event.
Notification fsm_error(State s) {
  FsmSubcode sub = FsmSubcode::kUnspecified;
  if (s == State::kOpenSent) sub = FsmSubcode::kUnexpectedInOpenSent;
  if (s == State::kOpenConfirm) sub = FsmSubcode::kUnexpectedInOpenConfirm;
  if (s == State::kEstablished) sub = FsmSubcode::kUnexpectedInEstablished;
  return notification(NotifyCode::kFsm, static_cast<std::uint8_t>(sub));
}

Notification given_or(const Event& e, Notification fallback) { return e.notification.value_or(fallback); }

enum class Counter : std::uint8_t { kKeep, kIncrement, kReset };  // ConnectRetryCounter effect

struct Ctx {
  Session& s;
  const Event& e;
  Transition& t;
  void push(const Action& a) { t.actions.push(a); }
  void go(State next) {
    s.state = next;
    t.to = next;
  }
};

std::uint16_t grow_backoff(const Settings& st, std::uint16_t current) {
  if (current == 0) return std::min(st.idle_hold_initial, st.idle_hold_max);
  const std::uint32_t doubled = static_cast<std::uint32_t>(current) * 2;
  return static_cast<std::uint16_t>(std::min<std::uint32_t>(doubled, st.idle_hold_max));
}

// Every "changes its state to Idle" row: optional NOTIFICATION, all timers
// stopped (ConnectRetryTimer "set to zero"), routes deleted when leaving
// Established, TCP dropped, resources released, counter updated, and — the
// DampPeerOscillations part — the automatic restart scheduled with back-off.
void to_idle(Ctx& c, std::optional<Notification> send, Counter counter, bool restart, DownReason reason,
             std::optional<Notification> down_notification = std::nullopt) {
  Session& s = c.s;
  if (send) c.push(send_notification(*send));
  c.push(act(ActionType::kStopConnectRetryTimer));
  c.push(act(ActionType::kStopHoldTimer));
  c.push(act(ActionType::kStopKeepaliveTimer));
  c.push(act(ActionType::kStopDelayOpenTimer));
  if (s.state == State::kEstablished) {
    c.push(act(ActionType::kStopStableTimer));
    Action down = act(ActionType::kSessionDown);
    down.reason = reason;
    if (down_notification) {
      down.notification = *down_notification;
    } else if (send) {
      down.notification = *send;
    }
    c.push(down);
    ++s.flaps;
  }
  c.push(act(ActionType::kDropTcpConnection));
  c.push(act(ActionType::kReleaseResources));
  switch (counter) {
    case Counter::kKeep: break;
    case Counter::kIncrement: ++s.connect_retry_counter; break;
    case Counter::kReset: s.connect_retry_counter = 0; break;
  }
  s.delay_open_running = false;
  s.negotiated_hold = 0;
  s.negotiated_keepalive = 0;
  if (!restart) {
    s.auto_restart = false;
  } else if (s.auto_restart) {
    c.push(timer(ActionType::kStartIdleHoldTimer, s.next_idle_hold));
    s.next_idle_hold = grow_backoff(s.settings, s.next_idle_hold);
  }
  c.go(State::kIdle);
}

// Idle, Events 1/3/4/5 (and 13 as our restart): "initializes all BGP
// resources, sets the ConnectRetryCounter to zero, starts the ConnectRetryTimer
// with the initial value", then initiates TCP (→ Connect) or only listens (→ Active).
void start(Ctx& c, bool passive) {
  Session& s = c.s;
  passive = passive || s.settings.passive;
  s.connect_retry_counter = 0;
  s.auto_restart = true;
  s.started_passive = passive;
  s.delay_open_running = false;
  c.push(act(ActionType::kStopIdleHoldTimer));
  c.push(timer(ActionType::kStartConnectRetryTimer, s.settings.connect_retry));
  if (passive) {
    c.go(State::kActive);
  } else {
    c.push(act(ActionType::kInitiateTcpConnection));
    c.go(State::kConnect);
  }
}

// The OPEN is sent and the HoldTimer set "to a large value" (Connect/Active
// on TCP established without DelayOpen, or DelayOpenTimer_Expires).
void send_open_and_wait(Ctx& c) {
  c.s.delay_open_running = false;
  c.push(act(ActionType::kStopConnectRetryTimer));
  c.push(act(ActionType::kStopDelayOpenTimer));
  c.push(act(ActionType::kSendOpen));
  c.push(timer(ActionType::kStartHoldTimer, c.s.settings.open_hold));
  c.go(State::kOpenSent);
}

// Connect/Active, TCP established: with DelayOpen wait for the peer's OPEN
// first; otherwise send ours now.
void tcp_established(Ctx& c) {
  if (c.s.settings.delay_open > 0) {
    c.push(act(ActionType::kStopConnectRetryTimer));
    c.push(timer(ActionType::kStartDelayOpenTimer, c.s.settings.delay_open));
    c.s.delay_open_running = true;
    return;
  }
  send_open_and_wait(c);
}

// RFC 4271 §6.2: "Hold Time MUST be either zero or at least three seconds".
bool hold_time_acceptable(std::uint16_t h) { return h == 0 || h >= 3; }

Notification unacceptable_hold_time() {
  return notification(NotifyCode::kOpenMessage, static_cast<std::uint8_t>(OpenSubcode::kUnacceptableHoldTime));
}

// Starts the negotiated KeepaliveTimer and HoldTimer, or stops both when the
// negotiated hold time is zero ("resets the KeepaliveTimer and HoldTimer").
void arm_negotiated_timers(Ctx& c) {
  Session& s = c.s;
  s.negotiated_hold = negotiate_hold_time(s.settings.hold_time, c.e.peer_hold_time);
  s.negotiated_keepalive = keepalive_interval(s.negotiated_hold, s.settings.keepalive);
  if (s.negotiated_hold == 0) {
    c.push(act(ActionType::kStopKeepaliveTimer));
    c.push(act(ActionType::kStopHoldTimer));
    return;
  }
  c.push(timer(ActionType::kStartKeepaliveTimer, s.negotiated_keepalive));
  c.push(timer(ActionType::kStartHoldTimer, s.negotiated_hold));
}

void restart_hold_timer(Ctx& c) {
  if (c.s.negotiated_hold > 0) c.push(timer(ActionType::kStartHoldTimer, c.s.negotiated_hold));
}

void send_keepalive(Ctx& c) {
  c.push(act(ActionType::kSendKeepalive));
  if (c.s.negotiated_keepalive > 0) c.push(timer(ActionType::kStartKeepaliveTimer, c.s.negotiated_keepalive));
}

// Connect and Active, Event 20: "stops the ConnectRetryTimer, completes the
// BGP initialization, stops and clears the DelayOpenTimer, sends an OPEN
// message, sends a KEEPALIVE message", sets the negotiated timers → OpenConfirm.
void open_during_delay(Ctx& c) {
  if (!hold_time_acceptable(c.e.peer_hold_time)) {
    // The codec should have caught it; treated as Event 22 (no NOTIFICATION
    // before our OPEN: SendNOTIFICATIONwithoutOPEN is FALSE).
    to_idle(c, std::nullopt, Counter::kIncrement, true, DownReason::kNotificationSent);
    return;
  }
  c.s.delay_open_running = false;
  c.push(act(ActionType::kStopConnectRetryTimer));
  c.push(act(ActionType::kStopDelayOpenTimer));
  c.push(act(ActionType::kSendOpen));
  c.push(act(ActionType::kSendKeepalive));
  arm_negotiated_timers(c);
  c.go(State::kOpenConfirm);
}

void idle(Ctx& c) {
  switch (c.e.type) {
    case EventType::kManualStart:
    case EventType::kAutomaticStart:
      start(c, false);
      return;
    case EventType::kManualStartWithPassiveTcpEstablishment:
    case EventType::kAutomaticStartWithPassiveTcpEstablishment:
      start(c, true);
      return;
    case EventType::kIdleHoldTimerExpires:
      // The back-off is over: restart as last started (DampPeerOscillations).
      if (c.s.auto_restart) start(c, c.s.started_passive);
      return;
    default:
      return;  // "Any other event ... does not cause change in the state"; ManualStop/AutomaticStop ignored
  }
}

// Connect and Active share most rows; `active` selects the differences.
void connect_or_active(Ctx& c, bool active) {
  Session& s = c.s;
  switch (c.e.type) {
    case EventType::kManualStart:
    case EventType::kAutomaticStart:
    case EventType::kManualStartWithPassiveTcpEstablishment:
    case EventType::kAutomaticStartWithPassiveTcpEstablishment:
      return;  // ignored
    case EventType::kManualStop:
      to_idle(c, std::nullopt, Counter::kReset, false, DownReason::kManualStop);
      return;
    case EventType::kConnectRetryTimerExpires:
      if (active && s.started_passive) {
        // Passive mode never initiates: keep listening (our choice; the RFC
        // assumes the Active state may always connect out).
        c.push(timer(ActionType::kStartConnectRetryTimer, s.settings.connect_retry));
        return;
      }
      if (!active) c.push(act(ActionType::kDropTcpConnection));
      c.push(timer(ActionType::kStartConnectRetryTimer, s.settings.connect_retry));
      if (!active) {
        c.push(act(ActionType::kStopDelayOpenTimer));
        s.delay_open_running = false;
      }
      c.push(act(ActionType::kInitiateTcpConnection));
      c.go(State::kConnect);
      return;
    case EventType::kDelayOpenTimerExpires:
      send_open_and_wait(c);
      return;
    case EventType::kTcpConnectionValid:
    case EventType::kTcpCrInvalid:
      return;  // the daemon accepts or rejects the socket; no state change
    case EventType::kTcpCrAcked:
    case EventType::kTcpConnectionConfirmed:
      tcp_established(c);
      return;
    case EventType::kTcpConnectionFails:
      if (!active && s.delay_open_running) {
        // Connect: "restarts the ConnectRetryTimer, stops and clears the
        // DelayOpenTimer, continues to listen, changes its state to Active".
        s.delay_open_running = false;
        c.push(timer(ActionType::kStartConnectRetryTimer, s.settings.connect_retry));
        c.push(act(ActionType::kStopDelayOpenTimer));
        c.push(act(ActionType::kDropTcpConnection));
        c.go(State::kActive);
        return;
      }
      // Connect: no counter change; Active: "increments the ConnectRetryCounter".
      to_idle(c, std::nullopt, active ? Counter::kIncrement : Counter::kKeep, true, DownReason::kTcpConnectionFails);
      return;
    case EventType::kBgpOpen:
    case EventType::kBgpOpenWithDelayOpenTimerRunning:
      if (s.delay_open_running) {
        open_during_delay(c);
        return;
      }
      break;  // Event 19 without DelayOpen: "any other event"
    case EventType::kBgpHeaderErr:
    case EventType::kBgpOpenMsgErr:
      to_idle(c, std::nullopt, Counter::kIncrement, true, DownReason::kNotificationSent);
      return;
    case EventType::kNotifMsgVerErr:
      // With the DelayOpenTimer running the counter is not incremented.
      to_idle(c, std::nullopt, s.delay_open_running ? Counter::kKeep : Counter::kIncrement, true,
              DownReason::kNotificationReceived);
      return;
    case EventType::kAutomaticStop:
      to_idle(c, std::nullopt, Counter::kIncrement, false, DownReason::kAutomaticStop);
      return;
    default:
      break;
  }
  // "In response to any other event (Events 8, 10-11, 13, 19, 23, 25-28)".
  to_idle(c, std::nullopt, Counter::kIncrement, true, DownReason::kFsmError);
}

void open_sent(Ctx& c) {
  Session& s = c.s;
  switch (c.e.type) {
    case EventType::kManualStart:
    case EventType::kAutomaticStart:
    case EventType::kManualStartWithPassiveTcpEstablishment:
    case EventType::kAutomaticStartWithPassiveTcpEstablishment:
      return;
    case EventType::kManualStop:
      to_idle(c, given_or(c.e, cease(CeaseSubcode::kAdministrativeShutdown)), Counter::kReset, false,
              DownReason::kManualStop);
      return;
    case EventType::kAutomaticStop:
      to_idle(c, given_or(c.e, notification(NotifyCode::kCease, 0)), Counter::kIncrement, false,
              DownReason::kAutomaticStop);
      return;
    case EventType::kHoldTimerExpires:
      to_idle(c, hold_timer_expired(), Counter::kIncrement, true, DownReason::kHoldTimerExpired);
      return;
    case EventType::kTcpConnectionValid:
    case EventType::kTcpCrAcked:
    case EventType::kTcpConnectionConfirmed:
    case EventType::kTcpCrInvalid:
      return;  // a second connection is the daemon's to track (collision.hpp)
    case EventType::kTcpConnectionFails:
      // "closes the BGP connection, restarts the ConnectRetryTimer, continues
      // to listen ... changes its state to Active". The large HoldTimer is
      // stopped too, or it would fire in Active.
      c.push(act(ActionType::kDropTcpConnection));
      c.push(act(ActionType::kStopHoldTimer));
      c.push(timer(ActionType::kStartConnectRetryTimer, s.settings.connect_retry));
      c.go(State::kActive);
      return;
    case EventType::kBgpOpen:
      if (!hold_time_acceptable(c.e.peer_hold_time)) {
        to_idle(c, unacceptable_hold_time(), Counter::kIncrement, true, DownReason::kNotificationSent);
        return;
      }
      // "resets the DelayOpenTimer to zero, sets the BGP ConnectRetryTimer to
      // zero, sends a KEEPALIVE message, and sets a KeepaliveTimer ... sets the
      // HoldTimer according to the negotiated value".
      c.push(act(ActionType::kStopDelayOpenTimer));
      c.push(act(ActionType::kStopConnectRetryTimer));
      c.push(act(ActionType::kSendKeepalive));
      arm_negotiated_timers(c);
      c.go(State::kOpenConfirm);
      return;
    case EventType::kBgpHeaderErr:
      to_idle(c, given_or(c.e, notification(NotifyCode::kMessageHeader, 0)), Counter::kIncrement, true,
              DownReason::kNotificationSent);
      return;
    case EventType::kBgpOpenMsgErr:
      to_idle(c, given_or(c.e, notification(NotifyCode::kOpenMessage, 0)), Counter::kIncrement, true,
              DownReason::kNotificationSent);
      return;
    case EventType::kOpenCollisionDump:
      to_idle(c, given_or(c.e, cease(CeaseSubcode::kConnectionCollisionResolution)), Counter::kIncrement, false,
              DownReason::kCollision);
      return;
    case EventType::kNotifMsgVerErr:
      to_idle(c, std::nullopt, Counter::kKeep, true, DownReason::kNotificationReceived);
      return;
    case EventType::kNotifMsg:
      // Listed among "other events" (FSM Error) by §8.2.2, but §6.4/§4.5: a
      // NOTIFICATION is never answered with one; the connection just closes.
      to_idle(c, std::nullopt, Counter::kIncrement, true, DownReason::kNotificationReceived);
      return;
    default:
      break;
  }
  // "In response to any other event (Events 9, 11-13, 20, 25-28)".
  to_idle(c, fsm_error(State::kOpenSent), Counter::kIncrement, true, DownReason::kFsmError);
}

void open_confirm(Ctx& c) {
  Session& s = c.s;
  switch (c.e.type) {
    case EventType::kManualStart:
    case EventType::kAutomaticStart:
    case EventType::kManualStartWithPassiveTcpEstablishment:
    case EventType::kAutomaticStartWithPassiveTcpEstablishment:
      return;
    case EventType::kManualStop:
      to_idle(c, given_or(c.e, cease(CeaseSubcode::kAdministrativeShutdown)), Counter::kReset, false,
              DownReason::kManualStop);
      return;
    case EventType::kAutomaticStop:
      to_idle(c, given_or(c.e, notification(NotifyCode::kCease, 0)), Counter::kIncrement, false,
              DownReason::kAutomaticStop);
      return;
    case EventType::kHoldTimerExpires:
      to_idle(c, hold_timer_expired(), Counter::kIncrement, true, DownReason::kHoldTimerExpired);
      return;
    case EventType::kKeepaliveTimerExpires:
      send_keepalive(c);
      return;
    case EventType::kTcpConnectionValid:
    case EventType::kTcpCrAcked:
    case EventType::kTcpConnectionConfirmed:
    case EventType::kTcpCrInvalid:
      return;
    case EventType::kTcpConnectionFails:
      to_idle(c, std::nullopt, Counter::kIncrement, true, DownReason::kTcpConnectionFails);
      return;
    case EventType::kNotifMsg:
      to_idle(c, std::nullopt, Counter::kIncrement, true, DownReason::kNotificationReceived);
      return;
    case EventType::kNotifMsgVerErr:
      to_idle(c, std::nullopt, Counter::kKeep, true, DownReason::kNotificationReceived);
      return;
    case EventType::kBgpHeaderErr:
      to_idle(c, given_or(c.e, notification(NotifyCode::kMessageHeader, 0)), Counter::kIncrement, true,
              DownReason::kNotificationSent);
      return;
    case EventType::kBgpOpenMsgErr:
      to_idle(c, given_or(c.e, notification(NotifyCode::kOpenMessage, 0)), Counter::kIncrement, true,
              DownReason::kNotificationSent);
      return;
    case EventType::kOpenCollisionDump:
      to_idle(c, given_or(c.e, cease(CeaseSubcode::kConnectionCollisionResolution)), Counter::kIncrement, false,
              DownReason::kCollision);
      return;
    case EventType::kKeepAliveMsg:
      // "restarts the HoldTimer and changes its state to Established".
      restart_hold_timer(c);
      c.push(act(ActionType::kSessionEstablished));
      c.push(timer(ActionType::kStartStableTimer, s.settings.stable_time));
      c.go(State::kEstablished);
      return;
    default:
      break;
  }
  // "any other event (Events 9, 12-13, 20, 26-28)"; Event 19 on this same
  // connection is a second OPEN (collisions are between connections).
  to_idle(c, fsm_error(State::kOpenConfirm), Counter::kIncrement, true, DownReason::kFsmError);
}

void established(Ctx& c) {
  switch (c.e.type) {
    case EventType::kManualStart:
    case EventType::kAutomaticStart:
    case EventType::kManualStartWithPassiveTcpEstablishment:
    case EventType::kAutomaticStartWithPassiveTcpEstablishment:
      return;
    case EventType::kManualStop:
      to_idle(c, given_or(c.e, cease(CeaseSubcode::kAdministrativeShutdown)), Counter::kReset, false,
              DownReason::kManualStop);
      return;
    case EventType::kAutomaticStop:
      to_idle(c, given_or(c.e, notification(NotifyCode::kCease, 0)), Counter::kIncrement, false,
              DownReason::kAutomaticStop);
      return;
    case EventType::kHoldTimerExpires:
      to_idle(c, hold_timer_expired(), Counter::kIncrement, true, DownReason::kHoldTimerExpired);
      return;
    case EventType::kKeepaliveTimerExpires:
      send_keepalive(c);
      return;
    case EventType::kTcpConnectionValid:
    case EventType::kTcpCrAcked:
    case EventType::kTcpConnectionConfirmed:
    case EventType::kTcpCrInvalid:
      return;
    case EventType::kOpenCollisionDump:
      to_idle(c, given_or(c.e, cease(CeaseSubcode::kConnectionCollisionResolution)), Counter::kIncrement, false,
              DownReason::kCollision);
      return;
    case EventType::kNotifMsgVerErr:
    case EventType::kNotifMsg:
      to_idle(c, std::nullopt, Counter::kIncrement, true, DownReason::kNotificationReceived, c.e.notification);
      return;
    case EventType::kTcpConnectionFails:
      to_idle(c, std::nullopt, Counter::kIncrement, true, DownReason::kTcpConnectionFails);
      return;
    case EventType::kKeepAliveMsg:
      restart_hold_timer(c);
      return;
    case EventType::kUpdateMsg:
      c.push(act(ActionType::kProcessUpdate));
      restart_hold_timer(c);
      return;
    case EventType::kUpdateMsgErr:
      to_idle(c, given_or(c.e, notification(NotifyCode::kUpdateMessage, 0)), Counter::kIncrement, true,
              DownReason::kNotificationSent);
      return;
    case EventType::kBgpHeaderErr:
      // §6.1 names the NOTIFICATION for a bad header; §8.2.2's catch-all
      // (FSM Error) would hide the actual problem from the peer.
      to_idle(c, given_or(c.e, notification(NotifyCode::kMessageHeader, 0)), Counter::kIncrement, true,
              DownReason::kNotificationSent);
      return;
    case EventType::kStableTimerExpires:
      c.s.next_idle_hold = 0;  // stable long enough: forget earlier flaps
      return;
    default:
      break;
  }
  // "any other event (Events 9, 12-13, 20-22)" and a second OPEN (Event 19).
  to_idle(c, fsm_error(State::kEstablished), Counter::kIncrement, true, DownReason::kFsmError);
}

EventType canonical(EventType t) {
  // Events 6 and 7 are Events 3 and 5 here: damping is always on.
  if (t == EventType::kAutomaticStartWithDampPeerOscillations) return EventType::kAutomaticStart;
  if (t == EventType::kAutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment) {
    return EventType::kAutomaticStartWithPassiveTcpEstablishment;
  }
  return t;
}

}  // namespace

std::uint16_t negotiate_hold_time(std::uint16_t ours, std::uint16_t peers) {
  if (ours == 0 || peers == 0) return 0;
  return std::min(ours, peers);
}

std::uint16_t keepalive_interval(std::uint16_t negotiated_hold, std::uint16_t configured_keepalive) {
  if (negotiated_hold == 0) return 0;
  const std::uint16_t third = static_cast<std::uint16_t>(std::max(negotiated_hold / 3, 1));
  if (configured_keepalive == 0) return third;
  return std::min(configured_keepalive, third);
}

Transition step(Session& session, const Event& event) {
  Event e = event;
  e.type = canonical(event.type);
  Transition t;
  t.from = session.state;
  t.to = session.state;
  t.event = event.type;
  // Our non-RFC stable-timer event only matters in Established; a late one
  // elsewhere is ignored rather than treated as an FSM error.
  if (e.type == EventType::kStableTimerExpires && session.state != State::kEstablished) return t;
  Ctx c{session, e, t};
  switch (session.state) {
    case State::kIdle: idle(c); break;
    case State::kConnect: connect_or_active(c, false); break;
    case State::kActive: connect_or_active(c, true); break;
    case State::kOpenSent: open_sent(c); break;
    case State::kOpenConfirm: open_confirm(c); break;
    case State::kEstablished: established(c); break;
  }
  return t;
}

}  // namespace bgp::fsm

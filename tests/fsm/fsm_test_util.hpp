#pragma once
// Helpers for the FSM tests: reach a state through real events (never by
// poking fields), build expected actions, print actions readably.
#include <gtest/gtest.h>

#include <initializer_list>
#include <ostream>
#include <vector>

#include "libbgp/fsm/fsm.hpp"

namespace bgp::fsm {

inline void PrintTo(const Action& a, std::ostream* os) {
  *os << action_name(a.type);
  if (a.seconds) *os << "(" << a.seconds << "s)";
  if (a.type == ActionType::kSendNotification || a.type == ActionType::kSessionDown) {
    *os << "(" << static_cast<int>(a.notification.code) << "/" << static_cast<int>(a.notification.subcode) << ")";
  }
  if (a.type == ActionType::kSessionDown) *os << "[" << down_reason_name(a.reason) << "]";
}
inline void PrintTo(State s, std::ostream* os) { *os << state_name(s); }

namespace test {

inline Action A(ActionType t, std::uint32_t seconds = 0) { return Action{t, seconds, {}, DownReason::kNone}; }
inline Notification N(NotifyCode code, std::uint8_t sub = 0) { return Notification{code, sub, {}}; }
inline Action Send(NotifyCode code, std::uint8_t sub = 0) {
  return Action{ActionType::kSendNotification, 0, N(code, sub), DownReason::kNone};
}
inline Action Down(DownReason r, Notification n = {NotifyCode::kCease, 0, {}}) {
  return Action{ActionType::kSessionDown, 0, n, r};
}
template <typename E>
constexpr std::uint8_t sub(E e) {
  return static_cast<std::uint8_t>(e);
}

inline std::vector<Action> list(const ActionList& l) { return {l.begin(), l.end()}; }

inline Transition go(Session& s, EventType e) { return step(s, Event::of(e)); }

// Drives a fresh session into `target` the way a real peer would: active
// start, TCP up, OPEN with the peer's hold time, KEEPALIVE.
inline Session reach(State target, Settings settings = {}, std::uint16_t peer_hold = 90) {
  Session s;
  s.settings = settings;
  if (target == State::kIdle) return s;
  if (target == State::kActive) {
    go(s, EventType::kManualStartWithPassiveTcpEstablishment);
    return s;
  }
  go(s, EventType::kManualStart);
  if (target == State::kConnect) return s;
  go(s, EventType::kTcpCrAcked);
  if (target == State::kOpenSent) return s;
  step(s, Event::open(peer_hold));
  if (target == State::kOpenConfirm) return s;
  go(s, EventType::kKeepAliveMsg);
  return s;
}

// Connect with the DelayOpenTimer running (DelayOpen configured, TCP up).
inline Session connect_with_delay_open(std::uint16_t delay = 5) {
  Settings st;
  st.delay_open = delay;
  Session s = reach(State::kConnect, st);
  go(s, EventType::kTcpCrAcked);
  return s;
}

// Every transition to Idle emits this tail (RFC: ConnectRetryTimer to zero,
// release resources, drop TCP); Established adds route deletion first.
inline std::vector<Action> idle_tail(bool from_established, std::optional<Action> notification = std::nullopt,
                                     std::optional<Action> down = std::nullopt,
                                     std::optional<std::uint32_t> idle_hold = std::nullopt) {
  std::vector<Action> v;
  if (notification) v.push_back(*notification);
  v.push_back(A(ActionType::kStopConnectRetryTimer));
  v.push_back(A(ActionType::kStopHoldTimer));
  v.push_back(A(ActionType::kStopKeepaliveTimer));
  v.push_back(A(ActionType::kStopDelayOpenTimer));
  if (from_established) {
    v.push_back(A(ActionType::kStopStableTimer));
    v.push_back(*down);
  }
  v.push_back(A(ActionType::kDropTcpConnection));
  v.push_back(A(ActionType::kReleaseResources));
  if (idle_hold) v.push_back(A(ActionType::kStartIdleHoldTimer, *idle_hold));
  return v;
}

// The events a state's "any other event" row lists, checked one by one.
inline void expect_each_goes_idle(State from, std::initializer_list<EventType> events,
                                  std::optional<Notification> sent, Settings settings = {}) {
  for (EventType e : events) {
    Session s = reach(from, settings);
    const std::uint32_t counter = s.connect_retry_counter;
    const Transition t = go(s, e);
    SCOPED_TRACE(std::string(state_name(from)) + " + " + std::string(event_name(e)));
    EXPECT_EQ(t.to, State::kIdle);
    EXPECT_EQ(s.connect_retry_counter, counter + 1);
    ASSERT_FALSE(t.actions.empty());
    if (sent) {
      EXPECT_EQ(t.actions[0], (Action{ActionType::kSendNotification, 0, *sent, DownReason::kNone}));
    } else {
      EXPECT_FALSE(t.actions.contains(ActionType::kSendNotification));
    }
    EXPECT_TRUE(t.actions.contains(ActionType::kDropTcpConnection));
    EXPECT_TRUE(t.actions.contains(ActionType::kReleaseResources));
    EXPECT_TRUE(t.actions.contains(ActionType::kStartIdleHoldTimer));  // damped automatic restart
  }
}

inline void expect_each_ignored(State from, std::initializer_list<EventType> events, Settings settings = {}) {
  for (EventType e : events) {
    Session s = reach(from, settings);
    const Session before = s;
    const Transition t = go(s, e);
    SCOPED_TRACE(std::string(state_name(from)) + " + " + std::string(event_name(e)));
    EXPECT_EQ(t.to, from);
    EXPECT_TRUE(t.actions.empty());
    EXPECT_EQ(s.connect_retry_counter, before.connect_retry_counter);
  }
}

}  // namespace test
}  // namespace bgp::fsm

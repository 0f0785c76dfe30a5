// Properties over every (state, event) pair: bounded output, Idle always
// releases the connection, names are complete, hold negotiation.
#include <set>

#include "tests/fsm/fsm_test_util.hpp"

namespace bgp::fsm {
namespace {
using namespace test;
using enum ActionType;

const State kStates[] = {State::kIdle,     State::kConnect,     State::kActive,
                         State::kOpenSent, State::kOpenConfirm, State::kEstablished};

std::vector<EventType> all_events() {
  std::vector<EventType> v;
  for (int i = 1; i <= 28; ++i) v.push_back(static_cast<EventType>(i));
  v.push_back(EventType::kStableTimerExpires);
  return v;
}

TEST(FsmInvariants, EveryTransitionFitsTheActionListAndIsDeterministic) {
  for (State st : kStates) {
    for (EventType e : all_events()) {
      Session a = reach(st);
      Session b = reach(st);
      const Transition ta = go(a, e);
      const Transition tb = go(b, e);
      EXPECT_LT(ta.actions.size(), ActionList::kCapacity) << state_name(st) << " " << event_name(e);
      EXPECT_EQ(list(ta.actions), list(tb.actions));
      EXPECT_EQ(ta.from, st);
      EXPECT_EQ(ta.to, a.state);
    }
  }
}

TEST(FsmInvariants, FallingToIdleAlwaysDropsAndReleasesTheConnection) {
  for (State st : kStates) {
    if (st == State::kIdle) continue;
    for (EventType e : all_events()) {
      Session s = reach(st);
      const Transition t = go(s, e);
      if (t.to != State::kIdle) continue;
      SCOPED_TRACE(std::string(state_name(st)) + " + " + std::string(event_name(e)));
      EXPECT_TRUE(t.actions.contains(kDropTcpConnection));
      EXPECT_TRUE(t.actions.contains(kReleaseResources));
      EXPECT_TRUE(t.actions.contains(kStopHoldTimer));
      EXPECT_EQ(t.actions.contains(kSessionDown), st == State::kEstablished);
      EXPECT_EQ(s.negotiated_hold, 0);
    }
  }
}

TEST(FsmInvariants, PassiveSessionNeverInitiatesAConnection) {
  Settings st;
  st.passive = true;
  for (State from : kStates) {
    for (EventType e : all_events()) {
      Session s = reach(from == State::kConnect ? State::kActive : from, st);
      const Transition t = go(s, e);
      EXPECT_FALSE(t.actions.contains(kInitiateTcpConnection)) << state_name(from) << " " << event_name(e);
      go(s, EventType::kIdleHoldTimerExpires);
      EXPECT_NE(s.state, State::kConnect);
    }
  }
}

TEST(FsmInvariants, EveryNameIsKnownAndDistinct) {
  std::set<std::string_view> names;
  for (EventType e : all_events()) {
    EXPECT_NE(event_name(e), "Unknown");
    names.insert(event_name(e));
  }
  EXPECT_EQ(names.size(), all_events().size());
  for (State s : kStates) EXPECT_NE(state_name(s), "Unknown");
  for (int a = 0; a <= static_cast<int>(kReleaseResources); ++a) {
    EXPECT_NE(action_name(static_cast<ActionType>(a)), "Unknown");
  }
  EXPECT_EQ(event_name(EventType::kManualStartWithPassiveTcpEstablishment), "ManualStart_with_PassiveTcpEstablishment");
  EXPECT_EQ(state_name(State::kOpenConfirm), "OpenConfirm");
}

TEST(HoldTimeNegotiation, SmallerWinsAndZeroDisables) {
  EXPECT_EQ(negotiate_hold_time(90, 9), 9);
  EXPECT_EQ(negotiate_hold_time(9, 90), 9);
  EXPECT_EQ(negotiate_hold_time(0, 90), 0);
  EXPECT_EQ(negotiate_hold_time(90, 0), 0);
  EXPECT_EQ(keepalive_interval(9, 30), 3);
  EXPECT_EQ(keepalive_interval(90, 30), 30);
  EXPECT_EQ(keepalive_interval(90, 10), 10);
  EXPECT_EQ(keepalive_interval(3, 30), 1);
  EXPECT_EQ(keepalive_interval(0, 30), 0);
  EXPECT_EQ(keepalive_interval(90, 0), 30);
}

}  // namespace
}  // namespace bgp::fsm

// IdleHoldTimer back-off (DampPeerOscillations): 0, 5, 10, 20, 40, 80, 120,
// 120 ... seconds; reset once Established for stable_time.
#include "tests/fsm/fsm_test_util.hpp"

namespace bgp::fsm {
namespace {
using namespace test;
using enum EventType;
using enum ActionType;

// The IdleHoldTimer duration a transition asked for (-1 when none).
long idle_hold_of(const Transition& t) {
  for (const Action& a : t.actions) {
    if (a.type == kStartIdleHoldTimer) return a.seconds;
  }
  return -1;
}

// One flap: the session comes up and the peer's hold timer expires.
long flap(Session& s) {
  go(s, kTcpCrAcked);
  step(s, Event::open(90));
  go(s, kKeepAliveMsg);
  EXPECT_EQ(s.state, State::kEstablished);
  const long hold = idle_hold_of(go(s, kHoldTimerExpires));
  go(s, kIdleHoldTimerExpires);  // back-off over: restart
  EXPECT_EQ(s.state, State::kConnect);
  return hold;
}

TEST(FsmBackoff, GrowsFromZeroByDoublingUpToTheCeiling) {
  Session s = reach(State::kConnect);
  std::vector<long> seen;
  for (int i = 0; i < 9; ++i) seen.push_back(flap(s));
  EXPECT_EQ(seen, (std::vector<long>{0, 5, 10, 20, 40, 80, 120, 120, 120}));
  EXPECT_EQ(s.flaps, 9u);
}

TEST(FsmBackoff, FollowsConfiguredInitialAndMaximum) {
  Settings st;
  st.idle_hold_initial = 3;
  st.idle_hold_max = 10;
  Session s = reach(State::kConnect, st);
  std::vector<long> seen;
  for (int i = 0; i < 5; ++i) seen.push_back(flap(s));
  EXPECT_EQ(seen, (std::vector<long>{0, 3, 6, 10, 10}));
}

TEST(FsmBackoff, StableSessionResetsTheBackoff) {
  Session s = reach(State::kConnect);
  flap(s);
  flap(s);
  flap(s);  // next would be 20
  go(s, kTcpCrAcked);
  step(s, Event::open(90));
  go(s, kKeepAliveMsg);
  EXPECT_TRUE(go(s, kStableTimerExpires).actions.empty());
  EXPECT_EQ(idle_hold_of(go(s, kHoldTimerExpires)), 0);
}

TEST(FsmBackoff, StableTimerOutsideEstablishedIsIgnored) {
  for (State st : {State::kIdle, State::kConnect, State::kActive, State::kOpenSent, State::kOpenConfirm}) {
    Session s = reach(st);
    const Transition t = go(s, kStableTimerExpires);
    EXPECT_EQ(t.to, st) << state_name(st);
    EXPECT_TRUE(t.actions.empty());
  }
}

TEST(FsmBackoff, LeavingEstablishedStopsTheStableTimer) {
  Session s = reach(State::kEstablished);
  EXPECT_TRUE(go(s, kTcpConnectionFails).actions.contains(kStopStableTimer));
}

TEST(FsmBackoff, RestartKeepsPassiveMode) {
  Session s = reach(State::kActive);
  go(s, kTcpConnectionFails);
  ASSERT_EQ(s.state, State::kIdle);
  const Transition t = go(s, kIdleHoldTimerExpires);
  EXPECT_EQ(t.to, State::kActive);
  EXPECT_FALSE(t.actions.contains(kInitiateTcpConnection));
}

TEST(FsmBackoff, RestartOfAnActiveSessionConnectsAgain) {
  Session s = reach(State::kOpenSent);
  go(s, kHoldTimerExpires);
  const Transition t = go(s, kIdleHoldTimerExpires);
  EXPECT_EQ(t.to, State::kConnect);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopIdleHoldTimer), A(kStartConnectRetryTimer, 120),
                                                  A(kInitiateTcpConnection)}));
}

TEST(FsmBackoff, ManualStopCancelsAutomaticRestart) {
  Session s = reach(State::kEstablished);
  EXPECT_EQ(idle_hold_of(go(s, kManualStop)), -1);
  EXPECT_TRUE(go(s, kIdleHoldTimerExpires).actions.empty());
  EXPECT_EQ(s.state, State::kIdle);
}

TEST(FsmBackoff, ManualStartDuringBackoffCancelsTheIdleHoldTimer) {
  Session s = reach(State::kOpenSent);
  go(s, kHoldTimerExpires);
  const Transition t = go(s, kManualStart);
  EXPECT_EQ(t.to, State::kConnect);
  EXPECT_EQ(t.actions[0], A(kStopIdleHoldTimer));
}

}  // namespace
}  // namespace bgp::fsm

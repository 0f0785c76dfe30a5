// RFC 4271 §8.2.2, Idle state.
#include "tests/fsm/fsm_test_util.hpp"

namespace bgp::fsm {
namespace {
using namespace test;
using enum EventType;
using enum ActionType;

TEST(FsmIdle, ManualStartStartsConnectRetryTimerAndConnects) {
  Session s;
  s.connect_retry_counter = 7;
  const Transition t = go(s, kManualStart);
  EXPECT_EQ(t.to, State::kConnect);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopIdleHoldTimer), A(kStartConnectRetryTimer, 120),
                                                  A(kInitiateTcpConnection)}));
  EXPECT_EQ(s.connect_retry_counter, 0u);  // "sets ConnectRetryCounter to zero"
}

TEST(FsmIdle, AutomaticStartBehavesLikeManualStart) {
  Session s;
  const Transition t = go(s, kAutomaticStart);
  EXPECT_EQ(t.to, State::kConnect);
  EXPECT_TRUE(t.actions.contains(kInitiateTcpConnection));
}

TEST(FsmIdle, PassiveStartListensWithoutConnecting) {
  for (EventType e : {kManualStartWithPassiveTcpEstablishment, kAutomaticStartWithPassiveTcpEstablishment}) {
    Session s;
    const Transition t = go(s, e);
    EXPECT_EQ(t.to, State::kActive) << event_name(e);
    EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopIdleHoldTimer), A(kStartConnectRetryTimer, 120)}));
  }
}

TEST(FsmIdle, PassiveSettingTurnsEveryStartPassive) {
  Settings st;
  st.passive = true;
  Session s;
  s.settings = st;
  const Transition t = go(s, kManualStart);
  EXPECT_EQ(t.to, State::kActive);
  EXPECT_FALSE(t.actions.contains(kInitiateTcpConnection));
}

TEST(FsmIdle, DampPeerOscillationsStartsAreTheOrdinaryStarts) {
  Session active;
  EXPECT_EQ(go(active, kAutomaticStartWithDampPeerOscillations).to, State::kConnect);
  Session passive;
  EXPECT_EQ(go(passive, kAutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment).to, State::kActive);
}

TEST(FsmIdle, StopEventsAreIgnored) { expect_each_ignored(State::kIdle, {kManualStop, kAutomaticStop}); }

TEST(FsmIdle, AnyOtherEventLeavesIdleAlone) {
  expect_each_ignored(State::kIdle,
                      {kConnectRetryTimerExpires, kHoldTimerExpires, kKeepaliveTimerExpires, kDelayOpenTimerExpires,
                       kTcpConnectionValid, kTcpCrInvalid, kTcpCrAcked, kTcpConnectionConfirmed, kTcpConnectionFails,
                       kBgpOpen, kBgpOpenWithDelayOpenTimerRunning, kBgpHeaderErr, kBgpOpenMsgErr, kOpenCollisionDump,
                       kNotifMsgVerErr, kNotifMsg, kKeepAliveMsg, kUpdateMsg, kUpdateMsgErr, kStableTimerExpires});
}

TEST(FsmIdle, IdleHoldExpiryDoesNothingBeforeAnyStart) {
  expect_each_ignored(State::kIdle, {kIdleHoldTimerExpires});
}

}  // namespace
}  // namespace bgp::fsm

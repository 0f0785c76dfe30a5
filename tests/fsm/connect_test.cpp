// RFC 4271 §8.2.2, Connect state.
#include "tests/fsm/fsm_test_util.hpp"

namespace bgp::fsm {
namespace {
using namespace test;
using enum EventType;
using enum ActionType;

TEST(FsmConnect, StartEventsAreIgnored) {
  expect_each_ignored(State::kConnect, {kManualStart, kAutomaticStart, kManualStartWithPassiveTcpEstablishment,
                                        kAutomaticStartWithPassiveTcpEstablishment,
                                        kAutomaticStartWithDampPeerOscillations});
}

TEST(FsmConnect, ManualStopDropsAndResetsCounterWithoutRestart) {
  Session s = reach(State::kConnect);
  s.connect_retry_counter = 3;
  const Transition t = go(s, kManualStop);
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(list(t.actions), idle_tail(false));
  EXPECT_EQ(s.connect_retry_counter, 0u);
  EXPECT_FALSE(s.auto_restart);
}

TEST(FsmConnect, ConnectRetryExpiryRetriesTheConnection) {
  Session s = reach(State::kConnect);
  const Transition t = go(s, kConnectRetryTimerExpires);
  EXPECT_EQ(t.to, State::kConnect);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kDropTcpConnection), A(kStartConnectRetryTimer, 120),
                                                  A(kStopDelayOpenTimer), A(kInitiateTcpConnection)}));
}

TEST(FsmConnect, DelayOpenExpirySendsOpenAndWaitsInOpenSent) {
  Session s = connect_with_delay_open();
  const Transition t = go(s, kDelayOpenTimerExpires);
  EXPECT_EQ(t.to, State::kOpenSent);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopConnectRetryTimer), A(kStopDelayOpenTimer), A(kSendOpen),
                                                  A(kStartHoldTimer, 240)}));
  EXPECT_FALSE(s.delay_open_running);
}

TEST(FsmConnect, TcpConnectionValidOrInvalidChangesNothing) {
  expect_each_ignored(State::kConnect, {kTcpConnectionValid, kTcpCrInvalid});
}

TEST(FsmConnect, TcpUpWithoutDelayOpenSendsOpenWithLargeHoldTimer) {
  for (EventType e : {kTcpCrAcked, kTcpConnectionConfirmed}) {
    Session s = reach(State::kConnect);
    const Transition t = go(s, e);
    EXPECT_EQ(t.to, State::kOpenSent) << event_name(e);
    EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopConnectRetryTimer), A(kStopDelayOpenTimer), A(kSendOpen),
                                                    A(kStartHoldTimer, 240)}));
  }
}

TEST(FsmConnect, TcpUpWithDelayOpenStartsDelayOpenTimer) {
  Settings st;
  st.delay_open = 7;
  Session s = reach(State::kConnect, st);
  const Transition t = go(s, kTcpConnectionConfirmed);
  EXPECT_EQ(t.to, State::kConnect);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopConnectRetryTimer), A(kStartDelayOpenTimer, 7)}));
  EXPECT_TRUE(s.delay_open_running);
}

TEST(FsmConnect, TcpFailureWhileDelayingOpenFallsBackToActive) {
  Session s = connect_with_delay_open();
  const Transition t = go(s, kTcpConnectionFails);
  EXPECT_EQ(t.to, State::kActive);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStartConnectRetryTimer, 120), A(kStopDelayOpenTimer),
                                                  A(kDropTcpConnection)}));
  EXPECT_FALSE(s.delay_open_running);
}

TEST(FsmConnect, TcpFailureGoesIdleWithoutCountingIt) {
  Session s = reach(State::kConnect);
  const Transition t = go(s, kTcpConnectionFails);
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(list(t.actions), idle_tail(false, std::nullopt, std::nullopt, 0));
  EXPECT_EQ(s.connect_retry_counter, 0u);
}

TEST(FsmConnect, OpenDuringDelayOpenAnswersWithOpenAndKeepalive) {
  Session s = connect_with_delay_open();
  const Transition t = step(s, Event::open(9));
  EXPECT_EQ(t.to, State::kOpenConfirm);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopConnectRetryTimer), A(kStopDelayOpenTimer), A(kSendOpen),
                                                  A(kSendKeepalive), A(kStartKeepaliveTimer, 3),
                                                  A(kStartHoldTimer, 9)}));
  EXPECT_EQ(s.negotiated_hold, 9);
}

TEST(FsmConnect, OpenDuringDelayOpenWithZeroHoldStopsTimers) {
  Session s = connect_with_delay_open();
  const Transition t = step(s, Event{kBgpOpenWithDelayOpenTimerRunning, 0, std::nullopt});
  EXPECT_EQ(t.to, State::kOpenConfirm);
  EXPECT_TRUE(t.actions.contains(kStopKeepaliveTimer));
  EXPECT_TRUE(t.actions.contains(kStopHoldTimer));
  EXPECT_FALSE(t.actions.contains(kStartHoldTimer));
}

TEST(FsmConnect, HeaderOrOpenErrorGoesIdleWithoutNotification) {
  // SendNOTIFICATIONwithoutOPEN is FALSE: we have sent no OPEN yet.
  for (EventType e : {kBgpHeaderErr, kBgpOpenMsgErr}) {
    Session s = connect_with_delay_open();
    const Transition t = step(s, Event::with(e, N(NotifyCode::kOpenMessage, 2)));
    EXPECT_EQ(t.to, State::kIdle);
    EXPECT_EQ(list(t.actions), idle_tail(false, std::nullopt, std::nullopt, 0));
    EXPECT_EQ(s.connect_retry_counter, 1u);
  }
}

TEST(FsmConnect, VersionErrorDuringDelayOpenDoesNotCount) {
  Session s = connect_with_delay_open();
  EXPECT_EQ(go(s, kNotifMsgVerErr).to, State::kIdle);
  EXPECT_EQ(s.connect_retry_counter, 0u);
}

TEST(FsmConnect, VersionErrorWithoutDelayOpenCounts) {
  Session s = reach(State::kConnect);
  EXPECT_EQ(go(s, kNotifMsgVerErr).to, State::kIdle);
  EXPECT_EQ(s.connect_retry_counter, 1u);
}

TEST(FsmConnect, AnyOtherEventDropsAndGoesIdle) {
  expect_each_goes_idle(State::kConnect,
                        {kHoldTimerExpires, kKeepaliveTimerExpires, kIdleHoldTimerExpires, kBgpOpen,
                         kOpenCollisionDump, kNotifMsg, kKeepAliveMsg, kUpdateMsg, kUpdateMsgErr},
                        std::nullopt);
}

TEST(FsmConnect, AutomaticStopGoesIdleAndStaysThere) {
  Session s = reach(State::kConnect);
  const Transition t = go(s, kAutomaticStop);
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(list(t.actions), idle_tail(false));
  EXPECT_EQ(s.connect_retry_counter, 1u);
  EXPECT_TRUE(go(s, kIdleHoldTimerExpires).actions.empty());
}

}  // namespace
}  // namespace bgp::fsm

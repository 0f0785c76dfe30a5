// RFC 4271 §8.2.2, OpenConfirm state.
#include "tests/fsm/fsm_test_util.hpp"

namespace bgp::fsm {
namespace {
using namespace test;
using enum EventType;
using enum ActionType;

TEST(FsmOpenConfirm, StartEventsAreIgnored) {
  expect_each_ignored(State::kOpenConfirm, {kManualStart, kAutomaticStart, kManualStartWithPassiveTcpEstablishment,
                                            kAutomaticStartWithPassiveTcpEstablishment});
}

TEST(FsmOpenConfirm, ManualStopSendsCeaseAndResetsCounter) {
  Session s = reach(State::kOpenConfirm);
  const Transition t = go(s, kManualStop);
  EXPECT_EQ(list(t.actions), idle_tail(false, Send(NotifyCode::kCease, sub(CeaseSubcode::kAdministrativeShutdown))));
  EXPECT_EQ(s.connect_retry_counter, 0u);
}

TEST(FsmOpenConfirm, AutomaticStopSendsCeaseAndCounts) {
  Session s = reach(State::kOpenConfirm);
  const Transition t = go(s, kAutomaticStop);
  EXPECT_EQ(list(t.actions), idle_tail(false, Send(NotifyCode::kCease, 0)));
  EXPECT_EQ(s.connect_retry_counter, 1u);
}

TEST(FsmOpenConfirm, HoldTimerExpiryNotifiesAndGoesIdle) {
  Session s = reach(State::kOpenConfirm);
  const Transition t = go(s, kHoldTimerExpires);
  EXPECT_EQ(list(t.actions), idle_tail(false, Send(NotifyCode::kHoldTimerExpired), std::nullopt, 0));
}

TEST(FsmOpenConfirm, KeepaliveTimerExpirySendsKeepaliveAndRearms) {
  Session s = reach(State::kOpenConfirm, {}, 9);
  const Transition t = go(s, kKeepaliveTimerExpires);
  EXPECT_EQ(t.to, State::kOpenConfirm);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kSendKeepalive), A(kStartKeepaliveTimer, 3)}));
}

TEST(FsmOpenConfirm, SecondConnectionIsLeftToCollisionDetection) {
  expect_each_ignored(State::kOpenConfirm,
                      {kTcpConnectionValid, kTcpCrAcked, kTcpConnectionConfirmed, kTcpCrInvalid});
}

TEST(FsmOpenConfirm, TcpFailureOrNotificationGoesIdleSilently) {
  for (EventType e : {kTcpConnectionFails, kNotifMsg}) {
    Session s = reach(State::kOpenConfirm);
    const Transition t = go(s, e);
    EXPECT_EQ(list(t.actions), idle_tail(false, std::nullopt, std::nullopt, 0)) << event_name(e);
    EXPECT_EQ(s.connect_retry_counter, 1u);
  }
}

TEST(FsmOpenConfirm, VersionErrorGoesIdleWithoutCounting) {
  Session s = reach(State::kOpenConfirm);
  go(s, kNotifMsgVerErr);
  EXPECT_EQ(s.state, State::kIdle);
  EXPECT_EQ(s.connect_retry_counter, 0u);
}

TEST(FsmOpenConfirm, SecondOpenOnTheSameConnectionIsAnFsmError) {
  Session s = reach(State::kOpenConfirm);
  const Transition t = step(s, Event::open(90));
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(t.actions[0], Send(NotifyCode::kFsm, sub(FsmSubcode::kUnexpectedInOpenConfirm)));
}

TEST(FsmOpenConfirm, HeaderOrOpenErrorSendsItsNotification) {
  for (EventType e : {kBgpHeaderErr, kBgpOpenMsgErr}) {
    Session s = reach(State::kOpenConfirm);
    const Transition t = step(s, Event::with(e, N(NotifyCode::kOpenMessage, sub(OpenSubcode::kBadBgpIdentifier))));
    EXPECT_EQ(list(t.actions),
              idle_tail(false, Send(NotifyCode::kOpenMessage, sub(OpenSubcode::kBadBgpIdentifier)), std::nullopt, 0));
  }
}

TEST(FsmOpenConfirm, CollisionDumpSendsCeaseSevenAndDoesNotRestart) {
  Session s = reach(State::kOpenConfirm);
  const Transition t = go(s, kOpenCollisionDump);
  EXPECT_EQ(list(t.actions),
            idle_tail(false, Send(NotifyCode::kCease, sub(CeaseSubcode::kConnectionCollisionResolution))));
  EXPECT_FALSE(s.auto_restart);
}

TEST(FsmOpenConfirm, KeepaliveEstablishesTheSession) {
  Session s = reach(State::kOpenConfirm, {}, 9);
  const Transition t = go(s, kKeepAliveMsg);
  EXPECT_EQ(t.to, State::kEstablished);
  EXPECT_EQ(list(t.actions),
            (std::vector<Action>{A(kStartHoldTimer, 9), A(kSessionEstablished), A(kStartStableTimer, 60)}));
}

TEST(FsmOpenConfirm, KeepaliveWithZeroHoldEstablishesWithoutHoldTimer) {
  Session s = reach(State::kOpenConfirm, {}, 0);
  const Transition t = go(s, kKeepAliveMsg);
  EXPECT_EQ(t.to, State::kEstablished);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kSessionEstablished), A(kStartStableTimer, 60)}));
}

TEST(FsmOpenConfirm, AnyOtherEventIsAnFsmError) {
  expect_each_goes_idle(State::kOpenConfirm,
                        {kConnectRetryTimerExpires, kDelayOpenTimerExpires, kIdleHoldTimerExpires,
                         kBgpOpenWithDelayOpenTimerRunning, kUpdateMsg, kUpdateMsgErr},
                        N(NotifyCode::kFsm, sub(FsmSubcode::kUnexpectedInOpenConfirm)));
}

}  // namespace
}  // namespace bgp::fsm

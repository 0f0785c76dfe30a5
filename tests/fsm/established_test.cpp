// RFC 4271 §8.2.2, Established state.
#include "tests/fsm/fsm_test_util.hpp"

namespace bgp::fsm {
namespace {
using namespace test;
using enum EventType;
using enum ActionType;

TEST(FsmEstablished, StartEventsAreIgnored) {
  expect_each_ignored(State::kEstablished, {kManualStart, kAutomaticStart, kManualStartWithPassiveTcpEstablishment,
                                            kAutomaticStartWithPassiveTcpEstablishment});
}

TEST(FsmEstablished, ManualStopSendsCeaseDeletesRoutesAndStaysDown) {
  Session s = reach(State::kEstablished);
  const Transition t = go(s, kManualStop);
  const Notification cease = N(NotifyCode::kCease, sub(CeaseSubcode::kAdministrativeShutdown));
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(list(t.actions),
            idle_tail(true, Send(NotifyCode::kCease, cease.subcode), Down(DownReason::kManualStop, cease)));
  EXPECT_EQ(s.connect_retry_counter, 0u);
  EXPECT_EQ(s.flaps, 1u);
  EXPECT_FALSE(s.auto_restart);
}

TEST(FsmEstablished, AutomaticStopSendsTheGivenCease) {
  Session s = reach(State::kEstablished);
  const Notification max = N(NotifyCode::kCease, sub(CeaseSubcode::kMaxPrefixesReached));
  const Transition t = step(s, Event::with(kAutomaticStop, max));
  EXPECT_EQ(list(t.actions),
            idle_tail(true, Send(NotifyCode::kCease, max.subcode), Down(DownReason::kAutomaticStop, max)));
  EXPECT_EQ(s.connect_retry_counter, 1u);
}

TEST(FsmEstablished, HoldTimerExpiryNotifiesDeletesRoutesAndRestarts) {
  Session s = reach(State::kEstablished);
  const Transition t = go(s, kHoldTimerExpires);
  EXPECT_EQ(list(t.actions), idle_tail(true, Send(NotifyCode::kHoldTimerExpired),
                                       Down(DownReason::kHoldTimerExpired, N(NotifyCode::kHoldTimerExpired)), 0));
}

TEST(FsmEstablished, KeepaliveTimerExpirySendsKeepaliveAndRearms) {
  Session s = reach(State::kEstablished);
  const Transition t = go(s, kKeepaliveTimerExpires);
  EXPECT_EQ(t.to, State::kEstablished);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kSendKeepalive), A(kStartKeepaliveTimer, 30)}));
}

TEST(FsmEstablished, SecondConnectionIsLeftToCollisionDetection) {
  expect_each_ignored(State::kEstablished,
                      {kTcpConnectionValid, kTcpCrAcked, kTcpConnectionConfirmed, kTcpCrInvalid});
}

TEST(FsmEstablished, OpenOnTheEstablishedConnectionIsAnFsmError) {
  Session s = reach(State::kEstablished);
  const Transition t = step(s, Event::open(90));
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(t.actions[0], Send(NotifyCode::kFsm, sub(FsmSubcode::kUnexpectedInEstablished)));
}

TEST(FsmEstablished, CollisionDumpClosesWithCeaseSeven) {
  Session s = reach(State::kEstablished);
  const Notification c = N(NotifyCode::kCease, sub(CeaseSubcode::kConnectionCollisionResolution));
  const Transition t = go(s, kOpenCollisionDump);
  EXPECT_EQ(list(t.actions), idle_tail(true, Send(NotifyCode::kCease, c.subcode), Down(DownReason::kCollision, c)));
}

TEST(FsmEstablished, NotificationFromPeerDeletesRoutesAndReportsIt) {
  for (EventType e : {kNotifMsg, kNotifMsgVerErr}) {
    Session s = reach(State::kEstablished);
    const Notification got = N(NotifyCode::kCease, sub(CeaseSubcode::kAdministrativeReset));
    const Transition t = step(s, Event::with(e, got));
    EXPECT_EQ(list(t.actions), idle_tail(true, std::nullopt, Down(DownReason::kNotificationReceived, got), 0));
    EXPECT_EQ(s.connect_retry_counter, 1u);
  }
}

TEST(FsmEstablished, TcpFailureDeletesRoutesAndRestarts) {
  Session s = reach(State::kEstablished);
  const Transition t = go(s, kTcpConnectionFails);
  EXPECT_EQ(list(t.actions),
            idle_tail(true, std::nullopt, Down(DownReason::kTcpConnectionFails, N(NotifyCode::kCease, 0)), 0));
}

TEST(FsmEstablished, KeepaliveRestartsHoldTimer) {
  Session s = reach(State::kEstablished, {}, 9);
  const Transition t = go(s, kKeepAliveMsg);
  EXPECT_EQ(t.to, State::kEstablished);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStartHoldTimer, 9)}));
}

TEST(FsmEstablished, UpdateIsProcessedAndRestartsHoldTimer) {
  Session s = reach(State::kEstablished);
  const Transition t = go(s, kUpdateMsg);
  EXPECT_EQ(t.to, State::kEstablished);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kProcessUpdate), A(kStartHoldTimer, 90)}));
}

TEST(FsmEstablished, ZeroHoldTimeNeverArmsTheHoldTimer) {
  Session s = reach(State::kEstablished, {}, 0);
  EXPECT_EQ(list(go(s, kUpdateMsg).actions), (std::vector<Action>{A(kProcessUpdate)}));
  EXPECT_TRUE(go(s, kKeepAliveMsg).actions.empty());
}

TEST(FsmEstablished, UpdateErrorSendsItsNotificationAndDeletesRoutes) {
  Session s = reach(State::kEstablished);
  const Notification err = N(NotifyCode::kUpdateMessage, sub(UpdateSubcode::kMalformedAttributeList));
  const Transition t = step(s, Event::with(kUpdateMsgErr, err));
  EXPECT_EQ(list(t.actions),
            idle_tail(true, Send(err.code, err.subcode), Down(DownReason::kNotificationSent, err), 0));
}

TEST(FsmEstablished, HeaderErrorSendsTheHeaderErrorNotFsmError) {
  Session s = reach(State::kEstablished);
  const Notification err = N(NotifyCode::kMessageHeader, sub(HeaderSubcode::kBadMessageType));
  const Transition t = step(s, Event::with(kBgpHeaderErr, err));
  EXPECT_EQ(t.actions[0], Send(err.code, err.subcode));
}

TEST(FsmEstablished, AnyOtherEventIsAnFsmError) {
  expect_each_goes_idle(State::kEstablished,
                        {kConnectRetryTimerExpires, kDelayOpenTimerExpires, kIdleHoldTimerExpires,
                         kBgpOpenWithDelayOpenTimerRunning, kBgpOpenMsgErr},
                        N(NotifyCode::kFsm, sub(FsmSubcode::kUnexpectedInEstablished)));
}

}  // namespace
}  // namespace bgp::fsm

// RFC 4271 §8.2.2, OpenSent state.
#include "tests/fsm/fsm_test_util.hpp"

namespace bgp::fsm {
namespace {
using namespace test;
using enum EventType;
using enum ActionType;

TEST(FsmOpenSent, StartEventsAreIgnored) {
  expect_each_ignored(State::kOpenSent, {kManualStart, kAutomaticStart, kManualStartWithPassiveTcpEstablishment,
                                         kAutomaticStartWithPassiveTcpEstablishment});
}

TEST(FsmOpenSent, ManualStopSendsCeaseAndResetsCounter) {
  Session s = reach(State::kOpenSent);
  const Transition t = go(s, kManualStop);
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(list(t.actions), idle_tail(false, Send(NotifyCode::kCease, sub(CeaseSubcode::kAdministrativeShutdown))));
  EXPECT_EQ(s.connect_retry_counter, 0u);
}

TEST(FsmOpenSent, AutomaticStopSendsTheGivenCeaseAndCounts) {
  Session s = reach(State::kOpenSent);
  const Transition t =
      step(s, Event::with(kAutomaticStop, N(NotifyCode::kCease, sub(CeaseSubcode::kOutOfResources))));
  EXPECT_EQ(list(t.actions), idle_tail(false, Send(NotifyCode::kCease, sub(CeaseSubcode::kOutOfResources))));
  EXPECT_EQ(s.connect_retry_counter, 1u);
}

TEST(FsmOpenSent, HoldTimerExpiryNotifiesAndGoesIdle) {
  Session s = reach(State::kOpenSent);
  const Transition t = go(s, kHoldTimerExpires);
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(list(t.actions), idle_tail(false, Send(NotifyCode::kHoldTimerExpired), std::nullopt, 0));
  EXPECT_EQ(s.connect_retry_counter, 1u);
}

TEST(FsmOpenSent, SecondConnectionIsLeftToCollisionDetection) {
  expect_each_ignored(State::kOpenSent, {kTcpConnectionValid, kTcpCrAcked, kTcpConnectionConfirmed, kTcpCrInvalid});
}

TEST(FsmOpenSent, TcpFailureClosesAndListensInActive) {
  Session s = reach(State::kOpenSent);
  const Transition t = go(s, kTcpConnectionFails);
  EXPECT_EQ(t.to, State::kActive);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kDropTcpConnection), A(kStopHoldTimer),
                                                  A(kStartConnectRetryTimer, 120)}));
}

TEST(FsmOpenSent, OpenSendsKeepaliveAndArmsNegotiatedTimers) {
  Session s = reach(State::kOpenSent);
  const Transition t = step(s, Event::open(180));
  EXPECT_EQ(t.to, State::kOpenConfirm);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopDelayOpenTimer), A(kStopConnectRetryTimer),
                                                  A(kSendKeepalive), A(kStartKeepaliveTimer, 30),
                                                  A(kStartHoldTimer, 90)}));
  EXPECT_EQ(s.negotiated_hold, 90);  // the smaller of 90 (ours) and 180
  EXPECT_EQ(s.negotiated_keepalive, 30);
}

TEST(FsmOpenSent, PeersShorterHoldTimeWinsAndShortensKeepalive) {
  Session s = reach(State::kOpenSent);  // ours: hold 90, keepalive 30
  const Transition t = step(s, Event::open(9));
  EXPECT_EQ(s.negotiated_hold, 9);
  EXPECT_EQ(s.negotiated_keepalive, 3);
  EXPECT_TRUE(t.actions.contains(kStartKeepaliveTimer));
  EXPECT_EQ(t.actions[3], A(kStartKeepaliveTimer, 3));
  EXPECT_EQ(t.actions[4], A(kStartHoldTimer, 9));
}

TEST(FsmOpenSent, ZeroHoldTimeFromPeerDisablesKeepalives) {
  Session s = reach(State::kOpenSent);
  const Transition t = step(s, Event::open(0));
  EXPECT_EQ(t.to, State::kOpenConfirm);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopDelayOpenTimer), A(kStopConnectRetryTimer),
                                                  A(kSendKeepalive), A(kStopKeepaliveTimer), A(kStopHoldTimer)}));
  EXPECT_EQ(s.negotiated_hold, 0);
}

TEST(FsmOpenSent, HoldTimeOfOneOrTwoIsUnacceptable) {
  for (std::uint16_t h : {1, 2}) {
    Session s = reach(State::kOpenSent);
    const Transition t = step(s, Event::open(h));
    EXPECT_EQ(t.to, State::kIdle);
    EXPECT_EQ(t.actions[0], Send(NotifyCode::kOpenMessage, sub(OpenSubcode::kUnacceptableHoldTime)));
  }
}

TEST(FsmOpenSent, HeaderErrorSendsItsNotification) {
  Session s = reach(State::kOpenSent);
  const Transition t = step(
      s, Event::with(kBgpHeaderErr, N(NotifyCode::kMessageHeader, sub(HeaderSubcode::kBadMessageLength))));
  EXPECT_EQ(list(t.actions),
            idle_tail(false, Send(NotifyCode::kMessageHeader, sub(HeaderSubcode::kBadMessageLength)), std::nullopt, 0));
  EXPECT_EQ(s.connect_retry_counter, 1u);
}

TEST(FsmOpenSent, OpenErrorSendsItsNotification) {
  Session s = reach(State::kOpenSent);
  const Transition t = step(s, Event::with(kBgpOpenMsgErr, N(NotifyCode::kOpenMessage, sub(OpenSubcode::kBadPeerAs))));
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(t.actions[0], Send(NotifyCode::kOpenMessage, sub(OpenSubcode::kBadPeerAs)));
}

TEST(FsmOpenSent, CollisionDumpSendsCeaseSevenAndDoesNotRestart) {
  Session s = reach(State::kOpenSent);
  const Transition t = go(s, kOpenCollisionDump);
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(list(t.actions),
            idle_tail(false, Send(NotifyCode::kCease, sub(CeaseSubcode::kConnectionCollisionResolution))));
  EXPECT_EQ(s.connect_retry_counter, 1u);
  EXPECT_FALSE(s.auto_restart);
}

TEST(FsmOpenSent, VersionErrorGoesIdleWithoutCounting) {
  Session s = reach(State::kOpenSent);
  const Transition t = go(s, kNotifMsgVerErr);
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(list(t.actions), idle_tail(false, std::nullopt, std::nullopt, 0));
  EXPECT_EQ(s.connect_retry_counter, 0u);
}

TEST(FsmOpenSent, NotificationFromPeerIsNotAnswered) {
  Session s = reach(State::kOpenSent);
  const Transition t = step(s, Event::with(kNotifMsg, N(NotifyCode::kCease, 2)));
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_FALSE(t.actions.contains(kSendNotification));
  EXPECT_EQ(s.connect_retry_counter, 1u);
}

TEST(FsmOpenSent, AnyOtherEventIsAnFsmError) {
  expect_each_goes_idle(State::kOpenSent,
                        {kConnectRetryTimerExpires, kKeepaliveTimerExpires, kDelayOpenTimerExpires,
                         kIdleHoldTimerExpires, kBgpOpenWithDelayOpenTimerRunning, kKeepAliveMsg, kUpdateMsg,
                         kUpdateMsgErr},
                        N(NotifyCode::kFsm, sub(FsmSubcode::kUnexpectedInOpenSent)));
}

}  // namespace
}  // namespace bgp::fsm

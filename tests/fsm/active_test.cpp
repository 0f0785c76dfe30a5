// RFC 4271 §8.2.2, Active state.
#include "tests/fsm/fsm_test_util.hpp"

namespace bgp::fsm {
namespace {
using namespace test;
using enum EventType;
using enum ActionType;

// Active reached from an active start: Connect with DelayOpen, TCP fails.
Session active_after_failed_connect(std::uint16_t delay = 5) {
  Session s = connect_with_delay_open(delay);
  go(s, kTcpConnectionFails);
  return s;
}

Session active_with_delay_running() {
  Settings st;
  st.delay_open = 5;
  Session s = reach(State::kActive, st);
  go(s, kTcpConnectionConfirmed);
  return s;
}

TEST(FsmActive, StartEventsAreIgnored) {
  expect_each_ignored(State::kActive, {kManualStart, kAutomaticStart, kManualStartWithPassiveTcpEstablishment,
                                       kAutomaticStartWithPassiveTcpEstablishment});
}

TEST(FsmActive, ManualStopGoesIdleAndResetsCounter) {
  Session s = reach(State::kActive);
  s.connect_retry_counter = 2;
  const Transition t = go(s, kManualStop);
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(list(t.actions), idle_tail(false));
  EXPECT_EQ(s.connect_retry_counter, 0u);
}

TEST(FsmActive, ConnectRetryExpiryConnectsOutWhenStartedActively) {
  Session s = active_after_failed_connect();
  ASSERT_EQ(s.state, State::kActive);
  const Transition t = go(s, kConnectRetryTimerExpires);
  EXPECT_EQ(t.to, State::kConnect);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStartConnectRetryTimer, 120), A(kInitiateTcpConnection)}));
}

TEST(FsmActive, ConnectRetryExpiryKeepsListeningInPassiveMode) {
  Session s = reach(State::kActive);
  const Transition t = go(s, kConnectRetryTimerExpires);
  EXPECT_EQ(t.to, State::kActive);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStartConnectRetryTimer, 120)}));
}

TEST(FsmActive, DelayOpenExpirySendsOpen) {
  Session s = active_with_delay_running();
  const Transition t = go(s, kDelayOpenTimerExpires);
  EXPECT_EQ(t.to, State::kOpenSent);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopConnectRetryTimer), A(kStopDelayOpenTimer), A(kSendOpen),
                                                  A(kStartHoldTimer, 240)}));
}

TEST(FsmActive, TcpConnectionValidOrInvalidChangesNothing) {
  expect_each_ignored(State::kActive, {kTcpConnectionValid, kTcpCrInvalid});
}

TEST(FsmActive, IncomingConnectionSendsOpen) {
  for (EventType e : {kTcpConnectionConfirmed, kTcpCrAcked}) {
    Session s = reach(State::kActive);
    const Transition t = go(s, e);
    EXPECT_EQ(t.to, State::kOpenSent);
    EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopConnectRetryTimer), A(kStopDelayOpenTimer), A(kSendOpen),
                                                    A(kStartHoldTimer, 240)}));
  }
}

TEST(FsmActive, IncomingConnectionWithDelayOpenWaits) {
  Settings st;
  st.delay_open = 5;
  Session s = reach(State::kActive, st);
  const Transition t = go(s, kTcpConnectionConfirmed);
  EXPECT_EQ(t.to, State::kActive);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopConnectRetryTimer), A(kStartDelayOpenTimer, 5)}));
}

TEST(FsmActive, TcpFailureCountsAndGoesIdle) {
  Session s = reach(State::kActive);
  const Transition t = go(s, kTcpConnectionFails);
  EXPECT_EQ(t.to, State::kIdle);
  EXPECT_EQ(list(t.actions), idle_tail(false, std::nullopt, std::nullopt, 0));
  EXPECT_EQ(s.connect_retry_counter, 1u);
}

TEST(FsmActive, OpenDuringDelayOpenAnswersWithOpenAndKeepalive) {
  Session s = active_with_delay_running();
  const Transition t = step(s, Event::open(90));
  EXPECT_EQ(t.to, State::kOpenConfirm);
  EXPECT_EQ(list(t.actions), (std::vector<Action>{A(kStopConnectRetryTimer), A(kStopDelayOpenTimer), A(kSendOpen),
                                                  A(kSendKeepalive), A(kStartKeepaliveTimer, 30),
                                                  A(kStartHoldTimer, 90)}));
}

TEST(FsmActive, HeaderOrOpenErrorGoesIdle) {
  for (EventType e : {kBgpHeaderErr, kBgpOpenMsgErr}) {
    Session s = active_with_delay_running();
    const Transition t = step(s, Event::with(e, N(NotifyCode::kMessageHeader, 2)));
    EXPECT_EQ(t.to, State::kIdle);
    EXPECT_FALSE(t.actions.contains(kSendNotification));
    EXPECT_EQ(s.connect_retry_counter, 1u);
  }
}

TEST(FsmActive, VersionErrorCountsOnlyWithoutDelayOpen) {
  Session delaying = active_with_delay_running();
  go(delaying, kNotifMsgVerErr);
  EXPECT_EQ(delaying.state, State::kIdle);
  EXPECT_EQ(delaying.connect_retry_counter, 0u);
  Session plain = reach(State::kActive);
  go(plain, kNotifMsgVerErr);
  EXPECT_EQ(plain.state, State::kIdle);
  EXPECT_EQ(plain.connect_retry_counter, 1u);
}

TEST(FsmActive, AnyOtherEventDropsAndGoesIdle) {
  expect_each_goes_idle(State::kActive,
                        {kHoldTimerExpires, kKeepaliveTimerExpires, kIdleHoldTimerExpires, kBgpOpen,
                         kOpenCollisionDump, kNotifMsg, kKeepAliveMsg, kUpdateMsg, kUpdateMsgErr},
                        std::nullopt);
}

}  // namespace
}  // namespace bgp::fsm

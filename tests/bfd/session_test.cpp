// RFC 5880 §6.8 asynchronous-mode session: every state transition, the
// timer rules (§6.8.2-6.8.4, §6.8.7) and the Poll Sequence (§6.5, §6.8.3).
#include "libbgp/bfd/session.hpp"

#include <gtest/gtest.h>

namespace bgp::bfd {
namespace {

using std::chrono::milliseconds;

constexpr std::uint32_t kLocal = 0x1001;
constexpr std::uint32_t kRemote = 0x2002;

const TimePoint t0 = TimePoint{} + std::chrono::hours(1);

Timing fast(std::uint8_t mult = 3) { return Timing{300'000, 300'000, mult}; }

// No jitter unless a test asks for it.
Session make(Timing t = fast(), Session::Random r = [] { return 0u; }) { return Session(kLocal, t, std::move(r)); }

ControlPacket remote(State s, std::uint32_t tx_us = 300'000, std::uint32_t rx_us = 300'000, std::uint8_t mult = 3) {
  ControlPacket p;
  p.state = s;
  p.detect_mult = mult;
  p.my_discriminator = kRemote;
  p.your_discriminator = s == State::kDown || s == State::kAdminDown ? 0 : kLocal;
  p.desired_min_tx_us = tx_us;
  p.required_min_rx_us = rx_us;
  return p;
}

// Down -> Init -> Up through the three-way handshake, the Poll begun on Up answered.
Session up_session(Timing t = fast()) {
  Session s = make(t);
  s.start(t0);
  s.receive(remote(State::kDown), t0);
  s.receive(remote(State::kUp), t0);
  ControlPacket fin = remote(State::kUp);
  fin.final = true;
  s.receive(fin, t0);
  return s;
}

TEST(BfdSession, StartsDownAndSendsAtOnceAtTheSlowRate) {
  Session s = make();
  EXPECT_EQ(s.next_deadline(), TimePoint::max());  // nothing before start
  const Output o = s.start(t0);
  ASSERT_TRUE(o.send);
  EXPECT_EQ(o.send->state, State::kDown);
  EXPECT_EQ(o.send->my_discriminator, kLocal);
  EXPECT_EQ(o.send->your_discriminator, 0u);
  EXPECT_EQ(o.send->desired_min_tx_us, kSlowTxUs);  // §6.8.3: >= 1 s while not Up
  EXPECT_EQ(o.send->required_min_rx_us, 300'000u);
  EXPECT_EQ(o.send->required_min_echo_rx_us, 0u);
  EXPECT_EQ(o.send->detect_mult, 3);
  EXPECT_FALSE(o.change);
  EXPECT_EQ(s.next_deadline(), t0 + milliseconds(1000));
}

TEST(BfdSession, DownGoesInitOnRemoteDownAndAnswersAtOnce) {
  Session s = make();
  s.start(t0);
  const Output o = s.receive(remote(State::kDown), t0 + milliseconds(5));
  ASSERT_TRUE(o.change);
  EXPECT_EQ(o.change->from, State::kDown);
  EXPECT_EQ(o.change->to, State::kInit);
  ASSERT_TRUE(o.send);
  EXPECT_EQ(o.send->state, State::kInit);
  EXPECT_EQ(o.send->your_discriminator, kRemote);
}

TEST(BfdSession, DownGoesUpOnRemoteInit) {
  Session s = make();
  s.start(t0);
  const Output o = s.receive(remote(State::kInit), t0);
  ASSERT_TRUE(o.change);
  EXPECT_EQ(o.change->to, State::kUp);
  EXPECT_EQ(s.state(), State::kUp);
}

TEST(BfdSession, DownIgnoresRemoteUp) {
  Session s = make();
  s.start(t0);
  const Output o = s.receive(remote(State::kUp), t0);
  EXPECT_FALSE(o.change);
  EXPECT_EQ(s.state(), State::kDown);
}

TEST(BfdSession, InitGoesUpOnRemoteInitOrUp) {
  for (State r : {State::kInit, State::kUp}) {
    Session s = make();
    s.start(t0);
    s.receive(remote(State::kDown), t0);
    const Output o = s.receive(remote(r), t0);
    ASSERT_TRUE(o.change) << state_name(r);
    EXPECT_EQ(o.change->from, State::kInit);
    EXPECT_EQ(o.change->to, State::kUp);
  }
}

TEST(BfdSession, InitStaysInitOnRemoteDown) {
  Session s = make();
  s.start(t0);
  s.receive(remote(State::kDown), t0);
  EXPECT_FALSE(s.receive(remote(State::kDown), t0).change);
  EXPECT_EQ(s.state(), State::kInit);
}

TEST(BfdSession, UpGoesDownWithDiag3OnRemoteDown) {
  Session s = up_session();
  const Output o = s.receive(remote(State::kDown), t0 + milliseconds(10));
  ASSERT_TRUE(o.change);
  EXPECT_EQ(o.change->to, State::kDown);
  EXPECT_EQ(o.change->diag, Diag::kNeighborSignaledSessionDown);
  EXPECT_EQ(o.send->diag, Diag::kNeighborSignaledSessionDown);
  EXPECT_EQ(o.send->desired_min_tx_us, kSlowTxUs);  // back to the slow rate
}

TEST(BfdSession, DownFromANewRemoteSessionIsMarkedAsARemoteRestart) {
  Session s = up_session();
  ControlPacket p = remote(State::kDown);
  p.my_discriminator = kRemote + 1;  // the remote re-created its session
  const Output o = s.receive(p, t0);
  ASSERT_TRUE(o.change);
  EXPECT_EQ(o.change->to, State::kDown);
  EXPECT_TRUE(o.change->remote_restarted);
  EXPECT_EQ(s.remote_discriminator(), kRemote + 1);
  const Output again = s.receive(p, t0 + milliseconds(1));
  ASSERT_TRUE(again.change);
  EXPECT_EQ(again.change->to, State::kInit);
}

TEST(BfdSession, DownFromTheKnownRemoteSessionIsAPathEvent) {
  Session s = up_session();
  const Output o = s.receive(remote(State::kDown), t0);
  ASSERT_TRUE(o.change);
  EXPECT_FALSE(o.change->remote_restarted);
}

TEST(BfdSession, RemoteAdminDownTakesUpDownAndSaysSo) {
  Session s = up_session();
  const Output o = s.receive(remote(State::kAdminDown), t0);
  ASSERT_TRUE(o.change);
  EXPECT_EQ(o.change->to, State::kDown);
  EXPECT_EQ(o.change->diag, Diag::kNeighborSignaledSessionDown);
  EXPECT_EQ(o.change->remote_state, State::kAdminDown);  // RFC 5882 §3.2: not a path failure
}

TEST(BfdSession, RemoteAdminDownLeavesDownAlone) {
  Session s = make();
  s.start(t0);
  EXPECT_FALSE(s.receive(remote(State::kAdminDown), t0).change);
}

TEST(BfdSession, UpIgnoresRemoteInitAndUp) {
  Session s = up_session();
  EXPECT_FALSE(s.receive(remote(State::kInit), t0).change);
  EXPECT_FALSE(s.receive(remote(State::kUp), t0).change);
  EXPECT_EQ(s.state(), State::kUp);
}

TEST(BfdSession, GoingUpStartsAPollSequenceForTheFastRate) {
  Session s = make();
  s.start(t0);
  s.receive(remote(State::kDown), t0);
  const Output o = s.receive(remote(State::kUp), t0);
  ASSERT_TRUE(o.send);
  EXPECT_EQ(o.send->state, State::kUp);
  EXPECT_TRUE(o.send->poll);
  EXPECT_EQ(o.send->desired_min_tx_us, 300'000u);
  EXPECT_TRUE(s.poll_in_progress());
  // A faster rate applies at once (§6.8.3 only holds back a slower one).
  EXPECT_EQ(s.tx_interval_us(), 300'000u);
  // Periodic packets keep P until the Final.
  const Output periodic = s.expire(s.next_deadline());
  ASSERT_TRUE(periodic.send);
  EXPECT_TRUE(periodic.send->poll);
  ControlPacket fin = remote(State::kUp);
  fin.final = true;
  s.receive(fin, t0);
  EXPECT_FALSE(s.poll_in_progress());
  EXPECT_FALSE(s.expire(s.next_deadline()).send->poll);
}

TEST(BfdSession, PollIsAnsweredAtOnceWithFinalAndNeverBothBits) {
  Session s = make();
  s.start(t0);
  s.receive(remote(State::kDown), t0);
  s.receive(remote(State::kUp), t0);  // our own poll now running
  ASSERT_TRUE(s.poll_in_progress());
  ControlPacket p = remote(State::kUp);
  p.poll = true;
  const Output o = s.receive(p, t0 + milliseconds(1));
  ASSERT_TRUE(o.send);
  EXPECT_TRUE(o.send->final);
  EXPECT_FALSE(o.send->poll);
}

TEST(BfdSession, UnchangedContentSendsNothingOutOfTurn) {
  Session s = up_session();
  EXPECT_FALSE(s.receive(remote(State::kUp), t0 + milliseconds(10)).send);
}

TEST(BfdSession, TxIntervalIsLargerOfOurDesiredAndRemoteRequired) {
  Session s = up_session();
  EXPECT_EQ(s.tx_interval_us(), 300'000u);
  s.receive(remote(State::kUp, 300'000, 500'000), t0);
  EXPECT_EQ(s.tx_interval_us(), 500'000u);
  const TimePoint sent = t0 + milliseconds(600);
  ASSERT_TRUE(s.expire(sent).send);
  s.receive(remote(State::kUp, 300'000, 500'000), sent);  // detection now ends at sent + 900 ms
  EXPECT_EQ(s.next_deadline() - sent, Micros(500'000)) << "no jitter with random 0";
}

TEST(BfdSession, RemoteAskingForFasterPacketsIsHeardBeforeTheOldInterval) {
  Session s = make();
  s.start(t0);  // next periodic at +1 s
  s.receive(remote(State::kDown, 1'000'000, 2'000'000), t0);
  s.expire(t0 + milliseconds(10));
  EXPECT_EQ(s.tx_interval_us(), 2'000'000u);
}

TEST(BfdSession, JitterReducesTheIntervalByUpToAQuarter) {
  std::uint32_t r = 2500;  // the largest reduction, 25 %
  Session s = make(fast(), [&] { return r; });
  s.start(t0);
  EXPECT_EQ(s.next_deadline() - t0, Micros(750'000));
  r = 1250;
  s.expire(s.next_deadline());
  const TimePoint at = t0 + Micros(750'000);
  EXPECT_EQ(s.next_deadline() - at, Micros(875'000));
}

TEST(BfdSession, JitterWithDetectMultOneStaysBetween75And90Percent) {
  std::uint32_t r = 0;
  Session s = make(fast(1), [&] { return r; });
  s.start(t0);
  EXPECT_EQ(s.next_deadline() - t0, Micros(900'000));  // at least 10 % off
  r = 1500;  // the largest: 10 % + 15 %
  const TimePoint at = s.next_deadline();
  s.expire(at);
  EXPECT_EQ(s.next_deadline() - at, Micros(750'000));
}

TEST(BfdSession, DetectionTimeIsRemoteMultTimesAgreedInterval) {
  Session s = up_session(Timing{300'000, 200'000, 3});
  s.receive(remote(State::kUp, 100'000, 300'000, 4), t0);
  EXPECT_EQ(s.rx_interval_us(), 200'000u);  // max(our RX 200 ms, their TX 100 ms)
  EXPECT_EQ(s.detection_time_us(), 800'000u);  // their multiplier 4
  s.receive(remote(State::kUp, 500'000, 300'000, 2), t0);
  EXPECT_EQ(s.detection_time_us(), 1'000'000u);
}

TEST(BfdSession, DetectionTimeoutTakesUpDownWithDiag1) {
  Session s = up_session();
  const TimePoint last = t0 + milliseconds(100);
  s.receive(remote(State::kUp), last);
  EXPECT_FALSE(s.expire(last + milliseconds(899)).change);
  EXPECT_LE(s.next_deadline(), last + milliseconds(900));
  const Output o = s.expire(last + milliseconds(900));
  ASSERT_TRUE(o.change);
  EXPECT_EQ(o.change->from, State::kUp);
  EXPECT_EQ(o.change->to, State::kDown);
  EXPECT_EQ(o.change->diag, Diag::kControlDetectionTimeExpired);
  ASSERT_TRUE(o.send);
  EXPECT_EQ(o.send->state, State::kDown);
  EXPECT_EQ(o.send->your_discriminator, 0u);  // §6.8.1: RemoteDiscr set to zero
  EXPECT_EQ(s.remote_discriminator(), 0u);
}

TEST(BfdSession, DetectionTimeoutTakesInitDown) {
  Session s = make();
  s.start(t0);
  s.receive(remote(State::kDown), t0);
  const Output o = s.expire(t0 + milliseconds(900));  // remote's 3 x max(300 ms, 300 ms)
  ASSERT_TRUE(o.change);
  EXPECT_EQ(o.change->from, State::kInit);
  EXPECT_EQ(o.change->to, State::kDown);
}

TEST(BfdSession, DetectionIsDisarmedUntilThePeerSpeaks) {
  Session s = make();
  s.start(t0);
  EXPECT_EQ(s.next_deadline(), t0 + milliseconds(1000));  // only the transmit timer
  EXPECT_FALSE(s.expire(t0 + std::chrono::seconds(10)).change);
}

TEST(BfdSession, SlowerTxWhileUpWaitsForTheFinal) {
  Session s = up_session();
  const Output o = s.set_timing(Timing{1'000'000, 300'000, 3}, t0);
  ASSERT_TRUE(o.send);
  EXPECT_TRUE(o.send->poll);
  EXPECT_EQ(o.send->desired_min_tx_us, 1'000'000u);
  EXPECT_EQ(s.tx_interval_us(), 300'000u);  // §6.8.3: not until the Poll Sequence ends
  ControlPacket fin = remote(State::kUp);
  fin.final = true;
  s.receive(fin, t0);
  EXPECT_EQ(s.tx_interval_us(), 1'000'000u);
}

TEST(BfdSession, ShorterRxWhileUpKeepsTheOldDetectionTimeUntilTheFinal) {
  Session s = up_session();
  s.receive(remote(State::kUp, 100'000), t0);
  EXPECT_EQ(s.detection_time_us(), 900'000u);
  s.set_timing(Timing{300'000, 100'000, 3}, t0);
  EXPECT_EQ(s.detection_time_us(), 900'000u);
  ControlPacket fin = remote(State::kUp, 100'000);
  fin.final = true;
  s.receive(fin, t0);
  EXPECT_EQ(s.detection_time_us(), 300'000u);
}

TEST(BfdSession, LongerRxWhileUpAppliesAtOnce) {
  Session s = up_session();
  s.set_timing(Timing{300'000, 1'000'000, 3}, t0);
  EXPECT_EQ(s.detection_time_us(), 3'000'000u);
}

TEST(BfdSession, ChangeDuringAPollStartsAnotherWhenItEnds) {
  Session s = up_session();
  s.set_timing(Timing{500'000, 300'000, 3}, t0);
  s.set_timing(Timing{700'000, 300'000, 3}, t0);
  ControlPacket fin = remote(State::kUp);
  fin.final = true;
  s.receive(fin, t0);
  EXPECT_TRUE(s.poll_in_progress());
  s.receive(fin, t0);
  EXPECT_FALSE(s.poll_in_progress());
  EXPECT_EQ(s.tx_interval_us(), 700'000u);
}

TEST(BfdSession, TimingChangeWhileDownAppliesWithoutPoll) {
  Session s = make();
  s.start(t0);
  const Output o = s.set_timing(Timing{100'000, 100'000, 5}, t0);
  ASSERT_TRUE(o.send);
  EXPECT_FALSE(o.send->poll);
  EXPECT_EQ(o.send->desired_min_tx_us, kSlowTxUs);
  EXPECT_EQ(o.send->required_min_rx_us, 100'000u);
  EXPECT_EQ(o.send->detect_mult, 5);
}

TEST(BfdSession, RemoteRequiredRxZeroStopsPeriodicButNotFinal) {
  Session s = up_session();
  s.receive(remote(State::kUp, 300'000, 0), t0);
  EXPECT_EQ(s.next_deadline(), t0 + milliseconds(900));  // detection only
  EXPECT_FALSE(s.expire(t0 + milliseconds(500)).send);
  ControlPacket p = remote(State::kUp, 300'000, 0);
  p.poll = true;
  EXPECT_TRUE(s.receive(p, t0 + milliseconds(600)).send->final);
}

TEST(BfdSession, RemoteDemandModeWhileBothUpStopsPeriodicTransmission) {
  Session s = up_session();
  ControlPacket p = remote(State::kUp);
  p.demand = true;
  s.receive(p, t0);
  EXPECT_FALSE(s.expire(t0 + milliseconds(500)).send);
}

TEST(BfdSession, AdminDownSendsDiag7AndIgnoresThePeer) {
  Session s = up_session();
  const Output o = s.set_admin_down(true, t0);
  ASSERT_TRUE(o.change);
  EXPECT_EQ(o.change->to, State::kAdminDown);
  ASSERT_TRUE(o.send);
  EXPECT_EQ(o.send->state, State::kAdminDown);
  EXPECT_EQ(o.send->diag, Diag::kAdministrativelyDown);
  EXPECT_FALSE(s.receive(remote(State::kInit), t0).change);
  EXPECT_FALSE(s.expire(t0 + std::chrono::seconds(5)).change);  // no detection in AdminDown
  const Output back = s.set_admin_down(false, t0 + std::chrono::seconds(5));
  ASSERT_TRUE(back.change);
  EXPECT_EQ(back.change->to, State::kDown);
  EXPECT_EQ(back.change->diag, Diag::kNone);
}

TEST(BfdSession, DetectionTimeoutInDownForgetsTheRemoteDiscriminator) {
  Session s = up_session();
  s.receive(remote(State::kDown), t0);  // Up -> Down (diag 3)
  ASSERT_EQ(s.state(), State::kDown);
  EXPECT_EQ(s.remote_discriminator(), kRemote);
  EXPECT_FALSE(s.expire(t0 + milliseconds(900)).change);
  EXPECT_EQ(s.remote_discriminator(), 0u);
}

TEST(BfdSession, ComesBackUpAfterADetectionTimeout) {
  Session s = up_session();
  s.expire(t0 + milliseconds(900));
  ASSERT_EQ(s.state(), State::kDown);
  s.receive(remote(State::kDown), t0 + milliseconds(1000));
  s.receive(remote(State::kUp), t0 + milliseconds(1001));
  EXPECT_EQ(s.state(), State::kUp);
}

}  // namespace
}  // namespace bgp::bfd

// RFC 4271 §6.8 connection collision detection and its use with two
// per-connection sessions.
#include "libbgp/fsm/collision.hpp"

#include "tests/fsm/fsm_test_util.hpp"

namespace bgp::fsm {
namespace {
using namespace test;
using enum EventType;
using enum ActionType;

constexpr std::uint32_t kLow = 0x0A000001;   // 10.0.0.1
constexpr std::uint32_t kHigh = 0x0A000002;  // 10.0.0.2

CollisionInput both_confirm(std::uint32_t local, std::uint32_t remote) {
  return CollisionInput{State::kOpenConfirm, State::kOpenConfirm, local, remote, 65001, 65002, false};
}

TEST(Collision, LowerLocalIdentifierClosesTheOutgoingConnection) {
  EXPECT_EQ(connection_to_close(both_confirm(kLow, kHigh)), Direction::kOutgoing);
}

TEST(Collision, HigherLocalIdentifierClosesTheIncomingConnection) {
  EXPECT_EQ(connection_to_close(both_confirm(kHigh, kLow)), Direction::kIncoming);
}

TEST(Collision, BothSidesAgreeOnTheSurvivingConnection) {
  // The peer's outgoing connection is our incoming one: each side's verdict
  // must close the same TCP connection.
  const auto ours = connection_to_close(both_confirm(kLow, kHigh));
  const auto theirs = connection_to_close(both_confirm(kHigh, kLow));
  ASSERT_TRUE(ours && theirs);
  EXPECT_NE(*ours, *theirs);  // our outgoing == their incoming
}

TEST(Collision, OpenSentCountsOnceTheOtherConnectionHasTheOpen) {
  CollisionInput in = both_confirm(kLow, kHigh);
  in.incoming_state = State::kOpenSent;
  EXPECT_EQ(connection_to_close(in), Direction::kOutgoing);
  in.outgoing_state = State::kOpenSent;
  EXPECT_EQ(connection_to_close(in), std::nullopt);  // no OPEN received on either yet
}

TEST(Collision, NoCollisionWhileTheOtherConnectionIsStillConnecting) {
  for (State other : {State::kIdle, State::kConnect, State::kActive}) {
    CollisionInput in = both_confirm(kLow, kHigh);
    in.outgoing_state = other;
    EXPECT_EQ(connection_to_close(in), std::nullopt) << state_name(other);
  }
}

TEST(Collision, EstablishedConnectionAlwaysSurvives) {
  CollisionInput in = both_confirm(kLow, kHigh);  // ids alone would close the outgoing one
  in.outgoing_state = State::kEstablished;
  EXPECT_EQ(connection_to_close(in), Direction::kIncoming);
  in = both_confirm(kHigh, kLow);
  in.incoming_state = State::kEstablished;
  EXPECT_EQ(connection_to_close(in), Direction::kOutgoing);
}

TEST(Collision, DetectEstablishedStateLetsIdentifiersDecide) {
  CollisionInput in = both_confirm(kLow, kHigh);
  in.outgoing_state = State::kEstablished;
  in.detect_established = true;
  EXPECT_EQ(connection_to_close(in), Direction::kOutgoing);
}

TEST(Collision, EqualIdentifiersKeepTheLargerAsConnection) {
  CollisionInput in = both_confirm(kLow, kLow);
  in.local_as = 65002;
  in.remote_as = 65001;
  EXPECT_EQ(connection_to_close(in), Direction::kIncoming);  // ours (larger AS) survives
  in.local_as = 65001;
  in.remote_as = 65002;
  EXPECT_EQ(connection_to_close(in), Direction::kOutgoing);
}

TEST(Collision, NotificationIsCeaseConnectionCollisionResolution) {
  EXPECT_EQ(collision_notification().code, NotifyCode::kCease);
  EXPECT_EQ(collision_notification().subcode, 7);
}

// Both peers connect at once: the peer's session for our outgoing connection
// and a transient passive session for its incoming one both reach
// OpenConfirm; the loser gets OpenCollisionDump, the winner establishes.
void run_collision(std::uint32_t local_id, std::uint32_t remote_id, Direction expected_loser) {
  Session outgoing = reach(State::kConnect);
  go(outgoing, kTcpCrAcked);
  Session incoming;
  go(incoming, kManualStartWithPassiveTcpEstablishment);
  go(incoming, kTcpConnectionConfirmed);
  ASSERT_EQ(outgoing.state, State::kOpenSent);
  ASSERT_EQ(incoming.state, State::kOpenSent);

  step(outgoing, Event::open(9));
  CollisionInput in{outgoing.state, incoming.state, local_id, remote_id, 65001, 65101, false};
  const auto first = connection_to_close(in);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(*first, expected_loser);

  Session& loser = *first == Direction::kOutgoing ? outgoing : incoming;
  Session& winner = *first == Direction::kOutgoing ? incoming : outgoing;
  const Transition dump = step(loser, Event::with(kOpenCollisionDump, collision_notification()));
  EXPECT_EQ(dump.to, State::kIdle);
  EXPECT_EQ(dump.actions[0], Send(NotifyCode::kCease, 7));
  EXPECT_FALSE(dump.actions.contains(kStartIdleHoldTimer));  // the winner carries the session

  if (winner.state == State::kOpenSent) step(winner, Event::open(9));
  const Transition up = go(winner, kKeepAliveMsg);
  EXPECT_EQ(up.to, State::kEstablished);
  EXPECT_TRUE(up.actions.contains(kSessionEstablished));
}

TEST(Collision, BothConnectAtOnceAndOurIdentifierIsLower) { run_collision(kLow, kHigh, Direction::kOutgoing); }
TEST(Collision, BothConnectAtOnceAndOurIdentifierIsHigher) { run_collision(kHigh, kLow, Direction::kIncoming); }

}  // namespace
}  // namespace bgp::fsm

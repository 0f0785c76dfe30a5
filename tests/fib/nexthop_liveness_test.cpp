// NexthopLiveness: the pure state machine behind next-hop liveness (time and
// kernel neighbour reports come in as calls, probes and transitions go out).
#include "libbgp/fib/nexthop_liveness.hpp"

#include <gtest/gtest.h>

namespace bgp::fib {
namespace {

using namespace std::chrono_literals;
using Clock = NexthopLiveness::Clock;

const IpAddress kNh = *IpAddress::parse("10.20.0.2");
const LivenessSettings kSettings{100ms, 3, 3};

class NexthopLivenessTest : public ::testing::Test {
 protected:
  void SetUp() override { l_.track(kNh, kSettings, t0_); }
  // Runs ticks every 10 ms up to `until`, answering every probe when
  // `answer`; returns the transitions seen.
  std::vector<LivenessTransition> run(Clock::duration until, bool answer) {
    std::vector<LivenessTransition> out;
    for (; now_ <= t0_ + until; now_ += 10ms) {
      auto t = l_.tick(now_);
      out.insert(out.end(), t.transitions.begin(), t.transitions.end());
      if (answer && !t.probe.empty()) {
        auto a = l_.answered(kNh, now_ + 1ms);
        out.insert(out.end(), a.begin(), a.end());
      }
    }
    return out;
  }
  NexthopLiveness l_;
  Clock::time_point t0_ = Clock::time_point{} + 1h;
  Clock::time_point now_ = t0_;
};

TEST_F(NexthopLivenessTest, ProbesOncePerInterval) {
  int probes = 0;
  for (auto now = t0_; now < t0_ + 1s; now += 10ms) probes += static_cast<int>(l_.tick(now).probe.size());
  EXPECT_EQ(probes, 10);
}

TEST_F(NexthopLivenessTest, FirstAnswerMakesAnUnknownNextHopUp) {
  EXPECT_EQ(l_.find(kNh)->state, Liveness::kUnknown);
  const auto t = l_.answered(kNh, t0_ + 1ms);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].from, Liveness::kUnknown);
  EXPECT_EQ(t[0].to, Liveness::kUp);
}

TEST_F(NexthopLivenessTest, GoesDownWithinIntervalTimesMultiplierOfTheLastAnswer) {
  EXPECT_TRUE(run(1s, true).size() == 1);  // unknown -> up, then stays up
  const auto last_answer = now_ - 10ms + 1ms;  // roughly: the last probe's answer
  const auto t = run(2s, false);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].to, Liveness::kDown);
  EXPECT_EQ(t[0].cause, LivenessCause::kTimeout);
  const auto view = l_.find(kNh);
  EXPECT_LE(view->since - last_answer, 300ms + 10ms);  // tick granularity of the test
  EXPECT_GE(view->since - last_answer, 200ms);
  EXPECT_EQ(view->went_down, 1u);
}

TEST_F(NexthopLivenessTest, ANextHopThatNeverAnswersGoesDown) {
  const auto t = run(400ms, false);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].from, Liveness::kUnknown);
  EXPECT_EQ(t[0].to, Liveness::kDown);
}

TEST_F(NexthopLivenessTest, ComesBackOnlyAfterUpAfterConsecutiveAnsweredProbes) {
  (void)run(500ms, false);
  ASSERT_TRUE(l_.down(kNh));
  // Two answered probes, one missed, two answered: not yet up (hysteresis).
  for (int probe = 0; probe < 5; ++probe) {
    now_ += 100ms;
    auto t = l_.tick(now_);
    ASSERT_EQ(t.probe.size(), 1u);
    if (probe != 2) {
      EXPECT_TRUE(l_.answered(kNh, now_ + 1ms).empty()) << probe;
    }
  }
  EXPECT_TRUE(l_.down(kNh));
  now_ += 100ms;
  (void)l_.tick(now_);
  const auto t = l_.answered(kNh, now_ + 1ms);  // the third in a row
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].to, Liveness::kUp);
  EXPECT_EQ(l_.find(kNh)->came_up, 1u);
}

TEST_F(NexthopLivenessTest, SeveralReportsForOneProbeCountAsOneAnswer) {
  (void)run(500ms, false);
  now_ += 100ms;
  (void)l_.tick(now_);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(l_.answered(kNh, now_ + 1ms).empty());
  EXPECT_TRUE(l_.down(kNh));
}

TEST_F(NexthopLivenessTest, KernelFailureOrLinkDownIsDownAtOnce) {
  (void)l_.answered(kNh, t0_);
  const auto t = l_.failed(kNh, LivenessCause::kLinkDown, t0_ + 5ms);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].cause, LivenessCause::kLinkDown);
  EXPECT_TRUE(l_.failed(kNh, LivenessCause::kNeighbourFailed, t0_ + 6ms).empty());  // already down
}

TEST_F(NexthopLivenessTest, ASlowAnswerWithinTheDeadlineKeepsItUp) {
  (void)l_.answered(kNh, t0_);
  // Answers arrive 250 ms after every other probe: never 300 ms of silence.
  std::vector<LivenessTransition> seen;
  for (auto now = t0_; now < t0_ + 3s; now += 10ms) {
    auto t = l_.tick(now);
    seen.insert(seen.end(), t.transitions.begin(), t.transitions.end());
    if ((now - t0_) % 200ms == 250ms % 200ms && now > t0_ + 200ms) (void)l_.answered(kNh, now);
  }
  EXPECT_TRUE(seen.empty());
}

TEST_F(NexthopLivenessTest, ASuspectIsProbedAtOnceAndDownAfterOneSilentInterval) {
  (void)l_.answered(kNh, t0_);
  (void)l_.tick(t0_);
  const auto hint = t0_ + 20ms;
  l_.suspect(kNh, hint);
  EXPECT_EQ(l_.next_event(), hint);
  EXPECT_EQ(l_.tick(hint).probe.size(), 1u);
  EXPECT_TRUE(l_.tick(hint + 90ms).transitions.empty());
  const auto t = l_.tick(hint + 100ms);
  ASSERT_EQ(t.transitions.size(), 1u);
  EXPECT_EQ(t.transitions[0].to, Liveness::kDown);
}

TEST_F(NexthopLivenessTest, ASuspectThatAnswersStaysUp) {
  (void)l_.answered(kNh, t0_);
  l_.suspect(kNh, t0_ + 20ms);
  (void)l_.tick(t0_ + 20ms);
  (void)l_.answered(kNh, t0_ + 21ms);
  EXPECT_TRUE(l_.tick(t0_ + 200ms).transitions.empty());
  EXPECT_FALSE(l_.down(kNh));
}

TEST_F(NexthopLivenessTest, UntrackedNextHopsAreIgnored) {
  l_.untrack(kNh);
  EXPECT_TRUE(l_.answered(kNh, t0_).empty());
  EXPECT_TRUE(l_.failed(kNh, LivenessCause::kTimeout, t0_).empty());
  EXPECT_EQ(l_.next_event(), Clock::time_point::max());
}

}  // namespace
}  // namespace bgp::fib

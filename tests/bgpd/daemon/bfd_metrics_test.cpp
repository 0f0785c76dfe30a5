// The bgpd_bfd_* families: one-hot state, transitions and packet counters per
// neighbour, and the global discard counter.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include "bgpd/daemon/metrics_sample.hpp"

namespace bgp::daemon {
namespace {

using ::testing::HasSubstr;

TEST(BfdMetrics, StateIsOneHotAndCountersCarryTheirLabels) {
  MetricsSnapshot s;
  BfdSample b;
  b.neighbor = "10.20.0.2";
  b.state = "Up";
  b.up_transitions = 2;
  b.down_transitions = 1;
  b.packets_sent = 100;
  b.packets_received = 99;
  b.packets_dropped = 3;
  b.detection_time_seconds = 0.3;
  s.bfd.push_back(b);
  s.bfd_discarded = 7;
  const std::string t = prometheus::TextSerializer().Serialize(build_metric_families(s));
  EXPECT_THAT(t, HasSubstr("bgpd_bfd_session_state{neighbor=\"10.20.0.2\",state=\"Up\"} 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_bfd_session_state{neighbor=\"10.20.0.2\",state=\"Down\"} 0\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_bfd_session_state{neighbor=\"10.20.0.2\",state=\"AdminDown\"} 0\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_bfd_session_up{neighbor=\"10.20.0.2\"} 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_bfd_transitions_total{neighbor=\"10.20.0.2\",to=\"down\"} 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_bfd_packets_total{neighbor=\"10.20.0.2\",direction=\"dropped\"} 3\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_bfd_detection_time_seconds{neighbor=\"10.20.0.2\"} 0.3\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_bfd_discarded_packets_total 7\n"));
}

TEST(BfdMetrics, NoSessionsStillExposesTheDiscardCounter) {
  const std::string t = prometheus::TextSerializer().Serialize(build_metric_families(MetricsSnapshot{}));
  EXPECT_THAT(t, HasSubstr("bgpd_bfd_discarded_packets_total 0\n"));
  EXPECT_THAT(t, ::testing::Not(HasSubstr("bgpd_bfd_session_up{")));
}

}  // namespace
}  // namespace bgp::daemon

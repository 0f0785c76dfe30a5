// build_metric_families: a MetricsSnapshot in, the text exposition out
// (through prometheus-cpp's own serializer, as /metrics sends it). No
// sockets, no daemon.
#include "bgpd/daemon/metrics_sample.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

namespace bgp::daemon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

NeighborSample established_neighbor() {
  NeighborSample n;
  n.address = "10.20.0.2";
  n.peer_as = "65101";
  n.state = fsm::State::kEstablished;
  n.uptime_seconds = 42;
  n.flaps = 3;
  n.received.by_type = {0, 1, 7, 0, 12, 0};
  n.received.bytes = 1234;
  n.sent.by_type = {0, 1, 2, 1, 11, 0};
  n.sent.bytes = 567;
  n.prefixes_received = 5;
  n.prefixes_accepted = 4;
  n.prefixes_advertised = 3;
  n.prefixes_stale = 1;
  n.notifications_sent[{6, 2}] = 1;
  n.notifications_received[{4, 0}] = 2;
  n.rfc7606 = {9, 8, 7};
  return n;
}

std::string text(const MetricsSnapshot& s) { return prometheus::TextSerializer().Serialize(build_metric_families(s)); }

const prometheus::MetricFamily* find(const std::vector<prometheus::MetricFamily>& all, const std::string& name) {
  const auto it = std::find_if(all.begin(), all.end(), [&](const auto& f) { return f.name == name; });
  return it == all.end() ? nullptr : &*it;
}

TEST(MetricsSample, BuildInfoCarriesTheVersionWithValueOne) {
  MetricsSnapshot s;
  s.version = "1.2.3";
  EXPECT_THAT(text(s), HasSubstr("bgpd_build_info{version=\"1.2.3\"} 1\n"));
}

TEST(MetricsSample, NeighborStateIsOneForTheCurrentStateOnly) {
  MetricsSnapshot s;
  s.neighbors.push_back(established_neighbor());
  NeighborSample idle;
  idle.address = "172.20.0.2";
  idle.peer_as = "external";
  s.neighbors.push_back(idle);
  const std::string t = text(s);
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_state{neighbor=\"10.20.0.2\",peer_as=\"65101\",state=\"Established\"} 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_state{neighbor=\"10.20.0.2\",peer_as=\"65101\",state=\"Idle\"} 0\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_state{neighbor=\"172.20.0.2\",peer_as=\"external\",state=\"Idle\"} 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_up{neighbor=\"10.20.0.2\",peer_as=\"65101\"} 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_up{neighbor=\"172.20.0.2\",peer_as=\"external\"} 0\n"));
  const auto families = build_metric_families(s);
  const auto* state = find(families, "bgpd_neighbor_state");
  ASSERT_NE(state, nullptr);
  EXPECT_EQ(state->metric.size(), 12u);  // six states per neighbour
}

TEST(MetricsSample, SessionCountersCarryTheNeighborsValues) {
  MetricsSnapshot s;
  s.neighbors.push_back(established_neighbor());
  const std::string t = text(s);
  const std::string l = "neighbor=\"10.20.0.2\",peer_as=\"65101\"";
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_uptime_seconds{" + l + "} 42\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_flaps_total{" + l + "} 3\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_received_bytes_total{" + l + "} 1234\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_sent_bytes_total{" + l + "} 567\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_prefixes_received{" + l + "} 5\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_prefixes_accepted{" + l + "} 4\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_prefixes_advertised{" + l + "} 3\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_prefixes_stale{" + l + "} 1\n"));
  EXPECT_THAT(t, HasSubstr("# TYPE bgpd_neighbor_flaps_total counter\n"));
  EXPECT_THAT(t, HasSubstr("# TYPE bgpd_neighbor_prefixes_received gauge\n"));
}

TEST(MetricsSample, MessagesAreCountedPerTypeAndDirection) {
  MetricsSnapshot s;
  s.neighbors.push_back(established_neighbor());
  const std::string t = text(s);
  const std::string l = "neighbor=\"10.20.0.2\",peer_as=\"65101\"";
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_messages_received_total{" + l + ",type=\"update\"} 7\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_messages_received_total{" + l + ",type=\"keepalive\"} 12\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_messages_received_total{" + l + ",type=\"route_refresh\"} 0\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_messages_sent_total{" + l + ",type=\"notification\"} 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_messages_sent_total{" + l + ",type=\"open\"} 1\n"));
  EXPECT_THAT(t, Not(HasSubstr("type=\"\"")));  // index 0 is no message type
}

TEST(MetricsSample, NotificationsAreLabelledByCodeAndSubcode) {
  MetricsSnapshot s;
  s.neighbors.push_back(established_neighbor());
  const std::string t = text(s);
  const std::string l = "neighbor=\"10.20.0.2\",peer_as=\"65101\"";
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_notifications_sent_total{" + l + ",code=\"6\",subcode=\"2\"} 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_notifications_received_total{" + l + ",code=\"4\",subcode=\"0\"} 2\n"));
}

TEST(MetricsSample, Rfc7606ActionsAreOneSeriesPerAction) {
  MetricsSnapshot s;
  s.neighbors.push_back(established_neighbor());
  const std::string t = text(s);
  const std::string l = "neighbor=\"10.20.0.2\",peer_as=\"65101\"";
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_rfc7606_actions_total{" + l + ",action=\"treat_as_withdraw\"} 9\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_rfc7606_actions_total{" + l + ",action=\"attribute_discard\"} 8\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_neighbor_rfc7606_actions_total{" + l + ",action=\"session_reset\"} 7\n"));
}

TEST(MetricsSample, RibSizesArePerFamily) {
  MetricsSnapshot s;
  s.rib = {{kIpv4Unicast, 10, 25}, {kIpv6Unicast, 2, 4}};
  const std::string t = text(s);
  EXPECT_THAT(t, HasSubstr("bgpd_rib_prefixes{family=\"ipv4-unicast\"} 10\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_rib_paths{family=\"ipv4-unicast\"} 25\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_rib_prefixes{family=\"ipv6-unicast\"} 2\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_rib_paths{family=\"ipv6-unicast\"} 4\n"));
}

TEST(MetricsSample, WithoutFibOnlyTheEnabledGaugeAndRibNextHopsAppear) {
  MetricsSnapshot s;
  s.anycast.push_back({*Prefix::parse("172.30.0.10/32"), 4, std::nullopt});
  const std::string t = text(s);
  EXPECT_THAT(t, HasSubstr("bgpd_fib_enabled 0\n"));
  EXPECT_THAT(t, Not(HasSubstr("bgpd_fib_routes_installed")));
  EXPECT_THAT(t, Not(HasSubstr("bgpd_anycast_kernel_next_hops")));
  EXPECT_THAT(t, HasSubstr("bgpd_anycast_rib_next_hops{prefix=\"172.30.0.10/32\",family=\"ipv4-unicast\"} 4\n"));
}

TEST(MetricsSample, AnycastCountsRibAndKernelNextHopsPerHostRoute) {
  MetricsSnapshot s;
  s.fib = fib::FibStatus{};
  s.anycast.push_back({*Prefix::parse("172.30.0.10/32"), 4, 3});
  s.anycast.push_back({*Prefix::parse("2001:db8::10/128"), 2, 0});
  const std::string t = text(s);
  EXPECT_THAT(t, HasSubstr("bgpd_anycast_rib_next_hops{prefix=\"172.30.0.10/32\",family=\"ipv4-unicast\"} 4\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_anycast_kernel_next_hops{prefix=\"172.30.0.10/32\",family=\"ipv4-unicast\"} 3\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_anycast_kernel_next_hops{prefix=\"2001:db8::10/128\",family=\"ipv6-unicast\"} 0\n"));
}

TEST(MetricsSample, FibCountersAndNetlinkOperationsByKind) {
  MetricsSnapshot s;
  fib::FibStatus st;
  st.routes_installed = 7;
  st.routes_failed = 1;
  st.netlink_ops = {10, 2, 5, 1};
  st.netlink_op_errors = {1, 0, 0, 0};
  st.retries_total = 4;
  st.netlink_sendmsg = 3;
  s.fib = st;
  const std::string t = text(s);
  EXPECT_THAT(t, HasSubstr("bgpd_fib_enabled 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_routes_installed 7\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_routes_failed 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_netlink_operations_total{op=\"route_add\"} 10\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_netlink_operations_total{op=\"route_delete\"} 2\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_netlink_operations_total{op=\"nexthop_set\"} 5\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_netlink_operations_total{op=\"nexthop_delete\"} 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_netlink_errors_total{op=\"route_add\"} 1\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_retries_total 4\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_netlink_sendmsg_total 3\n"));
}

TEST(MetricsSample, InstallLatencyBucketsAreCumulativeAndEndAtInf) {
  MetricsSnapshot s;
  fib::FibStatus st;
  st.install_latency.observe(0.0005);  // exactly on a bound: that bucket (le)
  st.install_latency.observe(0.003);
  st.install_latency.observe(30);      // past the last bound: +Inf only
  s.fib = st;
  const auto families = build_metric_families(s);
  const auto* h = find(families, "bgpd_fib_install_latency_seconds");
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(h->metric.size(), 1u);
  const auto& hist = h->metric[0].histogram;
  EXPECT_EQ(hist.sample_count, 3u);
  EXPECT_DOUBLE_EQ(hist.sample_sum, 30.0035);
  ASSERT_EQ(hist.bucket.size(), fib::LatencyHistogram::kBounds.size() + 1);
  EXPECT_EQ(hist.bucket[0].cumulative_count, 1u);  // le 0.0005
  EXPECT_EQ(hist.bucket[2].cumulative_count, 1u);  // le 0.0025
  EXPECT_EQ(hist.bucket[3].cumulative_count, 2u);  // le 0.005
  EXPECT_EQ(hist.bucket[13].cumulative_count, 2u); // le 10
  EXPECT_EQ(hist.bucket.back().cumulative_count, 3u);
  EXPECT_TRUE(std::isinf(hist.bucket.back().upper_bound));
  const std::string t = text(s);
  EXPECT_THAT(t, HasSubstr("# TYPE bgpd_fib_install_latency_seconds histogram\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_install_latency_seconds_bucket{le=\"+Inf\"} 3\n"));
  EXPECT_THAT(t, HasSubstr("bgpd_fib_install_latency_seconds_count 3\n"));
}

TEST(MetricsSample, EveryFamilyNameIsPrefixedAndUnique) {
  MetricsSnapshot s;
  s.fib = fib::FibStatus{};
  s.neighbors.push_back(established_neighbor());
  const auto families = build_metric_families(s);
  std::vector<std::string> names;
  for (const auto& f : families) {
    EXPECT_EQ(f.name.rfind("bgpd_", 0), 0u) << f.name;
    EXPECT_FALSE(f.help.empty()) << f.name;
    names.push_back(f.name);
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

// Named like Prometheus' own prometheus_config_last_reload_*.
TEST(MetricsSample, ConfigReloadOutcomeAndTimeOfTheLastSuccess) {
  MetricsSnapshot s;
  s.config_last_reload_successful = false;
  s.config_last_reload_success_timestamp_seconds = 1700000000;
  EXPECT_THAT(text(s), HasSubstr("bgpd_config_last_reload_successful 0\n"));
  EXPECT_THAT(text(s), HasSubstr("bgpd_config_last_reload_success_timestamp_seconds 1700000000\n"));
  s.config_last_reload_successful = true;
  EXPECT_THAT(text(s), HasSubstr("bgpd_config_last_reload_successful 1\n"));
}

}  // namespace
}  // namespace bgp::daemon

#include <gtest/gtest.h>

#include <algorithm>

#include "bgpd/daemon/session_params.hpp"
#include "libbgp/config/load.hpp"

namespace bgp::daemon {
namespace {

constexpr const char* kBase = R"(
[bgp]
asn = 65001
router_id = "10.0.255.11"

[fib]
retain_on_shutdown = true

[[peer_group]]
name = "cilium"
hold_time = 9
keepalive = 3
graceful_restart = true
restart_time = 15
ebgp_multihop = 4
password = "s3cret"

[[neighbor]]
address = "10.20.0.2"
remote_as = 65101
peer_group = "cilium"

[[neighbor]]
address = "10.20.0.9"
remote_as = "external"
ttl_security = 1
add_path_receive = true
families = ["ipv4-unicast", "ipv6-unicast"]

[[neighbor]]
address = "10.0.0.5"
remote_as = 65001

[[listen_range]]
prefix = "172.20.0.0/16"
remote_as = 65102
peer_group = "cilium"
)";

struct Fixture {
  config::Config config = config::load_string(kBase, "test.toml");
  ConnectionParams params(const char* address) const {
    return connection_params(config, config::effective(config, *config.find_neighbor(*IpAddress::parse(address))));
  }
};

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(SessionParams, NotificationBitFollowsGracefulRestartNotification) {
  std::string text = kBase;
  text.replace(text.find("graceful_restart = true"), 23, "graceful_restart = true\ngraceful_restart_notification = false");
  const config::Config c = config::load_string(text, "test.toml");
  const auto p = connection_params(c, config::effective(c, *c.find_neighbor(*IpAddress::parse("10.20.0.2"))));
  ASSERT_TRUE(p.open.capabilities.graceful_restart);
  EXPECT_FALSE(p.open.capabilities.graceful_restart->flags & GracefulRestartCapability::kNotificationFlag);
}

TEST(SessionParams, CiliumNeighbourAdvertisesTheCapabilitiesGobgpNegotiates) {
  Fixture f;
  const auto p = f.params("10.20.0.2");
  EXPECT_EQ(p.open.my_as, 65001u);
  EXPECT_EQ(p.open.hold_time, 9);
  EXPECT_EQ(p.open.bgp_identifier, IpAddress::parse("10.0.255.11")->v4_host_order());
  const auto names = capability_names(p.open.capabilities);
  for (const char* cap : {"multiprotocol(ipv4-unicast)", "route-refresh", "enhanced-route-refresh", "extended-message",
                          "4-octet-as", "graceful-restart(15s,N,ipv4-unicast+F)"}) {
    EXPECT_TRUE(contains(names, cap)) << cap;
  }
  EXPECT_EQ(p.fsm.hold_time, 9);
  EXPECT_EQ(p.fsm.keepalive, 3);
  EXPECT_EQ(p.expect.peer_as, 65101u);
  EXPECT_EQ(p.md5_password, "s3cret");
}

TEST(SessionParams, TtlIsOneForDirectEbgpConfiguredForMultihopAnd255ForIbgp) {
  Fixture f;
  EXPECT_EQ(f.params("10.20.0.2").ttl, 4);
  EXPECT_EQ(f.params("10.0.0.5").ttl, 255);
  EXPECT_EQ(f.params("10.0.0.5").expect.peer_as, 65001u);
}

TEST(SessionParams, GtsmAcceptsOnlyTheConfiguredHopCount) {
  Fixture f;
  EXPECT_EQ(f.params("10.20.0.9").min_ttl, 255);  // RFC 5082: one hop = TTL 255 only
}

TEST(SessionParams, ExternalRemoteAsAcceptsAnyAsButOurs) {
  Fixture f;
  const auto p = f.params("10.20.0.9");
  EXPECT_FALSE(p.expect.peer_as.has_value());
  EXPECT_TRUE(p.peer_as_external);
}

TEST(SessionParams, AddPathAndExtraFamiliesAreAdvertisedWhenConfigured) {
  Fixture f;
  const auto names = capability_names(f.params("10.20.0.9").open.capabilities);
  EXPECT_TRUE(contains(names, "multiprotocol(ipv6-unicast)"));
  EXPECT_TRUE(contains(names, "add-path(ipv4-unicast,receive)"));
  EXPECT_FALSE(contains(capability_names(f.params("10.20.0.2").open.capabilities), "add-path(ipv4-unicast,receive)"));
}

TEST(SessionParams, DynamicNeighboursArePassiveAndInheritThePeerGroup) {
  Fixture f;
  const auto& range = f.config.listen_ranges.at(0);
  const auto p = connection_params(f.config, config::effective(f.config, range, *IpAddress::parse("172.20.0.2")));
  EXPECT_TRUE(p.fsm.passive);
  EXPECT_EQ(p.expect.peer_as, 65102u);
  EXPECT_EQ(p.md5_password, "s3cret");
}

}  // namespace
}  // namespace bgp::daemon

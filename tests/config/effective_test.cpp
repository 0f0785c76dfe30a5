// Peer-group inheritance and defaults: neighbor key > peer group key > default.
#include <gtest/gtest.h>

#include "libbgp/config/effective.hpp"
#include "libbgp/config/load.hpp"

namespace bgp::config {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

constexpr const char* kGroupConfig = R"(
[bgp]
asn = 65001
router_id = "10.0.0.1"

[[policy]]
name = "in"
[[policy]]
name = "out"
[[policy]]
name = "special"

[[peer_group]]
name = "g"
remote_as = 65100
hold_time = 30
password = "group-secret"
import = "in"
export = "out"
graceful_restart = true
restart_time = 15
max_prefixes = 100
soft_reconfiguration_inbound = true
families = ["ipv4-unicast", "ipv6-unicast"]

[[neighbor]]
address = "10.0.0.2"
peer_group = "g"

[[neighbor]]
address = "10.0.0.3"
peer_group = "g"
remote_as = 65200
hold_time = 90
keepalive = 20
import = "special"
password = "own-secret"
max_prefixes = 5
max_prefixes_warning = 50
families = ["ipv4-unicast"]
graceful_restart = false
soft_reconfiguration_inbound = false
)";

TEST(EffectiveNeighbor, InheritsEveryUnsetKeyFromItsPeerGroup) {
  const Config c = load_string(kGroupConfig, "g.toml");
  const EffectiveNeighbor e = effective(c, *c.find_neighbor(ip("10.0.0.2")));
  EXPECT_EQ(e.peer_group, "g");
  EXPECT_EQ(e.remote_as.asn, 65100u);
  EXPECT_EQ(e.hold_time, 30);
  EXPECT_EQ(e.keepalive, 10);  // a third of the inherited hold time
  EXPECT_EQ(e.password, "group-secret");
  EXPECT_EQ(e.import_policy, "in");
  EXPECT_EQ(e.export_policy, "out");
  EXPECT_TRUE(e.graceful_restart);
  EXPECT_EQ(e.restart_time, 15);
  ASSERT_TRUE(e.max_prefixes.has_value());
  EXPECT_EQ(e.max_prefixes->limit, 100u);
  EXPECT_EQ(e.max_prefixes->warning_percent, 75);  // default threshold
  EXPECT_EQ(e.families, (std::vector<Family>{kIpv4Unicast, kIpv6Unicast}));
  EXPECT_TRUE(e.soft_reconfiguration_inbound);
}

TEST(EffectiveNeighbor, NeighborKeysOverrideThePeerGroup) {
  const Config c = load_string(kGroupConfig, "g.toml");
  const EffectiveNeighbor e = effective(c, *c.find_neighbor(ip("10.0.0.3")));
  EXPECT_EQ(e.remote_as.asn, 65200u);
  EXPECT_EQ(e.hold_time, 90);
  EXPECT_EQ(e.keepalive, 20);
  EXPECT_EQ(e.import_policy, "special");
  EXPECT_EQ(e.export_policy, "out");  // not overridden
  EXPECT_EQ(e.password, "own-secret");
  EXPECT_FALSE(e.graceful_restart);  // false overrides the group's true
  EXPECT_EQ(e.max_prefixes->limit, 5u);
  EXPECT_EQ(e.max_prefixes->warning_percent, 50);
  EXPECT_EQ(e.families, std::vector<Family>{kIpv4Unicast});
  EXPECT_FALSE(e.soft_reconfiguration_inbound);  // false overrides the group's true
}

TEST(EffectiveNeighbor, DefaultsWithoutPeerGroup) {
  const Config c = load_string(
      "[bgp]\nasn = 65001\nrouter_id = \"10.0.0.1\"\n[[neighbor]]\naddress = \"2001:db8::2\"\nremote_as = \"internal\"\n",
      "d.toml");
  const EffectiveNeighbor e = effective(c, c.neighbors[0]);
  EXPECT_EQ(e.peer_group, "");
  EXPECT_EQ(e.remote_as.kind, RemoteAs::Kind::kInternal);
  EXPECT_FALSE(e.remote_as.is_ebgp(65001));
  EXPECT_EQ(e.hold_time, 90);
  EXPECT_EQ(e.keepalive, 30);
  EXPECT_EQ(e.connect_retry, 120);
  EXPECT_EQ(e.delay_open, 0);
  EXPECT_FALSE(e.passive);
  EXPECT_EQ(e.ebgp_multihop, 0);
  EXPECT_EQ(e.ttl_security, 0);
  EXPECT_FALSE(e.local_address.has_value());
  EXPECT_EQ(e.families, std::vector<Family>{kIpv6Unicast});  // the session's own family
  EXPECT_FALSE(e.graceful_restart);
  EXPECT_EQ(e.restart_time, 120);
  EXPECT_EQ(e.import_policy, "");
  EXPECT_FALSE(e.max_prefixes.has_value());
  EXPECT_FALSE(e.add_path_send);
  EXPECT_FALSE(e.next_hop_self);
  EXPECT_FALSE(e.soft_reconfiguration_inbound);
  EXPECT_FALSE(e.shutdown);
}

TEST(EffectiveNeighbor, HoldTimeZeroMeansNoKeepalives) {
  const Config c = load_string(
      "[bgp]\nasn = 65001\nrouter_id = \"10.0.0.1\"\n[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 2\nhold_time = 0\n",
      "z.toml");
  const EffectiveNeighbor e = effective(c, c.neighbors[0]);
  EXPECT_EQ(e.hold_time, 0);
  EXPECT_EQ(e.keepalive, 0);
}

TEST(EffectiveNeighbor, DynamicNeighborTakesTheRangeAsAndIsPassive) {
  const Config c = load_string(R"(
[bgp]
asn = 65001
router_id = "10.0.0.1"
[[peer_group]]
name = "cilium"
remote_as = "external"
hold_time = 9
keepalive = 3
[[listen_range]]
prefix = "10.20.0.0/16"
remote_as = 65101
peer_group = "cilium"
[[listen_range]]
prefix = "172.20.0.0/16"
peer_group = "cilium"
)",
                               "r.toml");
  const ListenRange* r = c.find_listen_range(ip("10.20.7.7"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->limit, 100u);
  const EffectiveNeighbor e = effective(c, *r, ip("10.20.7.7"));
  EXPECT_TRUE(e.dynamic);
  EXPECT_TRUE(e.passive);
  EXPECT_EQ(e.address, ip("10.20.7.7"));
  EXPECT_EQ(e.remote_as.asn, 65101u);
  EXPECT_EQ(e.hold_time, 9);
  const EffectiveNeighbor other = effective(c, *c.find_listen_range(ip("172.20.0.9")), ip("172.20.0.9"));
  EXPECT_EQ(other.remote_as.kind, RemoteAs::Kind::kExternal);  // from the group
  EXPECT_TRUE(other.remote_as.matches(65102, 65001));
  EXPECT_FALSE(other.remote_as.matches(65001, 65001));
}

}  // namespace
}  // namespace bgp::config

namespace bgp::config {
namespace {

TEST(EffectiveNeighbor, BfdDefaultsToFrrsTimersAndInheritsFromThePeerGroup) {
  const Config c = load_string(R"(
[bgp]
asn = 65001
router_id = "10.0.0.1"
[[peer_group]]
name = "leaves"
remote_as = 65100
bfd = true
bfd_min_tx_ms = 100
[[neighbor]]
address = "10.0.0.2"
peer_group = "leaves"
bfd_multiplier = 5
[[neighbor]]
address = "10.0.0.3"
remote_as = 65200
)");
  const EffectiveNeighbor a = effective(c, *c.find_neighbor(ip("10.0.0.2")));
  EXPECT_TRUE(a.bfd);
  EXPECT_EQ(a.bfd_min_tx_ms, 100u);
  EXPECT_EQ(a.bfd_min_rx_ms, 300u);
  EXPECT_EQ(a.bfd_multiplier, 5);
  const EffectiveNeighbor b = effective(c, *c.find_neighbor(ip("10.0.0.3")));
  EXPECT_FALSE(b.bfd);
  EXPECT_EQ(b.bfd_min_tx_ms, 300u);
  EXPECT_EQ(b.bfd_multiplier, 3);
  // BFD timers re-time the BFD session (Poll Sequence), never reset BGP.
  EffectiveNeighbor faster = a;
  faster.bfd_min_rx_ms = 50;
  EXPECT_FALSE(faster.session_differs(a));
}

TEST(EffectiveNeighbor, BfdIntervalsOutsideFrrsBoundsAreRejected) {
  auto load = [](const char* key_value) {
    return load_string(std::string(R"(
[bgp]
asn = 65001
router_id = "10.0.0.1"
[[neighbor]]
address = "10.0.0.2"
remote_as = 65100
)") + key_value + "\n");
  };
  EXPECT_THROW(load("bfd_min_tx_ms = 5"), std::exception);
  EXPECT_THROW(load("bfd_min_rx_ms = 60001"), std::exception);
  EXPECT_THROW(load("bfd_multiplier = 1"), std::exception);
  EXPECT_THROW(load("bfd = 1"), std::exception);
  EXPECT_NO_THROW(load("bfd_multiplier = 255"));
}

}  // namespace
}  // namespace bgp::config

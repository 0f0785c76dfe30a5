// The example configurations in config/ load, and mean what they say.
#include <gtest/gtest.h>

#include "libbgp/config/effective.hpp"
#include "libbgp/config/load.hpp"

namespace bgp::config {
namespace {

std::string example(const char* name) { return std::string(BGPD_SOURCE_DIR) + "/config/" + name; }
IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix pfx(const char* s) { return *Prefix::parse(s); }

TEST(ExampleConfigs, TorMatchesTheSeedLab) {
  const Config c = load_file(example("tor.toml"));
  EXPECT_EQ(c.bgp.asn, 65001u);
  EXPECT_EQ(c.bgp.router_id, ip("10.0.255.11"));
  EXPECT_TRUE(c.bgp.ebgp_requires_policy);
  EXPECT_EQ(c.bgp.ipv4_unicast.maximum_paths, 10u);
  EXPECT_TRUE(c.bgp.ipv4_unicast.multipath_relax);
  EXPECT_EQ(c.bgp.ipv4_unicast.networks,
            (std::vector<Prefix>{pfx("192.168.20.0/24"), pfx("10.20.0.0/16"), pfx("172.20.0.0/16")}));
  ASSERT_EQ(c.neighbors.size(), 4u);
  const std::pair<const char*, std::uint32_t> nodes[] = {
      {"10.20.0.2", 65101}, {"10.20.0.3", 65101}, {"172.20.0.2", 65102}, {"172.20.0.3", 65102}};
  for (const auto& [addr, as] : nodes) {
    const Neighbor* n = c.find_neighbor(ip(addr));
    ASSERT_NE(n, nullptr) << addr;
    const EffectiveNeighbor e = effective(c, *n);
    EXPECT_EQ(e.remote_as, (RemoteAs{RemoteAs::Kind::kNumber, as})) << addr;
    EXPECT_EQ(e.peer_group, "cilium");
    EXPECT_EQ(e.hold_time, 9);
    EXPECT_EQ(e.keepalive, 3);
    EXPECT_TRUE(e.graceful_restart);
    EXPECT_EQ(e.ebgp_multihop, 4);
    EXPECT_EQ(e.import_policy, "accept-all");
    EXPECT_EQ(e.export_policy, "accept-all");
    EXPECT_EQ(e.families, std::vector<Family>{kIpv4Unicast});
  }
  EXPECT_TRUE(c.fib.install);
  EXPECT_EQ(c.fib.table, 254u);
  EXPECT_EQ(c.fib.protocol, 186);
  EXPECT_EQ(c.control.socket, "/run/bgpd/bgpd.sock");
  ASSERT_TRUE(c.metrics.listen.has_value());
  EXPECT_EQ(c.metrics.listen->to_string(), "127.0.0.1:9179");
  ASSERT_EQ(c.listen_ranges.size(), 2u);
  EXPECT_EQ(c.find_listen_range(ip("10.20.3.4"))->remote_as->asn, 65101u);
  EXPECT_EQ(c.find_listen_range(ip("172.20.9.9"))->remote_as->asn, 65102u);
  EXPECT_EQ(c.find_listen_range(ip("192.168.20.2")), nullptr);
}

TEST(ExampleConfigs, SpineHasThreeLeavesInDifferentAses) {
  const Config c = load_file(example("spine.toml"));
  EXPECT_EQ(c.bgp.asn, 64999u);
  ASSERT_EQ(c.neighbors.size(), 3u);
  std::uint32_t as = 65001;
  for (const Neighbor& n : c.neighbors) {
    const EffectiveNeighbor e = effective(c, n);
    EXPECT_EQ(e.remote_as.asn, as++);
    EXPECT_TRUE(e.remote_as.is_ebgp(c.bgp.asn));
    ASSERT_TRUE(e.local_address.has_value());
    ASSERT_TRUE(e.max_prefixes.has_value());
    EXPECT_EQ(e.max_prefixes->limit, 10000u);
    EXPECT_EQ(e.max_prefixes->warning_percent, 80);
    EXPECT_EQ(e.max_prefixes->restart_minutes, 5u);
    EXPECT_EQ(e.import_policy, "from-leaves");
  }
  const Policy* from = c.find_policy("from-leaves");
  ASSERT_NE(from, nullptr);
  ASSERT_EQ(from->terms.size(), 2u);
  EXPECT_EQ(from->terms[0].action, PolicyAction::kReject);
  EXPECT_TRUE(from->terms[0].match.prefixes[0].matches(pfx("0.0.0.0/0")));
  EXPECT_FALSE(from->terms[0].match.prefixes[0].matches(pfx("10.0.0.0/8")));
  EXPECT_TRUE(from->terms[1].match.prefixes[0].matches(pfx("10.1.2.0/24")));
  EXPECT_FALSE(from->terms[1].match.prefixes[0].matches(pfx("10.1.2.0/25")));
  EXPECT_EQ(from->terms[1].set.large_communities_add, (std::vector<LargeCommunity>{{64999, 1, 1}}));
}

TEST(ExampleConfigs, MinimalUsesDefaults) {
  const Config c = load_file(example("minimal.toml"));
  ASSERT_EQ(c.neighbors.size(), 1u);
  const EffectiveNeighbor e = effective(c, c.neighbors[0]);
  EXPECT_EQ(e.hold_time, 90);
  EXPECT_EQ(e.keepalive, 30);
  EXPECT_EQ(e.connect_retry, 120);
  EXPECT_FALSE(e.passive);
  EXPECT_EQ(e.families, std::vector<Family>{kIpv4Unicast});
  EXPECT_EQ(c.bgp.listen_addresses, (std::vector<IpAddress>{ip("0.0.0.0"), ip("::")}));
  EXPECT_EQ(c.bgp.listen_port, 179);
  EXPECT_FALSE(c.bgp.ebgp_requires_policy);
  EXPECT_FALSE(c.metrics.listen.has_value());
}

TEST(ExampleConfigs, MissingFileNamesTheFile) {
  try {
    load_file("/nonexistent/bgpd.toml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/bgpd.toml: cannot open configuration file: No such file or directory");
  }
}

TEST(ExampleConfigs, DirectoryIsNotAConfigFile) {
  try {
    load_file(std::string(BGPD_SOURCE_DIR) + "/config");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), std::string(BGPD_SOURCE_DIR) + "/config: is a directory, not a configuration file");
    EXPECT_EQ(e.line(), 0u);
  }
}

}  // namespace
}  // namespace bgp::config

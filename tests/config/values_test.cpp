// Value parsing and matching helpers of the config types.
#include <gtest/gtest.h>

#include "libbgp/config/config.hpp"
#include "libbgp/config/load.hpp"

namespace bgp::config {
namespace {

Prefix pfx(const char* s) { return *Prefix::parse(s); }

TEST(Communities, NumericAndWellKnownForms) {
  EXPECT_EQ(parse_community("65001:100"), 0xFDE90064u);
  EXPECT_EQ(parse_community("0:0"), 0u);
  EXPECT_EQ(parse_community("no-export"), 0xFFFFFF01u);
  EXPECT_EQ(parse_community("graceful-shutdown"), 0xFFFF0000u);
  EXPECT_FALSE(parse_community("65536:1"));
  EXPECT_FALSE(parse_community("1:2:3"));
  EXPECT_FALSE(parse_community("abc"));
  EXPECT_FALSE(parse_community(":1"));
}

TEST(LargeCommunities, ThreeThirtyTwoBitParts) {
  EXPECT_EQ(parse_large_community("4200000000:1:2"), (LargeCommunity{4200000000u, 1, 2}));
  EXPECT_FALSE(parse_large_community("1:2"));
  EXPECT_FALSE(parse_large_community("1:2:3:4"));
  EXPECT_FALSE(parse_large_community("4294967296:1:1"));
}

TEST(MaxAttributeSets, DefaultsToTheStoreDefaultAndIsBounded) {
  const std::string head = "[bgp]\nasn = 65001\nrouter_id = \"10.0.0.1\"\n";
  EXPECT_EQ(load_string(head, "t.toml").bgp.max_attribute_sets, 1'000'000u);
  EXPECT_EQ(load_string(head + "max_attribute_sets = 20\n", "t.toml").bgp.max_attribute_sets, 20u);
  EXPECT_THROW(load_string(head + "max_attribute_sets = 15\n", "t.toml"), std::exception);
}

TEST(Endpoints, Ipv4AndBracketedIpv6) {
  EXPECT_EQ(parse_endpoint("127.0.0.1:9179")->to_string(), "127.0.0.1:9179");
  EXPECT_EQ(parse_endpoint("[::1]:9179")->to_string(), "[::1]:9179");
  EXPECT_FALSE(parse_endpoint("::1:9179"));
  EXPECT_FALSE(parse_endpoint("127.0.0.1"));
  EXPECT_FALSE(parse_endpoint("127.0.0.1:65536"));
  EXPECT_FALSE(parse_endpoint("[127.0.0.1]:80"));
  EXPECT_FALSE(parse_endpoint(""));
}

TEST(PrefixMatch, ExactWithoutBounds) {
  const PrefixMatch m{pfx("10.0.0.0/8"), std::nullopt, std::nullopt};
  EXPECT_TRUE(m.matches(pfx("10.0.0.0/8")));
  EXPECT_FALSE(m.matches(pfx("10.1.0.0/16")));
  EXPECT_FALSE(m.matches(pfx("11.0.0.0/8")));
}

TEST(PrefixMatch, GeAloneExtendsToTheFamilyWidth) {
  const PrefixMatch m{pfx("10.0.0.0/8"), 24, std::nullopt};
  EXPECT_FALSE(m.matches(pfx("10.1.0.0/16")));
  EXPECT_TRUE(m.matches(pfx("10.1.2.0/24")));
  EXPECT_TRUE(m.matches(pfx("10.1.2.3/32")));
}

TEST(PrefixMatch, LeBoundsFromThePrefixLength) {
  const PrefixMatch m{pfx("172.30.0.0/24"), std::nullopt, 32};
  EXPECT_TRUE(m.matches(pfx("172.30.0.0/24")));
  EXPECT_TRUE(m.matches(pfx("172.30.0.10/32")));
  EXPECT_FALSE(m.matches(pfx("172.30.0.0/23")));
  EXPECT_FALSE(m.matches(pfx("2001:db8::/32")));
}

TEST(PrefixMatch, ParsedFromStringsAndTables) {
  const Config c = load_string(R"(
[bgp]
asn = 1
router_id = "1.1.1.1"
[[policy]]
name = "p"
[[policy.term]]
name = "vips"
action = "next"
[policy.term.match]
prefix = ["172.30.0.0/24 ge 32 le 32", { prefix = "2001:db8::/32", le = 48 }]
community = ["65001:1", "no-export"]
as_path_contains = [65101, 65102]
as_path_length_max = 3
family = ["ipv4-unicast"]
[policy.term.set]
local_pref = 200
med = 0
community = ["65001:2"]
next_hop_self = true
as_path_prepend = 2
[[policy.term]]
action = "reject"
)",
                               "p.toml");
  const Policy& p = c.policies.at(0);
  ASSERT_EQ(p.terms.size(), 2u);
  const PolicyTerm& t = p.terms[0];
  EXPECT_EQ(t.name, "vips");
  EXPECT_EQ(t.action, PolicyAction::kNext);
  ASSERT_EQ(t.match.prefixes.size(), 2u);
  EXPECT_TRUE(t.match.prefixes[0].matches(pfx("172.30.0.10/32")));
  EXPECT_FALSE(t.match.prefixes[0].matches(pfx("172.30.0.0/24")));
  EXPECT_TRUE(t.match.prefixes[1].matches(pfx("2001:db8:1::/48")));
  EXPECT_EQ(t.match.communities, (std::vector<std::uint32_t>{0xFDE90001u, 0xFFFFFF01u}));
  EXPECT_EQ(t.match.as_path_contains, (std::vector<std::uint32_t>{65101, 65102}));
  EXPECT_EQ(t.match.as_path_length_max, 3u);
  EXPECT_EQ(t.match.families, std::vector<Family>{kIpv4Unicast});
  EXPECT_EQ(t.set.local_pref, 200u);
  EXPECT_EQ(t.set.med, 0u);
  EXPECT_TRUE(t.set.next_hop_self);
  EXPECT_EQ(t.set.as_path_prepend, 2);
  EXPECT_EQ(p.terms[1].name, "term 2");
  EXPECT_EQ(p.terms[1].action, PolicyAction::kReject);
}

TEST(LogConfig, SubsystemLevels) {
  const Config c = load_string("[bgp]\nasn = 1\nrouter_id = \"1.1.1.1\"\n[log]\nformat = \"json\"\n"
                               "[log.subsystems]\nfsm = \"debug\"\nfib = \"warn\"\n",
                               "l.toml");
  EXPECT_EQ(c.log.format, "json");
  EXPECT_EQ(c.log.subsystems.at("fsm"), "debug");
  EXPECT_EQ(c.log.subsystems.at("fib"), "warn");
}

TEST(DaemonConfig, UserIsOptional) {
  EXPECT_EQ(load_string("[bgp]\nasn = 1\nrouter_id = \"1.1.1.1\"\n", "d.toml").daemon.user, "");
  EXPECT_EQ(load_string("[bgp]\nasn = 1\nrouter_id = \"1.1.1.1\"\n[daemon]\nuser = \"bgpd\"\n", "d.toml").daemon.user, "bgpd");
}

}  // namespace
}  // namespace bgp::config

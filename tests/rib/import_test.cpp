#include <gtest/gtest.h>

#include "libbgp/rib/import.hpp"

namespace bgp::rib {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix pfx(const char* s) { return *Prefix::parse(s); }

PathAttributes received(const char* path, const char* nh = "10.20.0.2") {
  PathAttributes a;
  a.as_path = *parse_as_path(path);
  a.next_hop = ip(nh);
  return a;
}

config::Policy accept_all() {
  config::Policy p;
  p.name = "accept-all";
  p.terms.push_back(config::PolicyTerm{});
  return p;
}

struct Fixture {
  Fixture() : rib(store, DecisionOptions{}, nullptr) {
    peer = rib.add_peer(PeerInfo{ip("10.20.0.2"), 65101, ip("10.20.0.2"), false, 0, false});
    settings.local_as = 65001;
    settings.router_id = ip("10.0.255.11");
    settings.ebgp = true;
    settings.policy = policy::SessionPolicy{&accept, true, true};
    settings.local_address = ip("10.20.0.101");
  }
  config::Policy accept = accept_all();
  AttrStore store;
  Rib rib;
  PeerId peer;
  ImportSettings settings;
};

TEST(Import, OwnAsInPathIsTreatedAsWithdraw) {
  Fixture f;
  PeerImporter in(f.rib, f.peer, f.settings);
  EXPECT_EQ(in.announce(pfx("172.30.0.10/32"), received("65101")).status, ImportStatus::kAccepted);
  EXPECT_EQ(in.accepted(kIpv4Unicast), 1u);
  EXPECT_EQ(in.announce(pfx("172.30.0.10/32"), received("65101 65001 65200")).status, ImportStatus::kLoop);
  EXPECT_EQ(in.accepted(kIpv4Unicast), 0u);
  EXPECT_TRUE(f.rib.paths(pfx("172.30.0.10/32")).empty());
}

TEST(Import, IbgpRouteCarryingOurOriginatorIdOrClusterIdIsALoop) {
  Fixture f;
  f.settings.ebgp = false;
  f.settings.cluster_id = 7;
  PeerImporter in(f.rib, f.peer, f.settings);
  auto a = received("65200");
  a.originator_id = ip("10.0.255.11");
  EXPECT_EQ(in.announce(pfx("198.51.100.0/24"), a).status, ImportStatus::kLoop);
  a.originator_id = ip("10.0.255.12");
  a.cluster_list = {3, 7};
  EXPECT_EQ(in.announce(pfx("198.51.100.0/24"), a).status, ImportStatus::kLoop);
  a.cluster_list = {3};
  EXPECT_EQ(in.announce(pfx("198.51.100.0/24"), a).status, ImportStatus::kAccepted);
}

TEST(Import, LocalPrefFromEbgpIsIgnored) {
  Fixture f;
  PeerImporter in(f.rib, f.peer, f.settings);
  auto a = received("65101");
  a.local_pref = 5000;
  in.announce(pfx("172.30.0.10/32"), a);
  const PathAttributes* stored = f.rib.path_attributes(f.peer, pfx("172.30.0.10/32"));
  ASSERT_NE(stored, nullptr);
  EXPECT_FALSE(stored->local_pref);
}

TEST(Import, Rfc8212EbgpWithoutPolicyAcceptsNothing) {
  Fixture f;
  f.settings.policy = policy::SessionPolicy{nullptr, true, true};
  PeerImporter in(f.rib, f.peer, f.settings);
  EXPECT_EQ(in.announce(pfx("172.30.0.10/32"), received("65101")).status, ImportStatus::kNoPolicy);
  EXPECT_EQ(f.rib.prefix_count(kIpv4Unicast), 0u);
  f.settings.policy.ebgp_requires_policy = false;
  PeerImporter open(f.rib, f.peer, f.settings);
  EXPECT_EQ(open.announce(pfx("172.30.0.10/32"), received("65101")).status, ImportStatus::kAccepted);
}

TEST(Import, PolicyRejectWithdrawsAnEarlierAcceptedVersion) {
  Fixture f;
  config::Policy p;
  config::PolicyTerm deny_long;
  deny_long.match.as_path_length_min = 3;
  deny_long.action = config::PolicyAction::kReject;
  p.terms = {deny_long, config::PolicyTerm{}};
  f.settings.policy.policy = &p;
  PeerImporter in(f.rib, f.peer, f.settings);
  EXPECT_EQ(in.announce(pfx("172.30.0.10/32"), received("65101")).status, ImportStatus::kAccepted);
  EXPECT_EQ(in.announce(pfx("172.30.0.10/32"), received("65101 1 2")).status, ImportStatus::kFiltered);
  EXPECT_TRUE(f.rib.paths(pfx("172.30.0.10/32")).empty());
  EXPECT_EQ(in.filtered_total(), 1u);
}

TEST(Import, MaxPrefixWarnsOnceAtThresholdThenReportsExceeded) {
  Fixture f;
  f.settings.max_prefixes = config::MaxPrefixes{4, 50, 0};
  PeerImporter in(f.rib, f.peer, f.settings);
  const auto a = received("65101");
  EXPECT_EQ(in.announce(pfx("10.1.0.0/16"), a).max_prefix, MaxPrefixEvent::kNone);
  EXPECT_EQ(in.announce(pfx("10.2.0.0/16"), a).max_prefix, MaxPrefixEvent::kWarning);
  EXPECT_EQ(in.announce(pfx("10.3.0.0/16"), a).max_prefix, MaxPrefixEvent::kNone);
  EXPECT_EQ(in.announce(pfx("10.4.0.0/16"), a).max_prefix, MaxPrefixEvent::kNone);
  EXPECT_EQ(in.announce(pfx("10.5.0.0/16"), a).max_prefix, MaxPrefixEvent::kExceeded);
  const std::vector<Prefix> batch{pfx("10.6.0.0/16"), pfx("10.7.0.0/16")};
  EXPECT_EQ(in.announce(batch, a).max_prefix, MaxPrefixEvent::kExceeded);
}

TEST(Import, SoftReconfigurationReappliesANewPolicyToStoredRoutes) {
  Fixture f;
  f.settings.soft_reconfiguration = true;
  config::Policy deny_all;
  deny_all.terms.push_back(config::PolicyTerm{});
  deny_all.terms[0].action = config::PolicyAction::kReject;
  f.settings.policy.policy = &deny_all;
  PeerImporter in(f.rib, f.peer, f.settings);
  in.announce(pfx("172.30.0.10/32"), received("65101"));
  in.announce(pfx("172.30.0.11/32"), received("65101"));
  EXPECT_EQ(in.received(kIpv4Unicast), 2u);
  EXPECT_EQ(in.accepted(kIpv4Unicast), 0u);
  ImportSettings next = f.settings;
  next.policy.policy = &f.accept;
  EXPECT_TRUE(in.soft_reset(next));
  EXPECT_EQ(in.accepted(kIpv4Unicast), 2u);
  EXPECT_EQ(f.rib.drain_changes().size(), 2u);
  // Without the pre-policy copy a soft reset is impossible (ROUTE-REFRESH instead).
  ImportSettings plain = f.settings;
  plain.soft_reconfiguration = false;
  PeerImporter other(f.rib, f.peer, plain);
  EXPECT_FALSE(other.soft_reset(plain));
}

TEST(Import, AttributeSetLimitTreatsAsWithdraw) {
  Fixture f;
  f.store.set_max_sets(1);
  PeerImporter in(f.rib, f.peer, f.settings);
  EXPECT_EQ(in.announce(pfx("172.30.0.10/32"), received("65101")).status, ImportStatus::kAccepted);
  EXPECT_EQ(in.announce(pfx("172.30.0.10/32"), received("65101 9")).status, ImportStatus::kAttrLimit);
  EXPECT_TRUE(f.rib.paths(pfx("172.30.0.10/32")).empty());
}

}  // namespace
}  // namespace bgp::rib

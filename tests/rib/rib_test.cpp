#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "libbgp/rib/rib.hpp"

namespace bgp::rib {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix pfx(const char* s) { return *Prefix::parse(s); }
std::vector<IpAddress> ips(std::initializer_list<const char*> l) {
  std::vector<IpAddress> v;
  for (auto s : l) v.push_back(ip(s));
  std::sort(v.begin(), v.end());
  return v;
}

DecisionOptions seed_options(bool relax) {
  DecisionOptions o;
  o.ipv4.maximum_paths = 10;
  o.ipv4.multipath_relax = relax;
  return o;
}

// The seed lab: the ToR (AS 65001) peers with two kind01 nodes (AS 65101)
// and two kind02 nodes (AS 65102); all four announce the VIP.
struct SeedLab {
  explicit SeedLab(bool relax = true) : rib(store, seed_options(relax), &resolver) {
    resolver.add(pfx("10.20.0.0/16"));
    resolver.add(pfx("172.20.0.0/16"));
    for (auto [addr, asn] : {std::pair{"10.20.0.2", 65101u}, {"10.20.0.3", 65101u}, {"172.20.0.2", 65102u}, {"172.20.0.3", 65102u}}) {
      peers.push_back(rib.add_peer(PeerInfo{ip(addr), asn, ip(addr), false, 0, false}));
    }
  }
  AttrRef attrs(std::size_t peer_index, const char* path = nullptr) {
    PathAttributes a;
    const PeerInfo& p = rib.peer(peers[peer_index]);
    a.as_path = *parse_as_path(path ? path : std::to_string(p.asn).c_str());
    a.next_hop = p.address;
    return store.intern(a).ref;
  }
  void announce(std::size_t i, const char* prefix = "172.30.0.10/32") { rib.announce(peers[i], pfx(prefix), attrs(i)); }

  AttrStore store;
  NetworkResolver resolver;
  Rib rib;
  std::vector<PeerId> peers;
};

TEST(Rib, SeedLabVipGetsFourNextHopsWithMultipathRelax) {
  SeedLab lab;
  for (std::size_t i = 0; i < 4; ++i) lab.announce(i);
  auto changes = lab.rib.drain_changes();
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes.back().new_next_hops, ips({"10.20.0.2", "10.20.0.3", "172.20.0.2", "172.20.0.3"}));
  EXPECT_EQ(changes.back().multipath.size(), 4u);
  ASSERT_TRUE(changes.back().best);
  EXPECT_EQ(lab.rib.peer(changes.back().best->peer).address, ip("10.20.0.2"));  // lowest router id
  EXPECT_EQ(lab.rib.best_count(kIpv4Unicast), 1u);
}

TEST(Rib, SeedLabWithoutRelaxKeepsOnlyTheBestPathsNeighbourAs) {
  SeedLab lab(false);
  for (std::size_t i = 0; i < 4; ++i) lab.announce(i);
  auto changes = lab.rib.drain_changes();
  EXPECT_EQ(changes.back().new_next_hops, ips({"10.20.0.2", "10.20.0.3"}));
}

TEST(Rib, SamePathsInEveryOrderGiveSameSelection) {
  std::vector<std::size_t> order{0, 1, 2, 3};
  std::vector<IpAddress> expected;
  do {
    SeedLab lab;
    for (std::size_t i : order) lab.announce(i);
    auto changes = lab.rib.drain_changes();
    ASSERT_FALSE(changes.empty());
    EXPECT_EQ(changes.back().new_next_hops, ips({"10.20.0.2", "10.20.0.3", "172.20.0.2", "172.20.0.3"}));
    EXPECT_EQ(lab.rib.peer(changes.back().best->peer).address, ip("10.20.0.2"));
    // Paths flags agree too.
    std::size_t mp = 0;
    for (const Path& p : lab.rib.paths(pfx("172.30.0.10/32"))) mp += p.has(path_flag::kMultipath);
    EXPECT_EQ(mp, 4u);
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(Rib, ChangeStreamCarriesOldAndNewNextHopSets) {
  SeedLab lab;
  for (std::size_t i = 0; i < 4; ++i) lab.announce(i);
  lab.rib.drain_changes();
  EXPECT_TRUE(lab.rib.withdraw(lab.peers[2], pfx("172.30.0.10/32")));
  EXPECT_FALSE(lab.rib.withdraw(lab.peers[2], pfx("172.30.0.10/32")));
  auto changes = lab.rib.drain_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].prefix, pfx("172.30.0.10/32"));
  EXPECT_EQ(changes[0].old_next_hops, ips({"10.20.0.2", "10.20.0.3", "172.20.0.2", "172.20.0.3"}));
  EXPECT_EQ(changes[0].new_next_hops, ips({"10.20.0.2", "10.20.0.3", "172.20.0.3"}));
  // Re-announcing identical attributes changes nothing.
  lab.announce(0);
  EXPECT_FALSE(lab.rib.has_changes());
  for (std::size_t i : {0, 1, 3}) lab.rib.withdraw(lab.peers[i], pfx("172.30.0.10/32"));
  changes = lab.rib.drain_changes();
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_TRUE(changes.back().new_next_hops.empty());
  EXPECT_FALSE(changes.back().best);
  EXPECT_EQ(lab.rib.prefix_count(kIpv4Unicast), 0u);
}

TEST(Rib, NonGracefulPeerDownRemovesAllItsPathsInPrefixOrder) {
  SeedLab lab;
  for (const char* p : {"172.30.0.12/32", "172.30.0.10/32", "172.30.0.11/32"}) {
    lab.announce(0, p);
    lab.announce(2, p);
  }
  lab.rib.drain_changes();
  lab.rib.peer_down(lab.peers[0], false);
  auto changes = lab.rib.drain_changes();
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].prefix, pfx("172.30.0.10/32"));
  EXPECT_EQ(changes[2].prefix, pfx("172.30.0.12/32"));
  for (const auto& c : changes) EXPECT_EQ(c.new_next_hops, ips({"172.20.0.2"}));
  EXPECT_EQ(lab.rib.peer_prefix_count(lab.peers[0], kIpv4Unicast), 0u);
}

TEST(Rib, GracefulRestartKeepsStalePathsUntilEndOfRib) {
  SeedLab lab;
  for (std::size_t i = 0; i < 4; ++i) {
    lab.announce(i);
    lab.announce(i, "172.30.0.11/32");
  }
  lab.rib.drain_changes();
  lab.rib.peer_down(lab.peers[0], true);
  EXPECT_FALSE(lab.rib.has_changes());  // still forwarding through the restarting peer
  EXPECT_EQ(lab.rib.stale_count(lab.peers[0]), 2u);
  // The peer comes back and re-announces only the VIP, then End-of-RIB.
  lab.announce(0);
  EXPECT_EQ(lab.rib.stale_count(lab.peers[0]), 1u);
  EXPECT_FALSE(lab.rib.has_changes());
  EXPECT_EQ(lab.rib.end_of_rib(lab.peers[0], kIpv4Unicast), 1u);
  auto changes = lab.rib.drain_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].prefix, pfx("172.30.0.11/32"));
  EXPECT_EQ(changes[0].new_next_hops, ips({"10.20.0.3", "172.20.0.2", "172.20.0.3"}));
  EXPECT_EQ(lab.rib.stale_count(lab.peers[0]), 0u);
}

// RFC 7313 §4: between BoRR and EoRR the peer re-sends what it still has;
// the rest of its paths of that family go at EoRR, the other family stays.
TEST(Rib, EnhancedRouteRefreshPurgesPathsNotReSentBeforeEndOfRefresh) {
  SeedLab lab;
  lab.announce(0);
  lab.announce(0, "172.30.0.11/32");
  lab.rib.announce(lab.peers[0], pfx("2001:db8:30::/64"), lab.attrs(0));
  lab.rib.drain_changes();
  lab.rib.begin_refresh(lab.peers[0], kIpv4Unicast);
  EXPECT_EQ(lab.rib.stale_count(lab.peers[0]), 2u);  // the IPv6 path is not part of this refresh
  EXPECT_FALSE(lab.rib.has_changes());               // still used meanwhile
  lab.announce(0);
  EXPECT_EQ(lab.rib.end_of_rib(lab.peers[0], kIpv4Unicast), 1u);
  EXPECT_EQ(lab.rib.paths(pfx("172.30.0.10/32")).size(), 1u);
  EXPECT_TRUE(lab.rib.paths(pfx("172.30.0.11/32")).empty());
  EXPECT_EQ(lab.rib.paths(pfx("2001:db8:30::/64")).size(), 1u);
  EXPECT_EQ(lab.rib.stale_count(lab.peers[0]), 0u);
}

TEST(Rib, RestartTimerSweepsEveryStalePath) {
  SeedLab lab;
  lab.announce(1);
  lab.announce(1, "172.30.0.11/32");
  lab.rib.peer_down(lab.peers[1], true);
  lab.rib.drain_changes();
  EXPECT_EQ(lab.rib.sweep_stale(lab.peers[1]), 2u);
  EXPECT_EQ(lab.rib.drain_changes().size(), 2u);
  EXPECT_EQ(lab.rib.prefix_count(kIpv4Unicast), 0u);
}

TEST(Rib, UnresolvableNextHopStaysInAdjRibInButIsNotACandidate) {
  SeedLab lab;
  lab.resolver.remove(pfx("172.20.0.0/16"));
  lab.rib.revalidate_nexthops();
  lab.announce(2);
  lab.announce(2, "172.30.0.11/32");
  EXPECT_FALSE(lab.rib.has_changes());
  EXPECT_EQ(lab.rib.paths(pfx("172.30.0.10/32")).size(), 1u);
  EXPECT_FALSE(lab.rib.longest_match(ip("172.30.0.10")));
  lab.announce(0);
  EXPECT_EQ(lab.rib.drain_changes().back().new_next_hops, ips({"10.20.0.2"}));
  // The network comes back: only the two dependent prefixes are re-evaluated.
  lab.resolver.add(pfx("172.20.0.0/16"));
  lab.rib.revalidate_nexthops();
  auto changes = lab.rib.drain_changes();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].prefix, pfx("172.30.0.10/32"));
  EXPECT_EQ(changes[0].new_next_hops, ips({"10.20.0.2", "172.20.0.2"}));
  EXPECT_EQ(changes[1].new_next_hops, ips({"172.20.0.2"}));
  EXPECT_EQ(lab.rib.longest_match(ip("172.30.0.10")), pfx("172.30.0.10/32"));
  // And goes away again.
  lab.resolver.remove(pfx("172.20.0.0/16"));
  lab.rib.revalidate_nexthops();
  changes = lab.rib.drain_changes();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].prefix, pfx("172.30.0.11/32"));
  EXPECT_TRUE(changes[1].new_next_hops.empty());
}

TEST(Rib, LocallyOriginatedRouteWinsAndHasNoFibNextHops) {
  SeedLab lab;
  lab.announce(0, "10.20.0.0/16");
  PathAttributes local;
  local.origin = Origin::kIgp;
  lab.rib.announce(kLocalPeer, pfx("10.20.0.0/16"), lab.store.intern(local).ref);
  auto changes = lab.rib.drain_changes();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].best->peer, kLocalPeer);
  EXPECT_TRUE(changes[1].new_next_hops.empty());
  EXPECT_EQ(changes[1].old_next_hops, ips({"10.20.0.2"}));
}

TEST(Rib, LongestMatchAndOrderedWalkOverLocRib) {
  SeedLab lab;
  for (const char* p : {"172.30.0.0/24", "172.30.0.10/32", "0.0.0.0/0", "172.30.0.0/16"}) lab.announce(0, p);
  EXPECT_EQ(lab.rib.longest_match(ip("172.30.0.10")), pfx("172.30.0.10/32"));
  EXPECT_EQ(lab.rib.longest_match(ip("172.30.0.11")), pfx("172.30.0.0/24"));
  EXPECT_EQ(lab.rib.longest_match(ip("172.30.1.1")), pfx("172.30.0.0/16"));
  EXPECT_EQ(lab.rib.longest_match(ip("8.8.8.8")), pfx("0.0.0.0/0"));
  std::vector<std::string> walked;
  lab.rib.walk(kIpv4Unicast, [&](const Prefix& p, std::span<const Path>) { walked.push_back(p.to_string()); });
  EXPECT_EQ(walked, (std::vector<std::string>{"0.0.0.0/0", "172.30.0.0/16", "172.30.0.0/24", "172.30.0.10/32"}));
}

TEST(Rib, Ipv6RoutesUseLinkLocalForForwarding) {
  AttrStore store;
  Rib rib(store, DecisionOptions{}, nullptr);
  const PeerId p = rib.add_peer(PeerInfo{ip("2001:db8::2"), 65101, ip("1.1.1.1"), false, 0, false});
  PathAttributes a;
  a.as_path = *parse_as_path("65101");
  a.next_hop = ip("2001:db8::2");
  a.next_hop_link_local = ip("fe80::2");
  rib.announce(p, pfx("2001:db8:30::/64"), store.intern(a).ref);
  auto changes = rib.drain_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].new_next_hops, ips({"fe80::2"}));
  EXPECT_EQ(rib.longest_match(ip("2001:db8:30::1")), pfx("2001:db8:30::/64"));
  EXPECT_EQ(rib.prefix_count(kIpv6Unicast), 1u);
}

TEST(Rib, ChangedOptionsAndPeerIdentifiersRerunTheDecision) {
  SeedLab lab(false);
  for (std::size_t i = 0; i < 4; ++i) lab.announce(i);
  lab.rib.drain_changes();
  lab.rib.set_options(seed_options(true));  // multipath-relax switched on by a config reload
  auto changes = lab.rib.drain_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].new_next_hops.size(), 4u);
  // The BGP Identifier of a peer changes (it restarted with another router id).
  PeerInfo p = lab.rib.peer(lab.peers[3]);
  p.router_id = ip("1.1.1.1");
  lab.rib.update_peer(lab.peers[3], p);
  changes = lab.rib.drain_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].best->peer, lab.peers[3]);
  EXPECT_EQ(changes[0].new_next_hops.size(), 4u);
}

TEST(Rib, ReleasesEveryAttributeReference) {
  AttrStore store;
  {
    Rib rib(store, DecisionOptions{}, nullptr);
    const PeerId p = rib.add_peer(PeerInfo{ip("10.0.0.2"), 65101, ip("1.1.1.1"), false, 0, false});
    PathAttributes a;
    a.next_hop = ip("10.0.0.2");
    for (std::uint32_t i = 0; i < 100; ++i) {
      a.med = i % 7;
      rib.announce(p, Prefix(IpAddress::v4(0x0a000000 + (i << 8)), 24), store.intern(a).ref);
    }
    EXPECT_EQ(store.size(), 7u);
    for (std::uint32_t i = 0; i < 50; ++i) rib.withdraw(p, Prefix(IpAddress::v4(0x0a000000 + (i << 8)), 24));
    rib.drain_changes();
  }
  EXPECT_EQ(store.size(), 0u);
}

}  // namespace
}  // namespace bgp::rib

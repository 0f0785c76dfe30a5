#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "libbgp/rib/adj_rib_out.hpp"
#include "libbgp/rib/import.hpp"

namespace bgp::rib {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix pfx(const char* s) { return *Prefix::parse(s); }

// A spine (AS 65001) with two eBGP leaves and one iBGP peer.
struct Spine {
  Spine() : rib(store, options(), nullptr) {
    leaf1 = rib.add_peer(PeerInfo{ip("10.0.1.2"), 65101, ip("1.1.1.1"), false, 0, false});
    leaf2 = rib.add_peer(PeerInfo{ip("10.0.2.2"), 65102, ip("2.2.2.2"), false, 0, false});
    ibgp = rib.add_peer(PeerInfo{ip("10.0.3.2"), 65001, ip("3.3.3.3"), true, 0, false});
  }
  static DecisionOptions options() {
    DecisionOptions o;
    o.ipv4.maximum_paths = 4;
    o.ipv4.multipath_relax = true;
    o.ipv6 = o.ipv4;
    return o;
  }
  ExportSettings to(PeerId peer, bool ebgp, const char* self) {
    ExportSettings s;
    s.peer = peer;
    s.local_as = 65001;
    s.ebgp = ebgp;
    s.self_v4 = ip(self);
    s.policy = policy::SessionPolicy{nullptr, ebgp, false};
    return s;
  }
  void announce(PeerId peer, const char* prefix, const char* path, const char* nh, std::vector<std::uint32_t> comms = {}) {
    PathAttributes a;
    a.as_path = *parse_as_path(path);
    a.next_hop = ip(nh);
    a.med = 50;
    a.local_pref = 100;
    a.communities = std::move(comms);
    rib.announce(peer, pfx(prefix), store.intern(a).ref);
  }
  void feed(AdjRibOut& out) { out.apply(rib.drain_changes()); }
  AttrStore store;
  Rib rib;
  PeerId leaf1, leaf2, ibgp;
};

TEST(AdjRibOut, EbgpExportPrependsOurAsSetsNextHopSelfAndDropsLocalPrefAndMed) {
  Spine s;
  AdjRibOut out(s.rib, s.store, s.to(s.leaf2, true, "10.0.2.1"));
  s.announce(s.leaf1, "192.0.2.0/24", "65101", "10.0.1.2");
  s.feed(out);
  OutBatch b = out.drain();
  ASSERT_EQ(b.announced.size(), 1u);
  const PathAttributes& a = *b.announced[0].attrs;
  EXPECT_EQ(as_path_to_string(a.as_path), "65001 65101");
  EXPECT_EQ(a.next_hop, ip("10.0.2.1"));
  EXPECT_FALSE(a.local_pref);
  EXPECT_FALSE(a.med);
  EXPECT_EQ(out.advertised_count(), 1u);
  EXPECT_FALSE(out.has_pending());
}

TEST(AdjRibOut, NeverSendsAPathBackToItsSender) {
  Spine s;
  AdjRibOut out(s.rib, s.store, s.to(s.leaf1, true, "10.0.1.1"));
  s.announce(s.leaf1, "192.0.2.0/24", "65101", "10.0.1.2");
  s.feed(out);
  EXPECT_TRUE(out.drain().empty());
}

TEST(AdjRibOut, IbgpLearnedRoutesAreNotSentToIbgpPeers) {
  Spine s;
  AdjRibOut to_ibgp(s.rib, s.store, s.to(s.ibgp, false, "10.0.3.1"));
  AdjRibOut to_leaf(s.rib, s.store, s.to(s.leaf1, true, "10.0.1.1"));
  s.announce(s.ibgp, "198.51.100.0/24", "65300", "10.0.3.2");
  for (const auto& c : s.rib.drain_changes()) {
    to_ibgp.apply(c);
    to_leaf.apply(c);
  }
  EXPECT_TRUE(to_ibgp.drain().empty());
  EXPECT_EQ(to_leaf.drain().size(), 1u);
}

TEST(AdjRibOut, EbgpLearnedRouteToIbgpKeepsNextHopAndSetsLocalPref) {
  Spine s;
  AdjRibOut out(s.rib, s.store, s.to(s.ibgp, false, "10.0.3.1"));
  s.announce(s.leaf1, "192.0.2.0/24", "65101", "10.0.1.2");
  s.feed(out);
  OutBatch b = out.drain();
  ASSERT_EQ(b.announced.size(), 1u);
  EXPECT_EQ(b.announced[0].attrs->next_hop, ip("10.0.1.2"));
  EXPECT_EQ(b.announced[0].attrs->local_pref, 100u);
  EXPECT_EQ(as_path_to_string(b.announced[0].attrs->as_path), "65101");
}

TEST(AdjRibOut, NoExportAndNoAdvertiseCommunitiesAreHonoured) {
  Spine s;
  AdjRibOut to_leaf(s.rib, s.store, s.to(s.leaf2, true, "10.0.2.1"));
  AdjRibOut to_ibgp(s.rib, s.store, s.to(s.ibgp, false, "10.0.3.1"));
  s.announce(s.leaf1, "192.0.2.0/24", "65101", "10.0.1.2", {kNoExport});
  s.announce(s.leaf1, "192.0.3.0/24", "65101", "10.0.1.2", {kNoAdvertise});
  for (const auto& c : s.rib.drain_changes()) {
    to_leaf.apply(c);
    to_ibgp.apply(c);
  }
  EXPECT_TRUE(to_leaf.drain().empty());
  OutBatch b = to_ibgp.drain();
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b.announced[0].nlri[0].prefix, pfx("192.0.2.0/24"));
}

TEST(AdjRibOut, AddPathSendsEveryMultipathPathWithItsOwnId) {
  Spine s;
  ExportSettings st = s.to(s.ibgp, false, "10.0.3.1");
  st.add_path_ipv4 = true;
  AdjRibOut out(s.rib, s.store, st);
  s.announce(s.leaf1, "172.30.0.10/32", "65101", "10.0.1.2");
  s.announce(s.leaf2, "172.30.0.10/32", "65102", "10.0.2.2");
  s.feed(out);
  OutBatch b = out.drain();
  EXPECT_EQ(b.size(), 2u);
  EXPECT_EQ(out.advertised_count(), 2u);
  s.rib.withdraw(s.leaf1, pfx("172.30.0.10/32"));
  s.feed(out);
  b = out.drain();
  ASSERT_EQ(b.withdrawn.size(), 1u);
  EXPECT_EQ(b.withdrawn[0].path_id, static_cast<std::uint32_t>(s.leaf1) + 1);
  EXPECT_TRUE(b.announced.empty());
}

TEST(AdjRibOut, AddPathIsPerFamily) {
  // RFC 7911 §3: negotiated for IPv4 unicast only, IPv6 gets the best path alone, with no path id.
  Spine s;
  ExportSettings st = s.to(s.ibgp, false, "10.0.3.1");
  st.add_path_ipv4 = true;
  AdjRibOut out(s.rib, s.store, st);
  s.announce(s.leaf1, "172.30.0.10/32", "65101", "10.0.1.2");
  s.announce(s.leaf2, "172.30.0.10/32", "65102", "10.0.2.2");
  s.announce(s.leaf1, "2001:db8:30::10/128", "65101", "2001:db8:1::2");
  s.announce(s.leaf2, "2001:db8:30::10/128", "65102", "2001:db8:2::2");
  s.feed(out);
  std::vector<OutKey> v4, v6;
  for (const auto& g : out.drain().announced) {
    for (const OutKey& k : g.nlri) (k.prefix.afi() == Afi::kIpv6 ? v6 : v4).push_back(k);
  }
  EXPECT_EQ(v4.size(), 2u);
  ASSERT_EQ(v6.size(), 1u);
  EXPECT_EQ(v6[0].path_id, 0u);
}

TEST(AdjRibOut, PacksByAttributeSetDrainsInPrefixOrderAndCancelsFlaps) {
  Spine s;
  AdjRibOut out(s.rib, s.store, s.to(s.leaf2, true, "10.0.2.1"));
  for (const char* p : {"192.0.2.0/24", "10.0.0.0/8", "198.51.100.0/24"}) s.announce(s.leaf1, p, "65101", "10.0.1.2");
  s.announce(s.leaf1, "203.0.113.0/24", "65101 7", "10.0.1.2");
  s.feed(out);
  // A flap inside the batch: withdrawn and re-announced before the session drained.
  s.rib.withdraw(s.leaf1, pfx("10.0.0.0/8"));
  s.announce(s.leaf1, "10.0.0.0/8", "65101", "10.0.1.2");
  s.feed(out);
  OutBatch b = out.drain(3);
  ASSERT_EQ(b.announced.size(), 1u);
  EXPECT_EQ(b.announced[0].nlri.front().prefix, pfx("10.0.0.0/8"));
  EXPECT_EQ(b.size(), 3u);
  b = out.drain();
  EXPECT_EQ(b.size(), 1u);
  EXPECT_EQ(b.announced[0].nlri[0].prefix, pfx("203.0.113.0/24"));
}

TEST(AdjRibOut, RefreshResendsEverythingAndNetworkRoutesGoOutWithOurAs) {
  Spine s;
  s.rib.announce(kLocalPeer, pfx("10.20.0.0/16"), network_route_attributes(s.store).ref);
  s.rib.drain_changes();
  AdjRibOut out(s.rib, s.store, s.to(s.leaf1, true, "10.0.1.1"));
  out.refresh();  // session established: initial dump
  OutBatch b = out.drain();
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(as_path_to_string(b.announced[0].attrs->as_path), "65001");
  EXPECT_EQ(b.announced[0].attrs->next_hop, ip("10.0.1.1"));
  EXPECT_EQ(b.announced[0].attrs->origin, Origin::kIgp);
  out.refresh();  // ROUTE-REFRESH: sent again
  EXPECT_EQ(out.drain().size(), 1u);
  s.rib.withdraw(kLocalPeer, pfx("10.20.0.0/16"));
  s.feed(out);
  EXPECT_EQ(out.drain().withdrawn.size(), 1u);
}

// refresh() rebuilds each prefix's selection from the table (best first,
// then the multipath set): a peer without ADD-PATH gets the best path, one
// with ADD-PATH every multipath path, as from the change stream.
TEST(AdjRibOut, RefreshSendsTheBestPathFirstAndEveryMultipathPathWithAddPath) {
  Spine s;
  s.announce(s.leaf2, "172.30.0.10/32", "65102", "10.0.2.2");
  s.announce(s.leaf1, "172.30.0.10/32", "65101", "10.0.1.2");
  s.rib.drain_changes();
  const auto paths = s.rib.paths(pfx("172.30.0.10/32"));
  ASSERT_EQ(paths.size(), 2u);
  const auto best = std::find_if(paths.begin(), paths.end(), [](const Path& p) { return p.has(path_flag::kBest); });
  ASSERT_NE(best, paths.end());
  const AttrRef best_attrs = s.store.ref(best->attr);
  ASSERT_TRUE(best_attrs);
  const IpAddress best_next_hop = best_attrs->next_hop;

  AdjRibOut plain(s.rib, s.store, s.to(s.ibgp, false, "10.0.3.1"));
  plain.refresh();
  OutBatch b = plain.drain();
  ASSERT_EQ(b.announced.size(), 1u);
  EXPECT_EQ(b.announced[0].attrs->next_hop, best_next_hop);

  ExportSettings st = s.to(s.ibgp, false, "10.0.3.1");
  st.add_path_ipv4 = true;
  AdjRibOut add_path(s.rib, s.store, st);
  add_path.refresh();
  EXPECT_EQ(add_path.drain().size(), 2u);
}

TEST(AdjRibOut, Rfc8212BlocksEbgpExportWithoutPolicy) {
  Spine s;
  ExportSettings st = s.to(s.leaf2, true, "10.0.2.1");
  st.policy.ebgp_requires_policy = true;
  AdjRibOut out(s.rib, s.store, st);
  s.announce(s.leaf1, "192.0.2.0/24", "65101", "10.0.1.2");
  s.feed(out);
  EXPECT_TRUE(out.drain().empty());
}

config::PolicyTerm term(config::PolicyMatch m, config::PolicySet set, config::PolicyAction action) {
  config::PolicyTerm t;
  t.match = std::move(m);
  t.set = std::move(set);
  t.action = action;
  return t;
}

TEST(AdjRibOut, ExportPolicyMatchesThePathThePeerReceivesAndItsSetActionsStillApply) {
  Spine s;
  constexpr std::uint32_t kTagged = (65101u << 16) | 7;
  // "65101" leaves as "65001 65101": a length-1 condition must not match it.
  config::PolicyMatch one_as;
  one_as.as_path_length_max = 1;
  config::PolicyMatch tagged;
  tagged.communities = {kTagged};
  config::PolicySet med;
  med.med = 7;
  config::Policy p;
  p.terms = {term(one_as, {}, config::PolicyAction::kAccept), term(tagged, med, config::PolicyAction::kAccept)};
  ExportSettings st = s.to(s.leaf2, true, "10.0.2.1");
  st.policy.policy = &p;
  AdjRibOut out(s.rib, s.store, st);
  s.announce(s.leaf1, "192.0.2.0/24", "65101", "10.0.1.2");
  s.announce(s.leaf1, "198.51.100.0/24", "65101", "10.0.1.2", {kTagged});
  s.feed(out);
  OutBatch b = out.drain();
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b.announced[0].nlri[0].prefix, pfx("198.51.100.0/24"));
  const PathAttributes& a = *b.announced[0].attrs;
  EXPECT_EQ(as_path_to_string(a.as_path), "65001 65101");
  EXPECT_EQ(a.med, 7u);
  EXPECT_EQ(a.next_hop, ip("10.0.2.1"));

  // Towards iBGP nothing is prepended: the length-1 term accepts both.
  ExportSettings to_ibgp = s.to(s.ibgp, false, "10.0.3.1");
  to_ibgp.policy.policy = &p;
  AdjRibOut ibgp(s.rib, s.store, to_ibgp);
  ibgp.refresh();
  b = ibgp.drain();
  ASSERT_EQ(b.size(), 2u);
  for (const auto& g : b.announced) {
    EXPECT_EQ(g.attrs->med, 50u);  // the first term accepted them unchanged (not MED 7)
    EXPECT_EQ(g.attrs->local_pref, 100u);
  }
}

TEST(AdjRibOut, PeerWhosePolicyRejectsEverythingKeepsNothingUntilItsPolicyChanges) {
  Spine s;
  config::Policy nothing;
  nothing.terms = {term({}, {}, config::PolicyAction::kReject)};
  config::Policy everything;
  everything.terms = {term({}, {}, config::PolicyAction::kAccept)};
  ExportSettings st = s.to(s.leaf2, true, "10.0.2.1");
  st.policy.policy = &nothing;
  AdjRibOut out(s.rib, s.store, st);
  s.announce(s.leaf1, "192.0.2.0/24", "65101", "10.0.1.2");
  s.announce(s.leaf1, "198.51.100.0/24", "65101", "10.0.1.2");
  s.feed(out);
  EXPECT_FALSE(out.has_pending());
  EXPECT_TRUE(out.drain().empty());
  EXPECT_EQ(out.advertised_count(), 0u);

  // Reload with a policy that accepts: the whole Loc-RIB goes out.
  st.policy.policy = &everything;
  out.set_settings(st);
  out.refresh();
  EXPECT_EQ(out.drain().size(), 2u);
  EXPECT_EQ(out.advertised_count(), 2u);

  // And back: everything is withdrawn, later changes are ignored.
  st.policy.policy = &nothing;
  out.set_settings(st);
  out.refresh();
  OutBatch b = out.drain();
  EXPECT_EQ(b.withdrawn.size(), 2u);
  EXPECT_TRUE(b.announced.empty());
  EXPECT_EQ(out.advertised_count(), 0u);
  s.announce(s.leaf1, "203.0.113.0/24", "65101", "10.0.1.2");
  s.feed(out);
  EXPECT_FALSE(out.has_pending());

  // RFC 8212's default (eBGP, no policy) is the same.
  st.policy = policy::SessionPolicy{nullptr, true, true};
  out.set_settings(st);
  out.refresh();
  EXPECT_FALSE(out.has_pending());
}

TEST(AdjRibOut, ExportedAttributesFollowNewSettingsAfterAReload) {
  // Prefixes sharing an attribute set share the exported set too; a reload
  // that changes what it is built from must not reuse the old one.
  Spine s;
  ExportSettings st = s.to(s.leaf2, true, "10.0.2.1");
  AdjRibOut out(s.rib, s.store, st);
  s.announce(s.leaf1, "192.0.2.0/24", "65101", "10.0.1.2");
  s.announce(s.leaf1, "198.51.100.0/24", "65101", "10.0.1.2");
  s.feed(out);
  OutBatch b = out.drain();
  ASSERT_EQ(b.announced.size(), 1u);  // one exported set for both
  EXPECT_EQ(b.announced[0].nlri.size(), 2u);
  EXPECT_EQ(b.announced[0].attrs->next_hop, ip("10.0.2.1"));
  st.self_v4 = ip("10.0.2.99");
  st.local_as = 65009;
  out.set_settings(st);
  out.refresh();
  b = out.drain();
  ASSERT_EQ(b.announced.size(), 1u);
  EXPECT_EQ(b.announced[0].nlri.size(), 2u);
  EXPECT_EQ(b.announced[0].attrs->next_hop, ip("10.0.2.99"));
  EXPECT_EQ(as_path_to_string(b.announced[0].attrs->as_path), "65009 65101");
}

TEST(AdjRibOut, DrainMergesNewChangedAndWithdrawnRoutesAmongAdvertisedOnes) {
  Spine s;
  AdjRibOut out(s.rib, s.store, s.to(s.leaf2, true, "10.0.2.1"));
  for (const char* p : {"192.0.2.0/24", "192.0.4.0/24", "192.0.6.0/24"}) s.announce(s.leaf1, p, "65101", "10.0.1.2");
  s.feed(out);
  ASSERT_EQ(out.drain().size(), 3u);
  // New keys before, between and after advertised ones; one changed, one withdrawn.
  s.announce(s.leaf1, "192.0.1.0/24", "65101", "10.0.1.2");
  s.announce(s.leaf1, "192.0.3.0/24", "65101", "10.0.1.2");
  s.announce(s.leaf1, "192.0.4.0/24", "65101 7", "10.0.1.2");
  s.announce(s.leaf1, "192.0.5.0/24", "65101", "10.0.1.2");
  s.rib.withdraw(s.leaf1, pfx("192.0.6.0/24"));
  s.announce(s.leaf1, "192.0.7.0/24", "65101", "10.0.1.2");
  s.feed(out);
  const OutBatch b = out.drain();
  ASSERT_EQ(b.withdrawn.size(), 1u);
  EXPECT_EQ(b.withdrawn[0].prefix, pfx("192.0.6.0/24"));
  EXPECT_EQ(b.size(), 6u);
  std::vector<std::string> advertised;
  for (const auto& [k, v] : out.advertised()) advertised.push_back(k.prefix.to_string() + " " + as_path_to_string(v->as_path));
  EXPECT_EQ(advertised, (std::vector<std::string>{"192.0.1.0/24 65001 65101", "192.0.2.0/24 65001 65101",
                                                  "192.0.3.0/24 65001 65101", "192.0.4.0/24 65001 65101 7",
                                                  "192.0.5.0/24 65001 65101", "192.0.7.0/24 65001 65101"}));
  EXPECT_FALSE(out.has_pending());
}

// Routes the session could not encode are not advertised; the one whose
// previous version the peer holds is handed back to be withdrawn.
TEST(AdjRibOut, RoutesNotSentAreNotAdvertisedAndPreviousVersionsAreWithdrawn) {
  Spine s;
  AdjRibOut out(s.rib, s.store, s.to(s.leaf2, true, "10.0.2.1"));
  s.announce(s.leaf1, "192.0.2.0/24", "65101", "10.0.1.2");
  s.feed(out);
  ASSERT_EQ(out.drain().size(), 1u);
  ASSERT_EQ(out.advertised_count(), 1u);
  // A new version of 192.0.2.0/24 and a new prefix, neither of which the session can send.
  s.announce(s.leaf1, "192.0.2.0/24", "65101 65201", "10.0.1.2");
  s.announce(s.leaf1, "198.51.100.0/24", "65101 65201", "10.0.1.2");
  s.feed(out);
  const OutBatch b = out.drain();
  ASSERT_EQ(b.announced.size(), 1u);
  ASSERT_EQ(b.announced[0].nlri.size(), 2u);
  const std::vector<OutKey> withdraw = out.not_sent(b.announced[0], kIpv4Unicast);
  ASSERT_EQ(withdraw.size(), 1u);
  EXPECT_EQ(withdraw[0].prefix, pfx("192.0.2.0/24"));
  EXPECT_EQ(out.advertised_count(), 0u);
  // Another family's keys are left alone.
  EXPECT_TRUE(out.not_sent(b.announced[0], kIpv6Unicast).empty());
}

}  // namespace
}  // namespace bgp::rib

// Every tie-break of the decision process compared both ways, and the same
// candidate set selected identically in every insertion order.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "libbgp/rib/decision.hpp"

namespace bgp::rib {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

PathAttributes attrs(const char* as_path, Origin origin = Origin::kIgp) {
  PathAttributes a;
  a.as_path = *parse_as_path(as_path);
  a.origin = origin;
  a.next_hop = ip("10.0.0.1");
  return a;
}

PeerInfo ebgp(const char* addr, std::uint32_t asn, const char* rid) { return PeerInfo{ip(addr), asn, ip(rid), false, 0, false}; }
PeerInfo ibgp(const char* addr, const char* rid) { return PeerInfo{ip(addr), 65001, ip(rid), true, 0, false}; }

struct Case {
  const char* name;
  PathAttributes better_attrs;
  PeerInfo better_peer;
  PathAttributes worse_attrs;
  PeerInfo worse_peer;
  DecisionStep step;
  DecisionOptions opts{};
};

std::vector<Case> tie_break_cases() {
  std::vector<Case> cases;
  const PeerInfo p1 = ebgp("10.0.0.2", 65101, "1.1.1.1");
  const PeerInfo p2 = ebgp("10.0.0.3", 65101, "2.2.2.2");
  {
    PeerInfo heavy = p2;
    heavy.weight = 100;
    cases.push_back({"weight", attrs("65101 1 2 3"), heavy, attrs("65101"), p1, DecisionStep::kWeight});
  }
  {
    auto hi = attrs("65101 1 2");
    hi.local_pref = 200;
    cases.push_back({"local_pref", hi, p2, attrs("65101"), p1, DecisionStep::kLocalPref});
    auto dflt = attrs("65101 1");  // missing LOCAL_PREF counts as 100
    auto low = attrs("65101");
    low.local_pref = 99;
    cases.push_back({"local_pref_default_100", dflt, p2, low, p1, DecisionStep::kLocalPref});
  }
  {
    PeerInfo local{IpAddress(), 65001, ip("9.9.9.9"), false, 0, true};
    cases.push_back({"locally_originated", attrs("", Origin::kIncomplete), local, attrs("65101"), p1, DecisionStep::kLocalOrigin});
  }
  cases.push_back({"as_path_length", attrs("65101 1", Origin::kIncomplete), p2, attrs("65101 1 2"), p1, DecisionStep::kAsPathLength});
  cases.push_back({"as_set_counts_one", attrs("65101 {1,2,3,4}"), p2, attrs("65101 1 2"), p1, DecisionStep::kAsPathLength});
  cases.push_back({"confed_counts_zero", attrs("(64512 64513 64514) 65101 1"), p2, attrs("65101 1 2"), p1, DecisionStep::kAsPathLength});
  cases.push_back({"origin_igp_over_egp", attrs("65101", Origin::kIgp), p2, attrs("65101", Origin::kEgp), p1, DecisionStep::kOrigin});
  cases.push_back({"origin_egp_over_incomplete", attrs("65101", Origin::kEgp), p2, attrs("65101", Origin::kIncomplete), p1, DecisionStep::kOrigin});
  {
    auto m10 = attrs("65101 7");
    m10.med = 10;
    auto m20 = attrs("65101 8");
    m20.med = 20;
    cases.push_back({"med_same_neighbour_as", m10, p2, m20, p1, DecisionStep::kMed});
    auto missing = attrs("65101 7");
    cases.push_back({"med_missing_is_zero", missing, p2, m20, p1, DecisionStep::kMed});
    DecisionOptions worst;
    worst.med_missing_as_worst = true;
    cases.push_back({"med_missing_as_worst", m20, p1, missing, p2, DecisionStep::kMed, worst});
    // Different neighbour AS: MED ignored by default, decided by router id.
    PeerInfo other = ebgp("10.0.0.9", 65102, "0.0.0.1");
    auto o20 = attrs("65102 7");
    o20.med = 20;
    cases.push_back({"med_ignored_across_neighbour_as", o20, other, m10, p2, DecisionStep::kRouterId});
    DecisionOptions always;
    always.med_always_compare = true;
    cases.push_back({"med_always_compare", m10, p2, o20, other, DecisionStep::kMed, always});
  }
  cases.push_back({"ebgp_over_ibgp", attrs("65101"), p2, attrs("65101"), ibgp("10.0.0.1", "0.0.0.1"), DecisionStep::kEbgpOverIbgp});
  cases.push_back({"router_id", attrs("65101"), p1, attrs("65101"), p2, DecisionStep::kRouterId});
  {
    auto orig = attrs("65101");
    orig.originator_id = ip("0.0.0.5");  // RFC 4456 §9: ORIGINATOR_ID stands for the router id
    cases.push_back({"originator_id_as_router_id", orig, ibgp("10.0.0.7", "7.7.7.7"), attrs("65101"), ibgp("10.0.0.6", "1.0.0.0"), DecisionStep::kRouterId});
    auto short_cl = attrs("65101");
    short_cl.originator_id = ip("5.5.5.5");
    short_cl.cluster_list = {1};
    auto long_cl = short_cl;
    long_cl.cluster_list = {1, 2};
    cases.push_back({"cluster_list_length", short_cl, ibgp("10.0.0.8", "8.8.8.8"), long_cl, ibgp("10.0.0.7", "7.7.7.7"), DecisionStep::kClusterListLength});
  }
  cases.push_back({"peer_address", attrs("65101"), ebgp("10.0.0.2", 65101, "3.3.3.3"), attrs("65101"), ebgp("10.0.0.3", 65101, "3.3.3.3"), DecisionStep::kPeerAddress});
  return cases;
}

TEST(Decision, EveryTieBreakDecidesBothWays) {
  for (const Case& c : tie_break_cases()) {
    SCOPED_TRACE(c.name);
    const Candidate a{&c.better_attrs, &c.better_peer};
    const Candidate b{&c.worse_attrs, &c.worse_peer};
    const Comparison ab = compare(a, b, c.opts);
    const Comparison ba = compare(b, a, c.opts);
    EXPECT_LT(ab.order, 0);
    EXPECT_GT(ba.order, 0);
    EXPECT_EQ(ab.step, c.step) << decision_step_name(ab.step);
    EXPECT_EQ(ba.step, c.step) << decision_step_name(ba.step);
    for (const auto& order : {std::vector<Candidate>{a, b}, std::vector<Candidate>{b, a}}) {
      const Selection s = select(order, c.opts, kIpv4Unicast);
      ASSERT_TRUE(s.best);
      EXPECT_EQ(order[*s.best].attrs, &c.better_attrs);
    }
  }
}

TEST(Decision, MedNonTransitivityResolvedSameInEveryOrder) {
  // The classic MED cycle: A (AS1, med 10) beats B (AS1, med 20) by MED, B beats C (AS2)
  // by router id, C beats A by router id. RFC 4271 §9.1.2.2 grouping gives one answer.
  PeerInfo pa = ebgp("10.0.0.3", 1, "3.3.3.3"), pb = ebgp("10.0.0.1", 1, "1.1.1.1"), pc = ebgp("10.0.0.2", 2, "2.2.2.2");
  auto a = attrs("1 9");
  a.med = 10;
  auto b = attrs("1 9");
  b.med = 20;
  auto c = attrs("2 9");
  c.med = 0;
  std::vector<Candidate> cands{{&a, &pa}, {&b, &pb}, {&c, &pc}};
  std::vector<int> idx{0, 1, 2};
  const PathAttributes* expected = nullptr;
  do {
    std::vector<Candidate> order;
    for (int i : idx) order.push_back(cands[i]);
    const Selection s = select(order, DecisionOptions{}, kIpv4Unicast);
    ASSERT_TRUE(s.best);
    if (!expected) expected = order[*s.best].attrs;
    EXPECT_EQ(order[*s.best].attrs, expected);
  } while (std::next_permutation(idx.begin(), idx.end()));
  EXPECT_EQ(expected, &c);  // B is eliminated by A's MED first; then C's router id beats A
}

TEST(Decision, AllTieBreakPathsInEveryOrderGiveSameBestAndMultipath) {
  // Six paths exercising several steps at once, with multipath on.
  PeerInfo peers[6] = {ebgp("10.0.0.1", 65101, "1.0.0.1"), ebgp("10.0.0.2", 65101, "1.0.0.2"),
                       ebgp("10.0.0.3", 65102, "1.0.0.3"), ebgp("10.0.0.4", 65102, "1.0.0.4"),
                       ibgp("10.0.0.5", "1.0.0.5"), ebgp("10.0.0.6", 65103, "1.0.0.6")};
  PathAttributes pa[6] = {attrs("65101 9"), attrs("65101 9"), attrs("65102 9"), attrs("65102 9"), attrs("65104 9"),
                          attrs("65103 8 9")};
  pa[1].med = 5;
  DecisionOptions opts;
  opts.ipv4.maximum_paths = 8;
  opts.ipv4.multipath_relax = true;
  std::vector<int> idx{0, 1, 2, 3, 4, 5};
  std::vector<const PathAttributes*> expected_mp;
  do {
    std::vector<Candidate> order;
    for (int i : idx) order.push_back({&pa[i], &peers[i]});
    const Selection s = select(order, opts, kIpv4Unicast);
    std::vector<const PathAttributes*> mp;
    for (auto i : s.multipath) mp.push_back(order[i].attrs);
    if (expected_mp.empty()) expected_mp = mp;
    ASSERT_EQ(mp, expected_mp);
  } while (std::next_permutation(idx.begin(), idx.end()));
  // pa[1] loses on MED, pa[4] is iBGP, pa[5] is longer: 0, 2, 3 remain; best by router id.
  EXPECT_EQ(expected_mp, (std::vector<const PathAttributes*>{&pa[0], &pa[2], &pa[3]}));
}

TEST(Decision, MultipathNeedsSameNeighbourAsWithoutRelax) {
  PeerInfo a = ebgp("10.20.0.2", 65101, "10.20.0.2"), b = ebgp("10.20.0.3", 65101, "10.20.0.3"),
           c = ebgp("172.20.0.2", 65102, "172.20.0.2");
  auto x = attrs("65101"), y = attrs("65101"), z = attrs("65102");
  std::vector<Candidate> cands{{&x, &a}, {&y, &b}, {&z, &c}};
  DecisionOptions opts;
  opts.ipv4.maximum_paths = 10;
  EXPECT_EQ(select(cands, opts, kIpv4Unicast).multipath.size(), 2u);
  opts.ipv4.multipath_relax = true;
  EXPECT_EQ(select(cands, opts, kIpv4Unicast).multipath.size(), 3u);
  opts.ipv4.maximum_paths = 2;
  EXPECT_EQ(select(cands, opts, kIpv4Unicast).multipath.size(), 2u);
  opts.ipv4.maximum_paths = 1;
  EXPECT_EQ(select(cands, opts, kIpv4Unicast).multipath.size(), 1u);
}

TEST(Decision, IbgpMultipathNeedsIdenticalAsPathAndIbgpLimit) {
  PeerInfo a = ibgp("10.0.0.1", "1.1.1.1"), b = ibgp("10.0.0.2", "2.2.2.2"), c = ibgp("10.0.0.3", "3.3.3.3");
  auto x = attrs("65101 1"), y = attrs("65101 1"), z = attrs("65102 1");
  std::vector<Candidate> cands{{&x, &a}, {&y, &b}, {&z, &c}};
  DecisionOptions opts;
  opts.ipv4.maximum_paths = 10;  // eBGP limit does not apply to iBGP paths
  EXPECT_EQ(select(cands, opts, kIpv4Unicast).multipath.size(), 1u);
  opts.ipv4.maximum_paths_ibgp = 4;
  EXPECT_EQ(select(cands, opts, kIpv4Unicast).multipath.size(), 2u);
}

}  // namespace
}  // namespace bgp::rib

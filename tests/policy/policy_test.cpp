#include <gtest/gtest.h>

#include "libbgp/policy/policy.hpp"

namespace bgp::policy {
namespace {

Prefix pfx(const char* s) { return *Prefix::parse(s); }
IpAddress ip(const char* s) { return *IpAddress::parse(s); }

config::PrefixMatch pm(const char* p, std::optional<std::uint8_t> ge = {}, std::optional<std::uint8_t> le = {}) {
  return config::PrefixMatch{pfx(p), ge, le};
}

rib::PathAttributes route(const char* as_path = "65101 64500") {
  rib::PathAttributes a;
  a.as_path = *rib::parse_as_path(as_path);
  a.next_hop = ip("10.20.0.2");
  a.communities = {(65101u << 16) | 7};
  a.large_communities = {LargeCommunity{65101, 1, 2}};
  return a;
}

config::PolicyTerm term(config::PolicyMatch m, config::PolicySet s, config::PolicyAction act) {
  config::PolicyTerm t;
  t.match = std::move(m);
  t.set = std::move(s);
  t.action = act;
  return t;
}

const Context kCtx{kIpv4Unicast, 65001, ip("10.20.0.101")};

TEST(PrefixList, ExactGeAndLeFollowPrefixListSemantics) {
  EXPECT_TRUE(prefix_matches(pm("10.0.0.0/8"), pfx("10.0.0.0/8")));
  EXPECT_FALSE(prefix_matches(pm("10.0.0.0/8"), pfx("10.1.0.0/16")));
  EXPECT_TRUE(prefix_matches(pm("10.0.0.0/8", 16), pfx("10.1.0.0/16")));
  EXPECT_TRUE(prefix_matches(pm("10.0.0.0/8", 16), pfx("10.1.1.1/32")));
  EXPECT_FALSE(prefix_matches(pm("10.0.0.0/8", 16), pfx("10.0.0.0/8")));
  EXPECT_TRUE(prefix_matches(pm("10.0.0.0/8", std::nullopt, 24), pfx("10.1.1.0/24")));
  EXPECT_FALSE(prefix_matches(pm("10.0.0.0/8", std::nullopt, 24), pfx("10.1.1.0/25")));
  EXPECT_TRUE(prefix_matches(pm("172.30.0.0/24", 32, 32), pfx("172.30.0.10/32")));
  EXPECT_FALSE(prefix_matches(pm("172.30.0.0/24", 32, 32), pfx("172.30.1.10/32")));
  EXPECT_FALSE(prefix_matches(pm("0.0.0.0/0", 0, 128), pfx("2001:db8::/32")));  // other family
}

TEST(PolicyMatch, CommunitiesLargeCommunitiesAndAsPathConditions) {
  const auto a = route("65101 64500 64501");
  config::PolicyMatch m;
  m.communities = {(65101u << 16) | 7};
  EXPECT_TRUE(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, a));
  m.communities = {(65101u << 16) | 8};
  EXPECT_FALSE(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, a));
  m = {};
  m.large_communities = {config::LargeCommunity{65101, 1, 2}};
  EXPECT_TRUE(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, a));
  m.large_communities = {config::LargeCommunity{65101, 1, 3}};
  EXPECT_FALSE(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, a));
  m = {};
  m.as_path_length_max = 2;
  EXPECT_FALSE(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, a));
  m.as_path_length_max = 3;
  m.as_path_length_min = 3;
  EXPECT_TRUE(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, a));
  m = {};
  m.as_path_contains = {1, 64501};
  EXPECT_TRUE(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, a));
  m.as_path_contains = {1, 2};
  EXPECT_FALSE(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, a));
  m = {};
  m.families = {kIpv6Unicast};
  EXPECT_FALSE(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, a));
}

TEST(PolicySet, RewritesLocalPrefMedCommunitiesNextHopAndPrepends) {
  auto a = route("65101");
  config::PolicySet s;
  s.local_pref = 300;
  s.med = 42;
  s.communities_add = {1, (65101u << 16) | 7};
  s.large_communities_add = {config::LargeCommunity{65001, 0, 1}};
  s.next_hop_self = true;
  s.as_path_prepend = 2;
  apply(s, a, kCtx);
  EXPECT_EQ(a.local_pref, 300u);
  EXPECT_EQ(a.med, 42u);
  EXPECT_EQ(a.communities, (std::vector<std::uint32_t>{1, (65101u << 16) | 7}));
  EXPECT_EQ(a.large_communities.size(), 2u);
  EXPECT_EQ(a.next_hop, ip("10.20.0.101"));
  EXPECT_EQ(rib::as_path_to_string(a.as_path), "65001 65001 65101");
}

TEST(Policy, TermsInOrderWithNextAndImplicitRejectAtTheEnd) {
  rib::AttrStore store;
  const auto in = store.intern(route()).ref;
  config::Policy p;
  config::PolicyMatch vip;
  vip.prefixes = {pm("172.30.0.0/24", 32, 32)};
  config::PolicySet lp;
  lp.local_pref = 250;
  p.terms = {term({}, lp, config::PolicyAction::kNext), term(vip, {}, config::PolicyAction::kAccept)};

  auto r = evaluate(&p, pfx("172.30.0.10/32"), in, store, kCtx);
  ASSERT_TRUE(r.accepted());
  EXPECT_TRUE(r.modified);
  EXPECT_EQ(r.attrs->local_pref, 250u);
  EXPECT_EQ(r.term, 1u);
  EXPECT_EQ(store.size(), 2u);

  r = evaluate(&p, pfx("10.0.0.0/8"), in, store, kCtx);
  EXPECT_EQ(r.verdict, Verdict::kReject);  // nothing accepted it
  EXPECT_FALSE(r.attrs);

  config::Policy reject_first;
  reject_first.terms.push_back(term(vip, {}, config::PolicyAction::kReject));
  for (const auto& t : p.terms) reject_first.terms.push_back(t);
  EXPECT_EQ(evaluate(&reject_first, pfx("172.30.0.10/32"), in, store, kCtx).verdict, Verdict::kReject);
}

TEST(Policy, AcceptWithoutChangesReturnsTheSameInternedSet) {
  rib::AttrStore store;
  const auto in = store.intern(route()).ref;
  config::Policy accept_all;
  accept_all.terms = {term({}, {}, config::PolicyAction::kAccept)};
  auto r = evaluate(&accept_all, pfx("10.0.0.0/8"), in, store, kCtx);
  ASSERT_TRUE(r.accepted());
  EXPECT_FALSE(r.modified);
  EXPECT_EQ(r.attrs, in);
  EXPECT_EQ(evaluate(nullptr, pfx("10.0.0.0/8"), in, store, kCtx).attrs, in);
}

TEST(Policy, Rfc8212RefusesEbgpWithoutPolicyUnlessOptedOut) {
  rib::AttrStore store;
  const auto in = store.intern(route()).ref;
  SessionPolicy sp{nullptr, true, true};
  EXPECT_TRUE(sp.blocks_everything());
  EXPECT_EQ(sp.evaluate(pfx("10.0.0.0/8"), in, store, kCtx).verdict, Verdict::kNoPolicy);
  sp.ebgp_requires_policy = false;
  EXPECT_TRUE(sp.evaluate(pfx("10.0.0.0/8"), in, store, kCtx).accepted());
  SessionPolicy ibgp{nullptr, false, true};
  EXPECT_TRUE(ibgp.evaluate(pfx("10.0.0.0/8"), in, store, kCtx).accepted());
}

TEST(Policy, AttributeLimitDuringRewriteIsReported) {
  rib::AttrStore store(1);
  const auto in = store.intern(route()).ref;
  config::Policy p;
  config::PolicySet s;
  s.med = 1;
  p.terms = {term({}, s, config::PolicyAction::kAccept)};
  EXPECT_EQ(evaluate(&p, pfx("10.0.0.0/8"), in, store, kCtx).verdict, Verdict::kAttrLimit);
}

TEST(PolicyMatch, PendingPrependCountsAndContainsTheAsToBePrepended) {
  // The export side matches on the path the peer will receive: one more ASN
  // in the leading AS_SEQUENCE, also when the path starts with a set or is empty.
  for (const char* path : {"65101 64500", "{64500,64501} 65101", ""}) {
    const auto a = route(path);
    rib::PathAttributes built = a;
    rib::as_path_prepend(built.as_path, 65001);
    const PendingPrepend pending{a, 65001u};
    for (std::uint32_t len = 0; len <= 4; ++len) {
      config::PolicyMatch m;
      m.as_path_length_min = len;
      EXPECT_EQ(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, pending), matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, built))
          << path << " min " << len;
      m = {};
      m.as_path_length_max = len;
      EXPECT_EQ(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, pending), matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, built))
          << path << " max " << len;
    }
    for (std::uint32_t asn : {65001u, 65101u, 64501u, 1u}) {
      config::PolicyMatch m;
      m.as_path_contains = {asn};
      EXPECT_EQ(matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, pending), matches(m, pfx("10.0.0.0/8"), kIpv4Unicast, built))
          << path << " contains " << asn;
    }
  }
  config::PolicyMatch own;
  own.as_path_contains = {65001};
  EXPECT_FALSE(matches(own, pfx("10.0.0.0/8"), kIpv4Unicast, PendingPrepend{route(), std::nullopt}));
}

TEST(Policy, DecideUnchangedAgreesWithEvaluateAndDefersToSetActions) {
  rib::AttrStore store;
  const auto in = store.intern(route()).ref;
  config::PolicyMatch vip;
  vip.prefixes = {pm("172.30.0.0/24", 32, 32)};
  config::PolicyMatch short_path;
  short_path.as_path_length_max = 2;
  config::PolicySet lp;
  lp.local_pref = 250;
  const PendingPrepend unchanged{*in, std::nullopt};
  const Prefix vip_route = pfx("172.30.0.10/32");
  const Prefix other = pfx("10.0.0.0/8");

  config::Policy p;
  p.terms = {term(vip, {}, config::PolicyAction::kAccept), term(short_path, {}, config::PolicyAction::kReject)};
  EXPECT_EQ(decide_unchanged(&p, vip_route, unchanged, kIpv4Unicast), Verdict::kAccept);
  EXPECT_EQ(evaluate(&p, vip_route, in, store, kCtx).attrs, in);
  EXPECT_EQ(decide_unchanged(&p, other, unchanged, kIpv4Unicast), Verdict::kReject);
  EXPECT_EQ(evaluate(&p, other, in, store, kCtx).verdict, Verdict::kReject);

  // A rejecting term's sets do not matter; accepting or "next" terms with
  // sets need the rewritten attributes.
  p.terms = {term(vip, lp, config::PolicyAction::kReject), term({}, lp, config::PolicyAction::kAccept)};
  EXPECT_EQ(decide_unchanged(&p, vip_route, unchanged, kIpv4Unicast), Verdict::kReject);
  EXPECT_EQ(decide_unchanged(&p, other, unchanged, kIpv4Unicast), std::nullopt);
  p.terms = {term({}, lp, config::PolicyAction::kNext), term(vip, {}, config::PolicyAction::kAccept)};
  EXPECT_EQ(decide_unchanged(&p, vip_route, unchanged, kIpv4Unicast), std::nullopt);

  // The route as a peer will see it: "65001 65101 64500" is three long.
  p.terms = {term(short_path, {}, config::PolicyAction::kAccept)};
  EXPECT_EQ(decide_unchanged(&p, other, unchanged, kIpv4Unicast), Verdict::kAccept);
  EXPECT_EQ(decide_unchanged(&p, other, PendingPrepend{*in, 65001u}, kIpv4Unicast), Verdict::kReject);

  EXPECT_EQ(decide_unchanged(nullptr, other, unchanged, kIpv4Unicast), Verdict::kAccept);
  EXPECT_EQ((SessionPolicy{nullptr, true, true}.decide_unchanged(other, unchanged, kIpv4Unicast)), Verdict::kNoPolicy);
}

TEST(Policy, RejectsEverythingOnlyWhenNoTermCanAccept) {
  config::PolicyMatch vip;
  vip.prefixes = {pm("172.30.0.0/24", 32, 32)};
  config::PolicySet lp;
  lp.local_pref = 250;
  config::Policy p;
  EXPECT_TRUE(rejects_everything(&p));  // no term: the implicit reject
  p.terms = {term({}, {}, config::PolicyAction::kReject)};
  EXPECT_TRUE(rejects_everything(&p));
  p.terms = {term({}, lp, config::PolicyAction::kNext), term(vip, {}, config::PolicyAction::kReject)};
  EXPECT_TRUE(rejects_everything(&p));
  p.terms = {term(vip, {}, config::PolicyAction::kReject), term({}, {}, config::PolicyAction::kAccept)};
  EXPECT_FALSE(rejects_everything(&p));
  p.terms = {term({}, {}, config::PolicyAction::kReject), term({}, {}, config::PolicyAction::kAccept)};
  EXPECT_TRUE(rejects_everything(&p));
  EXPECT_FALSE(rejects_everything(nullptr));
  EXPECT_TRUE((SessionPolicy{nullptr, true, true}.rejects_everything()));
  EXPECT_FALSE((SessionPolicy{nullptr, true, false}.rejects_everything()));
}

}  // namespace
}  // namespace bgp::policy

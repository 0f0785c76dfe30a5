// UPDATE decoding: sections, every field, MP_REACH/MP_UNREACH, ADD-PATH, the
// MRT abbreviated form, End-of-RIB, AS4 handling, and an independent
// cross-check against bgpdump's output for the real RIS dumps.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bench/wire/mrt_update_corpus.hpp"
#include "libbgp/wire/update.hpp"
#include "libbgp/wire/update_encoder.hpp"
#include "tests/wire/update_test_util.hpp"

namespace bgp {
namespace {

using testing::ByteVec;
using testing::concat;
using testing::hex;
using testing::to_hex;
using testing::update_body;

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

std::vector<std::string> render(const NlriRange& r) {
  std::vector<std::string> out;
  // Appended, not `"#" + std::to_string(...)`: GCC 12 at -O3 reports a false
  // -Wrestrict on that (GCC bug 105329).
  for (const auto& e : r) {
    std::string s = e.prefix.to_string();
    if (e.path_id) s.append("#").append(std::to_string(e.path_id));
    out.push_back(std::move(s));
  }
  return out;
}

// bgpdump -m AS path notation.
std::string render_path(const MergedAsPath& path) {
  std::string out;
  for (const AsSegment& s : path) {
    if (!out.empty()) out += ' ';
    if (s.type() == AsSegmentType::kSet) out += '{';
    if (s.type() == AsSegmentType::kConfedSet) out += '[';
    if (s.type() == AsSegmentType::kConfedSequence) out += '(';
    bool first = true;
    for (std::uint32_t asn : s) {
      if (!first) out += s.is_set() ? "," : " ";
      out += std::to_string(asn);
      first = false;
    }
    if (s.type() == AsSegmentType::kSet) out += '}';
    if (s.type() == AsSegmentType::kConfedSet) out += ']';
    if (s.type() == AsSegmentType::kConfedSequence) out += ')';
  }
  return out;
}

TEST(UpdateSplit, FindsThreeSections) {
  const ByteVec body = update_body(hex("08 0a"), hex("40 01 01 00"), hex("10 0a 01"));
  const auto v = UpdateView::split(body);
  ASSERT_TRUE(v);
  EXPECT_EQ(to_hex(v->withdrawn_raw), "08 0a");
  EXPECT_EQ(to_hex(v->attributes_raw), "40 01 01 00");
  EXPECT_EQ(to_hex(v->nlri_raw), "10 0a 01");
  EXPECT_FALSE(UpdateView::split(hex("00 03 08 0a")));
  EXPECT_FALSE(UpdateView::split(hex("00 00 00")));
}

TEST(UpdateDecode, FullIpv4AnnouncementExposesEveryField) {
  const ByteVec attrs = hex(
      "40 01 01 02 | 40 02 0a 02 02 00 00 fd e9 00 00 0d 1c | 40 03 04 c0 00 02 01 | 80 04 04 00 00 00 05 |"
      " 40 05 04 00 00 00 64 | 40 06 00 | c0 07 08 00 00 fd e9 c0 00 02 09 | c0 08 04 fd e9 00 01 |"
      " 80 09 04 0a 00 00 01 | 80 0a 04 0a 00 00 02 | c0 10 08 00 02 fd e9 00 00 00 07 |"
      " c0 20 0c 00 00 fd e9 00 00 00 01 00 00 00 02");
  const ByteVec body = update_body(hex("18 0a 09 09"), attrs, hex("18 0a 00 00"));
  DecodeContext ctx;
  ctx.ibgp = true;
  const DecodedUpdate u = decode_update(body, ctx);
  EXPECT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
  EXPECT_EQ(render(u.withdrawn), std::vector<std::string>{"10.9.9.0/24"});
  EXPECT_EQ(render(u.nlri), std::vector<std::string>{"10.0.0.0/24"});
  EXPECT_EQ(u.origin, Origin::kIncomplete);
  EXPECT_EQ(render_path(u.as_path()), "65001 3356");
  EXPECT_EQ(u.next_hop, ip("192.0.2.1"));
  EXPECT_EQ(u.med, 5u);
  EXPECT_EQ(u.local_pref, 100u);
  EXPECT_TRUE(u.atomic_aggregate);
  EXPECT_EQ(u.aggregator, (Aggregator{65001, ip("192.0.2.9")}));
  EXPECT_EQ(u.communities.size(), 1u);
  EXPECT_EQ(u.originator_id, ip("10.0.0.1"));
  EXPECT_EQ(u.cluster_list[0], 0x0a000002u);
  EXPECT_EQ(u.extended_communities[0], 0x0002fde900000007ull);
  EXPECT_EQ(u.large_communities[0].local1, 1u);
  EXPECT_TRUE(u.present.contains(AttrType::kLargeCommunities));
  EXPECT_TRUE(u.discarded.empty());
  EXPECT_FALSE(u.mp_reach);
  EXPECT_FALSE(u.end_of_rib());
  EXPECT_TRUE(u.has_announcements());
}

TEST(UpdateDecode, MpReachIpv6WithLinkLocalAndMpUnreach) {
  const ByteVec reach = hex(
      "80 0e 2a 00 02 01 20 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
      " fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 20 20 01 0d b8");
  const ByteVec unreach = hex("80 0f 0a 00 02 01 30 20 01 0d b8 00 09");
  const ByteVec body = update_body({}, concat({reach, unreach, hex("40 01 01 00 40 02 00")}), {});
  const DecodedUpdate u = decode_update(body, DecodeContext{});
  EXPECT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
  ASSERT_TRUE(u.mp_reach);
  EXPECT_EQ(u.mp_reach->family, kIpv6Unicast);
  EXPECT_EQ(u.mp_reach->next_hop, ip("2001:db8::1"));
  EXPECT_EQ(u.mp_reach->link_local, ip("fe80::1"));
  EXPECT_EQ(render(u.mp_reach->nlri), std::vector<std::string>{"2001:db8::/32"});
  ASSERT_TRUE(u.mp_unreach);
  EXPECT_EQ(render(u.mp_unreach->withdrawn), std::vector<std::string>{"2001:db8:9::/48"});
}

TEST(UpdateDecode, Ipv4OverMpReachWithIpv6NextHop) {
  // RFC 8950: IPv4 unicast NLRI with an IPv6 next hop, once negotiated.
  const ByteVec reach = hex("80 0e 19 00 01 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 18 0a 00 00");
  const ByteVec u_body = update_body({}, concat({reach, hex("40 01 01 00 40 02 00")}), {});
  DecodeContext ctx;
  ctx.extended_next_hop_ipv4 = true;
  const DecodedUpdate u = decode_update(u_body, ctx);
  ASSERT_TRUE(u.mp_reach);
  EXPECT_EQ(u.mp_reach->family, kIpv4Unicast);
  EXPECT_EQ(u.mp_reach->next_hop, ip("2001:db8::1"));
  EXPECT_EQ(render(u.mp_reach->nlri), std::vector<std::string>{"10.0.0.0/24"});
}

TEST(UpdateDecode, AddPathIdsInEveryPrefixField) {
  DecodeContext ctx;
  ctx.add_path_ipv4 = true;
  ctx.add_path_ipv6 = true;
  const ByteVec reach = hex(
      "80 0e 1e 00 02 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00 07 20 20 01 0d b8");
  const ByteVec body = update_body(hex("00 00 00 03 18 0a 09 09"),
                                   concat({reach, hex("40 01 01 00 40 02 00 40 03 04 c0 00 02 01")}),
                                   hex("00 00 00 05 18 0a 00 00"));
  const DecodedUpdate u = decode_update(body, ctx);
  EXPECT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
  EXPECT_EQ(render(u.withdrawn), std::vector<std::string>{"10.9.9.0/24#3"});
  EXPECT_EQ(render(u.nlri), std::vector<std::string>{"10.0.0.0/24#5"});
  EXPECT_EQ(render(u.mp_reach->nlri), std::vector<std::string>{"2001:db8::/32#7"});
}

TEST(UpdateDecode, MrtAbbreviatedMpReachCarriesOnlyTheNextHop) {
  DecodeContext ctx;
  ctx.mrt_abbreviated_mp_reach = true;
  ctx.mrt_family = kIpv6Unicast;
  const ByteVec attrs = hex("40 01 01 00 40 02 00 | 80 0e 11 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01");
  const ByteVec u_body = update_body({}, attrs, {});
  const DecodedUpdate u = decode_update(u_body, ctx);
  EXPECT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
  ASSERT_TRUE(u.mp_reach);
  EXPECT_EQ(u.mp_reach->family, kIpv6Unicast);
  EXPECT_EQ(u.mp_reach->next_hop, ip("2001:db8::1"));
  EXPECT_TRUE(u.mp_reach->nlri.empty());

  // A full RFC 4760 value (first octet 0, the AFI's high byte) is still read as such.
  const ByteVec full = hex("40 01 01 00 40 02 00 | 80 0e 1a 00 02 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 20 20 01 0d b8");
  const ByteVec f_body = update_body({}, full, {});
  const DecodedUpdate f = decode_update(f_body, ctx);
  ASSERT_TRUE(f.mp_reach);
  EXPECT_EQ(render(f.mp_reach->nlri), std::vector<std::string>{"2001:db8::/32"});
}

TEST(UpdateDecode, EndOfRibOnlyForTheExactMarkers) {
  const ByteVec v4 = hex("00 00 00 00");
  const ByteVec v6 = update_body({}, hex("80 0f 03 00 02 01"), {});
  const ByteVec v6_with_origin = update_body({}, hex("80 0f 03 00 02 01 40 01 01 00"), {});
  const ByteVec withdrawal = update_body(hex("08 0a"), {}, {});
  EXPECT_EQ(decode_update(v4, {}).end_of_rib(), kIpv4Unicast);
  EXPECT_EQ(decode_update(v6, {}).end_of_rib(), kIpv6Unicast);
  EXPECT_FALSE(decode_update(v6_with_origin, {}).end_of_rib());
  EXPECT_FALSE(decode_update(withdrawal, {}).end_of_rib());
}

TEST(UpdateDecode, UnknownOptionalTransitiveAttributesAreKeptRaw) {
  const ByteVec attrs = hex("40 01 01 00 40 02 00 | c0 63 02 ab cd | 80 64 01 00 | c0 63 01 ff");
  const ByteVec body = update_body({}, attrs, {});
  const DecodedUpdate u = decode_update(body, {});
  std::vector<std::string> kept;
  for (const RawAttribute& a : u.attributes()) {
    if (DecodedUpdate::is_unknown_transitive(a)) kept.push_back(to_hex(a.whole));
  }
  // Both copies of type 99 are in the raw walk; UpdateAttributes::from keeps the first (RFC 7606 §3 (g)).
  EXPECT_EQ(kept, (std::vector<std::string>{"c0 63 02 ab cd", "c0 63 01 ff"}));
  const auto owned = UpdateAttributes::from(u);
  ASSERT_EQ(owned.unknown.size(), 1u);
  EXPECT_EQ(owned.unknown[0].type, 99);
  EXPECT_EQ(owned.unknown[0].value.size(), 2u);
}

TEST(UpdateDecode, As4AggregatorReplacesAsTransOnTwoOctetSession) {
  DecodeContext ctx;
  ctx.four_octet_as = false;
  const ByteVec attrs = hex(
      "40 01 01 00 | 40 02 04 02 01 5b a0 | c0 07 06 5b a0 c0 00 02 09 | c0 11 06 02 01 fa 56 ea 00 |"
      " c0 12 08 fa 56 ea 00 c0 00 02 09");
  const ByteVec u_body = update_body({}, attrs, {});
  const DecodedUpdate u = decode_update(u_body, ctx);
  EXPECT_EQ(u.aggregator, (Aggregator{4200000000u, ip("192.0.2.9")}));
  EXPECT_EQ(render_path(u.as_path()), "4200000000");
}

TEST(UpdateDecode, RealAggregatorAsnMakesAs4AttributesIgnored) {
  // RFC 6793 §4.2.3: AGGREGATOR without AS_TRANS means the AS4 attributes are stale.
  DecodeContext ctx;
  ctx.four_octet_as = false;
  const ByteVec attrs = hex(
      "40 01 01 00 | 40 02 04 02 01 5b a0 | c0 07 06 fd e9 c0 00 02 09 | c0 11 06 02 01 fa 56 ea 00 |"
      " c0 12 08 fa 56 ea 00 c0 00 02 09");
  const ByteVec u_body = update_body({}, attrs, {});
  const DecodedUpdate u = decode_update(u_body, ctx);
  EXPECT_EQ(u.aggregator, (Aggregator{65001, ip("192.0.2.9")}));
  EXPECT_EQ(render_path(u.as_path()), "23456");
  EXPECT_TRUE(u.discarded.contains(AttrType::kAs4Path));
}

TEST(UpdateDecode, As4PathBetweenFourOctetSpeakersIsIgnored) {
  const ByteVec attrs = hex("40 01 01 00 | 40 02 06 02 01 00 00 fd e9 | c0 11 06 02 01 fa 56 ea 00");
  const ByteVec u_body = update_body({}, attrs, {});
  const DecodedUpdate u = decode_update(u_body, DecodeContext{});
  EXPECT_EQ(u.action, ErrorAction::kNone);
  EXPECT_EQ(render_path(u.as_path()), "65001");
  EXPECT_TRUE(u.discarded.contains(AttrType::kAs4Path));
}

// Independent cross-check with bgpdump: for every announcement in the RIS
// dumps, prefix | AS path (AS4-merged) | origin | next hop must match the
// expected bgpdump -m lines, as multisets.
std::vector<std::string> expected_lines(const std::string& name) {
  const auto raw = testing::read_gz(std::string(BGPD_TEST_DATA "/mrt/expect/") + name + ".bgp.gz");
  std::vector<std::string> out;
  std::istringstream in(std::string(reinterpret_cast<const char*>(raw.data()), raw.size()));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::string cell;
    std::istringstream ls(line);
    while (std::getline(ls, cell, '|')) f.push_back(cell);
    if (f.size() < 9 || f[0] != "BGP4MP" || f[2] != "A") continue;
    out.push_back(f[5] + "|" + f[6] + "|" + f[7] + "|" + f[8]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> decoded_lines(const std::string& name) {
  const auto file = testing::read_gz(std::string(BGPD_TEST_DATA "/mrt/") + name);
  std::vector<testing::UpdateSample> samples;
  std::size_t bytes = 0;
  testing::collect_updates(file, samples, bytes);
  std::vector<std::string> out;
  static const char* kOrigins[] = {"IGP", "EGP", "INCOMPLETE"};
  for (const auto& s : samples) {
    const DecodedUpdate u = decode_update(s.body, s.ctx);
    const std::string path = render_path(u.as_path());
    const std::string origin = u.origin ? kOrigins[static_cast<int>(*u.origin)] : "";
    auto add = [&](const NlriRange& r, const std::string& nh) {
      for (const auto& e : r) out.push_back(e.prefix.to_string() + "|" + path + "|" + origin + "|" + nh);
    };
    add(u.nlri, u.next_hop ? u.next_hop->to_string() : "");
    if (u.mp_reach) add(u.mp_reach->nlri, u.mp_reach->next_hop.to_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class BgpdumpAgreement : public ::testing::TestWithParam<std::string> {};

TEST_P(BgpdumpAgreement, AnnouncementsMatchPrefixPathOriginNextHop) {
  const auto want = expected_lines(GetParam());
  const auto got = decoded_lines(GetParam());
  ASSERT_GT(want.size(), 100u);
  std::vector<std::string> missing, extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  EXPECT_TRUE(missing.empty()) << missing.size() << " missing, first: " << missing.front();
  EXPECT_TRUE(extra.empty()) << extra.size() << " extra, first: " << extra.front();
  for (std::size_t i = 0; i < std::min<std::size_t>(5, missing.size()); ++i) std::printf("missing %s\n", missing[i].c_str());
  for (std::size_t i = 0; i < std::min<std::size_t>(5, extra.size()); ++i) std::printf("extra %s\n", extra[i].c_str());
}

INSTANTIATE_TEST_SUITE_P(RisDumps, BgpdumpAgreement,
                         ::testing::Values("updates.20020722.2238.gz", "updates.20070211.0141.gz",
                                           "updates.20160811.1600.gz"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string n = param_info.param.substr(8, 13);
                           std::replace(n.begin(), n.end(), '.', '_');
                           return n;
                         });

}  // namespace
}  // namespace bgp

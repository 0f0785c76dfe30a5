// One behaviour of the bgpdump -m line format per test, on hand-built records.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "libbgp/mrt/bgpdump.hpp"
#include "tests/mrt/mrt_fixtures.hpp"

namespace bgp::mrt {
namespace {

using test::Builder;
using test::concat;
using test::record;

struct Printed {
  int status = 0;
  std::string out;
  std::string err;
};

Printed print(const std::vector<std::byte>& input) {
  std::ostringstream out;
  std::ostringstream err;
  Printed p;
  p.status = print_bgpdump(Bytes(input), out, err);
  p.out = out.str();
  p.err = err.str();
  return p;
}

void v6(Builder& b, std::uint16_t first, std::uint16_t last) {
  b.u16(first);
  for (int i = 0; i < 6; ++i) b.u16(0);
  b.u16(last);
}

// BGP4MP message body around an UPDATE; subtype decides AS size.
std::vector<std::byte> message(std::uint16_t subtype, bool ipv6_peering, const std::vector<std::byte>& update) {
  const bool as4 = subtype == 4 || subtype == 5 || subtype == 7 || subtype == 9 || subtype == 11;
  Builder b;
  if (as4) {
    b.u32(65001).u32(65000);
  } else {
    b.u16(65001).u16(65000);
  }
  b.u16(0).u16(ipv6_peering ? 2 : 1);
  if (ipv6_peering) {
    v6(b, 0x2001, 1);
    v6(b, 0x2001, 2);
  } else {
    b.raw({10, 0, 0, 1, 10, 0, 0, 2});
  }
  for (int i = 0; i < 16; ++i) b.u8(0xff);
  b.u16(static_cast<std::uint32_t>(19 + update.size())).u8(2).bytes(update);
  return record(100, 16, subtype, b.get());
}

std::vector<std::byte> update(const std::vector<std::byte>& withdrawn, const std::vector<std::byte>& attrs,
                              const std::vector<std::byte>& nlri) {
  Builder b;
  b.u16(static_cast<std::uint32_t>(withdrawn.size())).bytes(withdrawn);
  b.u16(static_cast<std::uint32_t>(attrs.size())).bytes(attrs).bytes(nlri);
  return b.get();
}

std::vector<std::byte> bytes(std::initializer_list<std::uint8_t> l) {
  Builder b;
  b.raw(l);
  return b.get();
}

TEST(BgpdumpLines, TwoOctetAsPathIsMergedWithAs4Path) {
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0});
  attrs.raw({0x40, 2, 8, 2, 3}).u16(65001).u16(23456).u16(23456);  // AS_PATH 65001 AS_TRANS AS_TRANS
  attrs.raw({0x40, 3, 4, 10, 0, 0, 1});
  attrs.raw({0xc0, 17, 10, 2, 2}).u32(4200000001u).u32(4200000002u);  // AS4_PATH
  const auto p = print(message(1, false, update({}, attrs.get(), bytes({16, 172, 16}))));
  EXPECT_EQ(p.out, "BGP4MP|100|A|10.0.0.1|65001|172.16.0.0/16|65001 4200000001 4200000002|IGP|10.0.0.1|0|0||NAG||\n")
      << p.err;
}

TEST(BgpdumpLines, MissingAttributesPrintBgpdumpDefaults) {
  // Only an AS_PATH: no ORIGIN (INCOMPLETE), no NEXT_HOP (255.255.255.255),
  // LOCAL_PREF and MED 0, no communities, NAG, no aggregator.
  Builder attrs;
  attrs.raw({0x40, 2, 4, 2, 1}).u16(65001);
  const auto p = print(message(1, false, update({}, attrs.get(), bytes({8, 10}))));
  EXPECT_EQ(p.out, "BGP4MP|100|A|10.0.0.1|65001|10.0.0.0/8|65001|INCOMPLETE|255.255.255.255|0|0||NAG||\n");
}

TEST(BgpdumpLines, Ipv6AnnouncementAndWithdrawalUseMpAttributesAndIpv6Peer) {
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0});
  attrs.raw({0x40, 2, 6, 2, 1}).u32(65001);
  attrs.raw({0x40, 5, 4}).u32(200);  // LOCAL_PREF
  Builder reach;
  reach.u16(2).u8(1).u8(16);
  v6(reach, 0x2001, 0xabcd);
  reach.u8(0).raw({32, 0x20, 0x01, 0x0d, 0xb8});
  attrs.raw({0x80, 14, static_cast<std::uint8_t>(reach.size())}).bytes(reach.get());
  Builder unreach;
  unreach.u16(2).u8(1).raw({48, 0x20, 0x01, 0x0d, 0xb8, 0, 9});
  attrs.raw({0x80, 15, static_cast<std::uint8_t>(unreach.size())}).bytes(unreach.get());
  const auto p = print(message(4, true, update({}, attrs.get(), {})));
  EXPECT_EQ(p.out,
            "BGP4MP|100|W|2001::1|65001|2001:db8:9::/48\n"
            "BGP4MP|100|A|2001::1|65001|2001:db8::/32|65001|IGP|2001::abcd|200|0||NAG||\n")
      << p.err;
}

TEST(BgpdumpLines, Ipv6SingleZeroGroupIsShortenedLikeBgpdumpNotLikeRfc5952) {
  // bgpdump shortens the longest zero run to "::" even when it is one group;
  // inet_ntop (RFC 5952 §4.2.2) would print 2001:db8:0:1:1:1:1:1.
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0});
  attrs.raw({0x40, 2, 6, 2, 1}).u32(65001);
  Builder reach;
  reach.u16(2).u8(1).u8(16).u16(0x2001).u16(0xdb8).u16(0).u16(1).u16(1).u16(1).u16(1).u16(1);
  reach.u8(0).u8(127).u16(0x2001).u16(0xdb8).u16(0).u16(1).u16(1).u16(1).u16(1).u16(0);
  attrs.raw({0x80, 14, static_cast<std::uint8_t>(reach.size())}).bytes(reach.get());
  Builder unreach;
  unreach.u16(2).u8(1).u8(64).u16(0x2001).u16(0xdb8).u16(0).u16(1);
  attrs.raw({0x80, 15, static_cast<std::uint8_t>(unreach.size())}).bytes(unreach.get());
  const auto p = print(message(4, true, update({}, attrs.get(), {})));
  EXPECT_EQ(p.out,
            "BGP4MP|100|W|2001::1|65001|2001:db8:0:1::/64\n"
            "BGP4MP|100|A|2001::1|65001|2001:db8::1:1:1:1:0/127|65001|IGP|2001:db8::1:1:1:1:1|0|0||NAG||\n")
      << p.err;
}

TEST(BgpdumpLines, AddPathSubtypePrintsPathIdentifiersAndApName) {
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0}).raw({0x40, 2, 0}).raw({0x40, 3, 4, 10, 0, 0, 1});
  Builder withdrawn;
  withdrawn.u32(7).raw({24, 10, 1, 2});
  Builder nlri;
  nlri.u32(9).raw({24, 10, 3, 4});
  const auto p = print(message(9, false, update(withdrawn.get(), attrs.get(), nlri.get())));
  EXPECT_EQ(p.out,
            "BGP4MP_AP|100|W|10.0.0.1|65001|10.1.2.0/24|7\n"
            "BGP4MP_AP|100|A|10.0.0.1|65001|10.3.4.0/24|9||IGP|10.0.0.1|0|0||NAG||\n")
      << p.err;
}

TEST(BgpdumpLines, LocalSubtypeIsNamedLocalAndPrintsThePeerFields) {
  Builder attrs;
  attrs.raw({0x40, 1, 1, 2}).raw({0x40, 2, 0}).raw({0x40, 3, 4, 10, 0, 0, 2});
  const auto p = print(message(7, false, update({}, attrs.get(), bytes({32, 192, 0, 2, 9}))));
  EXPECT_EQ(p.out, "BGP4MP_LOCAL|100|A|10.0.0.1|65001|192.0.2.9/32||INCOMPLETE|10.0.0.2|0|0||NAG||\n") << p.err;
}

TEST(BgpdumpLines, MpIpv4MedAboveTwoToThe31PrintsNegativeLikeBgpdump) {
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0}).raw({0x40, 2, 0}).raw({0x80, 4, 4}).u32(0xffffffffu);
  attrs.raw({0x80, 14, 12}).u16(1).u8(1).u8(4).raw({10, 9, 9, 9}).u8(0).raw({16, 10, 7});
  const auto p = print(message(4, false, update({}, attrs.get(), {})));
  EXPECT_EQ(p.out, "BGP4MP|100|A|10.0.0.1|65001|10.7.0.0/16||IGP|10.9.9.9|0|-1||NAG||\n") << p.err;
}

TEST(BgpdumpLines, Ipv4MulticastMpReachIsPrintedLikeUnicast) {
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0}).raw({0x40, 2, 0});
  attrs.raw({0x80, 14, 12}).u16(1).u8(2).u8(4).raw({10, 9, 9, 9}).u8(0).raw({16, 10, 7});
  attrs.raw({0x80, 15, 6}).u16(1).u8(2).raw({16, 10, 8});
  const auto p = print(message(4, false, update({}, attrs.get(), {})));
  EXPECT_EQ(p.out,
            "BGP4MP|100|W|10.0.0.1|65001|10.8.0.0/16\n"
            "BGP4MP|100|A|10.0.0.1|65001|10.7.0.0/16||IGP|10.9.9.9|0|0||NAG||\n")
      << p.err;
}

TEST(BgpdumpLines, ObsoleteUnicastAndMulticastSafi3IsPrintedToo) {
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0}).raw({0x40, 2, 0});
  attrs.raw({0x80, 14, 12}).u16(1).u8(3).u8(4).raw({10, 9, 9, 9}).u8(0).raw({16, 10, 7});
  const auto p = print(message(4, false, update({}, attrs.get(), {})));
  EXPECT_EQ(p.out, "BGP4MP|100|A|10.0.0.1|65001|10.7.0.0/16||IGP|10.9.9.9|0|0||NAG||\n") << p.err;
}

TEST(BgpdumpLines, NonUpdateMessagesPrintNothing) {
  Builder b;
  b.u16(65001).u16(65000).u16(0).u16(1).raw({10, 0, 0, 1, 10, 0, 0, 2});
  for (int i = 0; i < 16; ++i) b.u8(0xff);
  b.u16(19).u8(4);  // KEEPALIVE
  const auto p = print(record(1, 16, 1, b.get()));
  EXPECT_EQ(p.status, 0);
  EXPECT_EQ(p.out, "");
  EXPECT_EQ(p.err, "");
}

TEST(BgpdumpLines, BadMarkerSkipsTheMessageWithAWarning) {
  Builder b;
  b.u16(65001).u16(65000).u16(0).u16(1).raw({10, 0, 0, 1, 10, 0, 0, 2});
  for (int i = 0; i < 16; ++i) b.u8(i == 3 ? 0 : 0xff);
  b.u16(23).u8(2).u16(0).u16(0);
  const auto p = print(record(1, 16, 1, b.get()));
  EXPECT_EQ(p.status, 0);
  EXPECT_EQ(p.out, "");
  EXPECT_NE(p.err.find("marker"), std::string::npos);
}

TEST(BgpdumpLines, AddPathNlriUnderPlainSubtypeIsDetectedWithANote) {
  // BIRD before RFC 8050: path identifiers in a BGP4MP_MESSAGE_AS4 record.
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0}).raw({0x40, 2, 0}).raw({0x40, 3, 4, 10, 0, 0, 1});
  Builder nlri;
  nlri.u32(2).raw({24, 172, 17, 0}).u32(2).raw({24, 172, 17, 1});
  const auto p = print(message(4, false, update({}, attrs.get(), nlri.get())));
  EXPECT_EQ(p.status, 0);
  EXPECT_EQ(p.out,
            "BGP4MP|100|A|10.0.0.1|65001|172.17.0.0/24||IGP|10.0.0.1|0|0||NAG||\n"
            "BGP4MP|100|A|10.0.0.1|65001|172.17.1.0/24||IGP|10.0.0.1|0|0||NAG||\n");
  EXPECT_NE(p.err.find("note:"), std::string::npos) << p.err;
}

// TABLE_DUMP_V2: peer index table then an IPv6 RIB whose entry has an
// abbreviated MP_REACH_NLRI (RFC 6396 §4.3.4) with an IPv4-mapped next hop.
TEST(BgpdumpLines, TableDumpV2UsesAbbreviatedMpReachNextHop) {
  Builder peers;
  peers.raw({1, 1, 1, 1}).u16(0).u16(1).u8(2).raw({9, 9, 9, 9}).raw({193, 0, 0, 56}).u32(3333);
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0}).raw({0x40, 2, 6, 2, 1}).u32(3333);
  attrs.raw({0x80, 14, 17, 16});
  v6(attrs, 0, 0);
  Builder patched;  // ::ffff:193.0.0.56
  const auto& raw = attrs.get();
  for (std::size_t i = 0; i + 6 < raw.size(); ++i) patched.u8(std::to_integer<std::uint8_t>(raw[i]));
  patched.raw({0xff, 0xff, 193, 0, 0, 56});
  Builder rib;
  rib.u32(0).raw({46, 0x20, 0x01, 0x05, 0x79, 0x10, 0x40}).u16(1);
  rib.u16(0).u32(5).u16(static_cast<std::uint32_t>(patched.size())).bytes(patched.get());
  const auto p = print(concat({record(1537344000, 13, 1, peers.get()), record(1537344000, 13, 4, rib.get())}));
  EXPECT_EQ(p.out, "TABLE_DUMP2|1537344000|B|193.0.0.56|3333|2001:579:1040::/46|3333|IGP|::ffff:193.0.0.56|0|0||NAG||\n")
      << p.err;
}

TEST(BgpdumpLines, TableDumpV2PrintsTheStoredPrefixBitsUnmasked) {
  Builder peers;
  peers.raw({1, 1, 1, 1}).u16(0).u16(1).u8(0).raw({9, 9, 9, 9}).raw({192, 0, 2, 1}).u16(65010);
  Builder rib;
  rib.u32(0).raw({13, 11, 13}).u16(1).u16(0).u32(5).u16(4).raw({0x40, 1, 1, 0});
  const auto p = print(concat({record(9, 13, 1, peers.get()), record(9, 13, 2, rib.get())}));
  EXPECT_EQ(p.out, "TABLE_DUMP2|9|B|192.0.2.1|65010|11.13.0.0/13||IGP|255.255.255.255|0|0||NAG||\n") << p.err;
}

TEST(BgpdumpLines, Bgp4mpNlriTrailingBitsAreMasked) {
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0}).raw({0x40, 2, 0}).raw({0x40, 3, 4, 10, 0, 0, 1});
  const auto p = print(message(1, false, update({}, attrs.get(), bytes({13, 11, 13}))));
  EXPECT_EQ(p.out, "BGP4MP|100|A|10.0.0.1|65001|11.8.0.0/13||IGP|10.0.0.1|0|0||NAG||\n") << p.err;
}

TEST(BgpdumpLines, OverlongAggregatorIsReadLikeBgpdumpFromItsFirstOctets) {
  // OpenBGPD writes a 4-octet-AS AGGREGATOR (65000, 192.168.0.15) into a
  // 2-octet TABLE_DUMP entry. RFC 7606 discards it; bgpdump reads a 2-octet
  // AS (0) and the next four octets as the address.
  Builder b;
  b.u16(0).u16(1).raw({192, 168, 0, 0}).u8(16).u8(1).u32(5).raw({192, 168, 1, 10}).u16(65000);
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0}).raw({0x40, 2, 4, 2, 1}).u16(65015).raw({0x40, 3, 4, 192, 168, 0, 15});
  attrs.raw({0xc0, 7, 8}).u32(65000).raw({192, 168, 0, 15});
  b.u16(static_cast<std::uint32_t>(attrs.size())).bytes(attrs.get());
  const auto p = print(record(9, 12, 1, b.get()));
  EXPECT_EQ(p.out, "TABLE_DUMP|9|B|192.168.1.10|65000|192.168.0.0/16|65015|IGP|192.168.0.15|0|0||NAG|0 253.232.192.168|\n")
      << p.err;
}

TEST(BgpdumpLines, TableDumpV1PrintsTheStoredPrefixAddressUnmasked) {
  Builder b;
  b.u16(0).u16(1).raw({10, 1, 2, 3}).u8(16).u8(1).u32(5).raw({192, 0, 2, 1}).u16(65010);
  Builder attrs;
  attrs.raw({0x40, 1, 1, 0}).raw({0x40, 2, 4, 2, 1}).u16(65010).raw({0x40, 3, 4, 192, 0, 2, 1});
  b.u16(static_cast<std::uint32_t>(attrs.size())).bytes(attrs.get());
  const auto p = print(record(9, 12, 1, b.get()));
  EXPECT_EQ(p.out, "TABLE_DUMP|9|B|192.0.2.1|65010|10.1.2.3/16|65010|IGP|192.0.2.1|0|0||NAG||\n") << p.err;
}

}  // namespace
}  // namespace bgp::mrt

// Golden bytes both ways for every path attribute: the encoder writes the
// fixture, the decoder reads the fixture back into the same values, and the
// decoded attributes re-encode to the same bytes.
#include <gtest/gtest.h>

#include <array>
#include <functional>
#include <string>

#include "libbgp/wire/update.hpp"
#include "libbgp/wire/update_encoder.hpp"
#include "tests/wire/update_test_util.hpp"

namespace bgp {
namespace {

using testing::ByteVec;
using testing::hex;
using testing::to_hex;
using testing::update_body;

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

struct Case {
  std::string name;
  std::function<void(UpdateAttributes&)> set;
  std::string golden;  // the whole attribute block, ORIGIN and AS_PATH included
  std::function<void(const DecodedUpdate&)> check;
  bool four_octet_as = true;
  bool with_next_hop = false;
  bool ibgp = false;
};

std::vector<Case> cases() {
  return {
      {"OriginEgp", [](UpdateAttributes& a) { a.origin = Origin::kEgp; }, "40 01 01 01 | 40 02 00",
       [](const DecodedUpdate& u) { EXPECT_EQ(u.origin, Origin::kEgp); }},
      {"AsPathFourOctetSequenceAndSet",
       [](UpdateAttributes& a) {
         a.as_path = {{AsSegmentType::kSequence, {65001, 4200000000u}}, {AsSegmentType::kSet, {1, 2}}};
       },
       "40 01 01 00 | 40 02 14 02 02 00 00 fd e9 fa 56 ea 00 01 02 00 00 00 01 00 00 00 02",
       [](const DecodedUpdate& u) {
         std::vector<std::uint32_t> asns;
         for (const auto& s : u.as_path()) asns.insert(asns.end(), s.begin(), s.end());
         EXPECT_EQ(asns, (std::vector<std::uint32_t>{65001, 4200000000u, 1, 2}));
         EXPECT_EQ(u.as_path().path_length(), 3u);
       }},
      {"AsPathConfederationSegments",
       [](UpdateAttributes& a) {
         a.as_path = {{AsSegmentType::kConfedSequence, {64512}}, {AsSegmentType::kConfedSet, {64513}},
                      {AsSegmentType::kSequence, {65001}}};
       },
       "40 01 01 00 | 40 02 12 03 01 00 00 fc 00 04 01 00 00 fc 01 02 01 00 00 fd e9",
       [](const DecodedUpdate& u) {
         EXPECT_EQ(u.as_path().path_length(), 1u);  // RFC 5065 §5.3: confederation segments count 0
         EXPECT_EQ(u.as_path().neighbor_as(), 65001u);
       },
       true, false, true},
      {"NextHop", [](UpdateAttributes& a) { a.next_hop = ip("192.0.2.1"); },
       "40 01 01 00 | 40 02 00 | 40 03 04 c0 00 02 01",
       [](const DecodedUpdate& u) { EXPECT_EQ(u.next_hop, ip("192.0.2.1")); }, true, true},
      {"MultiExitDisc", [](UpdateAttributes& a) { a.med = 100; }, "40 01 01 00 | 40 02 00 | 80 04 04 00 00 00 64",
       [](const DecodedUpdate& u) { EXPECT_EQ(u.med, 100u); }},
      {"LocalPref", [](UpdateAttributes& a) { a.local_pref = 200; }, "40 01 01 00 | 40 02 00 | 40 05 04 00 00 00 c8",
       [](const DecodedUpdate& u) { EXPECT_EQ(u.local_pref, 200u); }, true, false, true},
      {"AtomicAggregate", [](UpdateAttributes& a) { a.atomic_aggregate = true; }, "40 01 01 00 | 40 02 00 | 40 06 00",
       [](const DecodedUpdate& u) { EXPECT_TRUE(u.atomic_aggregate); }},
      {"AggregatorFourOctet", [](UpdateAttributes& a) { a.aggregator = Aggregator{65001, ip("192.0.2.9")}; },
       "40 01 01 00 | 40 02 00 | c0 07 08 00 00 fd e9 c0 00 02 09",
       [](const DecodedUpdate& u) { EXPECT_EQ(u.aggregator, (Aggregator{65001, ip("192.0.2.9")})); }},
      {"AggregatorTwoOctet", [](UpdateAttributes& a) { a.aggregator = Aggregator{65001, ip("192.0.2.9")}; },
       "40 01 01 00 | 40 02 00 | c0 07 06 fd e9 c0 00 02 09",
       [](const DecodedUpdate& u) { EXPECT_EQ(u.aggregator, (Aggregator{65001, ip("192.0.2.9")})); }, false},
      {"Communities", [](UpdateAttributes& a) { a.communities = {0xfde90064, kNoExport}; },
       "40 01 01 00 | 40 02 00 | c0 08 08 fd e9 00 64 ff ff ff 01",
       [](const DecodedUpdate& u) {
         ASSERT_EQ(u.communities.size(), 2u);
         EXPECT_EQ(u.communities[0], 0xfde90064u);
         EXPECT_EQ(u.communities[1], kNoExport);
       }},
      {"OriginatorId", [](UpdateAttributes& a) { a.originator_id = ip("192.0.2.7"); },
       "40 01 01 00 | 40 02 00 | 80 09 04 c0 00 02 07",
       [](const DecodedUpdate& u) { EXPECT_EQ(u.originator_id, ip("192.0.2.7")); }},
      {"ClusterList", [](UpdateAttributes& a) { a.cluster_list = {0x01020304, 0x0a000001}; },
       "40 01 01 00 | 40 02 00 | 80 0a 08 01 02 03 04 0a 00 00 01",
       [](const DecodedUpdate& u) {
         ASSERT_EQ(u.cluster_list.size(), 2u);
         EXPECT_EQ(u.cluster_list[1], 0x0a000001u);
       }},
      {"ExtendedCommunities", [](UpdateAttributes& a) { a.extended_communities = {0x0002fde900000064ull}; },
       "40 01 01 00 | 40 02 00 | c0 10 08 00 02 fd e9 00 00 00 64",
       [](const DecodedUpdate& u) {
         ASSERT_EQ(u.extended_communities.size(), 1u);
         EXPECT_EQ(u.extended_communities[0], 0x0002fde900000064ull);
       }},
      {"LargeCommunities", [](UpdateAttributes& a) { a.large_communities = {{65001, 1, 2}}; },
       "40 01 01 00 | 40 02 00 | c0 20 0c 00 00 fd e9 00 00 00 01 00 00 00 02",
       [](const DecodedUpdate& u) {
         ASSERT_EQ(u.large_communities.size(), 1u);
         EXPECT_EQ(u.large_communities[0], (LargeCommunity{65001, 1, 2}));
       }},
      {"UnknownOptionalTransitiveGetsPartialBit",
       [](UpdateAttributes& a) { a.unknown = {{0xc0, 99, {std::byte{1}, std::byte{2}}}}; },
       "40 01 01 00 | 40 02 00 | e0 63 02 01 02",
       [](const DecodedUpdate& u) {
         EXPECT_EQ(u.action, ErrorAction::kNone);
         EXPECT_TRUE(u.has_unknown_transitive());
       }},
      // RFC 6793 §4.2.2: a 2-octet session gets AS_TRANS plus AS4_PATH / AS4_AGGREGATOR.
      {"FourOctetAsnsOnTwoOctetSession",
       [](UpdateAttributes& a) {
         a.as_path = {{AsSegmentType::kSequence, {65001, 4200000000u}}};
         a.aggregator = Aggregator{4200000000u, ip("192.0.2.9")};
       },
       "40 01 01 00 | 40 02 06 02 02 fd e9 5b a0 | c0 07 06 5b a0 c0 00 02 09 |"
       " c0 11 0a 02 02 00 00 fd e9 fa 56 ea 00 | c0 12 08 fa 56 ea 00 c0 00 02 09",
       [](const DecodedUpdate& u) {
         std::vector<std::uint32_t> asns;
         for (const auto& s : u.as_path()) asns.insert(asns.end(), s.begin(), s.end());
         EXPECT_EQ(asns, (std::vector<std::uint32_t>{65001, 4200000000u}));
         EXPECT_EQ(u.aggregator, (Aggregator{4200000000u, ip("192.0.2.9")}));
       },
       false},
  };
}

class AttributeGolden : public ::testing::TestWithParam<Case> {};

TEST_P(AttributeGolden, EncodesToFixtureDecodesBackAndReencodesIdentically) {
  const Case& c = GetParam();
  UpdateAttributes attrs;
  c.set(attrs);
  EncodeContext ectx;
  ectx.four_octet_as = c.four_octet_as;
  std::array<std::byte, 4096> buf{};
  const auto n = encode_attributes(buf, attrs, ectx, c.with_next_hop);
  ASSERT_TRUE(n);
  const Bytes encoded(buf.data(), *n);
  EXPECT_EQ(to_hex(encoded), to_hex(hex(c.golden)));

  DecodeContext dctx;
  dctx.four_octet_as = c.four_octet_as;
  dctx.ibgp = c.ibgp;
  const ByteVec body = update_body({}, hex(c.golden), {});
  const DecodedUpdate u = decode_update(body, dctx);
  EXPECT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
  c.check(u);

  const UpdateAttributes back = UpdateAttributes::from(u);
  std::array<std::byte, 4096> again{};
  const auto m = encode_attributes(again, back, ectx, c.with_next_hop);
  ASSERT_TRUE(m);
  EXPECT_EQ(to_hex(Bytes(again.data(), *m)), to_hex(hex(c.golden)));
}

INSTANTIATE_TEST_SUITE_P(EveryAttribute, AttributeGolden, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) { return param_info.param.name; });

TEST(AttributeEncoding, LongAttributeUsesExtendedLength) {
  UpdateAttributes attrs;
  attrs.communities.assign(70, 0xfde90001);  // 280 octets > 255
  std::array<std::byte, 4096> buf{};
  const auto n = encode_attributes(buf, attrs, EncodeContext{}, false);
  ASSERT_TRUE(n);
  // After ORIGIN (4) and the empty AS_PATH (3): flags with Extended Length, type 8, 2-octet length 0x0118.
  EXPECT_EQ(to_hex(Bytes(buf.data() + 7, 4)), "d0 08 01 18");
  const ByteVec body = update_body({}, ByteVec(buf.begin(), buf.begin() + *n), {});
  const DecodedUpdate u = decode_update(body, DecodeContext{});
  EXPECT_EQ(u.communities.size(), 70u);
}

TEST(AttributeEncoding, LongSequenceIsSplitIntoSegmentsOf255) {
  UpdateAttributes attrs;
  attrs.as_path = {{AsSegmentType::kSequence, std::vector<std::uint32_t>(300, 65001)}};
  std::array<std::byte, 4096> buf{};
  const auto n = encode_attributes(buf, attrs, EncodeContext{}, false);
  ASSERT_TRUE(n);
  const ByteVec body = update_body({}, ByteVec(buf.begin(), buf.begin() + *n), {});
  const DecodedUpdate u = decode_update(body, DecodeContext{});
  std::vector<std::size_t> sizes;
  for (const auto& s : u.as_path()) sizes.push_back(s.size());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{255, 45}));
  EXPECT_EQ(u.as_path().path_length(), 300u);
}

TEST(AttributeEncoding, BufferTooSmallFailsCleanly) {
  UpdateAttributes attrs;
  attrs.communities.assign(10, 1);
  std::array<std::byte, 16> buf{};
  EXPECT_FALSE(encode_attributes(buf, attrs, EncodeContext{}, false));
}

TEST(AttributeNames, KnownAndUnknownCodes) {
  EXPECT_EQ(attr_type_name(2), "AS_PATH");
  EXPECT_EQ(attr_type_name(32), "LARGE_COMMUNITY");
  EXPECT_EQ(attr_type_name(99), "UNKNOWN");
  EXPECT_TRUE(is_known_attr_type(14));
  EXPECT_FALSE(is_known_attr_type(99));
}

TEST(AttributeWalk, RangeYieldsEachAttributeWithHeader) {
  const ByteVec field = hex("40 01 01 00 | 50 02 00 04 02 01 fd e9");
  std::vector<std::string> seen;
  for (const RawAttribute& a : AttributeRange(field)) {
    seen.push_back(std::string(attr_type_name(a.type)) + ":" + std::to_string(a.value.size()) + ":" +
                   std::to_string(a.whole.size()));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"ORIGIN:1:4", "AS_PATH:4:8"}));
}

TEST(AttributeWalk, RangeStopsAtOverrun) {
  const ByteVec field = hex("40 01 01 00 | 40 02 09 02");
  std::size_t n = 0;
  for (const RawAttribute& a : AttributeRange(field)) {
    (void)a;
    ++n;
  }
  EXPECT_EQ(n, 1u);
}

}  // namespace
}  // namespace bgp

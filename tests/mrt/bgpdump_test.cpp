#include "libbgp/mrt/bgpdump.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "libbgp/mrt/bgpdump_attributes.hpp"
#include "tests/mrt/golden_support.hpp"
#include "tests/mrt/mrt_fixtures.hpp"

namespace bgp::mrt {
namespace {

using test::Builder;
using test::concat;
using test::record;
using test::state_change_body;

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

// A BGP4MP_MESSAGE_AS4 body (IPv4 peering 10.0.0.1 AS 65001) around an UPDATE.
std::vector<std::byte> as4_update(const std::vector<std::byte>& update_body) {
  Builder b;
  b.u32(65001).u32(65000).u16(0).u16(1).raw({10, 0, 0, 1}).raw({10, 0, 0, 2});
  for (int i = 0; i < 16; ++i) b.u8(0xff);
  b.u16(static_cast<std::uint32_t>(19 + update_body.size())).u8(2).bytes(update_body);
  return b.get();
}

// UPDATE body: no withdrawals, the given attributes, the given NLRI.
std::vector<std::byte> update_body(const std::vector<std::byte>& attrs, const std::vector<std::byte>& nlri) {
  Builder b;
  b.u16(0).u16(static_cast<std::uint32_t>(attrs.size())).bytes(attrs).bytes(nlri);
  return b.get();
}

TEST(Bgpdump, StateChangeLineHasOldAndNewStateNumbers) {
  const auto p = print(record(1470931201, 16, 0, state_change_body(6, 1)));
  EXPECT_EQ(p.status, 0);
  EXPECT_EQ(p.out, "BGP4MP|1470931201|STATE|10.0.0.1|65001|6|1\n");
}

TEST(Bgpdump, ExtendedTimestampRecordsPrintMicrosecondsAndEtName) {
  Builder body;
  body.u32(42).bytes(state_change_body(1, 2));
  const auto p = print(record(1000, 17, 0, body.get()));
  EXPECT_EQ(p.out, "BGP4MP_ET|1000.000042|STATE|10.0.0.1|65001|1|2\n");
}

TEST(Bgpdump, UnknownRecordTypeIsSkippedWithOneNoteAndSuccess) {
  const auto input = concat({record(1, 99, 7, {}), record(2, 99, 7, {}), record(3, 16, 0, state_change_body(1, 2))});
  const auto p = print(input);
  EXPECT_EQ(p.status, 0);
  EXPECT_EQ(p.out, "BGP4MP|3|STATE|10.0.0.1|65001|1|2\n");
  EXPECT_NE(p.err.find("note: offset 0: type 99/subtype 7 record"), std::string::npos) << p.err;
  EXPECT_EQ(p.err.find("offset 12"), std::string::npos) << "one note per kind: " << p.err;
}

TEST(Bgpdump, TruncatedFilePrintsCompleteRecordsThenFailsWithOffset) {
  const auto whole = concat({record(1, 16, 0, state_change_body(1, 2)), record(2, 16, 0, state_change_body(2, 3))});
  const std::vector<std::byte> input(whole.begin(), whole.end() - 1);
  const auto p = print(input);
  EXPECT_NE(p.status, 0);
  EXPECT_EQ(p.out, "BGP4MP|1|STATE|10.0.0.1|65001|1|2\n");
  EXPECT_NE(p.err.find("error: offset 32: BGP4MP/STATE_CHANGE record: truncated record"), std::string::npos) << p.err;
}

TEST(Bgpdump, MalformedRecordBodyIsAnErrorButLaterRecordsStillPrint) {
  Builder bad;
  bad.u16(1).u16(2);  // state change cut after the AS numbers
  const auto input = concat({record(1, 16, 0, bad.get()), record(2, 16, 0, state_change_body(2, 3))});
  const auto p = print(input);
  EXPECT_NE(p.status, 0);
  EXPECT_EQ(p.out, "BGP4MP|2|STATE|10.0.0.1|65001|2|3\n");
  EXPECT_NE(p.err.find("error: offset 0: BGP4MP/STATE_CHANGE record: interface index"), std::string::npos) << p.err;
}

TEST(Bgpdump, RibBeforePeerIndexTableIsAnError) {
  Builder rib;
  rib.u32(0).u8(8).raw({10}).u16(0);
  const auto p = print(record(5, 13, 2, rib.get()));
  EXPECT_NE(p.status, 0);
  EXPECT_NE(p.err.find("before any PEER_INDEX_TABLE"), std::string::npos) << p.err;
}

TEST(Bgpdump, MissingFileIsAnErrorNamingThePath) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_NE(print_bgpdump("/nonexistent/x.gz", out, err), 0);
  EXPECT_NE(err.str().find("/nonexistent/x.gz"), std::string::npos);
}

TEST(Bgpdump, AnnouncementWithSetsConfedsCommunitiesAndAggregator) {
  Builder attrs;
  attrs.raw({0x40, 1, 1, 1});  // ORIGIN EGP
  // AS_PATH: CONFED_SEQUENCE(65010 65011) SEQUENCE(1 2) SET(3 4), 4-octet
  attrs.raw({0x40, 2, 2 + 8 + 2 + 8 + 2 + 8});
  attrs.raw({3, 2}).u32(65010).u32(65011).raw({2, 2}).u32(1).u32(2).raw({1, 2}).u32(3).u32(4);
  attrs.raw({0x40, 3, 4, 192, 0, 2, 1});                          // NEXT_HOP
  attrs.raw({0x80, 4, 4}).u32(7);                                 // MED
  attrs.raw({0x40, 6, 0});                                        // ATOMIC_AGGREGATE
  attrs.raw({0xc0, 7, 8}).u32(4200000000u).raw({198, 51, 100, 7});  // AGGREGATOR
  attrs.raw({0xc0, 8, 8}).u32(0xffffff01u).u16(65000).u16(80);    // COMMUNITIES
  Builder nlri;
  nlri.raw({24, 203, 0, 113});
  const auto p = print(record(77, 16, 4, as4_update(update_body(attrs.get(), nlri.get()))));
  EXPECT_EQ(p.status, 0) << p.err;
  EXPECT_EQ(p.out,
            "BGP4MP|77|A|10.0.0.1|65001|203.0.113.0/24|(65010 65011) 1 2 {3,4}|EGP|192.0.2.1|0|7|"
            "no-export 65000:80|AG|4200000000 198.51.100.7|\n")
      << p.err;
}

TEST(Bgpdump, CommunitiesUseBgpdumpNamesForWellKnownValues) {
  Builder raw;
  raw.u32(0xffffff01u).u32(0xffffff02u).u32(0xffffff03u).u32(0x00010002u);
  EXPECT_EQ(format_communities(CommunityList(Bytes(raw.get()))), "no-export no-advertise local-AS 1:2");
}

TEST(Bgpdump, FirstDifferenceNamesLineAndBothSides) {
  EXPECT_EQ(test::first_difference("a\nb\n", "a\nb\n"), "");
  EXPECT_EQ(test::first_difference("a\nb\n", "a\nc\n"), "line 2 differs\n  expected: b\n  actual:   c");
  EXPECT_NE(test::first_difference("a\n", "a\nb\n"), "");
}

}  // namespace
}  // namespace bgp::mrt

// AS_PATH / AS4_PATH views and the RFC 6793 §4.2.3 merge.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "libbgp/wire/as_path.hpp"
#include "tests/wire/update_test_util.hpp"

namespace bgp {
namespace {

using testing::ByteVec;
using testing::hex;

// bgpdump's notation: sequences space-separated, {sets}, (confed sequences), [confed sets].
template <class Path>
std::string render(const Path& path) {
  std::string out;
  for (const AsSegment& s : path) {
    if (!out.empty()) out += ' ';
    const char* open = s.type() == AsSegmentType::kSet ? "{" : s.type() == AsSegmentType::kConfedSet ? "[" :
                       s.type() == AsSegmentType::kConfedSequence ? "(" : "";
    const char* close = s.type() == AsSegmentType::kSet ? "}" : s.type() == AsSegmentType::kConfedSet ? "]" :
                        s.type() == AsSegmentType::kConfedSequence ? ")" : "";
    out += open;
    bool first = true;
    for (std::uint32_t asn : s) {
      if (!first) out += s.is_set() ? "," : " ";
      out += std::to_string(asn);
      first = false;
    }
    out += close;
  }
  return out;
}

TEST(AsPathView, IteratesTwoOctetSegments) {
  const ByteVec v = hex("02 03 fd e9 0d 1c 00 01 | 01 02 00 0a 00 0b");
  ASSERT_EQ(check_as_path(v, 2), AsPathStatus::kOk);
  const AsPathView path(v, 2);
  EXPECT_EQ(render(path), "65001 3356 1 {10,11}");
  EXPECT_EQ(path.path_length(), 4u);
  EXPECT_EQ(path.neighbor_as(), 65001u);
  EXPECT_FALSE(path.origin_as());  // last segment is a set
}

TEST(AsPathView, IteratesFourOctetSegments) {
  const ByteVec v = hex("02 02 fa 56 ea 00 00 00 0d 1c");
  const AsPathView path(v, 4);
  EXPECT_EQ(render(path), "4200000000 3356");
  EXPECT_EQ(path.origin_as(), 3356u);
}

TEST(AsPathView, ConfederationSegmentsDoNotCountTowardsLength) {
  const ByteVec v = hex("03 02 00 00 fc 00 00 00 fc 01 | 04 01 00 00 fc 02 | 02 01 00 00 fd e9");
  bool confed = false;
  ASSERT_EQ(check_as_path(v, 4, &confed), AsPathStatus::kOk);
  EXPECT_TRUE(confed);
  const AsPathView path(v, 4);
  EXPECT_EQ(render(path), "(64512 64513) [64514] 65001");
  EXPECT_EQ(path.path_length(), 1u);  // RFC 5065 §5.3
  EXPECT_EQ(path.merge_count(), 4u);
  EXPECT_EQ(path.neighbor_as(), 65001u);
  EXPECT_TRUE(path.has_confed_segments());
}

TEST(AsPathView, EmptyPathIsValid) {
  EXPECT_EQ(check_as_path({}, 4), AsPathStatus::kOk);
  const AsPathView path({}, 4);
  EXPECT_TRUE(path.empty());
  EXPECT_EQ(path.begin(), path.end());
  EXPECT_FALSE(path.neighbor_as());
}

TEST(AsPathCheck, ReportsEachMalformation) {
  EXPECT_EQ(check_as_path(hex("05 01 00 01"), 2), AsPathStatus::kBadSegmentType);
  EXPECT_EQ(check_as_path(hex("00 01 00 01"), 2), AsPathStatus::kBadSegmentType);
  EXPECT_EQ(check_as_path(hex("02 00"), 2), AsPathStatus::kZeroLength);
  EXPECT_EQ(check_as_path(hex("02 02 00 01"), 2), AsPathStatus::kTruncated);
  EXPECT_EQ(check_as_path(hex("02 01 00 01 02"), 2), AsPathStatus::kTruncated);  // dangling header octet
  EXPECT_EQ(check_as_path(hex("02 01 00 01"), 4), AsPathStatus::kTruncated);     // 2-octet data read as 4
}

TEST(AsPathView, IterationStopsAtMalformedSegment) {
  const ByteVec v = hex("02 01 00 01 | 02 05 00 02");
  EXPECT_EQ(render(AsPathView(v, 2)), "1");
}

// RFC 6793 §4.2.3: leading ASNs of AS_PATH, then AS4_PATH.
TEST(MergedAsPath, ReplacesAsTransFromAs4Path) {
  const ByteVec as_path = hex("02 04 fd e9 5b a0 5b a0 0d 1c");          // 65001 23456 23456 3356
  const ByteVec as4_path = hex("02 03 fa 56 ea 00 fa 56 ea 01 00 00 0d 1c");  // 4200000000 4200000001 3356
  const auto merged = MergedAsPath::merge(AsPathView(as_path, 2), AsPathView(as4_path, 4));
  EXPECT_TRUE(merged.is_merged());
  EXPECT_EQ(render(merged), "65001 4200000000 4200000001 3356");
  EXPECT_EQ(merged.path_length(), 4u);
  EXPECT_EQ(merged.neighbor_as(), 65001u);
  EXPECT_EQ(merged.origin_as(), 3356u);
}

TEST(MergedAsPath, LongerAs4PathIsIgnored) {
  const ByteVec as_path = hex("02 01 5b a0");
  const ByteVec as4_path = hex("02 02 fa 56 ea 00 00 00 0d 1c");
  const auto merged = MergedAsPath::merge(AsPathView(as_path, 2), AsPathView(as4_path, 4));
  EXPECT_FALSE(merged.is_merged());
  EXPECT_EQ(render(merged), "23456");
}

TEST(MergedAsPath, LeadingSetCountsAsOne) {
  const ByteVec as_path = hex("01 02 00 01 00 02 | 02 02 5b a0 00 03");  // {1,2} 23456 3
  const ByteVec as4_path = hex("02 02 fa 56 ea 00 00 00 00 03");         // 4200000000 3
  const auto merged = MergedAsPath::merge(AsPathView(as_path, 2), AsPathView(as4_path, 4));
  EXPECT_EQ(render(merged), "{1,2} 4200000000 3");
}

TEST(MergedAsPath, EqualLengthsTakeAs4PathWhole) {
  const ByteVec as_path = hex("02 02 5b a0 00 03");
  const ByteVec as4_path = hex("02 02 fa 56 ea 00 00 00 00 03");
  const auto merged = MergedAsPath::merge(AsPathView(as_path, 2), AsPathView(as4_path, 4));
  EXPECT_EQ(render(merged), "4200000000 3");
}

TEST(MergedAsPath, WithoutAs4PathIsTheAsPath) {
  const ByteVec as_path = hex("02 02 00 00 fd e9 00 00 0d 1c");
  const auto merged = MergedAsPath::merge(AsPathView(as_path, 4), AsPathView());
  EXPECT_FALSE(merged.is_merged());
  EXPECT_EQ(render(merged), "65001 3356");
  EXPECT_FALSE(MergedAsPath().begin() != MergedAsPath().end());
  EXPECT_TRUE(MergedAsPath().empty());
}

TEST(MergedAsPath, IteratorOutlivesTemporaryPath) {
  const ByteVec as_path = hex("02 02 5b a0 00 03 02 01 00 09");
  const ByteVec as4_path = hex("02 01 00 00 00 09");
  MergedAsPath::iterator it = MergedAsPath::merge(AsPathView(as_path, 2), AsPathView(as4_path, 4)).begin();
  std::vector<std::size_t> sizes;
  for (; it != MergedAsPath::iterator(); ++it) sizes.push_back(it->size());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 1}));
}

}  // namespace
}  // namespace bgp

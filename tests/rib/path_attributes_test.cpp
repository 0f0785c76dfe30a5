#include <gtest/gtest.h>

#include "libbgp/rib/attr_store.hpp"
#include "libbgp/rib/path_attributes.hpp"

namespace bgp::rib {
namespace {

TEST(AsPath, ParsesAndPrintsAllSegmentTypes) {
  auto p = parse_as_path("65001 65002 {1,2} (64512 64513) [7]");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 4u);
  EXPECT_EQ((*p)[1].type, AsSegmentType::kSet);
  EXPECT_EQ(as_path_to_string(*p), "65001 65002 {1,2} (64512 64513) [7]");
  EXPECT_EQ(as_path_length(*p), 3u);
  EXPECT_EQ(neighbor_as(*p), 65001u);
  EXPECT_FALSE(parse_as_path("65001 {"));
  EXPECT_FALSE(parse_as_path("abc"));
}

TEST(AsPath, NeighbourAsSkipsConfedSegmentsAndIsNoneForLeadingSet) {
  EXPECT_EQ(neighbor_as(*parse_as_path("(64512) 65101 1")), 65101u);
  EXPECT_FALSE(neighbor_as(*parse_as_path("{1,2} 3")));
  EXPECT_FALSE(neighbor_as(AsPath{}));
}

TEST(AsPath, PrependExtendsLeadingSequenceAndSplitsAt255) {
  auto p = *parse_as_path("65101 1");
  as_path_prepend(p, 65001, 2);
  EXPECT_EQ(as_path_to_string(p), "65001 65001 65101 1");
  auto s = *parse_as_path("{1,2}");
  as_path_prepend(s, 65001);
  EXPECT_EQ(as_path_to_string(s), "65001 {1,2}");
  AsPath e;
  as_path_prepend(e, 7, 300);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].asns.size(), 255u);
  EXPECT_EQ(as_path_length(e), 300u);
}

TEST(AsPath, ContainsFindsAsnInAnySegment) {
  auto p = *parse_as_path("65101 {65001,3}");
  EXPECT_TRUE(as_path_contains(p, 65001));
  EXPECT_FALSE(as_path_contains(p, 65002));
}

TEST(AttrStore, EqualAttributesShareOneCopyAndFreeWithLastReference) {
  AttrStore store;
  PathAttributes a;
  a.as_path = *parse_as_path("65101");
  a.next_hop = *IpAddress::parse("10.0.0.1");
  auto r1 = store.intern(a);
  auto r2 = store.intern(a);
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1.ref, r2.ref);
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.refs(r1.ref.index()), 2u);
  a.med = 5;
  auto r3 = store.intern(a);
  EXPECT_FALSE(r3.ref == r1.ref);
  EXPECT_EQ(store.size(), 2u);
  r3 = {};
  EXPECT_EQ(store.size(), 1u);
  const auto idx = r1.ref.index();
  store.retain(idx);  // a compact reference (as a table holds)
  r1 = {};
  r2 = {};
  EXPECT_EQ(store.size(), 1u);
  store.release(idx);
  EXPECT_EQ(store.size(), 0u);
}

TEST(AttrStore, LimitOnDistinctSetsGivesClearError) {
  AttrStore store(2);
  PathAttributes a;
  std::vector<AttrRef> keep;
  for (std::uint32_t med = 0; med < 2; ++med) {
    a.med = med;
    auto r = store.intern(a);
    ASSERT_TRUE(r.ok());
    keep.push_back(r.ref);
  }
  a.med = 99;
  auto r = store.intern(a);
  EXPECT_EQ(r.error, InternError::kLimitExceeded);
  EXPECT_FALSE(r.ref);
  EXPECT_EQ(intern_error_name(r.error), "attribute set limit exceeded");
  a.med = 1;  // an existing set is still found
  EXPECT_TRUE(store.intern(a).ok());
}

}  // namespace
}  // namespace bgp::rib

#include "libbgp/fib/nexthop_registry.hpp"

#include <gtest/gtest.h>

namespace bgp::fib {
namespace {

NextHop nh(const char* gw, std::uint32_t ifindex, std::uint8_t weight = 1) {
  return {*IpAddress::parse(gw), ifindex, weight};
}

std::size_t count(const std::vector<NexthopOp>& ops, NexthopOp::Kind kind) {
  return static_cast<std::size_t>(std::count_if(ops.begin(), ops.end(), [&](const NexthopOp& o) { return o.kind == kind; }));
}

TEST(NexthopRegistry, OneObjectPerGatewayAndOneGroupPerSet) {
  NexthopRegistry reg(1000, 100);
  std::vector<NexthopOp> ops;
  const std::vector<NextHop> set = normalized({nh("10.0.0.1", 2), nh("10.0.0.2", 3)});
  auto a = reg.acquire(set, ops);
  auto b = reg.acquire(set, ops);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_TRUE(reg.is_group(*a));
  EXPECT_EQ(count(ops, NexthopOp::Kind::kAddNexthop), 2u);
  EXPECT_EQ(count(ops, NexthopOp::Kind::kSetGroup), 1u);
  EXPECT_EQ(reg.refs(*a), 2u);
  // A single path uses the (shared) object directly.
  ops.clear();
  auto single = reg.acquire({nh("10.0.0.1", 2)}, ops);
  ASSERT_TRUE(single);
  EXPECT_FALSE(reg.is_group(*single));
  EXPECT_TRUE(ops.empty());
  EXPECT_TRUE(reg.owns(*single));
}

TEST(NexthopRegistry, GroupOpsPrecedeNothingAndMembersAreCreatedFirst) {
  NexthopRegistry reg(1, 10);
  std::vector<NexthopOp> ops;
  auto g = reg.acquire(normalized({nh("10.0.0.1", 2), nh("10.0.0.2", 2, 3)}), ops);
  ASSERT_TRUE(g);
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops.back().kind, NexthopOp::Kind::kSetGroup);
  ASSERT_EQ(ops.back().members.size(), 2u);
  EXPECT_EQ(ops.back().members[1].weight, 3);
}

TEST(NexthopRegistry, LastReleaseDeletesGroupThenItsObjects) {
  NexthopRegistry reg(1, 10);
  std::vector<NexthopOp> ops, deletes;
  const auto set = normalized({nh("10.0.0.1", 2), nh("10.0.0.2", 2)});
  auto g = reg.acquire(set, ops);
  reg.acquire(set, ops);
  reg.release(*g, deletes);
  EXPECT_TRUE(deletes.empty());
  reg.release(*g, deletes);
  ASSERT_EQ(deletes.size(), 3u);
  EXPECT_EQ(deletes[0].id, *g);
  EXPECT_EQ(reg.object_count(), 0u);
  EXPECT_EQ(reg.group_count(), 0u);
}

TEST(NexthopRegistry, RekeyRewritesSharedGroupInOneOperation) {
  NexthopRegistry reg(1, 100);
  std::vector<NexthopOp> ops, deletes;
  const auto old_set = normalized({nh("10.0.0.1", 2), nh("10.0.0.2", 2)});
  const auto new_set = normalized({nh("10.0.0.1", 2), nh("10.0.0.3", 2)});
  auto g = reg.acquire(old_set, ops);
  for (int i = 0; i < 9999; ++i) reg.acquire(old_set, ops);
  ops.clear();
  ASSERT_TRUE(reg.rekey_group(*g, new_set, ops, deletes));
  // One new member object and one group replace; the dropped member goes.
  EXPECT_EQ(count(ops, NexthopOp::Kind::kAddNexthop), 1u);
  EXPECT_EQ(count(ops, NexthopOp::Kind::kSetGroup), 1u);
  EXPECT_EQ(deletes.size(), 1u);
  EXPECT_EQ(reg.find(new_set), g);
  EXPECT_FALSE(reg.find(old_set));
  EXPECT_EQ(reg.refs(*g), 10000u);
}

TEST(NexthopRegistry, RekeyRefusedWhenTargetSetAlreadyHasAGroup) {
  NexthopRegistry reg(1, 100);
  std::vector<NexthopOp> ops, deletes;
  const auto a = normalized({nh("10.0.0.1", 2), nh("10.0.0.2", 2)});
  const auto b = normalized({nh("10.0.0.1", 2), nh("10.0.0.3", 2)});
  auto ga = reg.acquire(a, ops);
  reg.acquire(b, ops);
  EXPECT_FALSE(reg.rekey_group(*ga, b, ops, deletes));
}

TEST(NexthopRegistry, LinkDownMakesObjectsAndEmptiedGroupsUnusable) {
  NexthopRegistry reg(1, 100);
  std::vector<NexthopOp> ops;
  auto mixed = reg.acquire(normalized({nh("10.0.0.1", 2), nh("10.1.0.1", 3)}), ops);
  auto only2 = reg.acquire(normalized({nh("10.0.0.1", 2), nh("10.0.0.2", 2)}), ops);
  auto gone = reg.link_down(2);
  EXPECT_TRUE(reg.live(*mixed));
  EXPECT_FALSE(reg.live(*only2));
  EXPECT_NE(std::find(gone.begin(), gone.end(), *only2), gone.end());
  ops.clear();
  auto revived = reg.link_up(2, ops);
  EXPECT_TRUE(reg.live(*only2));
  EXPECT_EQ(count(ops, NexthopOp::Kind::kAddNexthop), 2u);
  EXPECT_EQ(count(ops, NexthopOp::Kind::kSetGroup), 2u);  // both groups regain members
}

TEST(NexthopRegistry, AddressRemovalOnlyAffectsGatewaysInThatSubnet) {
  NexthopRegistry reg(1, 100);
  std::vector<NexthopOp> ops;
  auto a = reg.acquire({nh("10.0.0.1", 2)}, ops);
  auto b = reg.acquire({nh("10.9.0.1", 2)}, ops);
  reg.link_down(2, Prefix::parse("10.0.0.0/24"));
  EXPECT_FALSE(reg.live(*a));
  EXPECT_TRUE(reg.live(*b));
}

TEST(NexthopRegistry, AdoptedEntriesAreReusedAndUnusedOnesSwept) {
  NexthopRegistry reg(100, 100);
  std::vector<KernelNexthop> found{
      {101, *IpAddress::parse("10.0.0.1"), 2, {}},
      {102, *IpAddress::parse("10.0.0.2"), 2, {}},
      {103, {}, 0, {{101, 1}, {102, 1}}},
      {104, *IpAddress::parse("10.0.0.9"), 2, {}},
      {7, *IpAddress::parse("10.0.0.7"), 2, {}},  // not in our range: never touched
  };
  reg.adopt(found);
  std::vector<NexthopOp> ops, deletes;
  auto g = reg.acquire(normalized({nh("10.0.0.1", 2), nh("10.0.0.2", 2)}), ops);
  EXPECT_EQ(g, 103u);
  EXPECT_TRUE(ops.empty());
  reg.sweep_unused(deletes);
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(deletes[0].id, 104u);
}

TEST(NexthopRegistry, RepairRecreatesRefusedMembersAndGroup) {
  NexthopRegistry reg(1, 100);
  std::vector<NexthopOp> ops;
  auto g = reg.acquire(normalized({nh("10.0.0.1", 2), nh("10.0.0.2", 2)}), ops);
  const auto member = ops.front().id;
  reg.mark_missing(member);
  reg.mark_missing(*g);
  EXPECT_FALSE(reg.live(*g));
  ops.clear();
  reg.repair(*g, ops);
  EXPECT_EQ(count(ops, NexthopOp::Kind::kAddNexthop), 1u);
  EXPECT_EQ(count(ops, NexthopOp::Kind::kSetGroup), 1u);
  EXPECT_TRUE(reg.live(*g));
}

TEST(NexthopRegistry, ExhaustedIdRangeIsAnErrorNotACrash) {
  NexthopRegistry reg(1, 2);
  std::vector<NexthopOp> ops;
  EXPECT_TRUE(reg.acquire({nh("10.0.0.1", 2)}, ops));
  EXPECT_TRUE(reg.acquire({nh("10.0.0.2", 2)}, ops));
  EXPECT_FALSE(reg.acquire({nh("10.0.0.3", 2)}, ops));
  EXPECT_FALSE(reg.acquire(normalized({nh("10.0.0.1", 2), nh("10.0.0.2", 2)}), ops));
}

}  // namespace
}  // namespace bgp::fib

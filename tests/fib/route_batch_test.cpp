// RouteBatch (the compact hand-off from the RIB to the FIB thread) and
// NexthopSets (the FIB worker's interned next-hop sets).
#include <gtest/gtest.h>

#include "libbgp/fib/fake_fib.hpp"
#include "libbgp/fib/nexthop_sets.hpp"

namespace bgp::fib {
namespace {

Prefix pfx(const char* s) { return *Prefix::parse(s); }
IpAddress ip(const char* s) { return *IpAddress::parse(s); }

TEST(RouteBatch, RoutesWithTheSameNextHopsShareOneSet) {
  RouteBatch batch;
  const std::vector<IpAddress> a{ip("10.1.0.2")}, b{ip("10.1.0.2"), ip("10.2.0.2")};
  batch.add_gateways(pfx("192.0.2.0/24"), a);
  batch.add_gateways(pfx("198.51.100.0/24"), a);
  batch.add_gateways(pfx("203.0.113.0/24"), b);
  batch.add_gateways(pfx("203.0.113.128/25"), a);  // not consecutive: found again, not added twice
  batch.add_gateways(pfx("100.64.0.0/10"), {});
  ASSERT_EQ(batch.size(), 5u);
  ASSERT_EQ(batch.sets.size(), 3u);  // the empty set, a, b
  EXPECT_TRUE(batch.sets[0].empty());
  EXPECT_EQ(batch.routes[0].set, batch.routes[1].set);
  EXPECT_EQ(batch.routes[0].set, batch.routes[3].set);
  EXPECT_NE(batch.routes[0].set, batch.routes[2].set);
  EXPECT_EQ(batch.routes[4].set, 0u) << "no next hop: a withdraw";
  const auto& set = batch.sets[batch.routes[2].set];
  ASSERT_EQ(set.size(), 2u);
  EXPECT_EQ(set[1], (NextHop{ip("10.2.0.2"), 0, 1}));
}

TEST(RouteBatch, NextHopsWithDevicesOrWeightsAreDistinctSets) {
  RouteBatch batch;
  const NextHop plain{ip("10.1.0.2"), 0, 1}, weighted{ip("10.1.0.2"), 0, 3}, on_dev{ip("10.1.0.2"), 7, 1};
  batch.add(pfx("192.0.2.0/24"), std::vector{plain});
  batch.add(pfx("192.0.2.1/32"), std::vector{weighted});
  batch.add(pfx("192.0.2.2/32"), std::vector{on_dev});
  const std::vector<IpAddress> gw{ip("10.1.0.2")};
  batch.add_gateways(pfx("192.0.2.3/32"), gw);
  EXPECT_EQ(batch.sets.size(), 4u);
  EXPECT_EQ(batch.routes[3].set, batch.routes[0].set) << "a gateway is (gateway, no device, weight 1)";
}

TEST(RouteBatch, SubmittingUpdatesOneByOneOrAsABatchGivesTheSameFib) {
  FakeFib one, many;
  const NextHop a{ip("10.1.0.2")}, b{ip("10.2.0.2")};
  const std::vector<RouteUpdate> updates{{pfx("192.0.2.0/24"), {b, a}}, {pfx("198.51.100.0/24"), {a}},
                                         {pfx("192.0.2.0/24"), {a}}, {pfx("198.51.100.0/24"), {}}};
  for (const auto& u : updates) one.submit(std::span(&u, 1));
  many.submit(updates);
  EXPECT_EQ(one.installed(), many.installed());
  ASSERT_EQ(many.installed().size(), 1u);
  EXPECT_EQ(many.installed().at(pfx("192.0.2.0/24")), std::vector<NextHop>{a});
}

TEST(NexthopSets, EqualSetsGetOneIdAndGoWithTheirLastReference) {
  NexthopSets sets;
  const std::vector<NextHop> a{{ip("10.1.0.2"), 3, 1}}, b{{ip("10.1.0.2"), 3, 1}, {ip("10.2.0.2"), 4, 1}};
  const auto id_a = sets.acquire(a);
  EXPECT_EQ(sets.acquire(a), id_a);
  const auto id_b = sets.acquire(b);
  EXPECT_NE(id_a, id_b);
  EXPECT_NE(id_a, NexthopSets::kEmpty);
  EXPECT_EQ(sets.get(id_b), b);
  EXPECT_EQ(sets.size(), 2u);
  sets.release(id_a);
  EXPECT_EQ(sets.size(), 2u) << "one reference left";
  sets.release(id_a);
  EXPECT_EQ(sets.size(), 1u);
  // A freed id is reused for the next new set.
  const std::vector<NextHop> c{{ip("10.3.0.2"), 5, 1}};
  EXPECT_EQ(sets.acquire(c), id_a);
  EXPECT_EQ(sets.get(id_a), c);
}

TEST(NexthopSets, EmptySetIsIdZeroAndNeverCounted) {
  NexthopSets sets;
  EXPECT_EQ(sets.acquire(std::vector<NextHop>{}), NexthopSets::kEmpty);
  sets.release(NexthopSets::kEmpty);
  EXPECT_TRUE(sets.get(NexthopSets::kEmpty).empty());
  EXPECT_EQ(sets.size(), 0u);
}

TEST(NexthopSets, AssignMovesAReferenceAndKeepsASetStillInUse) {
  NexthopSets sets;
  const std::vector<NextHop> a{{ip("10.1.0.2"), 3, 1}}, b{{ip("10.2.0.2"), 4, 1}};
  NexthopSets::Id slot = NexthopSets::kEmpty;
  const auto id_a = sets.acquire(a);  // the caller's own reference
  sets.assign(slot, id_a);
  sets.release(id_a);
  EXPECT_EQ(sets.get(slot), a) << "the slot still holds it";
  const auto id_b = sets.acquire(b);
  sets.assign(slot, id_b);
  EXPECT_EQ(sets.size(), 1u) << "a went with the slot's reference";
  sets.assign(slot, slot);  // self-assignment keeps it
  EXPECT_EQ(sets.get(slot), b);
  const std::vector<NextHop>& kept = sets.get(id_b);
  for (int i = 0; i < 100; ++i) sets.acquire(std::vector<NextHop>{{IpAddress::v4(0x0a000000u + static_cast<std::uint32_t>(i)), 1, 1}});
  EXPECT_EQ(kept, b) << "references stay valid while other sets are added";
}

}  // namespace
}  // namespace bgp::fib

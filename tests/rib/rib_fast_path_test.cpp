// The structures and shortcuts of the RIB's insert path (bench/rib): the
// slot-level table API, the zeroed slot array (its pages handed back during a
// rehash), change entries reused by drain_changes(out), the per-UPDATE
// next-hop context, the new-prefix fast path, select() into a reused
// Selection and its heap branch, intern(const&).
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "libbgp/rib/rib.hpp"

namespace bgp::rib {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix pfx(const char* s) { return *Prefix::parse(s); }

TEST(ZeroedArray, StartsAllZeroAndMovesOwnership) {
  ZeroedArray<std::uint64_t> a(1000);
  ASSERT_EQ(a.size(), 1000u);
  EXPECT_TRUE(std::all_of(a.begin(), a.end(), [](std::uint64_t v) { return v == 0; }));
  a[999] = 7;
  ZeroedArray<std::uint64_t> b = std::move(a);
  EXPECT_EQ(b[999], 7u);
  EXPECT_EQ(b.size(), 1000u);
  EXPECT_TRUE(ZeroedArray<std::uint64_t>().empty());
}

// Pages of `a` in [from, to) bytes that are resident (mincore).
template <class T>
std::size_t resident_pages(const ZeroedArray<T>& a, std::size_t from, std::size_t to) {
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> v((to - from + page - 1) / page);
  auto* base = reinterpret_cast<char*>(const_cast<T*>(a.begin())) + from;
  if (::mincore(base, to - from, v.data()) != 0) return ~std::size_t{0};
  return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [](unsigned char c) { return (c & 1) != 0; }));
}

TEST(ZeroedArray, ReleasedFrontPagesLeaveMemoryAndReadAsZero) {
  constexpr std::size_t kN = (std::size_t{4} << 20) / sizeof(std::uint64_t);  // 4 MiB: a mapped array
  ZeroedArray<std::uint64_t> a(kN);
  for (auto& v : a) v = 1;
  const std::size_t bytes = kN * sizeof(std::uint64_t);
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  ASSERT_EQ(resident_pages(a, 0, bytes), bytes / page);
  a.release_front(kN / 4);
  a.release_front(kN / 2);  // only the pages between kN/4 and kN/2 are new
  a.release_front(kN / 8);  // a smaller count changes nothing
  EXPECT_EQ(resident_pages(a, 0, bytes / 2), 0u);
  EXPECT_EQ(resident_pages(a, bytes / 2, bytes), bytes / 2 / page);
  EXPECT_EQ(a[0], 0u);
  EXPECT_EQ(a[kN / 2 - 1], 0u);
  EXPECT_EQ(a[kN / 2], 1u);
  EXPECT_EQ(a.size(), kN);
  ZeroedArray<std::uint64_t> b = std::move(a);
  EXPECT_EQ(b[kN - 1], 1u);
  EXPECT_TRUE(a.empty());
}

TEST(ZeroedArray, SmallArrayIgnoresReleaseFront) {
  ZeroedArray<std::uint64_t> a(64);
  for (auto& v : a) v = 3;
  a.release_front(64);
  EXPECT_TRUE(std::all_of(a.begin(), a.end(), [](std::uint64_t v) { return v == 3; }));
}

TEST(PrefixTable, GrowthThroughMappedSizesKeepsEveryPrefix) {
  V4Table t;
  constexpr std::uint32_t kN = 200000;  // several doublings past ZeroedArray::kMapBytes
  for (std::uint32_t i = 0; i < kN; ++i) t.upsert(V4Table::Key{V4Addr{i << 8}, 24}, Path{i, 1, 0});
  ASSERT_EQ(t.size(), kN);
  for (std::uint32_t i = 0; i < kN; ++i) {
    const auto ps = t.paths(V4Table::Key{V4Addr{i << 8}, 24});
    ASSERT_EQ(ps.size(), 1u) << i;
    EXPECT_EQ(ps[0].attr, i);
  }
}

TEST(PrefixTable, SlotLevelOperationsMatchReferenceMap) {
  V4Table t;
  std::map<std::pair<std::uint32_t, std::uint8_t>, std::map<PeerId, std::uint32_t>> ref;
  std::mt19937 rng(7);
  for (int i = 0; i < 100000; ++i) {
    const std::uint8_t len = static_cast<std::uint8_t>(20 + rng() % 13);
    const V4Addr a = mask_addr(V4Addr{static_cast<std::uint32_t>(rng() & 0xFFFFF) << 8}, len);
    const V4Table::Key k{a, len};
    const PeerId peer = static_cast<PeerId>(rng() % 5);
    std::size_t vacancy = 0;
    const std::size_t slot = t.lookup(k, vacancy);
    const std::pair<std::uint32_t, std::uint8_t> rk{a.v, len};
    ASSERT_EQ(slot != V4Table::kNone, ref.count(rk) == 1);
    if (rng() % 3) {
      const auto attr = static_cast<std::uint32_t>(rng());
      if (slot == V4Table::kNone) {
        const std::size_t at = t.insert_at(vacancy, k, Path{attr, peer, 0});  // may grow the table
        ASSERT_EQ(t.paths_at(at).size(), 1u);
      } else {
        const auto old = t.upsert_at(slot, Path{attr, peer, 0});
        EXPECT_EQ(old.has_value(), ref[rk].count(peer) == 1);
      }
      ref[rk][peer] = attr;
    } else if (slot != V4Table::kNone) {
      bool erased = false;
      const bool had = ref[rk].erase(peer) == 1;
      EXPECT_EQ(t.remove_at(slot, peer, erased).has_value(), had);
      EXPECT_EQ(erased, ref[rk].empty());
      if (ref[rk].empty()) ref.erase(rk);
    }
  }
  ASSERT_EQ(t.size(), ref.size());
  for (const auto& [key, peers] : ref) {
    auto ps = t.paths(V4Table::Key{{key.first}, key.second});
    ASSERT_EQ(ps.size(), peers.size());
    auto it = peers.begin();
    for (const Path& p : ps) {
      EXPECT_EQ(p.peer, it->first);
      EXPECT_EQ(p.attr, it->second);
      ++it;
    }
  }
}

struct TwoPeers {
  TwoPeers() : rib(store, options(), &resolver) {
    resolver.add(pfx("10.20.0.0/16"));
    resolver.add(pfx("172.20.0.0/16"));
    a = rib.add_peer(PeerInfo{ip("10.20.0.2"), 65101, ip("10.20.0.2"), false, 0, false});
    b = rib.add_peer(PeerInfo{ip("172.20.0.2"), 65102, ip("172.20.0.2"), false, 0, false});
  }
  static DecisionOptions options() {
    DecisionOptions o;
    o.ipv4.maximum_paths = 4;
    o.ipv4.multipath_relax = true;
    return o;
  }
  AttrRef attrs(const char* path, const char* nh, std::uint32_t med = 0) {
    PathAttributes x;
    x.as_path = *parse_as_path(path);
    x.next_hop = ip(nh);
    x.med = med;
    return store.intern(x).ref;
  }
  AttrStore store;
  NetworkResolver resolver;
  Rib rib;
  PeerId a = 0, b = 0;
};

TEST(RibChangeStream, ReusedEntriesCarryOnlyTheirOwnChange) {
  TwoPeers f;
  std::vector<RouteChange> batch;
  f.rib.announce(f.a, pfx("198.51.100.0/24"), f.attrs("65101", "10.20.0.2"));
  f.rib.announce(f.b, pfx("198.51.100.0/24"), f.attrs("65102", "172.20.0.2"));
  f.rib.drain_changes(batch);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[1].new_next_hops, (std::vector<IpAddress>{ip("10.20.0.2"), ip("172.20.0.2")}));

  // The next batch reuses those entries: nothing of the first may leak through.
  f.rib.announce(f.a, pfx("203.0.113.0/24"), f.attrs("65101", "10.20.0.2"));
  EXPECT_TRUE(f.rib.has_changes());
  f.rib.drain_changes(batch);
  EXPECT_FALSE(f.rib.has_changes());
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].prefix, pfx("203.0.113.0/24"));
  EXPECT_TRUE(batch[0].old_next_hops.empty());
  EXPECT_EQ(batch[0].new_next_hops, std::vector<IpAddress>{ip("10.20.0.2")});
  ASSERT_EQ(batch[0].multipath.size(), 1u);
  EXPECT_EQ(batch[0].multipath[0].peer, f.a);
  ASSERT_TRUE(batch[0].best);
  EXPECT_EQ(batch[0].best->peer, f.a);

  f.rib.drain_changes(batch);
  EXPECT_TRUE(batch.empty());
  EXPECT_TRUE(f.rib.drain_changes().empty());
}

TEST(RibChangeStream, DrainingReleasesTheAttributesOfTheOldBatch) {
  TwoPeers f;
  std::vector<RouteChange> batch;
  f.rib.announce(f.a, pfx("198.51.100.0/24"), f.attrs("65101 64999", "10.20.0.2"));
  f.rib.drain_changes(batch);
  f.rib.withdraw(f.a, pfx("198.51.100.0/24"));
  f.rib.drain_changes(batch);  // the withdrawal's change names no attributes
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_FALSE(batch[0].best);
  EXPECT_EQ(f.store.size(), 0u);
}

TEST(RibInsert, BatchAnnounceEqualsOneCallPerPrefix) {
  TwoPeers one, many;
  std::vector<Prefix> prefixes;
  for (int i = 0; i < 40; ++i) prefixes.push_back(pfx(("10.1." + std::to_string(i) + ".0/24").c_str()));
  for (TwoPeers* f : {&one, &many}) {
    // Some prefixes already have a path from the other peer, some from this one.
    for (int i = 0; i < 40; i += 3) f->rib.announce(f->b, prefixes[i], f->attrs("65102", "172.20.0.2"));
    for (int i = 0; i < 40; i += 5) f->rib.announce(f->a, prefixes[i], f->attrs("65101 1", "10.20.0.2"));
    // One next hop unresolvable: paths stored but not eligible.
    f->rib.announce(f->a, prefixes[1], f->attrs("65101", "192.0.2.1"));
    f->rib.drain_changes();
  }
  const AttrRef x = one.attrs("65101", "10.20.0.2", 5);
  for (const Prefix& p : prefixes) one.rib.announce(one.a, p, x);
  many.rib.announce(many.a, prefixes, many.attrs("65101", "10.20.0.2", 5));
  const auto c1 = one.rib.drain_changes();
  const auto c2 = many.rib.drain_changes();
  ASSERT_EQ(c1.size(), c2.size());
  for (std::size_t i = 0; i < c1.size(); ++i) {
    EXPECT_EQ(c1[i].prefix, c2[i].prefix);
    EXPECT_EQ(c1[i].old_next_hops, c2[i].old_next_hops);
    EXPECT_EQ(c1[i].new_next_hops, c2[i].new_next_hops);
    EXPECT_EQ(c1[i].multipath.size(), c2[i].multipath.size());
  }
  for (const Prefix& p : prefixes) {
    auto p1 = one.rib.paths(p);
    auto p2 = many.rib.paths(p);
    ASSERT_EQ(p1.size(), p2.size());
    for (std::size_t i = 0; i < p1.size(); ++i) {
      EXPECT_EQ(p1[i].peer, p2[i].peer);
      EXPECT_EQ(p1[i].flags, p2[i].flags);
    }
  }
  EXPECT_EQ(one.rib.best_count(kIpv4Unicast), many.rib.best_count(kIpv4Unicast));
  EXPECT_EQ(one.rib.peer_prefix_count(one.a, kIpv4Unicast), 40u);
  EXPECT_EQ(many.rib.peer_prefix_count(many.a, kIpv4Unicast), 40u);
}

TEST(RibInsert, ReannouncementWithTheSameNextHopStillFollowsItsReachability) {
  // A re-announcement with other attributes but the same next hop skips the
  // next-hop index update: the prefix must still be revalidated.
  TwoPeers f;
  f.rib.announce(f.a, pfx("198.51.100.0/24"), f.attrs("65101", "10.20.0.2"));
  f.rib.announce(f.a, pfx("198.51.100.0/24"), f.attrs("65101 7", "10.20.0.2"));
  f.rib.announce(f.a, pfx("198.51.100.0/24"), f.attrs("65101 8", "10.20.0.2"));
  f.rib.drain_changes();
  EXPECT_EQ(f.rib.best_count(kIpv4Unicast), 1u);
  f.resolver.remove(pfx("10.20.0.0/16"));
  f.rib.revalidate_nexthops();
  const auto changes = f.rib.drain_changes();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].best);
  EXPECT_EQ(f.rib.best_count(kIpv4Unicast), 0u);
  // Removing the path drops the next hop's last user.
  f.resolver.add(pfx("10.20.0.0/16"));
  f.rib.withdraw(f.a, pfx("198.51.100.0/24"));
  EXPECT_EQ(f.store.size(), 0u);
}

TEST(RibWithdraw, NextHopIsForgottenWithItsLastPathWhileWithdrawalsAlternate) {
  // Withdrawals reuse the last next hop's state (as announces do): switching
  // between next hops must still count each one's paths and drop its state
  // (and cached resolution) exactly when its last path goes.
  TwoPeers f;
  f.rib.announce(f.a, pfx("198.51.100.0/24"), f.attrs("65101", "10.20.0.2"));
  f.rib.announce(f.a, pfx("198.51.101.0/24"), f.attrs("65101", "10.20.0.3"));
  f.rib.announce(f.a, pfx("198.51.102.0/24"), f.attrs("65101", "10.20.0.2"));
  f.rib.withdraw(f.a, pfx("198.51.100.0/24"));
  f.rib.withdraw(f.a, pfx("198.51.101.0/24"));
  // No revalidation: a next hop still in use keeps its cached answer, a
  // forgotten one is asked again.
  f.resolver.remove(pfx("10.20.0.0/16"));
  EXPECT_TRUE(f.rib.nexthop_reachable(ip("10.20.0.2")));
  EXPECT_FALSE(f.rib.nexthop_reachable(ip("10.20.0.3")));
  f.rib.withdraw(f.a, pfx("198.51.102.0/24"));
  EXPECT_FALSE(f.rib.nexthop_reachable(ip("10.20.0.2")));
  // Announced again, it is resolved afresh: unreachable now, so not selected.
  f.rib.drain_changes();
  f.rib.announce(f.a, pfx("198.51.100.0/24"), f.attrs("65101", "10.20.0.2"));
  EXPECT_EQ(f.rib.best_count(kIpv4Unicast), 0u);
  EXPECT_TRUE(f.rib.drain_changes().empty());
}

TEST(Decision, SelectIntoAReusedSelectionForgetsThePreviousResult) {
  PeerInfo p1{ip("10.0.0.2"), 65101, ip("1.1.1.1"), false, 0, false};
  PeerInfo p2{ip("10.0.0.3"), 65102, ip("2.2.2.2"), false, 0, false};
  PathAttributes a, b;
  a.as_path = *parse_as_path("65101");
  b.as_path = *parse_as_path("65102 1");
  DecisionOptions opts;
  opts.ipv4.maximum_paths = 4;
  opts.ipv4.multipath_relax = true;
  Selection sel;
  const Candidate both[] = {{&a, &p1}, {&b, &p2}};
  select(both, opts, kIpv4Unicast, sel);
  ASSERT_EQ(sel.best, 0u);
  EXPECT_EQ(sel.multipath.size(), 1u);  // longer AS path: not equal
  const Candidate second[] = {{&b, &p2}};
  select(second, opts, kIpv4Unicast, sel);
  EXPECT_EQ(sel.best, 0u);
  EXPECT_EQ(sel.multipath, std::vector<std::size_t>{0});
  select(std::span<const Candidate>{}, opts, kIpv4Unicast, sel);
  EXPECT_FALSE(sel.best);
  EXPECT_TRUE(sel.multipath.empty());
}

TEST(Decision, ManyCandidatesTakeTheHeapPathWithTheSameRules) {
  // More candidates than select()'s stack buffers: MED per neighbour AS,
  // router id, multipath limit all still apply.
  std::vector<PeerInfo> peers;
  std::vector<PathAttributes> attrs;
  for (int i = 0; i < 24; ++i) {
    const std::string addr = "10.0.0." + std::to_string(10 + i);
    const std::string rid = "1.1.1." + std::to_string(100 - i);  // later candidates have lower ids
    peers.push_back(PeerInfo{ip(addr.c_str()), 65100u + static_cast<std::uint32_t>(i % 2), ip(rid.c_str()), false, 0, false});
    PathAttributes a;
    a.as_path = *parse_as_path(std::to_string(65100 + i % 2).c_str());
    a.med = i % 2 == 0 ? 10u : static_cast<std::uint32_t>(i);  // AS 65101: only i == 1 has the lowest MED
    attrs.push_back(a);
  }
  std::vector<Candidate> c;
  for (int i = 0; i < 24; ++i) c.push_back(Candidate{&attrs[i], &peers[i]});
  DecisionOptions opts;
  opts.ipv4.maximum_paths = 5;
  opts.ipv4.multipath_relax = true;
  const Selection sel = select(c, opts, kIpv4Unicast);
  // Survivors: all 12 of AS 65100 (MED 10) and i == 1 of AS 65101; lowest router id wins.
  ASSERT_EQ(sel.best, 22u);
  ASSERT_EQ(sel.multipath.size(), 5u);
  EXPECT_EQ(sel.multipath, (std::vector<std::size_t>{22, 20, 18, 16, 14}));
  opts.ipv4.maximum_paths = 20;
  const Selection all = select(c, opts, kIpv4Unicast);
  EXPECT_EQ(all.multipath.size(), 13u);
  EXPECT_NE(std::find(all.multipath.begin(), all.multipath.end(), 1u), all.multipath.end());
}

TEST(AttrStore, InterningAKnownValueByReferenceSharesTheStoredCopy) {
  AttrStore store;
  PathAttributes a;
  a.as_path = *parse_as_path("65101 65102");
  a.next_hop = ip("10.20.0.2");
  const AttrRef first = store.intern(a).ref;
  const AttrRef again = store.intern(a).ref;  // const& form: found, not copied
  EXPECT_EQ(first, again);
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.refs(first.index()), 2u);
  PathAttributes b = a;
  b.med = 1;
  const AttrRef other = store.intern(std::move(b)).ref;
  EXPECT_NE(other, first);
  EXPECT_EQ(store.size(), 2u);
}

}  // namespace
}  // namespace bgp::rib

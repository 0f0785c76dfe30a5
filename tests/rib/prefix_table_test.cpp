#include <gtest/gtest.h>

#include <map>
#include <random>

#include "libbgp/rib/prefix_table.hpp"

namespace bgp::rib {
namespace {

Prefix pfx(const char* s) { return *Prefix::parse(s); }

TEST(PrefixTable, RandomOperationsMatchReferenceMap) {
  V4Table t;
  std::map<std::pair<std::uint32_t, std::uint8_t>, std::map<PeerId, std::uint32_t>> ref;
  std::mt19937 rng(42);  // 32-bit results
  for (int i = 0; i < 200000; ++i) {
    const std::uint8_t len = static_cast<std::uint8_t>(16 + rng() % 17);
    const V4Addr a = mask_addr(V4Addr{static_cast<std::uint32_t>((rng() % 4096) << 12 | (rng() & 0xfff))}, len);
    const V4Table::Key k{a, len};
    const PeerId peer = static_cast<PeerId>(rng() % 9);
    if (rng() % 3) {
      const auto attr = static_cast<std::uint32_t>(rng());
      t.upsert(k, Path{attr, peer, 0});
      ref[{a.v, len}][peer] = attr;
    } else {
      const bool had = ref.count({a.v, len}) && ref[{a.v, len}].erase(peer);
      EXPECT_EQ(t.remove(k, peer).has_value(), had);
      if (ref.count({a.v, len}) && ref[{a.v, len}].empty()) ref.erase({a.v, len});
    }
  }
  ASSERT_EQ(t.size(), ref.size());
  std::size_t paths = 0;
  for (const auto& [key, peers] : ref) {
    auto ps = t.paths(V4Table::Key{{key.first}, key.second});
    ASSERT_EQ(ps.size(), peers.size());
    auto it = peers.begin();
    for (const Path& p : ps) {
      EXPECT_EQ(p.peer, it->first);
      EXPECT_EQ(p.attr, it->second);
      ++it;
    }
    paths += peers.size();
  }
  EXPECT_EQ(t.path_count(), paths);
  // Ordered walk: sorted by address then length, same as the reference.
  auto keys = t.sorted_keys();
  auto it = ref.begin();
  for (const auto& k : keys) {
    EXPECT_EQ(k.addr.v, it->first.first);
    EXPECT_EQ(k.len, it->first.second);
    ++it;
  }
}

template <class Table>
void longest_match_case(const std::vector<const char*>& prefixes, const char* addr, const char* expected) {
  Table t;
  using A = decltype(Table::key(pfx("0.0.0.0/0")).addr);
  for (const char* p : prefixes) t.upsert(Table::key(pfx(p)), Path{1, 1, 0});
  const auto probe = Table::key(Prefix(*IpAddress::parse(addr), Table::kBits));
  auto m = t.longest_match(probe.addr, Table::kBits, [](const auto&, auto) { return true; });
  if (!expected) {
    EXPECT_FALSE(m) << addr;
  } else {
    ASSERT_TRUE(m) << addr;
    EXPECT_EQ(to_prefix(*m), pfx(expected)) << addr;
  }
  (void)sizeof(A);
}

TEST(PrefixTable, LongestMatchIpv4) {
  const std::vector<const char*> ps{"10.0.0.0/8", "10.20.0.0/16", "10.20.0.0/24", "172.30.0.10/32"};
  longest_match_case<V4Table>(ps, "10.20.0.7", "10.20.0.0/24");
  longest_match_case<V4Table>(ps, "10.20.5.1", "10.20.0.0/16");
  longest_match_case<V4Table>(ps, "10.99.0.1", "10.0.0.0/8");
  longest_match_case<V4Table>(ps, "172.30.0.10", "172.30.0.10/32");
  longest_match_case<V4Table>(ps, "172.30.0.11", nullptr);
  longest_match_case<V4Table>({"0.0.0.0/0"}, "1.2.3.4", "0.0.0.0/0");
}

TEST(PrefixTable, LongestMatchIpv6) {
  const std::vector<const char*> ps{"2001:db8::/32", "2001:db8:1::/48", "2001:db8:1:2::/64", "2001:db8:1:2::1/128"};
  longest_match_case<V6Table>(ps, "2001:db8:1:2::1", "2001:db8:1:2::1/128");
  longest_match_case<V6Table>(ps, "2001:db8:1:2::2", "2001:db8:1:2::/64");
  longest_match_case<V6Table>(ps, "2001:db8:1:3::2", "2001:db8:1::/48");
  longest_match_case<V6Table>(ps, "2001:db8:9::", "2001:db8::/32");
  longest_match_case<V6Table>(ps, "2001:db9::", nullptr);
}

TEST(PrefixTable, Ipv6KeysRoundTripAndWalkInOrder) {
  V6Table t;
  for (const char* p : {"2001:db8:1::/48", "::/0", "2001:db8::/32", "fe80::/10", "2001:db8::/48"}) {
    EXPECT_EQ(to_prefix(V6Table::key(pfx(p))), pfx(p));
    t.upsert(V6Table::key(pfx(p)), Path{1, 1, 0});
  }
  std::vector<std::string> walked;
  for (const auto& k : t.sorted_keys()) walked.push_back(to_prefix(k).to_string());
  EXPECT_EQ(walked, (std::vector<std::string>{"::/0", "2001:db8::/32", "2001:db8::/48", "2001:db8:1::/48", "fe80::/10"}));
}

}  // namespace
}  // namespace bgp::rib

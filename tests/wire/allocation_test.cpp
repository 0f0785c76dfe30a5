// Proves the UPDATE decode path never allocates: global operator new/delete
// are replaced with counting versions, the whole real-data corpus is loaded
// first, then every UPDATE is decoded with every attribute and prefix
// visited while the counter must stay at zero.
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>

#include "bench/wire/mrt_update_corpus.hpp"

namespace {
std::size_t g_allocations = 0;  // single-threaded test; no atomics needed

void* counted_alloc(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  ++g_allocations;
  return std::malloc(n == 0 ? 1 : n);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

TEST(UpdateAllocation, DecodingEveryRealUpdateAllocatesNothing) {
  const auto corpus = bgp::testing::load_update_corpus(BGPD_TEST_DATA "/mrt");
  ASSERT_GE(corpus.files.size(), 5u);
  ASSERT_GT(corpus.updates.size(), 10000u);  // the three RIS dumps hold tens of thousands

  std::uint64_t checksum = 0;
  const std::size_t before = g_allocations;
  for (const auto& sample : corpus.updates) checksum += bgp::testing::decode_fully(sample);
  const std::size_t during = g_allocations - before;

  EXPECT_EQ(during, 0u) << "decode_update allocated " << during << " times over " << corpus.updates.size()
                        << " UPDATEs";
  EXPECT_NE(checksum, 0u);
}

TEST(UpdateAllocation, CounterSeesAllocations) {
  // Guards the test above against a counter that never counts.
  const std::size_t before = g_allocations;
  void* p = ::operator new(16);  // a direct call: not subject to new-expression elision
  EXPECT_EQ(g_allocations - before, 1u);
  ::operator delete(p);
}

}  // namespace

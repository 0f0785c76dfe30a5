// UPDATE decode benchmarks (issue 2 targets, one core):
//   BM_DecodeRealUpdates   every UPDATE of tests/data/mrt/updates.*.gz,
//                          full decode (all attributes validated, every prefix
//                          and ASN visited), reported in bytes/s of UPDATE body;
//   BM_DecodePacked500     UPDATEs of 500 /24 prefixes with one attribute set,
//                          every prefix iterated, reported as prefixes/s.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdio>

#include "bench/wire/mrt_update_corpus.hpp"
#include "libbgp/wire/update_encoder.hpp"

namespace {

const bgp::testing::UpdateCorpus& corpus() {
  static const bgp::testing::UpdateCorpus c = bgp::testing::load_update_corpus(BGPD_TEST_DATA "/mrt");
  return c;
}

void BM_DecodeRealUpdates(benchmark::State& state) {
  const auto& c = corpus();
  if (c.updates.empty()) {
    state.SkipWithError("no UPDATEs found under " BGPD_TEST_DATA "/mrt");
    return;
  }
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (const auto& s : c.updates) sum += bgp::testing::decode_fully(s);
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.update_bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * c.updates.size()));
  state.counters["updates"] = static_cast<double>(c.updates.size());
  // Corpus size per pass, to turn callgrind instruction counts into instructions/byte.
  state.counters["corpus_bytes"] = static_cast<double>(c.update_bytes);
}
BENCHMARK(BM_DecodeRealUpdates)->Unit(benchmark::kMillisecond);

// Validation alone (decode_update without walking the views), to show where time goes.
void BM_ValidateRealUpdates(benchmark::State& state) {
  const auto& c = corpus();
  for (auto _ : state) {
    unsigned sum = 0;
    for (const auto& s : c.updates) sum += static_cast<unsigned>(bgp::decode_update(s.body, s.ctx).action);
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * c.update_bytes));
}
BENCHMARK(BM_ValidateRealUpdates)->Unit(benchmark::kMillisecond);

// 500 distinct /24s (10.x.y.0/24) sharing one attribute set, in one UPDATE.
std::vector<std::byte> packed_500(bool add_path) {
  bgp::UpdateAttributes attrs;
  attrs.origin = bgp::Origin::kIgp;
  attrs.as_path = {{bgp::AsSegmentType::kSequence, {65101, 65001, 3356}}};
  attrs.next_hop = bgp::IpAddress::parse("10.20.0.2");
  attrs.med = 0;
  attrs.communities = {0xfde90064};
  std::vector<bgp::NlriEntry> prefixes;
  for (std::uint32_t i = 0; i < 500; ++i) {
    prefixes.push_back({bgp::Prefix(bgp::IpAddress::v4((10u << 24) | (i << 8)), 24), add_path ? i + 1 : 0});
  }
  bgp::EncodeContext ctx;
  ctx.add_path_ipv4 = add_path;
  std::array<std::byte, bgp::kMaxMessageSize> buf{};
  bgp::UpdatePacker packer(ctx, buf);
  const auto packed = packer.announce(attrs, bgp::kIpv4Unicast, prefixes);
  if (!packed || packed->consumed != 500) return {};
  const auto body = packed->message.subspan(bgp::kHeaderSize);
  return {body.begin(), body.end()};
}

void decode_packed(benchmark::State& state, bool add_path) {
  const auto body = packed_500(add_path);
  if (body.empty()) {
    state.SkipWithError("500 prefixes did not fit one UPDATE");
    return;
  }
  bgp::DecodeContext ctx;
  ctx.add_path_ipv4 = add_path;
  std::size_t prefixes = 0;
  for (auto _ : state) {
    const bgp::DecodedUpdate u = bgp::decode_update(body, ctx);
    std::uint64_t sum = static_cast<std::uint64_t>(u.action);
    for (const bgp::NlriEntry& e : u.nlri) {
      sum += e.prefix.address().bytes()[1] + e.prefix.length() + e.path_id;
      ++prefixes;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(prefixes));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}
void BM_DecodePacked500(benchmark::State& state) { decode_packed(state, false); }
void BM_DecodePacked500AddPath(benchmark::State& state) { decode_packed(state, true); }
BENCHMARK(BM_DecodePacked500);
BENCHMARK(BM_DecodePacked500AddPath);

// The encoder side: 100k /24s packed into 4096-octet UPDATEs.
void BM_Pack100kPrefixes(benchmark::State& state) {
  bgp::UpdateAttributes attrs;
  attrs.as_path = {{bgp::AsSegmentType::kSequence, {65101}}};
  attrs.next_hop = bgp::IpAddress::parse("10.20.0.2");
  std::vector<bgp::NlriEntry> prefixes;
  for (std::uint32_t i = 0; i < 100000; ++i) prefixes.push_back({bgp::Prefix(bgp::IpAddress::v4(i << 8), 24), 0});
  std::array<std::byte, bgp::kMaxMessageSize> buf{};
  bgp::UpdatePacker packer(bgp::EncodeContext{}, buf);
  for (auto _ : state) {
    std::size_t bytes = 0;
    const auto n = packer.announce_all(attrs, bgp::kIpv4Unicast, prefixes, [&bytes](bgp::Bytes m) { bytes += m.size(); });
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * prefixes.size()));
}
BENCHMARK(BM_Pack100kPrefixes)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

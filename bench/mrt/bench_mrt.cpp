// MRT throughput: walking records zero-copy from memory, and printing them in
// bgpdump -m format into a discarding stream. Inputs are decompressed before
// timing so zlib is not measured.
#include <benchmark/benchmark.h>

#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

#include "libbgp/mrt/bgpdump.hpp"
#include "libbgp/mrt/record_reader.hpp"

namespace {

std::vector<std::byte> load(const std::string& name) {
  std::vector<std::byte> out;
  std::string why;
  auto source = bgp::mrt::open_file_source(std::string(BGPD_TEST_DATA "/mrt/") + name, why);
  if (!source) return out;
  std::vector<std::byte> chunk(1 << 16);
  while (auto got = source->read(chunk)) {
    if (*got == 0) break;
    out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(*got));
  }
  return out;
}

class NullBuffer final : public std::streambuf {
 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
};

void BM_WalkRecords(benchmark::State& state, const char* name) {
  const auto data = load(name);
  if (data.empty()) return state.SkipWithError(("cannot read " + std::string(BGPD_TEST_DATA "/mrt/") + name).c_str());
  std::uint64_t records = 0;
  for (auto _ : state) {
    bgp::mrt::RecordReader reader{bgp::Bytes(data)};
    while (auto r = reader.next()) benchmark::DoNotOptimize(r->body.data());
    records += reader.records_read();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}

void BM_PrintBgpdump(benchmark::State& state, const char* name) {
  const auto data = load(name);
  if (data.empty()) return state.SkipWithError(("cannot read " + std::string(BGPD_TEST_DATA "/mrt/") + name).c_str());
  NullBuffer null;
  std::ostream out(&null);
  std::uint64_t lines = 0;
  for (auto _ : state) {
    bgp::mrt::RecordReader reader{bgp::Bytes(data)};
    bgp::mrt::BgpdumpPrinter printer(out, out);
    while (auto r = reader.next()) printer.print(*r);
    printer.finish(reader.error());
    lines += printer.counters().lines;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
  state.counters["lines/s"] = benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(BM_WalkRecords, bview_2002_table_dump, "bview.20020722.2337.gz")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PrintBgpdump, bview_2002_table_dump, "bview.20020722.2337.gz")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PrintBgpdump, updates_2016_bgp4mp_as4, "updates.20160811.1600.gz")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PrintBgpdump, updates_2007_bgp4mp, "updates.20070211.0141.gz")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

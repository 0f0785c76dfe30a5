#pragma once
// `bgpdump -m` output for MRT files: one `|`-separated line per prefix
// (see tests/data/README.md), byte for byte what RIPE's bgpdump prints,
// including its quirks (documented where they are reproduced).
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "libbgp/mrt/record_reader.hpp"
#include "libbgp/wire/byte_reader.hpp"

namespace bgp::mrt {

// Prints every record of an MRT file (.gz or plain; detected by magic) in
// `bgpdump -m` format. Returns 0 on success; on a malformed/truncated file
// prints what it could, writes a clear error to `err` (file offset, record
// type, what is wrong) and returns non-zero.
int print_bgpdump(const std::string& path, std::ostream& out, std::ostream& err);

// The same over an MRT image already in memory (uncompressed).
int print_bgpdump(Bytes data, std::ostream& out, std::ostream& err);

struct BgpdumpCounters {
  std::uint64_t records = 0;
  std::uint64_t lines = 0;
  std::uint64_t errors = 0;    // records that could not be decoded (non-zero exit)
  std::uint64_t warnings = 0;  // BGP-level anomalies inside well-formed records
  std::uint64_t skipped = 0;   // types bgpdump does not print (noted once per type)
};

// Record-at-a-time printer, for callers that drive a RecordReader themselves.
class BgpdumpPrinter {
 public:
  BgpdumpPrinter(std::ostream& out, std::ostream& err);
  ~BgpdumpPrinter();
  BgpdumpPrinter(const BgpdumpPrinter&) = delete;
  BgpdumpPrinter& operator=(const BgpdumpPrinter&) = delete;

  void print(const Record& record);
  // Reports how reading ended; flushes; returns the exit status.
  int finish(const std::optional<ReadError>& read_error);
  const BgpdumpCounters& counters() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace bgp::mrt

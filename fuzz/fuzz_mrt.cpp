// libFuzzer target over libbgp/mrt: every input is printed in bgpdump format
// twice, once zero-copy from memory and once streamed through a source that
// hands out odd-sized chunks, so records cross read boundaries. Both runs
// must produce identical output and diagnostics; anything else traps.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "libbgp/mrt/bgpdump.hpp"
#include "libbgp/mrt/record_reader.hpp"

namespace {

class ChunkedSource final : public bgp::mrt::ByteSource {
 public:
  ChunkedSource(bgp::Bytes data, std::size_t chunk) : data_(data), chunk_(chunk) {}
  std::optional<std::size_t> read(std::span<std::byte> out) override {
    const std::size_t n = std::min({chunk_, out.size(), data_.size() - pos_});
    std::memcpy(out.data(), data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::string error() const override { return "unreachable"; }

 private:
  bgp::Bytes data_;
  std::size_t chunk_;
  std::size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const bgp::Bytes input(reinterpret_cast<const std::byte*>(data), size);

  std::ostringstream out_memory;
  std::ostringstream err_memory;
  const int status_memory = bgp::mrt::print_bgpdump(input, out_memory, err_memory);

  std::ostringstream out_stream;
  std::ostringstream err_stream;
  const std::size_t chunk = 1 + (size == 0 ? 0 : data[size - 1] % 61);
  bgp::mrt::RecordReader reader(std::make_unique<ChunkedSource>(input, chunk));
  bgp::mrt::BgpdumpPrinter printer(out_stream, err_stream);
  while (auto record = reader.next()) printer.print(*record);
  const int status_stream = printer.finish(reader.error());

  if (status_memory != status_stream || out_memory.str() != out_stream.str() ||
      err_memory.str() != err_stream.str()) {
    __builtin_trap();
  }
  return 0;
}

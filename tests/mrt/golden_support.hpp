#pragma once
// Helpers for comparing bgpdump output with the golden files.
#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "libbgp/mrt/record_reader.hpp"

namespace bgp::mrt::test {

// Whole (decompressed) content of a .gz or plain file; nullopt if unreadable.
inline std::optional<std::string> read_all(const std::string& path) {
  std::string why;
  auto source = open_file_source(path, why);
  if (!source) return std::nullopt;
  std::string out;
  std::vector<std::byte> chunk(1 << 16);
  while (true) {
    auto got = source->read(chunk);
    if (!got) return std::nullopt;
    if (*got == 0) break;
    out.append(reinterpret_cast<const char*>(chunk.data()), *got);
  }
  return out;
}

// "" when equal, else the first differing line pair with its number.
inline std::string first_difference(std::string_view expected, std::string_view actual) {
  std::size_t line = 1;
  while (!expected.empty() || !actual.empty()) {
    const auto e_end = expected.find('\n');
    const auto a_end = actual.find('\n');
    const std::string_view e = expected.substr(0, e_end);
    const std::string_view a = actual.substr(0, a_end);
    if (e != a || (e_end == std::string_view::npos) != (a_end == std::string_view::npos)) {
      std::ostringstream s;
      s << "line " << line << " differs\n  expected: "
        << (expected.empty() ? std::string("<end of output>") : std::string(e))
        << "\n  actual:   " << (actual.empty() ? std::string("<end of output>") : std::string(a));
      return s.str();
    }
    expected = e_end == std::string_view::npos ? std::string_view() : expected.substr(e_end + 1);
    actual = a_end == std::string_view::npos ? std::string_view() : actual.substr(a_end + 1);
    ++line;
  }
  return "";
}

}  // namespace bgp::mrt::test

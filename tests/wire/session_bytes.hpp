#pragma once
// Test helpers for the session-message tests: byte buffers from hex text,
// and comparison of spans.
#include <cctype>
#include <cstddef>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bgp::test {

// "ffff 00 1d" -> bytes; whitespace ignored. The fixtures are written the way
// RFC figures and xxd dumps show them.
inline std::vector<std::byte> hex(std::string_view text) {
  std::vector<std::byte> out;
  int high = -1;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(std::byte(high * 16 + v));
      high = -1;
    }
  }
  return out;
}

// hex() kept alive until the test program ends, for one-line decoder checks
// (the decoders refuse temporaries, since their results view the input).
inline std::span<const std::byte> held(std::string_view text) {
  static std::deque<std::vector<std::byte>> store;
  return store.emplace_back(hex(text));
}

inline std::vector<std::byte> to_vector(std::span<const std::byte> s) { return {s.begin(), s.end()}; }

inline std::string marker_hex() { return std::string(32, 'f'); }

}  // namespace bgp::test

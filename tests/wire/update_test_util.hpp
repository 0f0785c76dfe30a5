#pragma once
// Helpers for the UPDATE golden-byte tests: hex fixtures and body builders.
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "libbgp/wire/byte_reader.hpp"

namespace bgp::testing {

using ByteVec = std::vector<std::byte>;

// "40 01 01 00" -> bytes; spaces and '|' are ignored so fixtures can be grouped.
inline ByteVec hex(std::string_view text) {
  ByteVec out;
  int high = -1;
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) continue;
    const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10);
    if (high < 0) {
      high = v;
    } else {
      out.push_back(std::byte(high * 16 + v));
      high = -1;
    }
  }
  return out;
}

inline std::string to_hex(Bytes b) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i) s += ' ';
    const auto v = std::to_integer<unsigned>(b[i]);
    s += kDigits[v >> 4];
    s += kDigits[v & 15];
  }
  return s;
}

inline ByteVec concat(std::initializer_list<ByteVec> parts) {
  ByteVec out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// An UPDATE body from its three sections (RFC 4271 §4.3).
// Built by concat: pushing the length bytes and then inserting made GCC 12
// at -O3 report a false -Warray-bounds inside vector::insert.
inline ByteVec update_body(const ByteVec& withdrawn, const ByteVec& attrs, const ByteVec& nlri) {
  const auto length = [](std::size_t n) { return ByteVec{std::byte(n >> 8), std::byte(n & 0xff)}; };
  return concat({length(withdrawn.size()), withdrawn, length(attrs.size()), attrs, nlri});
}

// ORIGIN IGP + empty AS_PATH + NEXT_HOP 192.0.2.1: the smallest valid IPv4 attribute set.
inline ByteVec mandatory_attrs() { return hex("40 01 01 00 | 40 02 00 | 40 03 04 c0 00 02 01"); }

}  // namespace bgp::testing

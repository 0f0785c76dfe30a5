#include "libbgp/mrt/bgpdump_address.hpp"

#include <array>
#include <cstdint>
#include <span>

#include <fmt/format.h>

namespace bgp::mrt {
namespace {

// The last 32 bits of an IPv6 address in dotted-quad text.
std::string embedded_ipv4(const std::array<std::uint8_t, 16>& b) {
  return IpAddress::v4(std::as_bytes(std::span<const std::uint8_t, 4>(b.data() + 12, 4))).to_string();
}

}  // namespace

std::string bgpdump_address(const IpAddress& a) {
  if (a.is_v4()) return a.to_string();
  const auto& b = a.bytes();
  std::array<std::uint16_t, 8> group{};
  for (std::size_t i = 0; i < group.size(); ++i) group[i] = static_cast<std::uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);

  // RFC 4291 §2.5.5: the first 80 bits zero, then 0xffff (mapped) or 0x0000
  // (compatible, deprecated). bgpdump, like the C library's
  // IN6_IS_ADDR_V4COMPAT, excludes :: and ::1 from "compatible".
  const bool first_80_zero = group[0] == 0 && group[1] == 0 && group[2] == 0 && group[3] == 0 && group[4] == 0;
  if (first_80_zero && group[5] == 0xffff) return "::ffff:" + embedded_ipv4(b);
  if (first_80_zero && group[5] == 0 && (group[6] != 0 || group[7] > 1)) return "::" + embedded_ipv4(b);

  // The longest run of zero groups, the first of equal ones, of any length.
  std::size_t run_start = group.size();
  std::size_t run_length = 0;
  for (std::size_t i = 0; i < group.size();) {
    std::size_t j = i;
    while (j < group.size() && group[j] == 0) ++j;
    if (j - i > run_length) {
      run_start = i;
      run_length = j - i;
    }
    i = j == i ? i + 1 : j;
  }

  std::string out;
  out.reserve(39);
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (i == run_start) {
      out += i == 0 ? "::" : ":";
      i += run_length - 1;
      continue;
    }
    fmt::format_to(std::back_inserter(out), "{:x}", group[i]);
    if (i + 1 != group.size()) out.push_back(':');
  }
  return out;
}

std::string bgpdump_prefix(const Prefix& p) { return fmt::format("{}/{}", bgpdump_address(p.address()), p.length()); }

}  // namespace bgp::mrt

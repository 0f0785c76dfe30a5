// Value helpers of the typed configuration: lookups, AS and community
// parsing, prefix-list matching, endpoints.
#include "libbgp/config/config.hpp"

#include <array>
#include <charconv>

namespace bgp::config {
namespace {

template <typename T>
std::optional<T> parse_number(std::string_view text) {
  T value{};
  if (text.empty()) return std::nullopt;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

// RFC 1997, RFC 3765 (no-peer), RFC 7999 (blackhole), RFC 8326 (graceful-shutdown).
struct WellKnownCommunity {
  std::string_view name;
  std::uint32_t value;
};
constexpr std::array<WellKnownCommunity, 6> kWellKnown{{
    {"no-export", 0xFFFFFF01},
    {"no-advertise", 0xFFFFFF02},
    {"no-export-subconfed", 0xFFFFFF03},
    {"no-peer", 0xFFFFFF04},
    {"blackhole", 0xFFFF029A},
    {"graceful-shutdown", 0xFFFF0000},
}};

}  // namespace

std::string SourcePos::to_string() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

bool RemoteAs::matches(std::uint32_t peer_as, std::uint32_t local_as) const {
  switch (kind) {
    case Kind::kNumber: return peer_as == asn;
    case Kind::kExternal: return peer_as != local_as;
    case Kind::kInternal: return peer_as == local_as;
  }
  return false;
}

bool RemoteAs::is_ebgp(std::uint32_t local_as) const {
  switch (kind) {
    case Kind::kNumber: return asn != local_as;
    case Kind::kExternal: return true;
    case Kind::kInternal: return false;
  }
  return true;
}

std::string RemoteAs::to_string() const {
  switch (kind) {
    case Kind::kNumber: return std::to_string(asn);
    case Kind::kExternal: return "external";
    case Kind::kInternal: return "internal";
  }
  return "?";
}

bool PrefixMatch::matches(const Prefix& p) const {
  if (p.afi() != prefix.afi() || !prefix.contains(p)) return false;
  const std::uint8_t lo = ge.value_or(prefix.length());
  const std::uint8_t hi = le.value_or(ge ? address_bits(prefix.afi()) : prefix.length());
  return p.length() >= lo && p.length() <= hi;
}

std::optional<std::uint32_t> parse_community(std::string_view text) {
  for (const auto& wk : kWellKnown) {
    if (text == wk.name) return wk.value;
  }
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto hi = parse_number<std::uint16_t>(text.substr(0, colon));
  const auto lo = parse_number<std::uint16_t>(text.substr(colon + 1));
  if (!hi || !lo) return std::nullopt;
  return (static_cast<std::uint32_t>(*hi) << 16) | *lo;
}

std::optional<LargeCommunity> parse_large_community(std::string_view text) {
  const auto c1 = text.find(':');
  if (c1 == std::string_view::npos) return std::nullopt;
  const auto c2 = text.find(':', c1 + 1);
  if (c2 == std::string_view::npos) return std::nullopt;
  const auto g = parse_number<std::uint32_t>(text.substr(0, c1));
  const auto l1 = parse_number<std::uint32_t>(text.substr(c1 + 1, c2 - c1 - 1));
  const auto l2 = parse_number<std::uint32_t>(text.substr(c2 + 1));
  if (!g || !l1 || !l2) return std::nullopt;
  return LargeCommunity{*g, *l1, *l2};
}

std::string Endpoint::to_string() const {
  // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict on
  // `"[" + std::string&&` (GCC bug 105329).
  std::string out;
  if (address.is_v6()) out.append("[").append(address.to_string()).append("]");
  else out = address.to_string();
  return out.append(":").append(std::to_string(port));
}

std::optional<Endpoint> parse_endpoint(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || text.find(':') != colon) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  const auto addr = IpAddress::parse(host);
  const auto p = parse_number<std::uint16_t>(port);
  if (!addr || !p) return std::nullopt;
  if (text.front() == '[' && !addr->is_v6()) return std::nullopt;
  return Endpoint{*addr, *p};
}

const PeerGroup* Config::find_peer_group(std::string_view name) const {
  for (const auto& g : peer_groups) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

const Policy* Config::find_policy(std::string_view name) const {
  for (const auto& p : policies) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const Neighbor* Config::find_neighbor(const IpAddress& address) const {
  for (const auto& n : neighbors) {
    if (n.address == address) return &n;
  }
  return nullptr;
}

const ListenRange* Config::find_listen_range(const IpAddress& address) const {
  const ListenRange* best = nullptr;
  for (const auto& r : listen_ranges) {
    if (!r.prefix.contains(address)) continue;
    if (!best || r.prefix.length() > best->prefix.length()) best = &r;
  }
  return best;
}

}  // namespace bgp::config

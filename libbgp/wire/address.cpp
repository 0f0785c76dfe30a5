#include "libbgp/wire/address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace bgp {

std::string_view family_name(Family f) {
  if (f == kIpv4Unicast) return "ipv4-unicast";
  if (f == kIpv6Unicast) return "ipv6-unicast";
  if (f.afi == Afi::kIpv4) return "ipv4-multicast";
  return "ipv6-multicast";
}

std::optional<Family> parse_family(std::string_view name) {
  if (name == "ipv4-unicast") return kIpv4Unicast;
  if (name == "ipv6-unicast") return kIpv6Unicast;
  return std::nullopt;
}

IpAddress IpAddress::v4(std::uint32_t host_order) {
  IpAddress a;
  a.afi_ = Afi::kIpv4;
  a.bytes_[0] = static_cast<std::uint8_t>(host_order >> 24);
  a.bytes_[1] = static_cast<std::uint8_t>(host_order >> 16);
  a.bytes_[2] = static_cast<std::uint8_t>(host_order >> 8);
  a.bytes_[3] = static_cast<std::uint8_t>(host_order);
  return a;
}

IpAddress IpAddress::v4(std::span<const std::byte, 4> net) {
  IpAddress a;
  a.afi_ = Afi::kIpv4;
  std::memcpy(a.bytes_.data(), net.data(), 4);
  return a;
}

IpAddress IpAddress::v6(std::span<const std::byte, 16> net) {
  IpAddress a;
  a.afi_ = Afi::kIpv6;
  std::memcpy(a.bytes_.data(), net.data(), 16);
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN] = {};
  std::memcpy(buf, text.data(), text.size());
  IpAddress a;
  if (inet_pton(AF_INET, buf, a.bytes_.data()) == 1) {
    a.afi_ = Afi::kIpv4;
    return a;
  }
  if (inet_pton(AF_INET6, buf, a.bytes_.data()) == 1) {
    a.afi_ = Afi::kIpv6;
    return a;
  }
  return std::nullopt;
}

std::uint32_t IpAddress::v4_host_order() const {
  return (std::uint32_t{bytes_[0]} << 24) | (std::uint32_t{bytes_[1]} << 16) |
         (std::uint32_t{bytes_[2]} << 8) | std::uint32_t{bytes_[3]};
}

bool IpAddress::is_unspecified() const {
  return std::all_of(bytes_.begin(), bytes_.end(), [](std::uint8_t b) { return b == 0; });
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
  return buf;
}

namespace {
void mask_bytes(std::array<std::uint8_t, 16>& bytes, std::uint8_t length) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int bits_here = std::clamp(static_cast<int>(length) - static_cast<int>(i * 8), 0, 8);
    bytes[i] &= static_cast<std::uint8_t>(0xff00u >> bits_here);
  }
}
}  // namespace

Prefix::Prefix(const IpAddress& addr, std::uint8_t length)
    : addr_(addr), length_(std::min(length, address_bits(addr.afi()))) {
  auto bytes = addr_.bytes();
  mask_bytes(bytes, length_);
  addr_ = addr.is_v4() ? IpAddress::v4(std::as_bytes(std::span<const std::uint8_t, 4>(bytes.data(), 4)))
                       : IpAddress::v6(std::as_bytes(std::span<const std::uint8_t, 16>(bytes.data(), 16)));
}

std::optional<Prefix> Prefix::parse(std::string_view text) {
  const auto slash = text.find('/');
  auto addr = IpAddress::parse(text.substr(0, slash));
  if (!addr) return std::nullopt;
  unsigned length = address_bits(addr->afi());
  if (slash != std::string_view::npos) {
    const auto len_text = text.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), length);
    if (ec != std::errc{} || ptr != len_text.data() + len_text.size() || len_text.empty()) return std::nullopt;
    if (length > address_bits(addr->afi())) return std::nullopt;
  }
  return Prefix(*addr, static_cast<std::uint8_t>(length));
}

std::optional<Prefix> Prefix::from_wire(Afi afi, std::uint8_t length, std::span<const std::byte> bytes) {
  if (length > address_bits(afi)) return std::nullopt;
  const std::size_t needed = (length + 7u) / 8u;
  if (bytes.size() < needed) return std::nullopt;
  std::array<std::byte, 16> full{};
  std::memcpy(full.data(), bytes.data(), needed);
  const IpAddress a = afi == Afi::kIpv4 ? IpAddress::v4(std::span<const std::byte, 4>(full.data(), 4))
                                        : IpAddress::v6(std::span<const std::byte, 16>(full.data(), 16));
  return Prefix(a, length);
}

bool Prefix::contains(const IpAddress& a) const {
  if (a.afi() != afi()) return false;
  return Prefix(a, length_).addr_ == addr_;
}

bool Prefix::contains(const Prefix& p) const {
  return p.afi() == afi() && p.length_ >= length_ && contains(p.addr_);
}

std::string Prefix::to_string() const { return addr_.to_string() + "/" + std::to_string(length_); }

}  // namespace bgp

std::size_t std::hash<bgp::IpAddress>::operator()(const bgp::IpAddress& a) const noexcept {
  // FNV-1a over the significant bytes; cheap and good enough for hash tables keyed by address.
  std::size_t h = 1469598103934665603ull ^ static_cast<std::size_t>(a.afi());
  for (auto b : a.span()) h = (h ^ b) * 1099511628211ull;
  return h;
}

std::size_t std::hash<bgp::Prefix>::operator()(const bgp::Prefix& p) const noexcept {
  return std::hash<bgp::IpAddress>{}(p.address()) * 31u + p.length();
}

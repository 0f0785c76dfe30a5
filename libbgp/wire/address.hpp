#pragma once
// IP addresses and prefixes shared by every libbgp module. Fixed-size value
// types (no heap), comparable and hashable, so they can key RIB structures and
// travel in FSM/RIB/FIB events by value.
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bgp {

// RFC 4760 / IANA address family and subsequent address family identifiers.
enum class Afi : std::uint16_t { kIpv4 = 1, kIpv6 = 2 };
enum class Safi : std::uint8_t { kUnicast = 1, kMulticast = 2 };

struct Family {
  Afi afi = Afi::kIpv4;
  Safi safi = Safi::kUnicast;
  friend constexpr auto operator<=>(const Family&, const Family&) = default;
};
inline constexpr Family kIpv4Unicast{Afi::kIpv4, Safi::kUnicast};
inline constexpr Family kIpv6Unicast{Afi::kIpv6, Safi::kUnicast};

// "ipv4-unicast" / "ipv6-unicast" (the names config files and JSON use).
std::string_view family_name(Family f);
std::optional<Family> parse_family(std::string_view name);

constexpr std::size_t address_bytes(Afi afi) { return afi == Afi::kIpv4 ? 4 : 16; }
constexpr std::uint8_t address_bits(Afi afi) { return afi == Afi::kIpv4 ? 32 : 128; }

// An IPv4 or IPv6 address in network byte order. IPv4 uses bytes [0,4).
class IpAddress {
 public:
  constexpr IpAddress() = default;
  static IpAddress v4(std::uint32_t host_order);
  static IpAddress v4(std::span<const std::byte, 4> net);
  static IpAddress v6(std::span<const std::byte, 16> net);
  static std::optional<IpAddress> parse(std::string_view text);
  // Decoder hot path (one call per NLRI prefix): overwrites this address in
  // place with address_bytes(afi) octets from `net`, zeroing the rest. In
  // place and inline so prefix iteration builds and copies no temporaries.
  void assign(Afi afi, const std::uint8_t* net) noexcept {
    afi_ = afi;
    if (afi == Afi::kIpv4) {
      std::memcpy(bytes_.data(), net, 4);
      std::memset(bytes_.data() + 4, 0, 12);
    } else {
      std::memcpy(bytes_.data(), net, 16);
    }
  }

  // Prefix iteration over an IPv4 field: the address is already IPv4 with
  // octets [4,16) zero (a default IpAddress or a previous IPv4 assign), so
  // only the four address octets change -- one store, not a 16-octet rewrite.
  void assign_v4_octets(const std::uint8_t* net) noexcept { std::memcpy(bytes_.data(), net, 4); }

  Afi afi() const { return afi_; }
  bool is_v4() const { return afi_ == Afi::kIpv4; }
  bool is_v6() const { return afi_ == Afi::kIpv6; }
  std::uint32_t v4_host_order() const;
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }
  std::span<const std::uint8_t> span() const { return {bytes_.data(), address_bytes(afi_)}; }
  bool is_unspecified() const;
  std::string to_string() const;

  friend auto operator<=>(const IpAddress&, const IpAddress&) = default;
  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  Afi afi_ = Afi::kIpv4;
  std::array<std::uint8_t, 16> bytes_{};
};

// A prefix with host bits cleared (constructors mask them: RFC 4271 §4.3 lets
// a speaker send trailing bits, receivers ignore them).
class Prefix {
 public:
  constexpr Prefix() = default;
  Prefix(const IpAddress& addr, std::uint8_t length);  // length clamped by caller; masked here
  static std::optional<Prefix> parse(std::string_view text);  // "10.0.0.0/8", "2001:db8::/32"
  // Builds from the wire form: `length` bits, ceil(length/8) bytes in `bytes`.
  // Returns nullopt when length exceeds the family's bits or bytes are short.
  static std::optional<Prefix> from_wire(Afi afi, std::uint8_t length, std::span<const std::byte> bytes);
  // Decoder hot path, in place: `net` already has every bit past `length`
  // cleared and length <= address_bits(afi) (the caller checked), so nothing is re-masked.
  void assign_masked(Afi afi, const std::uint8_t* net, std::uint8_t length) noexcept {
    addr_.assign(afi, net);
    length_ = length;
  }
  // The same for an IPv4 prefix whose address is already IPv4 with octets
  // [4,16) zero (see IpAddress::assign_v4_octets): the NLRI iterator's entry.
  void assign_masked_v4_octets(const std::uint8_t* net, std::uint8_t length) noexcept {
    addr_.assign_v4_octets(net);
    length_ = length;
  }

  Afi afi() const { return addr_.afi(); }
  const IpAddress& address() const { return addr_; }
  std::uint8_t length() const { return length_; }
  bool contains(const IpAddress& a) const;
  bool contains(const Prefix& p) const;  // p is equal to or more specific than *this
  bool is_host() const { return length_ == address_bits(afi()); }
  std::string to_string() const;

  friend auto operator<=>(const Prefix&, const Prefix&) = default;
  friend bool operator==(const Prefix&, const Prefix&) = default;

 private:
  IpAddress addr_;
  std::uint8_t length_ = 0;
};

}  // namespace bgp

template <>
struct std::hash<bgp::IpAddress> {
  std::size_t operator()(const bgp::IpAddress& a) const noexcept;
};
template <>
struct std::hash<bgp::Prefix> {
  std::size_t operator()(const bgp::Prefix& p) const noexcept;
};

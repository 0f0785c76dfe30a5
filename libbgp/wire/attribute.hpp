#pragma once
// Path attribute vocabulary (RFC 4271 §4.3, §5) shared by the UPDATE decoder
// and encoder: type codes, flag bits, the raw attribute walk, and typed views
// over the list-valued attributes (communities, cluster list). Views point
// into the message; nothing here allocates.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/byte_reader.hpp"

namespace bgp {

// IANA "BGP Path Attributes" codes this codec understands.
enum class AttrType : std::uint8_t {
  kOrigin = 1,
  kAsPath = 2,
  kNextHop = 3,
  kMed = 4,
  kLocalPref = 5,
  kAtomicAggregate = 6,
  kAggregator = 7,
  kCommunities = 8,            // RFC 1997
  kOriginatorId = 9,           // RFC 4456
  kClusterList = 10,           // RFC 4456
  kMpReachNlri = 14,           // RFC 4760
  kMpUnreachNlri = 15,         // RFC 4760
  kExtendedCommunities = 16,   // RFC 4360
  kAs4Path = 17,               // RFC 6793
  kAs4Aggregator = 18,         // RFC 6793
  kLargeCommunities = 32,      // RFC 8092
};

// RFC 4271 §4.3 attribute flag bits (high-order octet bits 0..3).
namespace attr_flag {
inline constexpr std::uint8_t kOptional = 0x80;
inline constexpr std::uint8_t kTransitive = 0x40;
inline constexpr std::uint8_t kPartial = 0x20;
inline constexpr std::uint8_t kExtendedLength = 0x10;
}  // namespace attr_flag

// ORIGIN values (RFC 4271 §5.1.1).
enum class Origin : std::uint8_t { kIgp = 0, kEgp = 1, kIncomplete = 2 };

// RFC 6793 §9: the 2-octet placeholder for a 4-octet ASN.
inline constexpr std::uint32_t kAsTrans = 23456;

// "ORIGIN", "AS_PATH", ... ; "UNKNOWN" for codes this codec does not know.
std::string_view attr_type_name(std::uint8_t code);
// True for every code in AttrType (a bitmask test: called per attribute).
constexpr bool is_known_attr_type(std::uint8_t code) {
  constexpr std::uint64_t kKnown = (1ull << 1) | (1ull << 2) | (1ull << 3) | (1ull << 4) | (1ull << 5) | (1ull << 6) |
                                   (1ull << 7) | (1ull << 8) | (1ull << 9) | (1ull << 10) | (1ull << 14) |
                                   (1ull << 15) | (1ull << 16) | (1ull << 17) | (1ull << 18) | (1ull << 32);
  return code < 64 && ((kKnown >> code) & 1u);
}

// A set of attribute type codes (256 bits), used for "seen" and "discarded".
class AttrTypeSet {
 public:
  constexpr bool contains(std::uint8_t code) const { return (words_[code >> 6] >> (code & 63)) & 1u; }
  constexpr bool contains(AttrType t) const { return contains(static_cast<std::uint8_t>(t)); }
  constexpr void insert(std::uint8_t code) { words_[code >> 6] |= std::uint64_t{1} << (code & 63); }
  constexpr void insert(AttrType t) { insert(static_cast<std::uint8_t>(t)); }
  constexpr bool empty() const { return (words_[0] | words_[1] | words_[2] | words_[3]) == 0; }
  friend constexpr bool operator==(const AttrTypeSet&, const AttrTypeSet&) = default;

 private:
  std::uint64_t words_[4] = {0, 0, 0, 0};
};

// AGGREGATOR (RFC 4271 §5.1.7), with AS4_AGGREGATOR applied (RFC 6793 §4.2.3).
struct Aggregator {
  std::uint32_t asn = 0;
  IpAddress address;
  friend bool operator==(const Aggregator&, const Aggregator&) = default;
};

// One attribute as found on the wire. `whole` (header + value) is what
// RFC 4271 §6.3 puts in a NOTIFICATION's data field.
struct RawAttribute {
  std::uint8_t flags = 0;
  std::uint8_t type = 0;
  Bytes value{};
  Bytes whole{};
  bool optional() const { return flags & attr_flag::kOptional; }
  bool transitive() const { return flags & attr_flag::kTransitive; }
  bool partial() const { return flags & attr_flag::kPartial; }
};

// Reads one attribute header and value from `r`. nullopt (reader position
// unspecified) when the header or the value overruns the field (RFC 7606 §4).
inline std::optional<RawAttribute> read_attribute(ByteReader& r) {
  const Bytes start = r.rest();
  const auto flags = r.u8();
  const auto type = r.u8();
  if (!flags || !type) return std::nullopt;
  std::optional<std::uint16_t> length;
  if (*flags & attr_flag::kExtendedLength) {
    length = r.u16();
  } else if (auto l8 = r.u8()) {
    length = *l8;
  }
  if (!length) return std::nullopt;
  const std::size_t header = (*flags & attr_flag::kExtendedLength) ? 4 : 3;
  auto value = r.bytes(*length);
  if (!value) return std::nullopt;
  return RawAttribute{*flags, *type, *value, start.first(header + *length)};
}

// Forward range over a path attribute field; stops at the first attribute
// that does not fit (the decoder reports that case; this walk just ends).
class AttributeRange {
 public:
  class iterator {
   public:
    using value_type = RawAttribute;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(Bytes field) : reader_(field) { advance(); }
    const RawAttribute& operator*() const { return current_; }
    const RawAttribute* operator->() const { return &current_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    iterator operator++(int) {
      auto copy = *this;
      advance();
      return copy;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.done_ == b.done_ && (a.done_ || a.current_.whole.data() == b.current_.whole.data()); }

   private:
    void advance() {
      if (auto a = read_attribute(reader_)) {
        current_ = *a;
        done_ = false;
      } else {
        done_ = true;
      }
    }
    ByteReader reader_{};
    RawAttribute current_{};
    bool done_ = true;
  };

  AttributeRange() = default;
  explicit AttributeRange(Bytes field) : field_(field) {}
  iterator begin() const { return iterator(field_); }
  iterator end() const { return iterator(); }

 private:
  Bytes field_{};
};

// A list of fixed-size big-endian values (COMMUNITIES, CLUSTER_LIST: 4 octets;
// EXTENDED_COMMUNITIES: 8 octets). The decoder has checked the length is a multiple.
template <std::size_t N>
class FixedListView {
 public:
  FixedListView() = default;
  explicit FixedListView(Bytes raw) : raw_(raw) {}
  std::size_t size() const { return raw_.size() / N; }
  bool empty() const { return raw_.size() < N; }
  Bytes raw() const { return raw_; }
  Bytes element(std::size_t i) const { return raw_.subspan(i * N, N); }

 protected:
  Bytes raw_{};
};

// RFC 1997 communities: each a 32-bit value (high 16 bits an ASN by convention).
class CommunityList : public FixedListView<4> {
 public:
  using FixedListView::FixedListView;
  std::uint32_t operator[](std::size_t i) const { return load_u32(raw_, i * 4); }
};
// RFC 1997 well-known communities.
inline constexpr std::uint32_t kNoExport = 0xFFFFFF01;
inline constexpr std::uint32_t kNoAdvertise = 0xFFFFFF02;
inline constexpr std::uint32_t kNoExportSubconfed = 0xFFFFFF03;

// RFC 4456 CLUSTER_LIST: cluster ids as 32-bit values.
using ClusterList = CommunityList;

// RFC 4360 extended communities as 64-bit values (type octet in the top byte).
class ExtendedCommunityList : public FixedListView<8> {
 public:
  using FixedListView::FixedListView;
  std::uint64_t operator[](std::size_t i) const {
    return (std::uint64_t{load_u32(raw_, i * 8)} << 32) | load_u32(raw_, i * 8 + 4);
  }
};

// RFC 8092 large community: global administrator, two local data parts.
struct LargeCommunity {
  std::uint32_t global = 0;
  std::uint32_t local1 = 0;
  std::uint32_t local2 = 0;
  friend auto operator<=>(const LargeCommunity&, const LargeCommunity&) = default;
};
class LargeCommunityList : public FixedListView<12> {
 public:
  using FixedListView::FixedListView;
  LargeCommunity operator[](std::size_t i) const {
    return {load_u32(raw_, i * 12), load_u32(raw_, i * 12 + 4), load_u32(raw_, i * 12 + 8)};
  }
};

}  // namespace bgp

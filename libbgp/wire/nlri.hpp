#pragma once
// Prefix fields of UPDATE messages: withdrawn routes and NLRI (RFC 4271 §4.3),
// the NLRI inside MP_REACH/MP_UNREACH (RFC 4760 §5), each entry optionally
// preceded by a 4-octet path identifier (RFC 7911 §3). A field is checked once
// (check_nlri) and then iterated lazily as often as needed; iteration never
// allocates and never reads past the field even when it was not checked.
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/byte_reader.hpp"

namespace bgp {

// One prefix of a field. path_id is 0 when ADD-PATH is not in use.
struct NlriEntry {
  Prefix prefix;
  std::uint32_t path_id = 0;
  friend bool operator==(const NlriEntry&, const NlriEntry&) = default;
};

enum class NlriStatus : std::uint8_t {
  kOk,
  kBadPrefixLength,  // length octet larger than the family's bits (RFC 4271 §6.3 Invalid Network Field)
  kTruncated,        // prefix bytes or path id overrun the field (RFC 7606 §5.3)
};

struct NlriCheck {
  NlriStatus status = NlriStatus::kOk;
  std::size_t count = 0;  // entries before the first error
};

// Validates a whole prefix field in one tight pass.
inline NlriCheck check_nlri(Bytes field, Afi afi, bool add_path) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(field.data());
  const auto* end = p + field.size();
  const unsigned max_bits = address_bits(afi);
  std::size_t count = 0;
  while (p < end) {
    if (add_path) {
      if (end - p < 5) return {NlriStatus::kTruncated, count};
      p += 4;
    }
    const unsigned bits = *p++;
    if (bits > max_bits) return {NlriStatus::kBadPrefixLength, count};
    const unsigned bytes = (bits + 7) >> 3;
    if (static_cast<std::size_t>(end - p) < bytes) return {NlriStatus::kTruncated, count};
    p += bytes;
    ++count;
  }
  return {NlriStatus::kOk, count};
}

// Lazy forward range over a prefix field.
class NlriRange {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = NlriEntry;
    using difference_type = std::ptrdiff_t;
    using reference = const NlriEntry&;
    using pointer = const NlriEntry*;

    iterator() = default;
    [[gnu::always_inline]] iterator(const std::uint8_t* p, const std::uint8_t* end, Afi afi, bool add_path)
        : next_(p), end_(end), afi_(afi), add_path_(add_path) {
      advance();
    }
    const NlriEntry& operator*() const { return entry_; }
    const NlriEntry* operator->() const { return &entry_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    iterator operator++(int) {
      auto copy = *this;
      advance();
      return copy;
    }
    // Position-based equality: the end iterator has cur_ == nullptr.
    friend bool operator==(const iterator& a, const iterator& b) { return a.cur_ == b.cur_; }

   private:
    // always_inline: GCC otherwise outlines it where a caller walks several fields.
    [[gnu::always_inline]] void advance() {
      const std::uint8_t* p = next_;
      cur_ = p;
      if (p >= end_) {  // also the end iterator: both pointers null
        cur_ = nullptr;
        return;
      }
      std::uint32_t path_id = 0;
      if (add_path_) {
        if (end_ - p < 5) {
          cur_ = nullptr;
          return;
        }
        path_id = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
        p += 4;
      }
      const unsigned bits = *p++;
      const unsigned bytes = (bits + 7) >> 3;
      const auto left = static_cast<std::size_t>(end_ - p);
      if (bits > address_bits(afi_) || left < bytes) {
        cur_ = nullptr;  // malformed: stop (check_nlri reports why)
        return;
      }
      // Copy only the significant octets and clear the bits past the length
      // (RFC 4271 §4.3: trailing bits are ignored by the receiver).
      const std::uint8_t len = static_cast<std::uint8_t>(bits);
      if (afi_ == Afi::kIpv4) {
        // Assembled in a register from one 4-octet read inside the field
        // (the octets past the prefix are masked off). When fewer than four
        // octets remain -- the last prefix of the field, i.e. the only one
        // of most UPDATEs -- the read is of the field's last four octets,
        // shifted into place, provided they all belong to this entry (its
        // length octet and path id included); only a short last entry such
        // as a /16 is read octet by octet.
        std::uint32_t v = 0;
        if (left >= 4) {
          v = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
        } else if (end_ - cur_ >= 4) {
          const std::uint8_t* q = end_ - 4;  // at or after cur_: inside the field
          const std::uint32_t last = (std::uint32_t{q[0]} << 24) | (std::uint32_t{q[1]} << 16) |
                                     (std::uint32_t{q[2]} << 8) | q[3];
          // left is 0..3; p[0] lands in the top octet (64-bit: a shift by 32 is defined).
          v = static_cast<std::uint32_t>(std::uint64_t{last} << (8 * (4 - left)));
        } else {
          for (unsigned i = 0; i < bytes; ++i) v |= std::uint32_t{p[i]} << (24 - 8 * i);
        }
        // 64-bit shift: a /0 gives an all-zero mask without a branch.
        v &= static_cast<std::uint32_t>(std::uint64_t{0xffffffffu} << (32 - bits));
        if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap32(v);
        std::uint8_t addr[4];
        std::memcpy(addr, &v, 4);  // network order: one store
        // entry_ only ever holds IPv4 prefixes in an IPv4 range (it starts
        // as the default, all-zero IPv4 prefix), so octets [4,16) stay zero.
        entry_.prefix.assign_masked_v4_octets(addr, len);
      } else {
        std::uint8_t addr[16] = {};
        std::memcpy(addr, p, bytes);
        if (bits & 7u) addr[bytes - 1] &= static_cast<std::uint8_t>(0xff00u >> (bits & 7u));
        entry_.prefix.assign_masked(Afi::kIpv6, addr, len);
      }
      entry_.path_id = path_id;
      next_ = p + bytes;
    }

    const std::uint8_t* cur_ = nullptr;
    const std::uint8_t* next_ = nullptr;
    const std::uint8_t* end_ = nullptr;
    Afi afi_ = Afi::kIpv4;
    bool add_path_ = false;
    NlriEntry entry_{};
  };

  NlriRange() = default;
  NlriRange(Bytes field, Afi afi, bool add_path) : field_(field), afi_(afi), add_path_(add_path) {}

  [[gnu::always_inline]] iterator begin() const {
    const auto* p = reinterpret_cast<const std::uint8_t*>(field_.data());
    return iterator(p, p + field_.size(), afi_, add_path_);
  }
  iterator end() const { return iterator(); }
  bool empty() const { return field_.empty(); }
  Bytes raw() const { return field_; }
  Afi afi() const { return afi_; }
  bool add_path() const { return add_path_; }
  NlriCheck check() const { return check_nlri(field_, afi_, add_path_); }

 private:
  Bytes field_{};
  Afi afi_ = Afi::kIpv4;
  bool add_path_ = false;
};

// Bytes one entry takes on the wire (used by the encoder to pack messages).
constexpr std::size_t nlri_entry_size(std::uint8_t bits, bool add_path) {
  return (add_path ? 4u : 0u) + 1u + ((bits + 7u) >> 3);
}

}  // namespace bgp

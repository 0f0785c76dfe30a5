#pragma once
// The encoder's counterpart of ByteReader: a bounded cursor over a
// caller-provided buffer. Every write is length-checked; the first write that
// does not fit marks the writer failed and nothing further is written, so an
// encoder can write unconditionally and check ok() once at the end.
#include <cstddef>
#include <cstdint>
#include <span>

namespace bgp {

using MutableBytes = std::span<std::byte>;

class ByteWriter {
 public:
  constexpr explicit ByteWriter(MutableBytes out) : out_(out) {}

  constexpr bool ok() const { return ok_; }
  constexpr std::size_t position() const { return pos_; }
  constexpr std::size_t remaining() const { return out_.size() - pos_; }
  // What has been written so far.
  constexpr MutableBytes written() const { return out_.first(pos_); }

  constexpr bool u8(std::uint8_t v) {
    if (!reserve(1)) return false;
    out_[pos_++] = std::byte{v};
    return true;
  }
  constexpr bool u16(std::uint16_t v) {
    if (!reserve(2)) return false;
    out_[pos_++] = std::byte(v >> 8);
    out_[pos_++] = std::byte(v & 0xff);
    return true;
  }
  constexpr bool u32(std::uint32_t v) {
    if (!reserve(4)) return false;
    for (int shift = 24; shift >= 0; shift -= 8) out_[pos_++] = std::byte((v >> shift) & 0xff);
    return true;
  }
  constexpr bool bytes(std::span<const std::byte> b) {
    if (!reserve(b.size())) return false;
    for (std::byte x : b) out_[pos_++] = x;
    return true;
  }
  constexpr bool fill(std::byte value, std::size_t n) {
    if (!reserve(n)) return false;
    for (std::size_t i = 0; i < n; ++i) out_[pos_++] = value;
    return true;
  }
  // Reserves n bytes to be patched later (length fields); returns the offset.
  constexpr std::size_t placeholder(std::size_t n) {
    const std::size_t at = pos_;
    fill(std::byte{0}, n);
    return at;
  }
  constexpr void patch_u8(std::size_t at, std::uint8_t v) {
    if (ok_ && at < pos_) out_[at] = std::byte{v};
  }
  constexpr void patch_u16(std::size_t at, std::uint16_t v) {
    if (ok_ && at + 1 < pos_) {
      out_[at] = std::byte(v >> 8);
      out_[at + 1] = std::byte(v & 0xff);
    }
  }

 private:
  constexpr bool reserve(std::size_t n) {
    if (!ok_ || remaining() < n) {
      ok_ = false;
      return false;
    }
    return true;
  }
  MutableBytes out_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace bgp

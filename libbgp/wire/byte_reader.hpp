#pragma once
// A bounded cursor over message bytes (after OpenBGPD's ibuf_get_*): every read
// is length-checked and returns nullopt instead of reading past the end.
// Sub-views are spans into the same buffer; nothing is copied or allocated.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace bgp {

using Bytes = std::span<const std::byte>;

class ByteReader {
 public:
  constexpr ByteReader() = default;
  constexpr explicit ByteReader(Bytes data) : data_(data) {}

  constexpr std::size_t remaining() const { return data_.size() - pos_; }
  constexpr bool empty() const { return remaining() == 0; }
  constexpr std::size_t position() const { return pos_; }
  constexpr Bytes rest() const { return data_.subspan(pos_); }

  constexpr std::optional<std::uint8_t> u8() {
    if (remaining() < 1) return std::nullopt;
    return static_cast<std::uint8_t>(data_[pos_++]);
  }
  constexpr std::optional<std::uint16_t> u16() {
    if (remaining() < 2) return std::nullopt;
    const auto v = static_cast<std::uint16_t>((std::to_integer<unsigned>(data_[pos_]) << 8) |
                                              std::to_integer<unsigned>(data_[pos_ + 1]));
    pos_ += 2;
    return v;
  }
  constexpr std::optional<std::uint32_t> u32() {
    if (remaining() < 4) return std::nullopt;
    const std::uint32_t v = (std::to_integer<std::uint32_t>(data_[pos_]) << 24) |
                            (std::to_integer<std::uint32_t>(data_[pos_ + 1]) << 16) |
                            (std::to_integer<std::uint32_t>(data_[pos_ + 2]) << 8) |
                            std::to_integer<std::uint32_t>(data_[pos_ + 3]);
    pos_ += 4;
    return v;
  }
  // n bytes as a view; nullopt (and no advance) when fewer remain.
  constexpr std::optional<Bytes> bytes(std::size_t n) {
    if (remaining() < n) return std::nullopt;
    Bytes out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  constexpr bool skip(std::size_t n) {
    if (remaining() < n) return false;
    pos_ += n;
    return true;
  }

 private:
  Bytes data_{};
  std::size_t pos_ = 0;
};

// Big-endian loads from a span known to be long enough (callers check first).
constexpr std::uint16_t load_u16(Bytes b, std::size_t at = 0) {
  return static_cast<std::uint16_t>((std::to_integer<unsigned>(b[at]) << 8) | std::to_integer<unsigned>(b[at + 1]));
}
constexpr std::uint32_t load_u32(Bytes b, std::size_t at = 0) {
  return (std::to_integer<std::uint32_t>(b[at]) << 24) | (std::to_integer<std::uint32_t>(b[at + 1]) << 16) |
         (std::to_integer<std::uint32_t>(b[at + 2]) << 8) | std::to_integer<std::uint32_t>(b[at + 3]);
}

}  // namespace bgp

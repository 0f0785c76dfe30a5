#pragma once
// Hand-built MRT byte fixtures for the record-layer tests.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <vector>

namespace bgp::mrt::test {

class Builder {
 public:
  Builder& u8(std::uint32_t v) {
    out_.push_back(static_cast<std::byte>(v & 0xff));
    return *this;
  }
  Builder& u16(std::uint32_t v) { return u8(v >> 8).u8(v); }
  Builder& u32(std::uint32_t v) { return u16(v >> 16).u16(v); }
  Builder& raw(std::initializer_list<std::uint8_t> bytes) {
    for (auto b : bytes) u8(b);
    return *this;
  }
  Builder& bytes(const std::vector<std::byte>& b) {
    out_.insert(out_.end(), b.begin(), b.end());
    return *this;
  }
  const std::vector<std::byte>& get() const { return out_; }
  std::size_t size() const { return out_.size(); }

 private:
  std::vector<std::byte> out_;
};

// An MRT record: common header (RFC 6396 §2) + body; Length = body size.
inline std::vector<std::byte> record(std::uint32_t time, std::uint16_t type, std::uint16_t subtype,
                                     const std::vector<std::byte>& body) {
  Builder b;
  b.u32(time).u16(type).u16(subtype).u32(static_cast<std::uint32_t>(body.size())).bytes(body);
  return b.get();
}

inline std::vector<std::byte> concat(std::initializer_list<std::vector<std::byte>> parts) {
  std::vector<std::byte> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// BGP4MP_STATE_CHANGE (RFC 6396 §4.4.1), IPv4, 2-octet AS.
inline std::vector<std::byte> state_change_body(std::uint16_t old_state, std::uint16_t new_state) {
  Builder b;
  b.u16(65001).u16(65000).u16(0).u16(1).raw({10, 0, 0, 1}).raw({10, 0, 0, 2}).u16(old_state).u16(new_state);
  return b.get();
}

inline std::vector<std::byte> read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) out[i] = static_cast<std::byte>(raw[i]);
  return out;
}

inline void write_file_bytes(const std::string& path, const std::vector<std::byte>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace bgp::mrt::test

#pragma once
// BGP message vocabulary shared by framing, the session messages and UPDATE
// (RFC 4271 §4.1): the five message types, header layout and size limits, a
// zero-copy view of one framed message, the decode result type, and the
// header / KEEPALIVE encoders.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

#include "libbgp/wire/byte_reader.hpp"
#include "libbgp/wire/byte_writer.hpp"
#include "libbgp/wire/errors.hpp"

namespace bgp {

enum class MessageType : std::uint8_t {
  kOpen = 1,
  kUpdate = 2,
  kNotification = 3,
  kKeepalive = 4,
  kRouteRefresh = 5,  // RFC 2918
};
constexpr bool is_known_message_type(std::uint8_t t) { return t >= 1 && t <= 5; }
std::string_view message_type_name(MessageType t);  // "OPEN", ...; "UNKNOWN"

// RFC 4271 §4.1: 16-octet marker of all ones, 2-octet length, 1-octet type.
inline constexpr std::size_t kMarkerSize = 16;
inline constexpr std::size_t kHeaderSize = 19;
inline constexpr std::size_t kLengthOffset = 16;
inline constexpr std::size_t kTypeOffset = 18;
inline constexpr std::size_t kMaxMessageSize = 4096;           // RFC 4271 §4.1
inline constexpr std::size_t kMaxExtendedMessageSize = 65535;  // RFC 8654 §4
// Per-type minimum (or fixed) total lengths, header included (RFC 4271 §4.2-4.5, RFC 2918 §3).
inline constexpr std::size_t kMinOpenSize = 29;
inline constexpr std::size_t kMinUpdateSize = 23;
inline constexpr std::size_t kMinNotificationSize = 21;
inline constexpr std::size_t kKeepaliveSize = 19;
inline constexpr std::size_t kRouteRefreshSize = 23;

// One complete message inside a receive buffer. `body` is what follows the
// header; `whole` includes the header. Both point into the caller's buffer.
struct MessageView {
  MessageType type = MessageType::kKeepalive;
  Bytes body{};
  Bytes whole{};
};

// The result of decoding one message or field: a value, or the NOTIFICATION
// RFC 4271 prescribes (whose data points into the decoded bytes or into
// static storage). No exceptions, no allocation.
template <class T>
class Decoded {
 public:
  Decoded(T value) : value_(std::move(value)) {}                   // NOLINT: implicit on purpose
  Decoded(Notification error) : error_(error) {}                   // NOLINT: implicit on purpose
  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }
  const T& operator*() const { return *value_; }
  T& operator*() { return *value_; }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }
  const T& value() const { return *value_; }
  // Meaningful only when !ok().
  const Notification& error() const { return error_; }

 private:
  std::optional<T> value_{};
  Notification error_{};
};

// Writes the 19-byte header for a message of `total_length` bytes (header
// included). Returns kHeaderSize, or 0 when `out` is too small or the length
// is outside [19, 65535].
std::size_t write_header(MutableBytes out, MessageType type, std::size_t total_length);

// KEEPALIVE (RFC 4271 §4.4): a bare header. Returns 19, or 0 when `out` is too small.
std::size_t encode_keepalive(MutableBytes out);

}  // namespace bgp

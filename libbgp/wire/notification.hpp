#pragma once
// NOTIFICATION (RFC 4271 §4.5) decode and encode, including the shutdown
// communication of RFC 9003 (Cease subcodes 2 Administrative Shutdown and
// 4 Administrative Reset: one length octet, then up to 255 octets of UTF-8).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "libbgp/wire/message.hpp"

namespace bgp {

inline constexpr std::size_t kMaxShutdownCommunication = 255;

struct NotificationView {
  NotifyCode code = NotifyCode::kCease;  // may hold values outside the enum
  std::uint8_t subcode = 0;
  Bytes data{};
  // RFC 9003 §2: set for Cease 2/4 with a well-formed communication. When
  // the length octet overruns the data or the text is not valid UTF-8 the
  // notification still decodes; shutdown_text is empty and
  // shutdown_malformed is true (RFC 9003 §3: log, never reject).
  std::string_view shutdown_text{};
  bool shutdown_malformed = false;

  Notification to_notification() const { return {code, subcode, data}; }
};

// `body` is the message after the header; it must be >= 2 octets (framing
// guarantees that); shorter input gives 1/2 Bad Message Length with no data.
Decoded<NotificationView> decode_notification(Bytes body) noexcept;
Decoded<NotificationView> decode_notification(std::vector<std::byte>&& body) = delete;  // the view would dangle

// True when `text` is well-formed UTF-8 (RFC 3629). Hand-written because no
// dependency of the project offers it and it is 30 lines.
bool is_valid_utf8(std::string_view text);

// Whole NOTIFICATION with header. Returns bytes written, or 0 when `out` is too small.
std::size_t encode_notification(MutableBytes out, const Notification& n);
// Cease 2 or 4 carrying an RFC 9003 shutdown communication; text longer than
// 255 octets is cut at the last UTF-8 character boundary that fits.
std::size_t encode_shutdown_notification(MutableBytes out, CeaseSubcode subcode, std::string_view text);

}  // namespace bgp

#include "libbgp/wire/notification.hpp"

namespace bgp {

bool is_valid_utf8(std::string_view text) {
  // RFC 3629 §4 syntax: no overlong forms, no surrogates, nothing above U+10FFFF.
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t extra = 0;
    unsigned lo = 0x80, hi = 0xbf;  // range of the first continuation byte
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      extra = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      extra = 2;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      extra = 3;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      return false;
    }
    if (text.size() - i - 1 < extra) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      const unsigned min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xbf;
      if (cc < min || cc > max) return false;
    }
    i += extra + 1;
  }
  return true;
}

Decoded<NotificationView> decode_notification(Bytes body) noexcept {
  if (body.size() < 2) {
    return Notification{NotifyCode::kMessageHeader, static_cast<std::uint8_t>(HeaderSubcode::kBadMessageLength), {}};
  }
  NotificationView n;
  n.code = static_cast<NotifyCode>(std::to_integer<std::uint8_t>(body[0]));
  n.subcode = std::to_integer<std::uint8_t>(body[1]);
  n.data = body.subspan(2);
  const bool shutdown = n.code == NotifyCode::kCease &&
                        (n.subcode == static_cast<std::uint8_t>(CeaseSubcode::kAdministrativeShutdown) ||
                         n.subcode == static_cast<std::uint8_t>(CeaseSubcode::kAdministrativeReset));
  if (shutdown && !n.data.empty()) {
    // RFC 9003 §2: length octet, then that many octets of UTF-8.
    const std::size_t len = std::to_integer<std::uint8_t>(n.data[0]);
    if (len > n.data.size() - 1) {
      n.shutdown_malformed = true;
    } else {
      const std::string_view text(reinterpret_cast<const char*>(n.data.data() + 1), len);
      if (is_valid_utf8(text)) {
        n.shutdown_text = text;
      } else {
        n.shutdown_malformed = true;
      }
    }
  }
  return n;
}

std::size_t encode_notification(MutableBytes out, const Notification& n) {
  const std::size_t total = kMinNotificationSize + n.data.size();
  if (total > kMaxExtendedMessageSize) return 0;
  ByteWriter w(out);
  w.placeholder(kHeaderSize);
  w.u8(static_cast<std::uint8_t>(n.code));
  w.u8(n.subcode);
  w.bytes(n.data);
  if (!w.ok()) return 0;
  write_header(out, MessageType::kNotification, total);
  return total;
}

std::size_t encode_shutdown_notification(MutableBytes out, CeaseSubcode subcode, std::string_view text) {
  if (text.size() > kMaxShutdownCommunication) {
    // Cut before a continuation byte never splits a character (RFC 3629 §3).
    std::size_t cut = kMaxShutdownCommunication;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
  ByteWriter w(out);
  w.placeholder(kHeaderSize);
  w.u8(static_cast<std::uint8_t>(NotifyCode::kCease));
  w.u8(static_cast<std::uint8_t>(subcode));
  w.u8(static_cast<std::uint8_t>(text.size()));
  w.bytes(std::as_bytes(std::span(text.data(), text.size())));
  if (!w.ok()) return 0;
  const std::size_t total = w.position();
  write_header(out, MessageType::kNotification, total);
  return total;
}

}  // namespace bgp

#include "libbgp/wire/message.hpp"

namespace bgp {

std::string_view message_type_name(MessageType t) {
  switch (t) {
    case MessageType::kOpen: return "OPEN";
    case MessageType::kUpdate: return "UPDATE";
    case MessageType::kNotification: return "NOTIFICATION";
    case MessageType::kKeepalive: return "KEEPALIVE";
    case MessageType::kRouteRefresh: return "ROUTE-REFRESH";
  }
  return "UNKNOWN";
}

std::size_t write_header(MutableBytes out, MessageType type, std::size_t total_length) {
  if (total_length < kHeaderSize || total_length > kMaxExtendedMessageSize) return 0;
  ByteWriter w(out);
  w.fill(std::byte{0xff}, kMarkerSize);
  w.u16(static_cast<std::uint16_t>(total_length));
  w.u8(static_cast<std::uint8_t>(type));
  return w.ok() ? kHeaderSize : 0;
}

std::size_t encode_keepalive(MutableBytes out) { return write_header(out, MessageType::kKeepalive, kKeepaliveSize); }

}  // namespace bgp

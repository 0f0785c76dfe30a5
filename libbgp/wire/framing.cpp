#include "libbgp/wire/framing.hpp"

#include <algorithm>

namespace bgp {
namespace {

FrameResult need(std::size_t n) {
  FrameResult r;
  r.status = FrameResult::Status::kNeedMore;
  r.needed = n;
  return r;
}

FrameResult fail(NotifyCode code, std::uint8_t subcode, Bytes data) {
  FrameResult r;
  r.status = FrameResult::Status::kError;
  r.error = Notification{code, subcode, data};
  return r;
}

FrameResult header_error(HeaderSubcode subcode, Bytes data) {
  return fail(NotifyCode::kMessageHeader, static_cast<std::uint8_t>(subcode), data);
}

// RFC 4271 §6.1: the length must also suit the message type (§4.2-4.5, RFC 2918 §3).
bool length_fits_type(MessageType type, std::size_t length) {
  switch (type) {
    case MessageType::kOpen: return length >= kMinOpenSize && length <= kMaxMessageSize;  // RFC 8654 §4
    case MessageType::kUpdate: return length >= kMinUpdateSize;
    case MessageType::kNotification: return length >= kMinNotificationSize;
    case MessageType::kKeepalive: return length == kKeepaliveSize;
    case MessageType::kRouteRefresh: return length == kRouteRefreshSize;
  }
  return false;
}

}  // namespace

FrameResult next_frame(Bytes stream, std::size_t max_len) noexcept {
  // RFC 4271 §6.1: a marker that is not all ones means the stream is out of
  // sync. Checking what has arrived so far reports that without waiting.
  const std::size_t marker_seen = std::min(stream.size(), kMarkerSize);
  for (std::size_t i = 0; i < marker_seen; ++i) {
    if (stream[i] != std::byte{0xff}) return header_error(HeaderSubcode::kConnectionNotSynchronized, {});
  }
  if (stream.size() < kHeaderSize) return need(kHeaderSize - stream.size());

  const Bytes length_field = stream.subspan(kLengthOffset, 2);
  const std::size_t length = load_u16(length_field);
  const std::uint8_t type_octet = std::to_integer<std::uint8_t>(stream[kTypeOffset]);
  if (length < kHeaderSize || length > max_len) return header_error(HeaderSubcode::kBadMessageLength, length_field);
  if (!is_known_message_type(type_octet)) {
    return header_error(HeaderSubcode::kBadMessageType, stream.subspan(kTypeOffset, 1));
  }
  const auto type = static_cast<MessageType>(type_octet);
  if (!length_fits_type(type, length)) {
    // RFC 7313 §5: a BoRR/EoRR whose body is not 4 octets is a ROUTE-REFRESH
    // error carrying the complete message; wait for all of it first.
    constexpr std::size_t kSubtypeOffset = kHeaderSize + 2;
    // Decided on the subtype octet, so wait for it whatever the segmentation.
    if (type == MessageType::kRouteRefresh && length > kSubtypeOffset) {
      if (stream.size() <= kSubtypeOffset) return need(kSubtypeOffset + 1 - stream.size());
      const auto subtype = std::to_integer<std::uint8_t>(stream[kSubtypeOffset]);
      if (subtype == 1 || subtype == 2) {
        if (stream.size() < length) return need(length - stream.size());
        return fail(NotifyCode::kRouteRefresh, static_cast<std::uint8_t>(RouteRefreshSubcode::kInvalidMessageLength),
                    stream.first(length));
      }
    }
    return header_error(HeaderSubcode::kBadMessageLength, length_field);
  }
  if (stream.size() < length) return need(length - stream.size());

  FrameResult r;
  r.status = FrameResult::Status::kComplete;
  r.message = MessageView{type, stream.subspan(kHeaderSize, length - kHeaderSize), stream.first(length)};
  r.consumed = length;
  return r;
}

}  // namespace bgp

#pragma once
// Message framing (RFC 4271 §4.1, §6.1): finds the next complete message in a
// TCP byte stream without copying it, or says how many more bytes are needed,
// or gives the Message Header Error NOTIFICATION to send.
#include <cstddef>
#include <vector>

#include "libbgp/wire/message.hpp"

namespace bgp {

struct FrameResult {
  enum class Status : std::uint8_t { kComplete, kNeedMore, kError };
  Status status = Status::kNeedMore;
  MessageView message{};   // kComplete
  std::size_t consumed = 0;  // kComplete: bytes to drop from the stream (== message.whole.size())
  std::size_t needed = 0;    // kNeedMore: at least this many more bytes before trying again
  Notification error{};    // kError: data points into `stream` (the length or type field)

  bool complete() const { return status == Status::kComplete; }
  bool need_more() const { return status == Status::kNeedMore; }
  bool failed() const { return status == Status::kError; }
};

// Examines the start of `stream`. `max_len` is kMaxMessageSize, or
// kMaxExtendedMessageSize once both sides advertised RFC 8654 extended
// messages (OPEN stays limited to 4096 either way, RFC 8654 §4).
// Errors (RFC 4271 §6.1):
//  - marker not all ones             -> 1/1 Connection Not Synchronized, no data
//  - length < 19 or > max_len, or wrong for the type (OPEN < 29, UPDATE < 23,
//    NOTIFICATION < 21, KEEPALIVE != 19, ROUTE-REFRESH != 23)
//                                     -> 1/2 Bad Message Length, data = the 2-octet length field
//  - ROUTE-REFRESH BoRR/EoRR (subtype 1/2) with body length != 4
//                                     -> 7/1 Invalid Message Length, data = the whole message (RFC 7313 §5)
//  - type not 1..5                    -> 1/3 Bad Message Type, data = the type octet
// A bad marker is reported as soon as the first wrong marker byte arrives.
FrameResult next_frame(Bytes stream, std::size_t max_len = kMaxMessageSize) noexcept;
// The result views the stream: a temporary buffer would leave it dangling.
FrameResult next_frame(std::vector<std::byte>&& stream, std::size_t max_len = kMaxMessageSize) = delete;

}  // namespace bgp

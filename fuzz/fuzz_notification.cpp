// libFuzzer target for NOTIFICATION alone (RFC 4271 §4.5, RFC 9003 shutdown
// communication). Input: a NOTIFICATION body (after the 19-octet header).
// Invariants that trap: a body of two or more octets always decodes; a
// shutdown text is only ever valid UTF-8 of at most 255 octets; the decoded
// notification encodes back to exactly the input; a well-formed shutdown
// communication survives encode_shutdown_notification and decodes again.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "libbgp/wire/message.hpp"
#include "libbgp/wire/notification.hpp"

namespace {

using namespace bgp;

void check(bool ok) {
  if (!ok) std::abort();
}

volatile std::uint64_t g_sink = 0;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > kMaxExtendedMessageSize - kHeaderSize) return 0;  // no such message
  const Bytes body(reinterpret_cast<const std::byte*>(data), size);
  const auto n = decode_notification(body);
  if (!n) {
    check(size < 2);
    return 0;
  }
  g_sink = g_sink + notify_code_name(n->code).size() + notify_subcode_name(n->code, n->subcode).size();
  if (!n->shutdown_text.empty()) {
    check(!n->shutdown_malformed && n->shutdown_text.size() <= kMaxShutdownCommunication);
    check(is_valid_utf8(n->shutdown_text));
  }

  static std::array<std::byte, kMaxExtendedMessageSize> out;
  const std::size_t len = encode_notification(out, n->to_notification());
  check(len == kHeaderSize + size);
  check(std::equal(body.begin(), body.end(), out.begin() + kHeaderSize));

  if (!n->shutdown_text.empty()) {
    const auto sub = static_cast<CeaseSubcode>(n->subcode);
    const std::size_t slen = encode_shutdown_notification(out, sub, n->shutdown_text);
    check(slen > kHeaderSize);
    const auto again = decode_notification(std::span(out).first(slen).subspan(kHeaderSize));
    check(again.ok() && again->shutdown_text == n->shutdown_text && again->subcode == n->subcode);
  }
  return 0;
}

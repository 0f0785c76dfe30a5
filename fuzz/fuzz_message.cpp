// libFuzzer target over the message codec: frames a byte stream exactly as a
// session's receive buffer would be framed, then decodes every message of
// every type. Decoded session messages are encoded again and must come back
// identical (a round-trip failure traps, like a crash).
//
// Input: one option octet, then the stream.
//   bit 0: extended messages negotiated (max length 65535, RFC 8654)
//   bit 1: 4-octet AS session (RFC 6793)     bit 2: ADD-PATH receive IPv4
//   bit 3: ADD-PATH receive IPv6             bit 4: iBGP
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "libbgp/wire/framing.hpp"
#include "libbgp/wire/negotiation.hpp"
#include "libbgp/wire/notification.hpp"
#include "libbgp/wire/open.hpp"
#include "libbgp/wire/route_refresh.hpp"
#include "libbgp/wire/update.hpp"

namespace {

using namespace bgp;

void check(bool ok) {
  if (!ok) std::abort();
}

bool same(Bytes a, Bytes b) { return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()); }

// Keeps the optimizer from dropping reads of decoded values.
volatile std::uint64_t g_sink = 0;

const OpenMessage& our_open() {
  static const OpenMessage m = [] {
    OpenMessage o;
    o.my_as = 65001;
    o.hold_time = 90;
    o.bgp_identifier = 0x0a00ff0b;
    o.capabilities.families = {kIpv4Unicast, kIpv6Unicast};
    o.capabilities.route_refresh = true;
    o.capabilities.enhanced_route_refresh = true;
    o.capabilities.extended_message = true;
    o.capabilities.four_octet_as = 65001;
    o.capabilities.add_path = {{kIpv4Unicast, AddPathMode::kBoth}};
    o.capabilities.graceful_restart = GracefulRestartInfo{0, 120, {{kIpv4Unicast, true}}};
    return o;
  }();
  return m;
}

void fuzz_open(Bytes body) {
  const auto open = OpenView::parse(body);
  if (!open) return;
  std::uint64_t sum = open->version() + open->my_as() + open->hold_time() + open->bgp_identifier();
  for (const OptionalParameterView& p : open->parameters()) sum += p.type + p.value.size();
  for (const CapabilityView& c : open->capabilities()) sum += c.code + c.value.size();
  g_sink = g_sink + sum;
  const auto caps = summarize_capabilities(*open);
  if (!caps) return;
  (void)validate_open(*open, *caps, {65001, 0x0a00ff0b, std::nullopt});
  const NegotiatedSession s = negotiate(our_open(), *open, *caps);
  g_sink = g_sink + s.hold_time + s.families.size() + s.add_path.size();

  // Re-encoding the summary and summarizing again gives the same summary.
  OpenMessage again{open->my_as(), open->hold_time(), open->bgp_identifier(), *caps};
  static std::array<std::byte, kMaxMessageSize> out;
  const std::size_t n = encode_open(out, again);
  if (n == 0) return;  // e.g. the summary no longer fits in 4096 octets
  const auto reparsed = OpenView::parse(std::span(out).first(n).subspan(kHeaderSize));
  check(reparsed.ok());
  const auto recaps = summarize_capabilities(*reparsed);
  check(recaps.ok() && *recaps == *caps);
}

void fuzz_update(Bytes body, const DecodeContext& ctx) {
  const DecodedUpdate u = decode_update(body, ctx);
  std::uint64_t sum = static_cast<std::uint64_t>(u.action);
  for (const NlriEntry& e : u.withdrawn) sum += e.prefix.length() + e.path_id;
  for (const NlriEntry& e : u.nlri) sum += e.prefix.length() + e.path_id;
  if (u.mp_reach) {
    for (const NlriEntry& e : u.mp_reach->nlri) sum += e.prefix.length();
  }
  if (u.mp_unreach) {
    for (const NlriEntry& e : u.mp_unreach->withdrawn) sum += e.prefix.length();
  }
  for (const AsSegment& seg : u.as_path()) {
    for (const std::uint32_t asn : seg) sum += asn;
  }
  for (const RawAttribute& a : u.attributes()) sum += a.type + u.is_unknown_transitive(a);
  for (std::size_t i = 0; i < u.communities.size(); ++i) sum += u.communities[i];
  for (std::size_t i = 0; i < u.large_communities.size(); ++i) sum += u.large_communities[i].global;
  sum += u.end_of_rib().has_value();
  g_sink = g_sink + sum;
}

void fuzz_notification(const MessageView& m) {
  const auto n = decode_notification(m.body);
  check(n.ok());  // framing guarantees code and subcode
  g_sink = g_sink + n->shutdown_text.size();
  if (!n->shutdown_text.empty()) check(is_valid_utf8(n->shutdown_text));
  static std::array<std::byte, kMaxExtendedMessageSize> out;
  const std::size_t len = encode_notification(out, n->to_notification());
  check(same(std::span(out).first(len), m.whole));
}

void fuzz_route_refresh(const MessageView& m) {
  const auto rr = decode_route_refresh(m.body);
  check(rr.ok());  // framing guarantees 4 octets
  std::array<std::byte, kRouteRefreshSize> out{};
  const std::size_t len =
      encode_route_refresh(out, rr->family, static_cast<RouteRefreshSubtype>(rr->subtype));
  check(same(std::span(out).first(len), m.whole));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options = data[0];
  Bytes stream(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  const std::size_t max_len = (options & 1) ? kMaxExtendedMessageSize : kMaxMessageSize;
  DecodeContext ctx;
  ctx.four_octet_as = options & 2;
  ctx.add_path_ipv4 = options & 4;
  ctx.add_path_ipv6 = options & 8;
  ctx.ibgp = options & 16;

  while (true) {
    const FrameResult f = next_frame(stream, max_len);
    if (f.need_more()) {
      check(f.needed > 0);
      break;
    }
    if (f.failed()) {
      static std::array<std::byte, kMaxExtendedMessageSize> out;
      check(encode_notification(out, f.error) > 0);
      break;
    }
    check(f.consumed >= kHeaderSize && f.consumed <= stream.size() && f.consumed <= max_len);
    const MessageView& m = f.message;
    switch (m.type) {
      case MessageType::kOpen: fuzz_open(m.body); break;
      case MessageType::kUpdate: fuzz_update(m.body, ctx); break;
      case MessageType::kNotification: fuzz_notification(m); break;
      case MessageType::kKeepalive: check(m.body.empty()); break;
      case MessageType::kRouteRefresh: fuzz_route_refresh(m); break;
    }
    stream = stream.subspan(f.consumed);
  }
  return 0;
}

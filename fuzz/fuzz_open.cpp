// libFuzzer target for OPEN alone (RFC 4271 §4.2, RFC 5492, RFC 9072): the
// body is parsed, every optional parameter and capability is walked and
// handed to its typed decoder, the capabilities are summarized, the RFC 4271
// §6.2 checks and the RFC 9234 role check run, and the session is negotiated
// against one of several local configurations. Invariants that trap:
//  - every NOTIFICATION produced encodes;
//  - negotiation never grants what either side did not advertise;
//  - re-encoding the summary and summarizing again gives the same summary.
//
// Input: one option octet, then an OPEN body (after the 19-octet header).
//   bits 0-2: our RFC 9234 role (0..4; 5..7 none)   bit 3: strict role mode
//   bit 4: expect a peer AS (65002)                 bit 5: iBGP expectation
//   bit 6: our AS is 4-octet only (4200000001)      bit 7: our hold time 0
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "libbgp/wire/capability.hpp"
#include "libbgp/wire/negotiation.hpp"
#include "libbgp/wire/notification.hpp"
#include "libbgp/wire/open.hpp"

namespace {

using namespace bgp;

void check(bool ok) {
  if (!ok) std::abort();
}

volatile std::uint64_t g_sink = 0;

void notification_encodes(const Notification& n) {
  static std::array<std::byte, kMaxExtendedMessageSize> out;
  check(encode_notification(out, n) >= kHeaderSize + 2);
}

// Every typed capability decoder over its TLV; results must be self-consistent.
std::uint64_t decode_capability(const CapabilityView& c) {
  std::uint64_t sum = c.code;
  switch (c.code) {
    case 1:
      if (auto f = decode_multiprotocol(c.value)) sum += static_cast<std::uint16_t>(f->afi);
      break;
    case 9:
      if (auto r = decode_role(c.value)) sum += role_name(*r).size();
      break;
    case 64:
      if (auto gr = GracefulRestartCapability::decode(c.value)) {
        check(gr->restart_time() <= 0x0fff);
        for (std::size_t i = 0; i < gr->family_count(); ++i) sum += gr->family(i).forwarding_preserved;
      }
      break;
    case 65:
      if (auto as = decode_four_octet_as(c.value)) sum += *as;
      break;
    case 69:
      if (auto ap = AddPathCapability::decode(c.value)) {
        for (std::size_t i = 0; i < ap->family_count(); ++i) {
          const AddPathMode m = ap->family(i).mode;
          check(m == AddPathMode::kReceive || m == AddPathMode::kSend || m == AddPathMode::kBoth);
        }
      }
      break;
    case 73:
      if (auto fqdn = decode_fqdn(c.value)) {
        // The domain part may be omitted entirely (some speakers do).
        check(fqdn->hostname.size() + fqdn->domain.size() + 1 <= c.value.size());
        sum += fqdn->hostname.size();
      }
      break;
    default: sum += capability_name(c.code).size(); break;
  }
  return sum;
}

OpenMessage our_open(std::uint8_t options) {
  OpenMessage o;
  o.my_as = (options & 0x40) ? 4200000001u : 65001;
  o.hold_time = (options & 0x80) ? 0 : 90;
  o.bgp_identifier = 0x0a00ff0b;
  o.capabilities.families = {kIpv4Unicast, kIpv6Unicast};
  o.capabilities.route_refresh = true;
  o.capabilities.enhanced_route_refresh = true;
  o.capabilities.extended_message = true;
  o.capabilities.four_octet_as = o.my_as;
  o.capabilities.add_path = {{kIpv4Unicast, AddPathMode::kBoth}, {kIpv6Unicast, AddPathMode::kReceive}};
  o.capabilities.graceful_restart = GracefulRestartInfo{0, 120, {{kIpv4Unicast, true}}};
  if ((options & 7) <= 4) o.capabilities.role = static_cast<BgpRole>(options & 7);
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t options = data[0];
  const Bytes body(reinterpret_cast<const std::byte*>(data + 1), size - 1);

  const auto open = OpenView::parse(body);
  if (!open) {
    notification_encodes(open.error());
    return 0;
  }
  std::uint64_t sum = open->version() + open->my_as() + open->hold_time() + open->bgp_identifier();
  for (const OptionalParameterView& p : open->parameters()) sum += p.type + p.value.size();
  for (const CapabilityView& c : open->capabilities()) sum += decode_capability(c);
  g_sink = g_sink + sum;

  const auto caps = summarize_capabilities(*open);
  if (!caps) {
    notification_encodes(caps.error());
    return 0;
  }
  const OpenMessage ours = our_open(options);
  OpenExpectations expect{ours.my_as, ours.bgp_identifier, std::nullopt};
  if (options & 0x10) expect.peer_as = 65002;
  if (options & 0x20) expect.peer_as = ours.my_as;
  if (auto err = validate_open(*open, *caps, expect)) notification_encodes(*err);
  if (auto err = check_roles(ours.capabilities.role, caps->role, options & 0x08)) notification_encodes(*err);
  g_sink = g_sink + real_peer_as(*open, *caps);

  const NegotiatedSession s = negotiate(ours, *open, *caps);
  check(s.hold_time == std::min(ours.hold_time, open->hold_time()));
  check(s.keepalive_time == s.hold_time / 3);
  for (const Family f : s.families) check(caps->supports(f) && s.has_family(f));
  for (const NegotiatedAddPath& ap : s.add_path) {
    // We send only what the peer can receive, and receive only what it sends.
    if (ap.send) check(can_receive(caps->add_path_mode(ap.family)));
    if (ap.receive) check(can_send(caps->add_path_mode(ap.family)));
  }
  check(!s.extended_message || caps->extended_message);
  check(!s.four_octet_as || caps->four_octet_as.has_value());
  check(!s.enhanced_route_refresh || caps->enhanced_route_refresh);

  // Re-encoding the summary and summarizing again gives the same summary.
  OpenMessage again{open->my_as(), open->hold_time(), open->bgp_identifier(), *caps};
  static std::array<std::byte, kMaxMessageSize> out;
  const std::size_t n = encode_open(out, again);
  if (n == 0) return 0;  // the summary no longer fits in 4096 octets
  const auto reparsed = OpenView::parse(std::span(out).first(n).subspan(kHeaderSize));
  check(reparsed.ok());
  const auto recaps = summarize_capabilities(*reparsed);
  check(recaps.ok() && *recaps == *caps);
  return 0;
}

#include "libbgp/wire/capability.hpp"

namespace bgp {

std::string_view capability_name(std::uint8_t code) {
  switch (static_cast<CapabilityCode>(code)) {
    case CapabilityCode::kMultiprotocol: return "multiprotocol";
    case CapabilityCode::kRouteRefresh: return "route-refresh";
    case CapabilityCode::kExtendedMessage: return "extended-message";
    case CapabilityCode::kRole: return "role";
    case CapabilityCode::kGracefulRestart: return "graceful-restart";
    case CapabilityCode::kFourOctetAs: return "4-octet-as";
    case CapabilityCode::kAddPath: return "add-path";
    case CapabilityCode::kEnhancedRouteRefresh: return "enhanced-route-refresh";
    case CapabilityCode::kLongLivedGracefulRestart: return "long-lived-graceful-restart";
    case CapabilityCode::kFqdn: return "fqdn";
    case CapabilityCode::kRouteRefreshCisco: return "route-refresh-cisco";
  }
  return "unknown";
}

std::string_view role_name(BgpRole r) {
  switch (r) {
    case BgpRole::kProvider: return "provider";
    case BgpRole::kRouteServer: return "rs";
    case BgpRole::kRouteServerClient: return "rs-client";
    case BgpRole::kCustomer: return "customer";
    case BgpRole::kPeer: return "peer";
  }
  return "unknown";
}

std::optional<Family> decode_multiprotocol(Bytes value) {
  if (value.size() != 4) return std::nullopt;
  return make_family(load_u16(value), std::to_integer<std::uint8_t>(value[3]));
}

std::optional<std::uint32_t> decode_four_octet_as(Bytes value) {
  if (value.size() != 4) return std::nullopt;
  return load_u32(value);
}

std::optional<BgpRole> decode_role(Bytes value) {
  if (value.size() != 1) return std::nullopt;
  return static_cast<BgpRole>(std::to_integer<std::uint8_t>(value[0]));
}

std::optional<GracefulRestartCapability> GracefulRestartCapability::decode(Bytes value) {
  // RFC 4724 §3: 2 octets of flags and time, then 4 octets per family.
  if (value.size() < 2 || (value.size() - 2) % 4 != 0) return std::nullopt;
  GracefulRestartCapability gr;
  const std::uint16_t word = load_u16(value);
  gr.flags_ = static_cast<std::uint8_t>(word >> 12);
  gr.restart_time_ = word & 0x0fff;
  gr.entries_ = value.subspan(2);
  return gr;
}

GracefulRestartFamily GracefulRestartCapability::family(std::size_t i) const {
  const Bytes e = entries_.subspan(i * 4, 4);
  return {make_family(load_u16(e), std::to_integer<std::uint8_t>(e[2])),
          (std::to_integer<std::uint8_t>(e[3]) & kForwardingFlag) != 0};
}

std::optional<AddPathCapability> AddPathCapability::decode(Bytes value) {
  if (value.size() % 4 != 0) return std::nullopt;
  for (std::size_t at = 3; at < value.size(); at += 4) {
    const auto mode = std::to_integer<std::uint8_t>(value[at]);
    if (mode < 1 || mode > 3) return std::nullopt;  // RFC 7911 §4: 1, 2 or 3
  }
  AddPathCapability ap;
  ap.entries_ = value;
  return ap;
}

AddPathFamily AddPathCapability::family(std::size_t i) const {
  const Bytes e = entries_.subspan(i * 4, 4);
  return {make_family(load_u16(e), std::to_integer<std::uint8_t>(e[2])),
          static_cast<AddPathMode>(std::to_integer<std::uint8_t>(e[3]))};
}

std::optional<FqdnCapability> decode_fqdn(Bytes value) {
  ByteReader r(value);
  auto text = [&r]() -> std::optional<std::string_view> {
    const auto len = r.u8();
    if (!len) return std::nullopt;
    const auto b = r.bytes(*len);
    if (!b) return std::nullopt;
    return std::string_view(reinterpret_cast<const char*>(b->data()), b->size());
  };
  const auto host = text();
  if (!host) return std::nullopt;
  // Some speakers omit the domain part entirely; treat that as empty.
  if (r.empty()) return FqdnCapability{*host, {}};
  const auto domain = text();
  if (!domain || !r.empty()) return std::nullopt;
  return FqdnCapability{*host, *domain};
}

bool write_capability(ByteWriter& w, std::uint8_t code, Bytes value) {
  if (value.size() > 255) return false;
  w.u8(code);
  w.u8(static_cast<std::uint8_t>(value.size()));
  return w.bytes(value);
}

bool write_multiprotocol(ByteWriter& w, Family f) {
  w.u8(static_cast<std::uint8_t>(CapabilityCode::kMultiprotocol));
  w.u8(4);
  w.u16(static_cast<std::uint16_t>(f.afi));
  w.u8(0);
  return w.u8(static_cast<std::uint8_t>(f.safi));
}

bool write_empty_capability(ByteWriter& w, CapabilityCode code) {
  w.u8(static_cast<std::uint8_t>(code));
  return w.u8(0);
}

bool write_four_octet_as(ByteWriter& w, std::uint32_t asn) {
  w.u8(static_cast<std::uint8_t>(CapabilityCode::kFourOctetAs));
  w.u8(4);
  return w.u32(asn);
}

bool write_role(ByteWriter& w, BgpRole role) {
  w.u8(static_cast<std::uint8_t>(CapabilityCode::kRole));
  w.u8(1);
  return w.u8(static_cast<std::uint8_t>(role));
}

bool write_graceful_restart(ByteWriter& w, std::uint8_t flags, std::uint16_t restart_time,
                            std::span<const GracefulRestartFamily> families) {
  const std::size_t len = 2 + 4 * families.size();
  if (len > 255) return false;
  w.u8(static_cast<std::uint8_t>(CapabilityCode::kGracefulRestart));
  w.u8(static_cast<std::uint8_t>(len));
  w.u16(static_cast<std::uint16_t>(((flags & 0xf) << 12) | (restart_time & 0x0fff)));
  for (const auto& f : families) {
    w.u16(static_cast<std::uint16_t>(f.family.afi));
    w.u8(static_cast<std::uint8_t>(f.family.safi));
    w.u8(f.forwarding_preserved ? GracefulRestartCapability::kForwardingFlag : 0);
  }
  return w.ok();
}

bool write_add_path(ByteWriter& w, std::span<const AddPathFamily> families) {
  const std::size_t len = 4 * families.size();
  if (len > 255) return false;
  w.u8(static_cast<std::uint8_t>(CapabilityCode::kAddPath));
  w.u8(static_cast<std::uint8_t>(len));
  for (const auto& f : families) {
    w.u16(static_cast<std::uint16_t>(f.family.afi));
    w.u8(static_cast<std::uint8_t>(f.family.safi));
    w.u8(static_cast<std::uint8_t>(f.mode));
  }
  return w.ok();
}

bool write_fqdn(ByteWriter& w, std::string_view hostname, std::string_view domain) {
  const std::size_t len = 2 + hostname.size() + domain.size();
  if (hostname.size() > 255 || domain.size() > 255 || len > 255) return false;
  w.u8(static_cast<std::uint8_t>(CapabilityCode::kFqdn));
  w.u8(static_cast<std::uint8_t>(len));
  w.u8(static_cast<std::uint8_t>(hostname.size()));
  w.bytes(std::as_bytes(std::span(hostname.data(), hostname.size())));
  w.u8(static_cast<std::uint8_t>(domain.size()));
  return w.bytes(std::as_bytes(std::span(domain.data(), domain.size())));
}

}  // namespace bgp

#include "libbgp/wire/open.hpp"

#include <algorithm>
#include <array>

#include "libbgp/wire/attribute.hpp"  // kAsTrans

namespace bgp {
namespace {

constexpr std::size_t kFixedOpenBody = 10;  // version, AS, hold, identifier, opt param len
// RFC 4271 §6.2: data of Unsupported Version Number is the largest supported version.
constexpr std::array<std::byte, 2> kSupportedVersionData{std::byte{0}, std::byte{kBgpVersion}};

Notification open_error(std::uint8_t subcode, Bytes data = {}) { return {NotifyCode::kOpenMessage, subcode, data}; }
Notification open_error(OpenSubcode subcode, Bytes data = {}) {
  return open_error(static_cast<std::uint8_t>(subcode), data);
}

// Every parameter (and, inside Capabilities parameters, every capability)
// must fit exactly in its enclosing length (RFC 4271 §4.2, RFC 5492 §4, RFC 9072 §2).
bool parameters_well_formed(Bytes field, bool extended) {
  ByteReader r(field);
  while (!r.empty()) {
    const auto type = r.u8();
    std::optional<std::uint16_t> len;
    if (extended) {
      len = r.u16();
    } else if (const auto l8 = r.u8()) {
      len = *l8;
    }
    if (!type || !len) return false;
    const auto value = r.bytes(*len);
    if (!value) return false;
    if (*type != kCapabilitiesParameter) continue;
    ByteReader caps(*value);
    while (!caps.empty()) {
      const auto code = caps.u8();
      const auto cap_len = caps.u8();
      if (!code || !cap_len || !caps.skip(*cap_len)) return false;
    }
  }
  return true;
}

}  // namespace

void ParameterRange::iterator::advance() {
  const auto type = reader_.u8();
  std::optional<std::uint16_t> len;
  if (extended_) {
    len = reader_.u16();
  } else if (const auto l8 = reader_.u8()) {
    len = *l8;
  }
  std::optional<Bytes> value;
  if (type && len) value = reader_.bytes(*len);
  if (!value) {
    done_ = true;
    return;
  }
  current_ = OptionalParameterView{*type, *value};
}

void CapabilityRange::iterator::enter_parameter() { advance(); }

void CapabilityRange::iterator::advance() {
  for (;;) {
    if (!caps_.empty()) {
      const Bytes start = caps_.rest();
      const auto code = caps_.u8();
      const auto len = caps_.u8();
      std::optional<Bytes> value;
      if (code && len) value = caps_.bytes(*len);
      if (value) {
        current_ = CapabilityView{*code, *value, start.first(2 + value->size())};
        return;
      }
      caps_ = ByteReader{};  // malformed tail (parse rejects it; be safe anyway)
    }
    if (param_ == end_) {
      done_ = true;
      return;
    }
    const OptionalParameterView p = *param_;
    ++param_;
    if (p.type == kCapabilitiesParameter) caps_ = ByteReader(p.value);
  }
}

Decoded<OpenView> OpenView::parse(Bytes body) noexcept {
  if (body.size() < kFixedOpenBody) {
    return Notification{NotifyCode::kMessageHeader, static_cast<std::uint8_t>(HeaderSubcode::kBadMessageLength), {}};
  }
  OpenView v;
  v.body_ = body;
  if (v.version() != kBgpVersion) return open_error(OpenSubcode::kUnsupportedVersion, kSupportedVersionData);

  const std::size_t opt_len = std::to_integer<std::uint8_t>(body[9]);
  Bytes rest = body.subspan(kFixedOpenBody);
  // RFC 9072 §2: a non-zero length followed by parameter type 255 announces
  // the extended form: a 2-octet length, and 2-octet lengths per parameter.
  if (opt_len != 0 && !rest.empty() && rest[0] == std::byte{kExtendedParametersMarker}) {
    if (rest.size() < 3) return open_error(kOpenUnspecific);
    const std::size_t ext_len = load_u16(rest, 1);
    if (rest.size() - 3 != ext_len) return open_error(kOpenUnspecific);
    v.extended_ = true;
    v.params_ = rest.subspan(3);
  } else {
    if (rest.size() != opt_len) return open_error(kOpenUnspecific);
    v.params_ = rest;
  }
  if (!parameters_well_formed(v.params_, v.extended_)) return open_error(kOpenUnspecific);
  return v;
}

bool GracefulRestartInfo::forwarding_preserved(Family f) const {
  return std::any_of(families.begin(), families.end(),
                     [f](const GracefulRestartFamily& g) { return g.family == f && g.forwarding_preserved; });
}

std::vector<Family> PeerCapabilities::effective_families() const {
  if (families.empty()) return {kIpv4Unicast};
  return families;
}

bool PeerCapabilities::supports(Family f) const {
  if (families.empty()) return f == kIpv4Unicast;
  return std::find(families.begin(), families.end(), f) != families.end();
}

AddPathMode PeerCapabilities::add_path_mode(Family f) const {
  for (const auto& a : add_path) {
    if (a.family == f) return a.mode;
  }
  return AddPathMode::kNone;
}

std::uint32_t real_peer_as(const OpenView& open, const PeerCapabilities& caps) {
  return caps.four_octet_as.value_or(open.my_as());
}

Decoded<PeerCapabilities> summarize_capabilities(const OpenView& open) {
  PeerCapabilities pc;
  for (const CapabilityView& cap : open.capabilities()) {
    const Notification malformed = open_error(kOpenUnspecific, cap.whole);
    switch (static_cast<CapabilityCode>(cap.code)) {
      case CapabilityCode::kMultiprotocol: {
        const auto f = decode_multiprotocol(cap.value);
        if (!f) return malformed;
        if (std::find(pc.families.begin(), pc.families.end(), *f) == pc.families.end()) pc.families.push_back(*f);
        break;
      }
      case CapabilityCode::kRouteRefresh:
      case CapabilityCode::kRouteRefreshCisco:
        pc.route_refresh = true;
        break;
      case CapabilityCode::kExtendedMessage:
        pc.extended_message = true;
        break;
      case CapabilityCode::kEnhancedRouteRefresh:
        pc.enhanced_route_refresh = true;
        break;
      case CapabilityCode::kRole: {
        const auto role = decode_role(cap.value);
        if (!role) return malformed;
        // RFC 9234 §4.2: several Role capabilities must agree.
        if (pc.role && *pc.role != *role) {
          return open_error(static_cast<std::uint8_t>(OpenSubcode::kRoleMismatch), cap.whole);
        }
        pc.role = *role;
        break;
      }
      case CapabilityCode::kGracefulRestart: {
        const auto gr = GracefulRestartCapability::decode(cap.value);
        if (!gr) return malformed;
        GracefulRestartInfo info{gr->flags(), gr->restart_time(), {}};
        for (std::size_t i = 0; i < gr->family_count(); ++i) info.families.push_back(gr->family(i));
        pc.graceful_restart = std::move(info);
        break;
      }
      case CapabilityCode::kFourOctetAs: {
        const auto asn = decode_four_octet_as(cap.value);
        if (!asn) return malformed;
        pc.four_octet_as = *asn;
        break;
      }
      case CapabilityCode::kAddPath: {
        const auto ap = AddPathCapability::decode(cap.value);
        if (!ap) return malformed;
        for (std::size_t i = 0; i < ap->family_count(); ++i) {
          const AddPathFamily f = ap->family(i);
          auto same = std::find_if(pc.add_path.begin(), pc.add_path.end(),
                                   [&f](const AddPathFamily& a) { return a.family == f.family; });
          if (same != pc.add_path.end()) {
            same->mode = f.mode;
          } else {
            pc.add_path.push_back(f);
          }
        }
        break;
      }
      case CapabilityCode::kFqdn:
        if (const auto fqdn = decode_fqdn(cap.value)) {
          pc.hostname = std::string(fqdn->hostname);
          pc.domain = std::string(fqdn->domain);
        }
        break;
      case CapabilityCode::kLongLivedGracefulRestart:
      default:
        pc.other.push_back(RawCapability{cap.code, std::vector<std::byte>(cap.value.begin(), cap.value.end())});
        break;
    }
  }
  return pc;
}

std::optional<Notification> validate_open(const OpenView& open, const PeerCapabilities& caps,
                                          const OpenExpectations& expect) {
  // RFC 4271 §6.2, in its order: (version: parse), AS, hold time, identifier, parameters.
  const std::uint32_t asn = real_peer_as(open, caps);
  if (asn == 0) return open_error(OpenSubcode::kBadPeerAs);  // RFC 7607 §2
  if (caps.four_octet_as) {
    // RFC 6793 §4.1: the 2-octet field carries the AS itself when it fits,
    // else AS_TRANS. AS_TRANS with a small AS is tolerated (harmless).
    const bool consistent = open.my_as() == kAsTrans || (asn <= 0xffff && open.my_as() == asn);
    if (!consistent) return open_error(OpenSubcode::kBadPeerAs);
  }
  if (expect.peer_as && asn != *expect.peer_as) return open_error(OpenSubcode::kBadPeerAs);
  if (open.hold_time() == 1 || open.hold_time() == 2) return open_error(OpenSubcode::kUnacceptableHoldTime);
  const std::uint32_t id = open.bgp_identifier();
  if (id == 0) return open_error(OpenSubcode::kBadBgpIdentifier);
  // RFC 6286 §2.2: within an AS the identifiers must differ.
  if (expect.ibgp() && id == expect.local_bgp_identifier) return open_error(OpenSubcode::kBadBgpIdentifier);
  for (const OptionalParameterView& p : open.parameters()) {
    if (p.type != kCapabilitiesParameter) return open_error(OpenSubcode::kUnsupportedOptionalParameter);
  }
  return std::nullopt;
}

namespace {

// Writes the capability TLVs of `open` back to back, in code order.
bool write_capabilities(ByteWriter& w, const OpenMessage& open) {
  const PeerCapabilities& c = open.capabilities;
  bool ok = true;
  for (const Family f : c.families) ok = ok && write_multiprotocol(w, f);
  if (c.route_refresh) ok = ok && write_empty_capability(w, CapabilityCode::kRouteRefresh);
  if (c.extended_message) ok = ok && write_empty_capability(w, CapabilityCode::kExtendedMessage);
  if (c.role) ok = ok && write_role(w, *c.role);
  if (c.graceful_restart) {
    ok = ok && write_graceful_restart(w, c.graceful_restart->flags, c.graceful_restart->restart_time,
                                      c.graceful_restart->families);
  }
  if (c.four_octet_as || open.my_as > 0xffff) ok = ok && write_four_octet_as(w, c.four_octet_as.value_or(open.my_as));
  if (!c.add_path.empty()) ok = ok && write_add_path(w, c.add_path);
  if (c.enhanced_route_refresh) ok = ok && write_empty_capability(w, CapabilityCode::kEnhancedRouteRefresh);
  if (c.hostname) ok = ok && write_fqdn(w, *c.hostname, c.domain);
  for (const RawCapability& raw : c.other) ok = ok && write_capability(w, raw.code, raw.value);
  return ok && w.ok();
}

}  // namespace

std::size_t encode_open_with_capabilities(MutableBytes out, std::uint32_t my_as, std::uint16_t hold_time,
                                          std::uint32_t bgp_identifier, Bytes capability_tlvs) {
  // All capabilities in one Capabilities parameter (RFC 5492 §4 allows it;
  // GoBGP does the same). RFC 9072 §2 extended form only when it exceeds 255 octets.
  const std::size_t param_len = capability_tlvs.size();
  const bool extended = 2 + param_len > 255;
  ByteWriter w(out);
  w.placeholder(kHeaderSize);
  w.u8(kBgpVersion);
  w.u16(static_cast<std::uint16_t>(my_as > 0xffff ? kAsTrans : my_as));  // RFC 6793 §4.1
  w.u16(hold_time);
  w.u32(bgp_identifier);
  if (param_len == 0) {
    w.u8(0);
  } else if (extended) {
    if (3 + param_len > 0xffff) return 0;
    w.u8(255);  // Non-Ext OP Len
    w.u8(kExtendedParametersMarker);
    w.u16(static_cast<std::uint16_t>(3 + param_len));
    w.u8(kCapabilitiesParameter);
    w.u16(static_cast<std::uint16_t>(param_len));
  } else {
    w.u8(static_cast<std::uint8_t>(2 + param_len));
    w.u8(kCapabilitiesParameter);
    w.u8(static_cast<std::uint8_t>(param_len));
  }
  w.bytes(capability_tlvs);
  if (!w.ok() || w.position() > kMaxMessageSize) return 0;  // RFC 8654 §4: OPEN stays <= 4096
  const std::size_t total = w.position();
  write_header(out, MessageType::kOpen, total);
  return total;
}

std::size_t encode_open(MutableBytes out, const OpenMessage& open) {
  // An OPEN is at most 4096 octets (RFC 8654 §4), so its capabilities fit this scratch.
  std::array<std::byte, kMaxMessageSize> scratch;
  ByteWriter caps(scratch);
  if (!write_capabilities(caps, open)) return 0;
  return encode_open_with_capabilities(out, open.my_as, open.hold_time, open.bgp_identifier, caps.written());
}

}  // namespace bgp

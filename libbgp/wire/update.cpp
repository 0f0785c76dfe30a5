#include "libbgp/wire/update.hpp"

#include <array>

namespace bgp {

namespace {

using attr_flag::kOptional;
using attr_flag::kTransitive;
constexpr std::uint8_t kWellKnown = kTransitive;  // RFC 4271 §5: well-known attributes are transitive
constexpr std::uint8_t kOptionalTransitive = kOptional | kTransitive;
constexpr std::uint8_t kOptionalNonTransitive = kOptional;

// The type codes as bytes, so a "missing attribute" NOTIFICATION can point
// its data field (RFC 4271 §6.3: the missing type code) at static storage.
constexpr std::array<std::byte, 6> kTypeCodes = {std::byte{0}, std::byte{1}, std::byte{2},
                                                 std::byte{3}, std::byte{4}, std::byte{5}};

// IpAddress::v4(span) without the out-of-line call (it is in address.cpp):
// the same value, built through the inline IpAddress::assign. Runs for every
// NEXT_HOP, ORIGINATOR_ID, AGGREGATOR and 4-octet MP next hop.
IpAddress ipv4_at(const std::byte* net) {
  IpAddress a;
  a.assign(Afi::kIpv4, reinterpret_cast<const std::uint8_t*>(net));
  return a;
}

// What an attribute decoder reports when the value is wrong. action kNone
// means "the descriptor's RFC 7606 action for this attribute".
struct AttrFault {
  UpdateSubcode subcode;
  std::string_view reason;
  ErrorAction action = ErrorAction::kNone;
  std::optional<Family> family{};  // for MP_REACH/MP_UNREACH: the family to disable
};

struct Walk {
  const DecodeContext& ctx;
  DecodedUpdate& out;
  std::optional<Aggregator> as4_aggregator{};
  AttrFault fault{};  // set by a DecodeFn that returns false

  bool fail(const AttrFault& f) {
    fault = f;
    return false;
  }
};

enum class LengthRule : std::uint8_t {
  kAny,              // checked by the decoder
  kExact,            // exactly `length` octets
  kNonZeroMultiple,  // a non-zero multiple of `length` octets
};

// One row per known attribute (BIRD's bgp_attr_table): the flag bits it must
// carry, its length rule and what RFC 7606 prescribes when it is malformed.
// Flag, length and duplicate checks are done generically in
// walk_attributes(); the value decoders are reached through decode_value().
struct AttrDescriptor {
  bool known = false;
  std::uint8_t flags = 0;  // required Optional and Transitive bits
  LengthRule rule = LengthRule::kAny;
  std::uint16_t length = 0;
  ErrorAction malformed = ErrorAction::kNone;
  std::string_view flags_reason{};
  std::string_view length_reason{};
};

// The value decoders: true when the value is good; otherwise the decoder
// stored why in Walk::fault. (A bool and an out-parameter rather than
// std::optional<AttrFault>: the optional went back through memory on every
// attribute of every UPDATE.) The small ones are always_inline so that the
// switch in decode_value() holds them directly.

[[gnu::always_inline]] inline bool decode_origin(const RawAttribute& a, Walk& w) {
  const auto v = std::to_integer<std::uint8_t>(a.value[0]);
  if (v > 2) return w.fail(AttrFault{UpdateSubcode::kInvalidOriginAttribute, "ORIGIN value undefined (RFC 7606 §7.1)"});
  w.out.origin = static_cast<Origin>(v);
  return true;
}

[[gnu::always_inline]] inline bool decode_as_path(const RawAttribute& a, Walk& w) {
  const std::uint8_t asn_size = w.ctx.four_octet_as ? 4 : 2;
  bool confed = false;
  switch (check_as_path(a.value, asn_size, &confed)) {
    case AsPathStatus::kOk: break;
    case AsPathStatus::kBadSegmentType:
      return w.fail(AttrFault{UpdateSubcode::kMalformedAsPath, "AS_PATH segment type unknown (RFC 7606 §7.2)"});
    case AsPathStatus::kZeroLength:
      return w.fail(AttrFault{UpdateSubcode::kMalformedAsPath, "AS_PATH segment of length zero (RFC 7606 §7.2)"});
    case AsPathStatus::kTruncated:
      return w.fail(AttrFault{UpdateSubcode::kMalformedAsPath, "AS_PATH segment overruns the attribute (RFC 7606 §7.2)"});
  }
  w.out.as_path_attr = AsPathView(a.value, asn_size);
  if (confed && !w.ctx.ibgp && !w.ctx.confederation_peer) {
    return w.fail(AttrFault{UpdateSubcode::kMalformedAsPath,
                     "AS_PATH confederation segment from an external peer (RFC 7606 §7.2, RFC 5065 §5.1)"});
  }
  return true;
}

[[gnu::always_inline]] inline bool decode_next_hop(const RawAttribute& a, Walk& w) {
  w.out.next_hop = ipv4_at(a.value.data());
  return true;
}

[[gnu::always_inline]] inline bool decode_med(const RawAttribute& a, Walk& w) {
  w.out.med = load_u32(a.value);
  return true;
}

[[gnu::always_inline]] inline bool decode_local_pref(const RawAttribute& a, Walk& w) {
  if (!w.ctx.ibgp) {
    // RFC 7606 §7.5: from an external neighbour LOCAL_PREF is discarded, not malformed.
    return w.fail(AttrFault{UpdateSubcode::kMalformedAttributeList, "LOCAL_PREF from an external peer ignored (RFC 7606 §7.5)",
                     ErrorAction::kAttributeDiscard});
  }
  w.out.local_pref = load_u32(a.value);
  return true;
}

[[gnu::always_inline]] inline bool decode_atomic_aggregate(const RawAttribute&, Walk& w) {
  w.out.atomic_aggregate = true;
  return true;
}

bool decode_aggregator(const RawAttribute& a, Walk& w) {
  // RFC 7606 §7.7: 6 octets on 2-octet sessions, 8 with RFC 6793.
  const std::size_t asn_size = w.ctx.four_octet_as ? 4 : 2;
  if (a.value.size() != asn_size + 4) {
    return w.fail(AttrFault{UpdateSubcode::kAttributeLengthError, "AGGREGATOR length wrong for the session (RFC 7606 §7.7)"});
  }
  const std::uint32_t asn = asn_size == 4 ? load_u32(a.value) : load_u16(a.value);
  w.out.aggregator = Aggregator{asn, ipv4_at(a.value.data() + asn_size)};
  return true;
}

[[gnu::always_inline]] inline bool decode_communities(const RawAttribute& a, Walk& w) {
  w.out.communities = CommunityList(a.value);
  return true;
}

[[gnu::always_inline]] inline bool decode_originator_id(const RawAttribute& a, Walk& w) {
  w.out.originator_id = ipv4_at(a.value.data());
  return true;
}

[[gnu::always_inline]] inline bool decode_cluster_list(const RawAttribute& a, Walk& w) {
  w.out.cluster_list = ClusterList(a.value);
  return true;
}

[[gnu::always_inline]] inline bool decode_extended_communities(const RawAttribute& a, Walk& w) {
  w.out.extended_communities = ExtendedCommunityList(a.value);
  return true;
}

[[gnu::always_inline]] inline bool decode_large_communities(const RawAttribute& a, Walk& w) {
  w.out.large_communities = LargeCommunityList(a.value);
  return true;
}

bool decode_as4_path(const RawAttribute& a, Walk& w) {
  if (w.ctx.four_octet_as) {
    // RFC 6793 §4.1: between NEW speakers AS4_PATH is not used; drop it quietly.
    w.out.discarded.insert(AttrType::kAs4Path);
    return true;
  }
  bool confed = false;
  if (check_as_path(a.value, 4, &confed) != AsPathStatus::kOk) {
    return w.fail(AttrFault{UpdateSubcode::kOptionalAttributeError, "AS4_PATH malformed (RFC 6793 §6)"});
  }
  const AsPathView view(a.value, 4);
  if (confed) {
    return w.fail(AttrFault{UpdateSubcode::kOptionalAttributeError, "AS4_PATH carries confederation segments (RFC 6793 §6)"});
  }
  w.out.as4_path_attr = view;
  return true;
}

bool decode_as4_aggregator(const RawAttribute& a, Walk& w) {
  if (w.ctx.four_octet_as) {
    w.out.discarded.insert(AttrType::kAs4Aggregator);  // RFC 6793 §4.1, as for AS4_PATH
    return true;
  }
  w.as4_aggregator = Aggregator{load_u32(a.value), ipv4_at(a.value.data() + 4)};
  return true;
}

// RFC 4760 §3 families this codec carries: IPv4/IPv6 unicast and multicast
// (multicast only so collectors' dumps decode fully; the daemon negotiates
// unicast). Others are ignored as not negotiated.
std::optional<Family> supported_family(std::uint16_t afi, std::uint8_t safi) {
  if (safi != static_cast<std::uint8_t>(Safi::kUnicast) && safi != static_cast<std::uint8_t>(Safi::kMulticast)) {
    return std::nullopt;
  }
  if (afi != static_cast<std::uint16_t>(Afi::kIpv4) && afi != static_cast<std::uint16_t>(Afi::kIpv6)) {
    return std::nullopt;
  }
  return Family{static_cast<Afi>(afi), static_cast<Safi>(safi)};
}

// The family named by an MP attribute's first three octets, if any.
std::optional<Family> mp_family_of(Bytes value) {
  if (value.size() < 3) return std::nullopt;
  return supported_family(load_u16(value), std::to_integer<std::uint8_t>(value[2]));
}

// RFC 7606 §7.11 / §5.3: MP_REACH/MP_UNREACH errors cannot be handled by
// treat-as-withdraw; the family is disabled (RFC 4760 §7), or the session
// reset when the family cannot even be determined.
AttrFault mp_fault(std::optional<Family> family, std::string_view reason) {
  if (family) return AttrFault{UpdateSubcode::kOptionalAttributeError, reason, ErrorAction::kAfiSafiDisable, family};
  return AttrFault{UpdateSubcode::kOptionalAttributeError, reason, ErrorAction::kSessionReset};
}

// RFC 4760 §3: the next hop is a network address of the AFI's protocol:
// IPv6 carries 16 octets or 32 (global + link-local, RFC 2545 §3); IPv4 carries
// 4, or an IPv6 next hop (16/32) only where RFC 8950 was negotiated. A length
// the AFI does not allow makes the attribute malformed, and since the NLRI
// after it cannot be located reliably RFC 7606 §7.11 prescribes session reset
// or AFI/SAFI disable, never treat-as-withdraw (the kernel would otherwise be
// handed an IPv4 route via an IPv6 gateway it rejects, over and over).
bool next_hop_length_fits(Afi afi, std::size_t len, const DecodeContext& ctx) {
  if (afi == Afi::kIpv6) return len == 16 || len == 32;
  return len == 4 || (ctx.extended_next_hop_ipv4 && (len == 16 || len == 32));
}

// Next hop of `len` octets (RFC 4760 §3, RFC 2545 §3 link-local, RFC 8950 IPv6 for IPv4).
bool read_mp_next_hop(Bytes nh, DecodedUpdate::MpReach& out) {
  switch (nh.size()) {
    case 4: out.next_hop = ipv4_at(nh.data()); return true;
    case 16: out.next_hop = IpAddress::v6(std::span<const std::byte, 16>(nh.data(), 16)); return true;
    case 32:
      out.next_hop = IpAddress::v6(std::span<const std::byte, 16>(nh.data(), 16));
      out.link_local = IpAddress::v6(std::span<const std::byte, 16>(nh.data() + 16, 16));
      return true;
    default: return false;
  }
}

bool decode_mp_reach(const RawAttribute& a, Walk& w) {
  const Bytes v = a.value;
  DecodedUpdate::MpReach reach;
  if (w.ctx.mrt_abbreviated_mp_reach && !v.empty() && v[0] != std::byte{0}) {
    // RFC 6396 §4.3.4: next-hop length and next hop only; the family comes from the RIB entry.
    const std::size_t nh_len = std::to_integer<std::uint8_t>(v[0]);
    if (v.size() < 1 + nh_len || !read_mp_next_hop(v.subspan(1, nh_len), reach)) {
      return w.fail(mp_fault(w.ctx.mrt_family, "MRT abbreviated MP_REACH_NLRI next hop malformed (RFC 6396 §4.3.4)"));
    }
    reach.family = w.ctx.mrt_family;
    reach.nlri = NlriRange(Bytes{}, reach.family.afi, false);
    w.out.mp_reach = reach;
    return true;
  }
  if (v.size() < 3) return w.fail(mp_fault(std::nullopt, "MP_REACH_NLRI too short to name a family (RFC 7606 §7.11)"));
  const auto family = mp_family_of(v);
  if (!family) return true;  // a family we do not carry: ignored, as unnegotiated (RFC 4760 §7)
  if (v.size() < 5) return w.fail(mp_fault(family, "MP_REACH_NLRI truncated (RFC 7606 §7.11)"));
  const std::size_t nh_len = std::to_integer<std::uint8_t>(v[3]);
  // AFI, SAFI, next-hop length, next hop, reserved octet, NLRI (RFC 4760 §3).
  if (v.size() < 5 + nh_len) return w.fail(mp_fault(family, "MP_REACH_NLRI next hop overruns the attribute (RFC 7606 §7.11)"));
  if (!next_hop_length_fits(family->afi, nh_len, w.ctx) || !read_mp_next_hop(v.subspan(4, nh_len), reach)) {
    return w.fail(mp_fault(family, "MP_REACH_NLRI next-hop length wrong for the AFI (RFC 7606 §7.11, RFC 4760 §3)"));
  }
  reach.family = *family;
  const bool add_path = w.ctx.add_path(family->afi);
  reach.nlri = NlriRange(v.subspan(5 + nh_len), family->afi, add_path);
  if (reach.nlri.check().status != NlriStatus::kOk) {
    return w.fail(mp_fault(family, "MP_REACH_NLRI prefix field malformed (RFC 7606 §5.3)"));
  }
  w.out.mp_reach = reach;
  return true;
}

bool decode_mp_unreach(const RawAttribute& a, Walk& w) {
  const Bytes v = a.value;
  if (v.size() < 3) return w.fail(mp_fault(std::nullopt, "MP_UNREACH_NLRI too short to name a family (RFC 7606 §7.11)"));
  const auto family = mp_family_of(v);
  if (!family) return true;  // not a family we carry (RFC 4760 §7)
  DecodedUpdate::MpUnreach unreach{*family, NlriRange(v.subspan(3), family->afi, w.ctx.add_path(family->afi))};
  if (unreach.withdrawn.check().status != NlriStatus::kOk) {
    return w.fail(mp_fault(family, "MP_UNREACH_NLRI prefix field malformed (RFC 7606 §5.3)"));
  }
  w.out.mp_unreach = unreach;
  return true;
}

// Dispatch on the type code by a switch (a jump table) rather than through a
// function pointer per descriptor: the small decoders are inlined into the
// attribute walk and the RawAttribute stays in registers instead of being
// built in memory for an indirect call (one call per attribute of every UPDATE).
[[gnu::always_inline]] inline bool decode_value(const RawAttribute& a, Walk& w) {
  switch (static_cast<AttrType>(a.type)) {
    case AttrType::kOrigin: return decode_origin(a, w);
    case AttrType::kAsPath: return decode_as_path(a, w);
    case AttrType::kNextHop: return decode_next_hop(a, w);
    case AttrType::kMed: return decode_med(a, w);
    case AttrType::kLocalPref: return decode_local_pref(a, w);
    case AttrType::kAtomicAggregate: return decode_atomic_aggregate(a, w);
    case AttrType::kAggregator: return decode_aggregator(a, w);
    case AttrType::kCommunities: return decode_communities(a, w);
    case AttrType::kOriginatorId: return decode_originator_id(a, w);
    case AttrType::kClusterList: return decode_cluster_list(a, w);
    case AttrType::kMpReachNlri: return decode_mp_reach(a, w);
    case AttrType::kMpUnreachNlri: return decode_mp_unreach(a, w);
    case AttrType::kExtendedCommunities: return decode_extended_communities(a, w);
    case AttrType::kAs4Path: return decode_as4_path(a, w);
    case AttrType::kAs4Aggregator: return decode_as4_aggregator(a, w);
    case AttrType::kLargeCommunities: return decode_large_communities(a, w);
  }
  return true;  // not reached: only known types (descriptor.known) get here
}

constexpr AttrDescriptor row(std::uint8_t flags, LengthRule rule, std::uint16_t length, ErrorAction malformed,
                             std::string_view flags_reason, std::string_view length_reason) {
  return AttrDescriptor{true, flags, rule, length, malformed, flags_reason, length_reason};
}

// RFC 7606 §7 gives each attribute its own action; §3 (c) sends flag errors
// to the same action as other malformations of that attribute.
constexpr std::array<AttrDescriptor, 256> make_table() {
  using enum LengthRule;
  constexpr auto kWithdraw = ErrorAction::kTreatAsWithdraw;
  constexpr auto kDiscard = ErrorAction::kAttributeDiscard;
  constexpr auto kDisable = ErrorAction::kAfiSafiDisable;
  std::array<AttrDescriptor, 256> t{};
  auto at = [&t](AttrType type) -> AttrDescriptor& { return t[static_cast<std::uint8_t>(type)]; };
  at(AttrType::kOrigin) = row(kWellKnown, kExact, 1, kWithdraw, "ORIGIN flags wrong (RFC 7606 §3 (c), §7.1)",
                              "ORIGIN length is not 1 (RFC 7606 §7.1)");
  at(AttrType::kAsPath) = row(kWellKnown, kAny, 0, kWithdraw, "AS_PATH flags wrong (RFC 7606 §3 (c), §7.2)", {});
  at(AttrType::kNextHop) = row(kWellKnown, kExact, 4, kWithdraw, "NEXT_HOP flags wrong (RFC 7606 §3 (c), §7.3)",
                               "NEXT_HOP length is not 4 (RFC 7606 §7.3)");
  at(AttrType::kMed) = row(kOptionalNonTransitive, kExact, 4, kWithdraw,
                           "MULTI_EXIT_DISC flags wrong (RFC 7606 §3 (c), §7.4)",
                           "MULTI_EXIT_DISC length is not 4 (RFC 7606 §7.4)");
  at(AttrType::kLocalPref) = row(kWellKnown, kExact, 4, kWithdraw, "LOCAL_PREF flags wrong (RFC 7606 §3 (c), §7.5)",
                                 "LOCAL_PREF length is not 4 (RFC 7606 §7.5)");
  at(AttrType::kAtomicAggregate) = row(kWellKnown, kExact, 0, kDiscard,
                                       "ATOMIC_AGGREGATE flags wrong (RFC 7606 §3 (c), §7.6)",
                                       "ATOMIC_AGGREGATE length is not 0 (RFC 7606 §7.6)");
  at(AttrType::kAggregator) = row(kOptionalTransitive, kAny, 0, kDiscard,
                                  "AGGREGATOR flags wrong (RFC 7606 §3 (c), §7.7)", {});
  at(AttrType::kCommunities) = row(kOptionalTransitive, kNonZeroMultiple, 4, kWithdraw,
                                   "COMMUNITIES flags wrong (RFC 7606 §3 (c), §7.8)",
                                   "COMMUNITIES length not a non-zero multiple of 4 (RFC 7606 §7.8)");
  at(AttrType::kOriginatorId) = row(kOptionalNonTransitive, kExact, 4, kWithdraw,
                                    "ORIGINATOR_ID flags wrong (RFC 7606 §3 (c), §7.9)",
                                    "ORIGINATOR_ID length is not 4 (RFC 7606 §7.9)");
  at(AttrType::kClusterList) = row(kOptionalNonTransitive, kNonZeroMultiple, 4, kWithdraw,
                                   "CLUSTER_LIST flags wrong (RFC 7606 §3 (c), §7.10)",
                                   "CLUSTER_LIST length not a non-zero multiple of 4 (RFC 7606 §7.10)");
  at(AttrType::kMpReachNlri) = row(kOptionalNonTransitive, kAny, 0, kDisable,
                                   "MP_REACH_NLRI flags wrong (RFC 7606 §3 (c), §7.11)", {});
  at(AttrType::kMpUnreachNlri) = row(kOptionalNonTransitive, kAny, 0, kDisable,
                                     "MP_UNREACH_NLRI flags wrong (RFC 7606 §3 (c), §7.11)", {});
  at(AttrType::kExtendedCommunities) = row(kOptionalTransitive, kNonZeroMultiple, 8, kWithdraw,
                                           "EXTENDED_COMMUNITIES flags wrong (RFC 7606 §3 (c), §7.14)",
                                           "EXTENDED_COMMUNITIES length not a non-zero multiple of 8 (RFC 7606 §7.14)");
  at(AttrType::kAs4Path) = row(kOptionalTransitive, kAny, 0, kDiscard, "AS4_PATH flags wrong (RFC 6793 §6)", {});
  at(AttrType::kAs4Aggregator) = row(kOptionalTransitive, kExact, 8, kDiscard,
                                     "AS4_AGGREGATOR flags wrong (RFC 6793 §6)",
                                     "AS4_AGGREGATOR length is not 8 (RFC 6793 §6)");
  at(AttrType::kLargeCommunities) = row(kOptionalTransitive, kNonZeroMultiple, 12, kWithdraw,
                                        "LARGE_COMMUNITY flags wrong (RFC 8092 §5, RFC 7606 §3 (c))",
                                        "LARGE_COMMUNITY length not a non-zero multiple of 12 (RFC 8092 §5)");
  return t;
}

constexpr std::array<AttrDescriptor, 256> kAttrTable = make_table();

// Keeps the worst action (RFC 7606 §3 (j)); of equal ones, the first found.
void record(DecodedUpdate& u, ErrorAction action, UpdateSubcode subcode, Bytes data, std::uint8_t type,
            std::string_view reason, Family family = kIpv4Unicast) {
  if (action <= u.action) return;
  u.action = action;
  u.notification = Notification{NotifyCode::kUpdateMessage, static_cast<std::uint8_t>(subcode), data};
  u.error_reason = reason;
  u.error_attribute = type;
  u.error_family = family;
}

bool length_ok(const AttrDescriptor& d, std::size_t len) {
  switch (d.rule) {
    case LengthRule::kAny: return true;
    case LengthRule::kExact: return len == d.length;
    // Power-of-two element sizes (COMMUNITIES, CLUSTER_LIST, EXTENDED_COMMUNITIES)
    // are tested with a mask: the table value is not a constant here, so `%`
    // would be a hardware divide for every such attribute.
    case LengthRule::kNonZeroMultiple:
      return len != 0 && ((d.length & (d.length - 1)) == 0 ? (len & (d.length - 1)) == 0 : len % d.length == 0);
  }
  return false;
}

void apply_fault(DecodedUpdate& u, const AttrDescriptor& d, const RawAttribute& a, const AttrFault& f) {
  ErrorAction action = f.action == ErrorAction::kNone ? d.malformed : f.action;
  std::optional<Family> family = f.family;
  if (action == ErrorAction::kAfiSafiDisable && !family) {
    family = mp_family_of(a.value);
    if (!family) action = ErrorAction::kSessionReset;
  }
  if (action == ErrorAction::kAttributeDiscard) u.discarded.insert(a.type);
  record(u, action, f.subcode, a.whole, a.type, f.reason, family.value_or(kIpv4Unicast));
}

// RFC 7606 §7.5: LOCAL_PREF from an external peer is discarded whatever its
// flags or length; only an internal peer's malformed LOCAL_PREF withdraws.
// Called on the fault paths only.
AttrFault for_peer(const Walk& w, const RawAttribute& a, AttrFault f) {
  if (!w.ctx.ibgp && a.type == static_cast<std::uint8_t>(AttrType::kLocalPref)) {
    f.action = ErrorAction::kAttributeDiscard;
    f.reason = "LOCAL_PREF from an external peer ignored (RFC 7606 §7.5)";
  }
  return f;
}

void walk_attributes(Bytes field, Walk& w) {
  DecodedUpdate& u = w.out;
  // The attribute header is parsed inline with raw bounds checks (the same
  // rules as read_attribute) because this loop runs for every attribute of
  // every UPDATE.
  const std::byte* p = field.data();
  const std::byte* const end = p + field.size();
  while (p < end) {
    const std::size_t left = static_cast<std::size_t>(end - p);
    const auto flags = std::to_integer<std::uint8_t>(p[0]);
    const bool extended = flags & attr_flag::kExtendedLength;
    const std::size_t header = extended ? 4 : 3;
    std::size_t length = 0;
    if (left >= header) {
      length = extended ? load_u16(Bytes(p + 2, 2)) : std::to_integer<std::size_t>(p[2]);
    }
    if (left < header || left - header < length) [[unlikely]] {
      // RFC 7606 §4: an attribute header or length running past the path
      // attribute field: the list is malformed, treat-as-withdraw.
      record(u, ErrorAction::kTreatAsWithdraw, UpdateSubcode::kMalformedAttributeList, {}, 0,
             "attribute overruns the path attribute field (RFC 7606 §4)");
      return;
    }
    const RawAttribute attr{flags, std::to_integer<std::uint8_t>(p[1]), Bytes(p + header, length),
                            Bytes(p, header + length)};
    const RawAttribute* a = &attr;
    p += header + length;
    const AttrDescriptor& d = kAttrTable[a->type];
    if (u.present.contains(a->type)) {
      // RFC 7606 §3 (g): a repeated MP_REACH/MP_UNREACH resets the session;
      // any other repeat is dropped, the first occurrence kept.
      if (a->type == static_cast<std::uint8_t>(AttrType::kMpReachNlri) ||
          a->type == static_cast<std::uint8_t>(AttrType::kMpUnreachNlri)) {
        record(u, ErrorAction::kSessionReset, UpdateSubcode::kMalformedAttributeList, {}, a->type,
               "MP_REACH_NLRI or MP_UNREACH_NLRI repeated (RFC 7606 §3 (g))");
      } else {
        record(u, ErrorAction::kAttributeDiscard, UpdateSubcode::kMalformedAttributeList, a->whole, a->type,
               "attribute repeated; later copies discarded (RFC 7606 §3 (g))");
      }
      continue;
    }
    u.present.insert(a->type);
    if (!d.known) {
      if (!a->optional()) {
        // RFC 4271 §6.3: unrecognized well-known attribute, data = the attribute.
        record(u, ErrorAction::kSessionReset, UpdateSubcode::kUnrecognizedWellKnownAttribute, a->whole, a->type,
               "unrecognized well-known attribute (RFC 4271 §6.3)");
      }
      // Optional: transitive ones travel on (DecodedUpdate::attributes()),
      // non-transitive ones are quietly ignored (RFC 4271 §5).
      if (a->transitive()) ++u.unknown_transitive_count;
      continue;
    }
    if ((a->flags & (kOptional | kTransitive)) != d.flags) {
      apply_fault(u, d, *a, for_peer(w, *a, AttrFault{UpdateSubcode::kAttributeFlagsError, d.flags_reason}));
      continue;
    }
    if (!length_ok(d, a->value.size())) {
      apply_fault(u, d, *a, for_peer(w, *a, AttrFault{UpdateSubcode::kAttributeLengthError, d.length_reason}));
      continue;
    }
    if (!decode_value(*a, w)) [[unlikely]] apply_fault(u, d, *a, w.fault);
  }
}

// RFC 6793 §4.2.3 on 2-octet sessions: AS4_AGGREGATOR replaces an AGGREGATOR
// carrying AS_TRANS; if AGGREGATOR carries a real ASN, both AS4 attributes are ignored.
void apply_as4_aggregator(Walk& w) {
  DecodedUpdate& u = w.out;
  if (!w.as4_aggregator || !u.aggregator) return;
  if (u.aggregator->asn == kAsTrans) {
    u.aggregator = w.as4_aggregator;
  } else {
    u.as4_path_attr = AsPathView();
    u.discarded.insert(AttrType::kAs4Path);
    u.discarded.insert(AttrType::kAs4Aggregator);
  }
}

// RFC 7606 §3 (d): an UPDATE announcing prefixes without a well-known
// mandatory attribute is treated as withdraw; NEXT_HOP is only required for
// the base NLRI field (RFC 4760 §3: MP_REACH carries its own). LOCAL_PREF is
// mandatory on internal sessions only (RFC 4271 §5.1.5: "A BGP speaker MUST
// include this attribute in UPDATE messages it sends to internal peers").
void check_mandatory(DecodedUpdate& u, const DecodeContext& ctx) {
  if (!u.has_announcements()) return;
  AttrType missing{};
  std::string_view reason = "well-known mandatory attribute missing (RFC 7606 §3 (d))";
  if (!u.present.contains(AttrType::kOrigin)) {
    missing = AttrType::kOrigin;
  } else if (!u.present.contains(AttrType::kAsPath)) {
    missing = AttrType::kAsPath;
  } else if (!u.nlri.empty() && !u.present.contains(AttrType::kNextHop)) {
    missing = AttrType::kNextHop;
  } else if (ctx.local_pref_required && !u.present.contains(AttrType::kLocalPref)) {
    missing = AttrType::kLocalPref;
    reason = "well-known mandatory attribute missing: no LOCAL_PREF from an internal peer (RFC 4271 §5.1.5, RFC 7606 §3 (d))";
  } else {
    return;
  }
  const auto code = static_cast<std::uint8_t>(missing);
  record(u, ErrorAction::kTreatAsWithdraw, UpdateSubcode::kMissingWellKnownAttribute,
         Bytes(kTypeCodes).subspan(code, 1), code, reason);
}

}  // namespace

DecodedUpdate decode_update(Bytes body, const DecodeContext& ctx) {
  DecodedUpdate u;
  // The rules of UpdateView::split (RFC 4271 §4.3), on plain locals: going
  // through std::optional<UpdateView> made GCC spill the spans and reload
  // them 16 octets at a time, a store-forwarding stall on every UPDATE.
  const std::size_t size = body.size();
  const std::size_t withdrawn_len = size < 4 ? 0 : load_u16(body);
  const std::size_t attr_len = size < 4 || size - 2 < withdrawn_len + 2 ? 0 : load_u16(body, 2 + withdrawn_len);
  const std::size_t attr_start = 4 + withdrawn_len;
  if (size < 4 || size - 2 < withdrawn_len + 2 || size - attr_start < attr_len) {
    // RFC 4271 §6.3 / RFC 7606 §4: lengths inconsistent with the message.
    record(u, ErrorAction::kSessionReset, UpdateSubcode::kMalformedAttributeList, {}, 0,
           "withdrawn routes or total attribute length overruns the UPDATE (RFC 7606 §4)");
    return u;
  }
  const Bytes attributes_raw = body.subspan(attr_start, attr_len);
  u.attributes_raw = attributes_raw;
  u.withdrawn = NlriRange(body.subspan(2, withdrawn_len), Afi::kIpv4, ctx.add_path_ipv4);
  u.nlri = NlriRange(body.subspan(attr_start + attr_len), Afi::kIpv4, ctx.add_path_ipv4);
  // RFC 7606 §5.3: a syntactically incorrect prefix field cannot be parsed
  // reliably, so the session is reset (RFC 4271 §6.3 Invalid Network Field).
  if (u.withdrawn.check().status != NlriStatus::kOk) {
    record(u, ErrorAction::kSessionReset, UpdateSubcode::kInvalidNetworkField, {}, 0,
           "withdrawn routes field malformed (RFC 7606 §5.3)");
  }
  if (u.nlri.check().status != NlriStatus::kOk) {
    record(u, ErrorAction::kSessionReset, UpdateSubcode::kInvalidNetworkField, {}, 0,
           "NLRI field malformed (RFC 7606 §5.3)");
  }
  Walk w{ctx, u};
  walk_attributes(attributes_raw, w);
  if (!ctx.four_octet_as) apply_as4_aggregator(w);
  check_mandatory(u, ctx);
  return u;
}

std::optional<Family> DecodedUpdate::end_of_rib() const {
  if (!withdrawn.empty() || !nlri.empty()) return std::nullopt;
  if (attributes_raw.empty()) return kIpv4Unicast;
  // Exactly one attribute, an empty MP_UNREACH_NLRI.
  if (!mp_unreach || !mp_unreach->withdrawn.empty()) return std::nullopt;
  const auto attrs = attributes();
  auto it = attrs.begin();
  if (it == attrs.end() || ++it != attrs.end()) return std::nullopt;
  return mp_unreach->family;
}

}  // namespace bgp

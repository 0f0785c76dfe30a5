#include "libbgp/wire/update_encoder.hpp"

#include <algorithm>
#include <cstring>

#include "libbgp/wire/byte_writer.hpp"
#include "libbgp/wire/message.hpp"
#include "libbgp/wire/update.hpp"

namespace bgp {
namespace {

// Writes an address's significant octets (4 or 16).
void write_address(ByteWriter& w, const IpAddress& a) {
  w.bytes(std::as_bytes(std::span(a.bytes().data(), address_bytes(a.afi()))));
}

// Attribute header with the length form its size needs (RFC 4271 §4.3).
void attr_header(ByteWriter& w, std::uint8_t flags, AttrType type, std::size_t length) {
  const bool extended = length > 255;
  w.u8(static_cast<std::uint8_t>((flags & ~attr_flag::kExtendedLength) | (extended ? attr_flag::kExtendedLength : 0)));
  w.u8(static_cast<std::uint8_t>(type));
  if (extended) {
    w.u16(static_cast<std::uint16_t>(length));
  } else {
    w.u8(static_cast<std::uint8_t>(length));
  }
}

constexpr std::uint8_t kWellKnown = attr_flag::kTransitive;
constexpr std::uint8_t kOptTrans = attr_flag::kOptional | attr_flag::kTransitive;
constexpr std::uint8_t kOptNonTrans = attr_flag::kOptional;

// Segments of at most 255 ASNs (RFC 4271 §4.3: the length field is one octet).
std::size_t as_path_size(const std::vector<AsPathSegmentSpec>& path, std::size_t asn_size, bool skip_confed) {
  std::size_t n = 0;
  for (const auto& s : path) {
    if (skip_confed && (s.type == AsSegmentType::kConfedSequence || s.type == AsSegmentType::kConfedSet)) continue;
    const std::size_t chunks = (s.asns.size() + 254) / 255;
    n += chunks * 2 + s.asns.size() * asn_size;
  }
  return n;
}

void write_as_path(ByteWriter& w, const std::vector<AsPathSegmentSpec>& path, std::size_t asn_size, bool skip_confed) {
  for (const auto& s : path) {
    if (skip_confed && (s.type == AsSegmentType::kConfedSequence || s.type == AsSegmentType::kConfedSet)) continue;
    for (std::size_t start = 0; start < s.asns.size(); start += 255) {
      const std::size_t n = std::min<std::size_t>(255, s.asns.size() - start);
      w.u8(static_cast<std::uint8_t>(s.type));
      w.u8(static_cast<std::uint8_t>(n));
      for (std::size_t i = start; i < start + n; ++i) {
        const std::uint32_t asn = s.asns[i];
        if (asn_size == 4) {
          w.u32(asn);
        } else {
          // RFC 6793 §4.2.2: ASNs that do not fit two octets become AS_TRANS.
          w.u16(static_cast<std::uint16_t>(asn > 0xffff ? kAsTrans : asn));
        }
      }
    }
  }
}

bool has_wide_asn(const std::vector<AsPathSegmentSpec>& path) {
  for (const auto& s : path) {
    for (auto asn : s.asns) {
      if (asn > 0xffff) return true;
    }
  }
  return false;
}

void write_prefix(ByteWriter& w, const NlriEntry& e, bool add_path) {
  if (add_path) w.u32(e.path_id);
  w.u8(e.prefix.length());
  w.bytes(std::as_bytes(std::span(e.prefix.address().bytes().data(), (e.prefix.length() + 7u) / 8u)));
}

std::size_t entry_size(const NlriEntry& e, bool add_path) { return nlri_entry_size(e.prefix.length(), add_path); }

}  // namespace

std::optional<std::size_t> encode_attributes(std::span<std::byte> out, const UpdateAttributes& a,
                                             const EncodeContext& ctx, bool with_next_hop) {
  ByteWriter w(out);
  attr_header(w, kWellKnown, AttrType::kOrigin, 1);
  w.u8(static_cast<std::uint8_t>(a.origin));

  const std::size_t asn_size = ctx.four_octet_as ? 4 : 2;
  attr_header(w, kWellKnown, AttrType::kAsPath, as_path_size(a.as_path, asn_size, false));
  write_as_path(w, a.as_path, asn_size, false);

  if (with_next_hop) {
    if (!a.next_hop || !a.next_hop->is_v4()) return std::nullopt;
    attr_header(w, kWellKnown, AttrType::kNextHop, 4);
    write_address(w, *a.next_hop);
  }
  if (a.med) {
    attr_header(w, kOptNonTrans, AttrType::kMed, 4);
    w.u32(*a.med);
  }
  if (a.local_pref) {
    attr_header(w, kWellKnown, AttrType::kLocalPref, 4);
    w.u32(*a.local_pref);
  }
  if (a.atomic_aggregate) attr_header(w, kWellKnown, AttrType::kAtomicAggregate, 0);
  const bool as4_aggregator = a.aggregator && !ctx.four_octet_as && a.aggregator->asn > 0xffff;
  if (a.aggregator) {
    attr_header(w, kOptTrans, AttrType::kAggregator, asn_size + 4);
    if (asn_size == 4) {
      w.u32(a.aggregator->asn);
    } else {
      w.u16(static_cast<std::uint16_t>(as4_aggregator ? kAsTrans : a.aggregator->asn));
    }
    write_address(w, a.aggregator->address);
  }
  if (!a.communities.empty()) {
    attr_header(w, kOptTrans, AttrType::kCommunities, a.communities.size() * 4);
    for (auto c : a.communities) w.u32(c);
  }
  if (a.originator_id) {
    attr_header(w, kOptNonTrans, AttrType::kOriginatorId, 4);
    write_address(w, *a.originator_id);
  }
  if (!a.cluster_list.empty()) {
    attr_header(w, kOptNonTrans, AttrType::kClusterList, a.cluster_list.size() * 4);
    for (auto c : a.cluster_list) w.u32(c);
  }
  if (!a.extended_communities.empty()) {
    attr_header(w, kOptTrans, AttrType::kExtendedCommunities, a.extended_communities.size() * 8);
    for (auto c : a.extended_communities) {
      w.u32(static_cast<std::uint32_t>(c >> 32));
      w.u32(static_cast<std::uint32_t>(c));
    }
  }
  // RFC 6793 §4.2.2: a 2-octet session gets the true path in AS4_PATH
  // (without confederation segments) when any ASN needs four octets.
  if (!ctx.four_octet_as && has_wide_asn(a.as_path)) {
    attr_header(w, kOptTrans, AttrType::kAs4Path, as_path_size(a.as_path, 4, true));
    write_as_path(w, a.as_path, 4, true);
  }
  if (as4_aggregator) {
    attr_header(w, kOptTrans, AttrType::kAs4Aggregator, 8);
    w.u32(a.aggregator->asn);
    write_address(w, a.aggregator->address);
  }
  if (!a.large_communities.empty()) {
    attr_header(w, kOptTrans, AttrType::kLargeCommunities, a.large_communities.size() * 12);
    for (const auto& c : a.large_communities) {
      w.u32(c.global);
      w.u32(c.local1);
      w.u32(c.local2);
    }
  }
  for (const auto& u : a.unknown) {
    // RFC 4271 §5: an unrecognized optional transitive attribute is passed on with Partial set.
    attr_header(w, static_cast<std::uint8_t>(u.flags | attr_flag::kPartial), static_cast<AttrType>(u.type),
                u.value.size());
    w.bytes(u.value);
  }
  if (!w.ok()) return std::nullopt;
  return w.position();
}

std::span<std::byte> UpdatePacker::message_span() const {
  return buffer_.first(std::min(buffer_.size(), ctx_.max_message_size()));
}

std::optional<UpdatePacker::Packed> UpdatePacker::announce(const UpdateAttributes& attrs, Family family,
                                                           std::span<const NlriEntry> prefixes) {
  const auto msg = message_span();
  if (prefixes.empty() || msg.size() < ctx_.max_message_size()) return std::nullopt;
  const bool add_path = ctx_.add_path(family.afi);
  constexpr std::size_t kBodyStart = kHeaderSize + 4;  // withdrawn length + attribute length
  const bool base_nlri = family == kIpv4Unicast;
  const auto attr_size = encode_attributes(msg.subspan(kBodyStart), attrs, ctx_, base_nlri);
  if (!attr_size) return std::nullopt;

  std::size_t mp_fixed = 0;
  if (!base_nlri) {
    if (!attrs.next_hop) return std::nullopt;
    const std::size_t nh_len = address_bytes(attrs.next_hop->afi()) + (attrs.link_local_next_hop ? 16 : 0);
    mp_fixed = 4 + 3 + 1 + nh_len + 1;  // header (extended length), AFI, SAFI, nh length, nh, reserved
  }
  // Take prefixes while they fit.
  std::size_t budget = msg.size() - kBodyStart - *attr_size - mp_fixed;
  if (*attr_size + mp_fixed > msg.size() - kBodyStart) return std::nullopt;
  std::size_t count = 0;
  std::size_t nlri_bytes = 0;
  for (const NlriEntry& e : prefixes) {
    if (e.prefix.afi() != family.afi) return std::nullopt;
    const std::size_t need = entry_size(e, add_path);
    if (need > budget) break;
    budget -= need;
    nlri_bytes += need;
    ++count;
  }
  if (count == 0) return std::nullopt;

  std::size_t total_attrs = *attr_size;
  if (base_nlri) {
    ByteWriter w(msg.subspan(kBodyStart + *attr_size));
    for (std::size_t i = 0; i < count; ++i) write_prefix(w, prefixes[i], add_path);
  } else {
    // RFC 7606 §5.1: MP_REACH_NLRI goes first; move the other attributes behind it.
    std::memmove(msg.data() + kBodyStart + mp_fixed + nlri_bytes, msg.data() + kBodyStart, *attr_size);
    ByteWriter w(msg.subspan(kBodyStart, mp_fixed + nlri_bytes));
    w.u8(attr_flag::kOptional | attr_flag::kExtendedLength);
    w.u8(static_cast<std::uint8_t>(AttrType::kMpReachNlri));
    w.u16(static_cast<std::uint16_t>(mp_fixed - 4 + nlri_bytes));
    w.u16(static_cast<std::uint16_t>(family.afi));
    w.u8(static_cast<std::uint8_t>(family.safi));
    w.u8(static_cast<std::uint8_t>(mp_fixed - 9));
    write_address(w, *attrs.next_hop);
    if (attrs.link_local_next_hop) write_address(w, *attrs.link_local_next_hop);
    w.u8(0);  // reserved (RFC 4760 §3)
    for (std::size_t i = 0; i < count; ++i) write_prefix(w, prefixes[i], add_path);
    total_attrs += mp_fixed + nlri_bytes;
  }
  const std::size_t total = kBodyStart + total_attrs + (base_nlri ? nlri_bytes : 0);
  write_header(msg, MessageType::kUpdate, total);
  msg[19] = std::byte{0};
  msg[20] = std::byte{0};
  msg[21] = std::byte((total_attrs >> 8) & 0xff);
  msg[22] = std::byte(total_attrs & 0xff);
  return Packed{msg.first(total), count};
}

std::optional<UpdatePacker::Packed> UpdatePacker::withdraw(Family family, std::span<const NlriEntry> prefixes) {
  const auto msg = message_span();
  if (prefixes.empty() || msg.size() < ctx_.max_message_size()) return std::nullopt;
  const bool add_path = ctx_.add_path(family.afi);
  const bool base = family == kIpv4Unicast;
  // IPv4: withdrawn length, prefixes, attribute length 0. Others: withdrawn
  // length 0, attribute length, MP_UNREACH_NLRI (extended length) with the prefixes.
  const std::size_t overhead = kHeaderSize + 4 + (base ? 0 : 4 + 3);
  std::size_t budget = msg.size() - overhead;
  std::size_t count = 0;
  std::size_t bytes = 0;
  for (const NlriEntry& e : prefixes) {
    if (e.prefix.afi() != family.afi) return std::nullopt;
    const std::size_t need = entry_size(e, add_path);
    if (need > budget) break;
    budget -= need;
    bytes += need;
    ++count;
  }
  if (count == 0) return std::nullopt;
  ByteWriter w(msg.subspan(kHeaderSize));
  if (base) {
    w.u16(static_cast<std::uint16_t>(bytes));
    for (std::size_t i = 0; i < count; ++i) write_prefix(w, prefixes[i], add_path);
    w.u16(0);
  } else {
    w.u16(0);
    w.u16(static_cast<std::uint16_t>(4 + 3 + bytes));
    w.u8(attr_flag::kOptional | attr_flag::kExtendedLength);
    w.u8(static_cast<std::uint8_t>(AttrType::kMpUnreachNlri));
    w.u16(static_cast<std::uint16_t>(3 + bytes));
    w.u16(static_cast<std::uint16_t>(family.afi));
    w.u8(static_cast<std::uint8_t>(family.safi));
    for (std::size_t i = 0; i < count; ++i) write_prefix(w, prefixes[i], add_path);
  }
  const std::size_t total = kHeaderSize + w.position();
  write_header(msg, MessageType::kUpdate, total);
  return Packed{msg.first(total), count};
}

Bytes UpdatePacker::end_of_rib(Family family) {
  const auto msg = message_span();
  ByteWriter w(msg.subspan(kHeaderSize));
  w.u16(0);
  if (family == kIpv4Unicast) {
    w.u16(0);  // RFC 4724 §2: the empty UPDATE
  } else {
    w.u16(6);  // RFC 4724 §2: MP_UNREACH_NLRI naming the family, no prefixes
    w.u8(attr_flag::kOptional);
    w.u8(static_cast<std::uint8_t>(AttrType::kMpUnreachNlri));
    w.u8(3);
    w.u16(static_cast<std::uint16_t>(family.afi));
    w.u8(static_cast<std::uint8_t>(family.safi));
  }
  const std::size_t total = kHeaderSize + w.position();
  write_header(msg, MessageType::kUpdate, total);
  return msg.first(total);
}

UpdateAttributes UpdateAttributes::from(const DecodedUpdate& u) {
  UpdateAttributes a;
  a.origin = u.origin.value_or(Origin::kIncomplete);
  for (const AsSegment& s : u.as_path()) {
    AsPathSegmentSpec spec{s.type(), {}};
    spec.asns.assign(s.begin(), s.end());
    a.as_path.push_back(std::move(spec));
  }
  if (u.next_hop) {
    a.next_hop = u.next_hop;
  } else if (u.mp_reach) {
    a.next_hop = u.mp_reach->next_hop;
  }
  if (u.mp_reach) a.link_local_next_hop = u.mp_reach->link_local;
  a.med = u.med;
  a.local_pref = u.local_pref;
  a.atomic_aggregate = u.atomic_aggregate;
  a.aggregator = u.aggregator;
  for (std::size_t i = 0; i < u.communities.size(); ++i) a.communities.push_back(u.communities[i]);
  for (std::size_t i = 0; i < u.extended_communities.size(); ++i) {
    a.extended_communities.push_back(u.extended_communities[i]);
  }
  for (std::size_t i = 0; i < u.large_communities.size(); ++i) a.large_communities.push_back(u.large_communities[i]);
  a.originator_id = u.originator_id;
  for (std::size_t i = 0; i < u.cluster_list.size(); ++i) a.cluster_list.push_back(u.cluster_list[i]);
  AttrTypeSet seen;
  for (const RawAttribute& r : u.attributes()) {
    if (!DecodedUpdate::is_unknown_transitive(r) || seen.contains(r.type)) continue;  // RFC 7606 §3 (g): first wins
    seen.insert(r.type);
    a.unknown.push_back(UnknownAttribute{static_cast<std::uint8_t>(r.flags & ~attr_flag::kExtendedLength), r.type,
                                         std::vector<std::byte>(r.value.begin(), r.value.end())});
  }
  return a;
}

}  // namespace bgp

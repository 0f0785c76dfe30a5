#include "libbgp/mrt/bgpdump_attributes.hpp"

#include <cstring>

#include <fmt/format.h>

#include "libbgp/mrt/bgpdump_address.hpp"

namespace bgp::mrt {
namespace {

char opening(AsSegmentType t) {
  switch (t) {
    case AsSegmentType::kSet: return '{';
    case AsSegmentType::kConfedSequence: return '(';
    case AsSegmentType::kConfedSet: return '[';
    case AsSegmentType::kSequence: break;
  }
  return ' ';
}

char closing(AsSegmentType t) {
  switch (t) {
    case AsSegmentType::kSet: return '}';
    case AsSegmentType::kConfedSequence: return ')';
    case AsSegmentType::kConfedSet: return ']';
    case AsSegmentType::kSequence: break;
  }
  return ' ';
}

std::string_view origin_name(const std::optional<Origin>& o) {
  // bgpdump starts from "no origin" (-1) and prints anything but 0 and 1 as
  // INCOMPLETE, so an absent ORIGIN reads INCOMPLETE too.
  if (o == Origin::kIgp) return "IGP";
  if (o == Origin::kEgp) return "EGP";
  return "INCOMPLETE";
}

// bgpdump reads AGGREGATOR as one AS of the record's size and an IPv4
// address whatever the attribute length says. When the decoder discarded it
// for its length (RFC 7606 §7.7) but it holds at least that much (as
// the 4-octet-AS AGGREGATOR OpenBGPD writes into 2-octet TABLE_DUMP entries),
// print what bgpdump reads from its first octets.
std::string aggregator_read_like_bgpdump(const DecodedUpdate& u, bool four_octet_as) {
  const std::size_t as_size = four_octet_as ? 4 : 2;
  for (const RawAttribute& a : u.attributes()) {
    if (a.type != static_cast<std::uint8_t>(AttrType::kAggregator)) continue;
    if (a.value.size() < as_size + 4) return {};
    const std::uint32_t asn = four_octet_as ? load_u32(a.value) : load_u16(a.value);
    const IpAddress address = IpAddress::v4(std::span<const std::byte, 4>(a.value.subspan(as_size, 4)));
    return fmt::format("{} {}", asn, bgpdump_address(address));
  }
  return {};
}

}  // namespace

const DecodedUpdate& AttributeBlockDecoder::decode(Bytes attributes, const DecodeContext& ctx) {
  // UPDATE body: Withdrawn Routes Length (0), Total Path Attribute Length,
  // the attributes, no NLRI (RFC 4271 §4.3). Attribute blocks longer than a
  // 16-bit length cannot occur: every MRT format stores their length in 16 bits.
  const std::size_t n = std::min<std::size_t>(attributes.size(), 0xffff);
  scratch_.resize(4 + n);
  scratch_[0] = scratch_[1] = std::byte{0};
  scratch_[2] = static_cast<std::byte>(n >> 8);
  scratch_[3] = static_cast<std::byte>(n & 0xff);
  if (n > 0) std::memcpy(scratch_.data() + 4, attributes.data(), n);
  result_ = decode_update(Bytes(scratch_), ctx);
  return result_;
}

template <class SegmentRange>
void append_as_path(std::string& out, const SegmentRange& segments) {
  // Mirrors bgpdump's process_attr_aspath_string: a non-sequence segment is
  // opened before its first ASN and closed when the next segment starts (or
  // at the end); a space separates a segment from the previous one only if
  // the previous one printed at least one ASN.
  bool space = false;
  bool any = false;
  AsSegmentType previous = AsSegmentType::kSequence;
  for (const AsSegment& seg : segments) {
    if (any && previous != AsSegmentType::kSequence) out.push_back(closing(previous));
    if (space) out.push_back(' ');
    if (seg.type() != AsSegmentType::kSequence) out.push_back(opening(seg.type()));
    space = false;
    const char separator = seg.is_set() ? ',' : ' ';
    for (std::uint32_t asn : seg) {
      if (space) out.push_back(separator);
      space = true;
      fmt::format_to(std::back_inserter(out), "{}", asn);
    }
    previous = seg.type();
    any = true;
  }
  if (any && previous != AsSegmentType::kSequence) out.push_back(closing(previous));
}

template void append_as_path<MergedAsPath>(std::string&, const MergedAsPath&);
template void append_as_path<AsPathView>(std::string&, const AsPathView&);

std::string format_communities(const CommunityList& communities) {
  std::string out;
  for (std::size_t i = 0; i < communities.size(); ++i) {
    if (i != 0) out.push_back(' ');
    const std::uint32_t c = communities[i];
    switch (c) {
      case kNoExport: out += "no-export"; break;
      case kNoAdvertise: out += "no-advertise"; break;
      case kNoExportSubconfed: out += "local-AS"; break;  // bgpdump's name for it
      default: fmt::format_to(std::back_inserter(out), "{}:{}", c >> 16, c & 0xffff); break;
    }
  }
  return out;
}

DumpAttributes summarize(const DecodedUpdate& u, bool four_octet_as) {
  DumpAttributes d;
  if (u.present.contains(AttrType::kAsPath)) append_as_path(d.as_path, u.as_path());
  d.origin = origin_name(u.origin);
  // INADDR_NONE is bgpdump's "no NEXT_HOP".
  d.next_hop = u.next_hop ? bgpdump_address(*u.next_hop) : "255.255.255.255";
  d.local_pref = u.local_pref.value_or(0);
  d.med = u.med.value_or(0);
  if (u.present.contains(AttrType::kCommunities)) d.communities = format_communities(u.communities);
  d.atomic_aggregate = u.atomic_aggregate;
  if (u.aggregator) {
    d.aggregator = fmt::format("{} {}", u.aggregator->asn, bgpdump_address(u.aggregator->address));
  } else if (u.discarded.contains(AttrType::kAggregator)) {
    d.aggregator = aggregator_read_like_bgpdump(u, four_octet_as);
  }
  return d;
}

}  // namespace bgp::mrt

#include "bench/feed/feed_stream.hpp"

#include <array>
#include <map>
#include <string>
#include <unordered_set>
#include <utility>

#include "libbgp/mrt/record_reader.hpp"
#include "libbgp/mrt/records.hpp"
#include "libbgp/mrt/types.hpp"
#include "libbgp/wire/update.hpp"
#include "libbgp/wire/update_encoder.hpp"

namespace bgp::feed {
namespace {

// No extended messages (RFC 8654) are offered, so every receiver gets the
// same 4096-octet messages.
EncodeContext session_context() { return EncodeContext{}; }

void append(std::vector<std::byte>& out, Bytes message) { out.insert(out.end(), message.begin(), message.end()); }

// Announces then withdraws each group of prefixes sharing attributes.
void encode_groups(const std::vector<std::pair<UpdateAttributes, std::vector<NlriEntry>>>& groups, PeerStream& out) {
  std::vector<std::byte> buffer(kMaxMessageSize);
  UpdatePacker packer(session_context(), buffer);
  for (const auto& [attrs, prefixes] : groups) {
    auto n = packer.announce_all(attrs, kIpv4Unicast, prefixes, [&](Bytes m) { append(out.announce, m); });
    if (n) out.messages += *n;
    packer.withdraw_all(kIpv4Unicast, prefixes, [&](Bytes m) { append(out.withdraw, m); });
    out.prefixes += prefixes.size();
  }
  append(out.announce, packer.end_of_rib(kIpv4Unicast));
}

void prepend_as(UpdateAttributes& attrs, std::uint32_t asn) {
  if (attrs.as_path.empty() || attrs.as_path.front().type != AsSegmentType::kSequence ||
      attrs.as_path.front().asns.size() >= 255) {
    attrs.as_path.insert(attrs.as_path.begin(), AsPathSegmentSpec{AsSegmentType::kSequence, {asn}});
  } else {
    // Built anew rather than insert(begin()): GCC 12 warns of a null
    // dereference in the inlined insert.
    std::vector<std::uint32_t> asns{asn};
    asns.insert(asns.end(), attrs.as_path.front().asns.begin(), attrs.as_path.front().asns.end());
    attrs.as_path.front().asns = std::move(asns);
  }
}

// A RIB entry's attributes as an UPDATE body (no withdrawn routes, no NLRI),
// decoded like a received UPDATE.
std::optional<UpdateAttributes> decode_entry_attributes(Bytes attributes, bool four_octet_as, const PeerSpec& peer) {
  std::vector<std::byte> body(4 + attributes.size());
  body[2] = std::byte(attributes.size() >> 8);
  body[3] = std::byte(attributes.size() & 0xff);
  std::copy(attributes.begin(), attributes.end(), body.begin() + 4);
  DecodeContext ctx;
  ctx.four_octet_as = four_octet_as;
  ctx.mrt_abbreviated_mp_reach = true;
  ctx.mrt_family = kIpv4Unicast;
  ctx.ibgp = true;  // keep whatever is there; LOCAL_PREF is dropped below
  const DecodedUpdate u = decode_update(body, ctx);
  if (u.action >= ErrorAction::kTreatAsWithdraw) return std::nullopt;
  UpdateAttributes a = UpdateAttributes::from(u);
  a.next_hop = peer.local;
  a.link_local_next_hop.reset();
  a.local_pref.reset();  // RFC 4271 §5.1.5: not sent to eBGP peers
  a.originator_id.reset();
  a.cluster_list.clear();
  prepend_as(a, peer.local_as);
  return a;
}

}  // namespace

PeerStream synthetic_stream(const PeerSpec& peer, std::size_t first, std::size_t count, std::size_t attr_sets) {
  if (attr_sets == 0) attr_sets = 1;
  std::vector<std::pair<UpdateAttributes, std::vector<NlriEntry>>> groups(attr_sets);
  const std::size_t per_set = (count + attr_sets - 1) / attr_sets;
  for (std::size_t k = 0; k < attr_sets; ++k) {
    UpdateAttributes& a = groups[k].first;
    a.origin = Origin::kIgp;
    a.as_path = {AsPathSegmentSpec{AsSegmentType::kSequence, {peer.local_as, 64600 + static_cast<std::uint32_t>(k)}}};
    a.next_hop = peer.local;
    a.med = static_cast<std::uint32_t>(k);
    a.communities = {(65535u << 16) | static_cast<std::uint32_t>(k)};
  }
  for (std::size_t i = 0; i < count; ++i) {
    const auto host = static_cast<std::uint32_t>((16u << 24) + ((first + i) << 8));
    groups[i / per_set].second.push_back(NlriEntry{Prefix(IpAddress::v4(host), 24), 0});
  }
  PeerStream out;
  encode_groups(groups, out);
  return out;
}

bool mrt_stream(const std::string& path, const PeerSpec& peer, PeerStream& out, std::string& why) {
  auto source = mrt::open_file_source(path, why);
  if (!source) return false;
  mrt::RecordReader reader(std::move(source));
  std::unordered_set<Prefix> seen;
  // Groups keyed by the encoded attributes, so equal sets share messages.
  std::map<std::vector<std::byte>, std::pair<UpdateAttributes, std::vector<NlriEntry>>> groups;
  std::array<std::byte, kMaxMessageSize> key_buffer{};
  auto add = [&](const Prefix& prefix, Bytes attributes, bool four_octet_as) {
    if (prefix.afi() != Afi::kIpv4 || !seen.insert(prefix).second) return;
    auto attrs = decode_entry_attributes(attributes, four_octet_as, peer);
    if (!attrs) return;
    auto n = encode_attributes(key_buffer, *attrs, session_context(), true);
    if (!n) return;
    std::vector<std::byte> key(key_buffer.begin(), key_buffer.begin() + static_cast<std::ptrdiff_t>(*n));
    auto [it, inserted] = groups.try_emplace(std::move(key));
    if (inserted) it->second.first = std::move(*attrs);
    it->second.second.push_back(NlriEntry{prefix, 0});
  };
  while (auto record = reader.next()) {
    const auto type = static_cast<mrt::RecordType>(record->header.type);
    if (type == mrt::RecordType::kTableDump) {
      auto entry = mrt::decode_table_dump(*record);
      if (auto* e = std::get_if<mrt::TableDumpEntry>(&entry)) add(e->prefix, e->attributes, false);
    } else if (type == mrt::RecordType::kTableDumpV2 &&
               record->header.subtype == static_cast<std::uint16_t>(mrt::TableDumpV2Subtype::kRibIpv4Unicast)) {
      auto rib = mrt::decode_rib(*record);
      auto* r = std::get_if<mrt::RibRecord>(&rib);
      if (r == nullptr || !r->prefix) continue;
      mrt::RibEntryIterator entries(*r);
      if (auto entry = entries.next()) add(*r->prefix, entry->attributes, true);
    }
  }
  if (reader.error() && reader.error()->kind == mrt::ReadError::Kind::kIo) {
    why = reader.error()->message;
    return false;
  }
  std::vector<std::pair<UpdateAttributes, std::vector<NlriEntry>>> ordered;
  ordered.reserve(groups.size());
  for (auto& [key, group] : groups) ordered.push_back(std::move(group));
  encode_groups(ordered, out);
  return true;
}

}  // namespace bgp::feed

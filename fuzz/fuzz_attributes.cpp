// libFuzzer target for the path attribute field alone (RFC 4271 §4.3, §5;
// RFC 7606): the input is wrapped in an UPDATE carrying one IPv4 prefix, so
// the attribute walk, every attribute decoder, the RFC 6793 §4.2.3 AS4_PATH /
// AS4_AGGREGATOR merge and the RFC 7606 actions all run on it. Invariants
// that trap:
//  - the AS path views agree with check_as_path and the merged path's counts;
//  - a session-reset result carries a NOTIFICATION that encodes;
//  - an UPDATE that decodes clean re-encodes (UpdateAttributes::from, then
//    UpdatePacker for the same session kind) and decodes again to the same
//    attributes and prefix: decode -> encode -> decode is the identity.
//
// Input: one context octet, then the path attribute field.
//   bit 0: 4-octet AS session   bit 1: ADD-PATH IPv4   bit 2: iBGP
//   bit 3: confederation peer
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "libbgp/wire/message.hpp"
#include "libbgp/wire/notification.hpp"
#include "libbgp/wire/update.hpp"
#include "libbgp/wire/update_encoder.hpp"

namespace {

using namespace bgp;

void check(bool ok) {
  if (!ok) std::abort();
}

volatile std::uint64_t g_sink = 0;

DecodeContext context_from(std::uint8_t b) {
  DecodeContext ctx;
  ctx.four_octet_as = b & 0x01;
  ctx.add_path_ipv4 = b & 0x02;
  ctx.ibgp = b & 0x04;
  ctx.confederation_peer = b & 0x08;
  return ctx;
}

// The NLRI every input is announced with: 10.0.0.0/8 (path id 7 with ADD-PATH).
constexpr std::array<std::uint8_t, 6> kNlriAddPath = {0, 0, 0, 7, 8, 10};

void check_as_path_views(const DecodedUpdate& u) {
  for (const AsPathView* p : {&u.as_path_attr, &u.as4_path_attr}) {
    if (p->empty()) continue;
    const bool valid = check_as_path(p->raw(), p->asn_size()) == AsPathStatus::kOk;
    std::size_t octets = 0, counted = 0;
    for (const AsSegment& s : *p) {
      octets += 2 + s.raw_asns().size();
      check(s.size() > 0 || !valid);
      counted += s.is_set() ? 1 : s.size();
    }
    // A valid path is walked to its end; merge_count counts the same way.
    if (valid) check(octets == p->raw().size() && counted == p->merge_count());
  }
  const MergedAsPath merged = u.as_path();
  std::size_t length = 0;
  std::optional<std::uint32_t> last;
  bool last_is_sequence = false;
  for (const AsSegment& s : merged) {
    if (!s.is_confed()) length += s.is_set() ? 1 : s.size();
    for (const std::uint32_t asn : s) last = asn;
    last_is_sequence = s.type() == AsSegmentType::kSequence;
  }
  check(length == merged.path_length());
  if (merged.origin_as()) check(last_is_sequence && merged.origin_as() == last);
}

std::uint64_t walk(const DecodedUpdate& u) {
  std::uint64_t n = static_cast<std::uint64_t>(u.action) + u.error_reason.size() + u.error_attribute;
  for (const RawAttribute& a : u.attributes()) n += a.type + a.value.size() + u.is_unknown_transitive(a);
  for (const NlriEntry& e : u.nlri) n += e.prefix.length() + e.path_id;
  if (u.mp_reach) {
    for (const NlriEntry& e : u.mp_reach->nlri) n += e.prefix.length() + e.path_id;
  }
  if (u.mp_unreach) {
    for (const NlriEntry& e : u.mp_unreach->withdrawn) n += e.prefix.length() + e.path_id;
  }
  for (std::size_t i = 0; i < u.communities.size(); ++i) n += u.communities[i];
  for (std::size_t i = 0; i < u.extended_communities.size(); ++i) n += u.extended_communities[i];
  for (std::size_t i = 0; i < u.large_communities.size(); ++i) n += u.large_communities[i].local1;
  for (std::size_t i = 0; i < u.cluster_list.size(); ++i) n += u.cluster_list[i];
  return n;
}

std::vector<NlriEntry> collect(const NlriRange& r) {
  std::vector<NlriEntry> out;
  for (const NlriEntry& e : r) out.push_back(e);
  return out;
}

void round_trip(const DecodedUpdate& u, const DecodeContext& ctx) {
  if (u.action != ErrorAction::kNone || !u.next_hop || u.mp_reach || u.mp_unreach) return;
  const UpdateAttributes attrs = UpdateAttributes::from(u);
  const std::vector<NlriEntry> prefixes = collect(u.nlri);
  EncodeContext ectx;
  ectx.four_octet_as = ctx.four_octet_as;
  ectx.add_path_ipv4 = ctx.add_path_ipv4;
  ectx.extended_message = true;
  static std::array<std::byte, kMaxExtendedMessageSize> buf;
  UpdatePacker packer(ectx, buf);
  // The encoder passes unknown transitive attributes on with Partial set (RFC 4271 §5).
  UpdateAttributes expected = attrs;
  for (UnknownAttribute& a : expected.unknown) a.flags |= attr_flag::kPartial;
  std::size_t messages = 0;
  const auto sent = packer.announce_all(attrs, kIpv4Unicast, prefixes, [&](Bytes m) {
    const DecodedUpdate again = decode_update(m.subspan(kHeaderSize), ctx);
    check(again.action == ErrorAction::kNone);
    check(UpdateAttributes::from(again) == expected);
    check(collect(again.nlri) == prefixes);
    ++messages;
  });
  if (sent) check(*sent == 1 && messages == 1);  // one prefix: one UPDATE (or attributes too large)
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size - 1 > 0xffff) return 0;
  const DecodeContext ctx = context_from(data[0]);
  const std::size_t attr_len = size - 1;
  const std::size_t nlri_len = ctx.add_path_ipv4 ? 6 : 2;
  // UPDATE body: no withdrawn routes, the attribute field, one prefix.
  static std::array<std::byte, 4 + 0xffff + 6> body;
  body[0] = body[1] = std::byte{0};
  body[2] = std::byte(attr_len >> 8);
  body[3] = std::byte(attr_len & 0xff);
  std::memcpy(body.data() + 4, data + 1, attr_len);
  const std::uint8_t* nlri = kNlriAddPath.data() + (ctx.add_path_ipv4 ? 0 : 4);
  std::memcpy(body.data() + 4 + attr_len, nlri, nlri_len);
  const Bytes update(body.data(), 4 + attr_len + nlri_len);

  const DecodedUpdate u = decode_update(update, ctx);
  g_sink = g_sink + walk(u);
  check_as_path_views(u);
  if (u.action == ErrorAction::kSessionReset) {
    static std::array<std::byte, kMaxExtendedMessageSize> out;
    check(encode_notification(out, u.notification) > 0);
  }
  round_trip(u, ctx);
  return 0;
}

// libFuzzer target for the UPDATE decoder. Input: one context byte, then an
// UPDATE body. Checks that decoding never crashes or over-reads (ASan), that
// every lazy view can be walked, and that a clean IPv4 announcement re-encodes
// (UpdateAttributes::from + UpdatePacker) into an UPDATE that decodes to the
// same prefixes and AS path.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "libbgp/wire/message.hpp"
#include "libbgp/wire/update.hpp"
#include "libbgp/wire/update_encoder.hpp"

namespace {

bgp::DecodeContext context_from(std::uint8_t b) {
  bgp::DecodeContext ctx;
  ctx.four_octet_as = b & 0x01;
  ctx.add_path_ipv4 = b & 0x02;
  ctx.add_path_ipv6 = b & 0x04;
  ctx.mrt_abbreviated_mp_reach = b & 0x08;
  ctx.mrt_family = (b & 0x10) ? bgp::kIpv4Unicast : bgp::kIpv6Unicast;
  ctx.ibgp = b & 0x20;
  ctx.confederation_peer = b & 0x40;
  return ctx;
}

std::size_t walk(const bgp::DecodedUpdate& u) {
  std::size_t n = 0;
  auto prefixes = [&n](const bgp::NlriRange& r) {
    for (const auto& e : r) n += e.prefix.length() + e.path_id;
  };
  prefixes(u.withdrawn);
  prefixes(u.nlri);
  if (u.mp_reach) prefixes(u.mp_reach->nlri);
  if (u.mp_unreach) prefixes(u.mp_unreach->withdrawn);
  for (const auto& seg : u.as_path()) {
    for (auto asn : seg) n += asn;
  }
  n += u.as_path().path_length();
  for (std::size_t i = 0; i < u.communities.size(); ++i) n += u.communities[i];
  for (std::size_t i = 0; i < u.extended_communities.size(); ++i) n += u.extended_communities[i];
  for (std::size_t i = 0; i < u.large_communities.size(); ++i) n += u.large_communities[i].global;
  for (std::size_t i = 0; i < u.cluster_list.size(); ++i) n += u.cluster_list[i];
  for (const auto& a : u.attributes()) n += a.value.size();
  n += u.end_of_rib().has_value();
  n += u.has_unknown_transitive();
  return n;
}

std::vector<bgp::NlriEntry> collect(const bgp::NlriRange& r) {
  std::vector<bgp::NlriEntry> out;
  for (const auto& e : r) out.push_back(e);
  return out;
}

std::vector<std::uint32_t> flat_path(const bgp::DecodedUpdate& u) {
  std::vector<std::uint32_t> out;
  for (const auto& seg : u.as_path()) {
    out.push_back(0xffff0000u | static_cast<std::uint32_t>(seg.type()));
    out.insert(out.end(), seg.begin(), seg.end());
  }
  return out;
}

void round_trip(const bgp::DecodedUpdate& u, const bgp::DecodeContext& ctx) {
  if (u.action != bgp::ErrorAction::kNone || u.nlri.empty() || !u.next_hop || u.mp_reach) return;
  const auto attrs = bgp::UpdateAttributes::from(u);
  const auto prefixes = collect(u.nlri);
  bgp::EncodeContext ectx;
  ectx.four_octet_as = ctx.four_octet_as;
  ectx.add_path_ipv4 = ctx.add_path_ipv4;
  ectx.extended_message = true;
  static std::array<std::byte, bgp::kMaxExtendedMessageSize> buf;
  bgp::UpdatePacker packer(ectx, buf);
  std::vector<bgp::NlriEntry> seen;
  const auto expected_path = flat_path(u);
  const auto n = packer.announce_all(attrs, bgp::kIpv4Unicast, prefixes, [&](bgp::Bytes m) {
    const auto again = bgp::decode_update(m.subspan(bgp::kHeaderSize), ctx);
    if (again.action != bgp::ErrorAction::kNone) __builtin_trap();
    if (flat_path(again) != expected_path) __builtin_trap();
    for (const auto& e : again.nlri) seen.push_back(e);
  });
  if (!n) return;  // attributes alone larger than a message: refused, fine
  if (seen != prefixes) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bgp::DecodeContext ctx = context_from(data[0]);
  const bgp::Bytes body(reinterpret_cast<const std::byte*>(data + 1), size - 1);
  const bgp::DecodedUpdate u = bgp::decode_update(body, ctx);
  volatile std::size_t sink = walk(u);
  (void)sink;
  round_trip(u, ctx);
  return 0;
}

#pragma once
// A tiny MRT walk (RFC 6396 §2, §4.4) that pulls the UPDATE bodies out of
// BGP4MP / BGP4MP_ET message records, for the allocation test, the decode
// benchmark and fuzz seeds. It deliberately does not use libbgp/mrt (built
// concurrently): all it needs is the common header, the BGP4MP peer header and
// the BGP message header. Loading allocates; walking the result does not.
#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "libbgp/wire/byte_reader.hpp"
#include "libbgp/wire/update.hpp"

namespace bgp::testing {

struct UpdateSample {
  Bytes body;         // UPDATE body (after the 19-octet header)
  DecodeContext ctx;  // from the record subtype: 4-octet AS, ADD-PATH
};

struct UpdateCorpus {
  std::vector<std::vector<std::byte>> files;  // decompressed MRT files (owners of the views)
  std::vector<UpdateSample> updates;
  std::size_t update_bytes = 0;  // sum of body sizes
};

inline std::vector<std::byte> read_gz(const std::string& path) {
  std::vector<std::byte> out;
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  std::byte chunk[1 << 16];
  int n = 0;
  while ((n = gzread(f, chunk, sizeof chunk)) > 0) out.insert(out.end(), chunk, chunk + n);
  gzclose(f);
  return out;
}

// Appends every UPDATE carried by BGP4MP(_ET) MESSAGE records of `mrt`.
inline void collect_updates(Bytes mrt, std::vector<UpdateSample>& out, std::size_t& bytes) {
  constexpr std::uint16_t kBgp4mp = 16, kBgp4mpEt = 17;
  ByteReader r(mrt);
  while (r.remaining() >= 12) {
    r.skip(4);  // timestamp
    const auto type = *r.u16();
    const auto subtype = *r.u16();
    const auto length = *r.u32();
    auto rec = r.bytes(length);
    if (!rec) return;  // truncated file
    if (type != kBgp4mp && type != kBgp4mpEt) continue;
    // RFC 6396 §4.4: 1 MESSAGE, 4 MESSAGE_AS4, 6 MESSAGE_LOCAL, 7 MESSAGE_AS4_LOCAL;
    // RFC 8050 §3: 8..11 the same with ADD-PATH.
    const bool as4 = subtype == 4 || subtype == 7 || subtype == 9 || subtype == 11;
    const bool add_path = subtype >= 8 && subtype <= 11;
    const bool message = subtype == 1 || subtype == 4 || subtype == 6 || subtype == 7 || add_path;
    if (!message) continue;
    ByteReader m(*rec);
    if (type == kBgp4mpEt) m.skip(4);  // microseconds
    m.skip(as4 ? 8 : 4);               // peer AS, local AS
    m.skip(2);                         // interface index
    const auto afi = m.u16();
    if (!afi) continue;
    m.skip(*afi == 2 ? 32 : 8);  // peer and local addresses
    auto header = m.bytes(19);
    if (!header || std::to_integer<int>((*header)[18]) != 2) continue;  // UPDATE only
    const std::size_t msg_len = load_u16(*header, 16);
    if (msg_len < 19 || m.remaining() < msg_len - 19) continue;
    UpdateSample s;
    s.body = *m.bytes(msg_len - 19);
    s.ctx.four_octet_as = as4;
    s.ctx.add_path_ipv4 = add_path;
    s.ctx.add_path_ipv6 = add_path;
    out.push_back(s);
    bytes += s.body.size();
  }
}

// Loads every updates.*.gz under `dir` (sorted by name).
inline UpdateCorpus load_update_corpus(const std::string& dir) {
  UpdateCorpus c;
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const auto name = e.path().filename().string();
    if (name.rfind("updates.", 0) == 0 && name.size() > 3 && name.substr(name.size() - 3) == ".gz") {
      names.push_back(e.path().string());
    }
  }
  std::sort(names.begin(), names.end());
  c.files.reserve(names.size());
  for (const auto& n : names) c.files.push_back(read_gz(n));
  for (const auto& f : c.files) collect_updates(Bytes(f), c.updates, c.update_bytes);
  return c;
}

// Decodes one UPDATE and touches every attribute and every prefix, so the
// compiler cannot skip any of the lazy work. Returns a checksum.
inline std::uint64_t decode_fully(const UpdateSample& s) {
  const DecodedUpdate u = decode_update(s.body, s.ctx);
  std::uint64_t sum = static_cast<std::uint64_t>(u.action);
  auto prefixes = [&sum](const NlriRange& range) {
    for (const NlriEntry& e : range) sum += e.prefix.length() + e.prefix.address().bytes()[0] + e.path_id;
  };
  prefixes(u.withdrawn);
  prefixes(u.nlri);
  if (u.mp_reach) {
    sum += u.mp_reach->next_hop.bytes()[3];
    prefixes(u.mp_reach->nlri);
  }
  if (u.mp_unreach) prefixes(u.mp_unreach->withdrawn);
  for (const AsSegment& seg : u.as_path()) {
    for (std::uint32_t asn : seg) sum += asn;
  }
  if (u.origin) sum += static_cast<std::uint64_t>(*u.origin);
  if (u.next_hop) sum += u.next_hop->bytes()[3];
  sum += u.med.value_or(0) + u.local_pref.value_or(0) + u.atomic_aggregate;
  if (u.aggregator) sum += u.aggregator->asn;
  for (std::size_t i = 0; i < u.communities.size(); ++i) sum += u.communities[i];
  for (std::size_t i = 0; i < u.extended_communities.size(); ++i) sum += u.extended_communities[i];
  for (std::size_t i = 0; i < u.large_communities.size(); ++i) sum += u.large_communities[i].local2;
  for (std::size_t i = 0; i < u.cluster_list.size(); ++i) sum += u.cluster_list[i];
  if (u.originator_id) sum += u.originator_id->bytes()[0];
  if (u.has_unknown_transitive()) {
    for (const RawAttribute& a : u.attributes()) {
      if (DecodedUpdate::is_unknown_transitive(a)) sum += a.value.size();
    }
  }
  return sum;
}

}  // namespace bgp::testing

#include "libbgp/mrt/bgpdump.hpp"

#include <algorithm>
#include <array>
#include <vector>
#include <ostream>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "libbgp/mrt/bgpdump_address.hpp"
#include "libbgp/mrt/bgpdump_attributes.hpp"
#include "libbgp/mrt/records.hpp"
#include "libbgp/mrt/types.hpp"
#include "libbgp/wire/update.hpp"

namespace bgp::mrt {
namespace {

constexpr std::size_t kFlushThreshold = 64 * 1024;
constexpr std::size_t kBgpHeader = 19;  // RFC 4271 §4.1
constexpr std::uint8_t kUpdateType = 2;

using Out = fmt::memory_buffer;

// bgpdump's line name for BGP4MP records: BGP4MP[_ET][_LOCAL][_AP].
std::string_view bgp4mp_line_name(bool et, bool local, bool add_path) {
  static constexpr std::array<std::string_view, 8> kNames = {
      "BGP4MP",    "BGP4MP_AP",    "BGP4MP_LOCAL",    "BGP4MP_LOCAL_AP",
      "BGP4MP_ET", "BGP4MP_ET_AP", "BGP4MP_ET_LOCAL", "BGP4MP_ET_LOCAL_AP",
  };
  return kNames[(et ? 4 : 0) | (local ? 2 : 0) | (add_path ? 1 : 0)];
}

// Decimal seconds, plus ".uuuuuu" for _ET records (bgpdump -m).
std::string time_text(const RecordHeader& h) {
  if (h.microseconds) return fmt::format("{}.{:06}", h.timestamp, *h.microseconds);
  return fmt::format("{}", h.timestamp);
}

// bgpdump prints a TABLE_DUMP_V2 prefix as stored: the bytes after the
// length octet, zero-padded, trailing bits not masked. BGP4MP NLRI are
// printed masked, as the patched bgpdump 1.6.2 that wrote the golden output
// of updates.nlri_mask_trailing_bits.gz does; Debian's unpatched 1.6.2-2
// prints those as stored too (tests/data/README.md).
std::string stored_prefix_text(const RibRecord& rib) {
  std::array<std::byte, 16> addr{};
  const Bytes stored = rib.nlri.empty() ? Bytes{} : rib.nlri.subspan(1);
  const bool v6 = rib.afi == static_cast<std::uint16_t>(Afi::kIpv6);
  const std::size_t n = std::min(stored.size(), v6 ? std::size_t{16} : std::size_t{4});
  std::copy_n(stored.begin(), n, addr.begin());
  const IpAddress a = v6 ? IpAddress::v6(std::span<const std::byte, 16>(addr)) : IpAddress::v4(std::span<const std::byte, 4>(addr.data(), 4));
  const unsigned length = rib.nlri.empty() ? 0u : std::to_integer<unsigned>(rib.nlri[0]);
  return fmt::format("{}/{}", bgpdump_address(a), length);
}

// The part every announcement line ends with.
void append_tail(Out& out, const DumpAttributes& a) {
  fmt::format_to(std::back_inserter(out), "{}|{}|{}|\n", a.communities, a.atomic_aggregate ? "AG" : "NAG",
                 a.aggregator);
}

// One MP_REACH_NLRI or MP_UNREACH_NLRI family's prefixes.
struct MpSection {
  Afi afi = Afi::kIpv4;
  std::uint8_t safi = 1;
  IpAddress next_hop;  // MP_REACH only
  NlriRange nlri;
};

struct MpSections {
  std::vector<MpSection> reach;
  std::vector<MpSection> unreach;
};

// RFC 4760 §3/§4 value of an MP attribute for a multicast family (SAFI 2,
// or the obsolete 3 "unicast and multicast"). bgpdump prints these; when
// bgp_wire does not decode one (it carries the families a session can
// negotiate), the formatter reads its next hop and NLRI itself, with the
// shared NlriRange. nullopt when the value is malformed.
std::optional<MpSection> multicast_section(const RawAttribute& a, bool add_path) {
  const Bytes v = a.value;
  if (v.size() < 3) return std::nullopt;
  MpSection s;
  const std::uint16_t afi = load_u16(v);
  s.safi = std::to_integer<std::uint8_t>(v[2]);
  if ((afi != 1 && afi != 2) || (s.safi != 2 && s.safi != 3)) return std::nullopt;
  s.afi = static_cast<Afi>(afi);
  std::size_t pos = 3;
  if (a.type == static_cast<std::uint8_t>(AttrType::kMpReachNlri)) {
    if (v.size() < 4) return std::nullopt;
    const std::size_t nh_len = std::to_integer<std::uint8_t>(v[3]);
    if (v.size() < 5 + nh_len) return std::nullopt;
    const Bytes nh = v.subspan(4, nh_len);
    if (nh_len == 4) {
      s.next_hop = IpAddress::v4(nh.first<4>());
    } else if (nh_len == 16 || nh_len == 32) {
      s.next_hop = IpAddress::v6(nh.first<16>());
    } else {
      return std::nullopt;
    }
    pos = 4 + nh_len;
    std::size_t snpas = std::to_integer<std::uint8_t>(v[pos++]);
    // RFC 2858 §5: SNPA lengths are in semi-octets (dropped by RFC 4760).
    while (snpas-- > 0) {
      if (pos >= v.size()) return std::nullopt;
      pos += 1 + (std::to_integer<std::uint8_t>(v[pos]) + 1u) / 2u;
      if (pos > v.size()) return std::nullopt;
    }
  }
  s.nlri = NlriRange(v.subspan(pos), s.afi, add_path);
  return s;
}

MpSections collect_mp_sections(const DecodedUpdate& u, bool add_path) {
  MpSections out;
  const auto safi_of = [](const Family& f) { return static_cast<std::uint8_t>(f.safi); };
  if (u.mp_reach) {
    out.reach.push_back({u.mp_reach->family.afi, safi_of(u.mp_reach->family), u.mp_reach->next_hop, u.mp_reach->nlri});
  }
  if (u.mp_unreach) {
    out.unreach.push_back(
        {u.mp_unreach->family.afi, safi_of(u.mp_unreach->family), IpAddress{}, u.mp_unreach->withdrawn});
  }
  // Families bgp_wire left undecoded (it may carry fewer than bgpdump prints).
  for (const RawAttribute& a : u.attributes()) {
    const bool reach = a.type == static_cast<std::uint8_t>(AttrType::kMpReachNlri);
    if (!reach && a.type != static_cast<std::uint8_t>(AttrType::kMpUnreachNlri)) continue;
    auto s = multicast_section(a, add_path);
    if (!s) continue;
    auto& list = reach ? out.reach : out.unreach;
    const bool decoded = std::any_of(list.begin(), list.end(), [&](const MpSection& x) {
      return x.afi == s->afi && x.safi == s->safi;
    });
    if (!decoded) list.push_back(*s);
  }
  auto order = [](const MpSection& x, const MpSection& y) {
    return std::pair(x.afi, x.safi) < std::pair(y.afi, y.safi);
  };
  std::stable_sort(out.reach.begin(), out.reach.end(), order);
  std::stable_sort(out.unreach.begin(), out.unreach.end(), order);
  return out;
}

}  // namespace

struct BgpdumpPrinter::State {
  State(std::ostream& o, std::ostream& e) : out(o), err(e) {}

  std::ostream& out;
  std::ostream& err;
  Out buf;
  BgpdumpCounters counters;
  std::optional<PeerIndexTable> peers;
  AttributeBlockDecoder block_decoder;
  std::set<std::pair<std::uint16_t, std::uint16_t>> noted;

  void flush() {
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  }
  void maybe_flush() {
    if (buf.size() >= kFlushThreshold) flush();
  }

  std::string where(const Record& r) const {
    return fmt::format("offset {}: {}/{} record", r.offset, record_type_name(r.header.type),
                       record_subtype_name(r.header.type, r.header.subtype));
  }
  void error(const Record& r, std::string_view what) {
    ++counters.errors;
    flush();  // keep stdout and stderr in order for a reader of both
    err << "error: " << where(r) << ": " << what << '\n';
  }
  void warning(const Record& r, std::string_view what) {
    ++counters.warnings;
    flush();
    err << "warning: " << where(r) << ": " << what << '\n';
  }
  // Records bgpdump does not print: skipped, with one note per kind.
  void skip(const Record& r, std::string_view why) {
    ++counters.skipped;
    if (noted.emplace(r.header.type, r.header.subtype).second) {
      flush();
      err << "note: " << where(r) << ": " << why << " (further ones skipped silently)\n";
    }
  }

  void print(const Record& r);
  void print_table_dump(const Record& r);
  void print_rib(const Record& r);
  void check_rib_only(const Record& r);
  void print_state_change(const Record& r);
  void print_message(const Record& r);
  void print_update(const Record& r, const Bgp4mpMessage& m, Bytes body);
};

void BgpdumpPrinter::State::print(const Record& r) {
  ++counters.records;
  switch (static_cast<RecordType>(r.header.type)) {
    case RecordType::kTableDump:
      print_table_dump(r);
      return;
    case RecordType::kTableDumpV2:
      switch (static_cast<TableDumpV2Subtype>(r.header.subtype)) {
        case TableDumpV2Subtype::kPeerIndexTable: {
          auto t = decode_peer_index_table(r);
          if (auto* table = std::get_if<PeerIndexTable>(&t)) {
            peers = std::move(*table);
          } else {
            error(r, error_text(t));
          }
          return;
        }
        case TableDumpV2Subtype::kRibIpv4Unicast:
        case TableDumpV2Subtype::kRibIpv6Unicast:
        case TableDumpV2Subtype::kRibIpv4UnicastAddPath:
        case TableDumpV2Subtype::kRibIpv6UnicastAddPath:
          print_rib(r);
          return;
        case TableDumpV2Subtype::kRibIpv4Multicast:
        case TableDumpV2Subtype::kRibIpv6Multicast:
        case TableDumpV2Subtype::kRibGeneric:
        case TableDumpV2Subtype::kRibIpv4MulticastAddPath:
        case TableDumpV2Subtype::kRibIpv6MulticastAddPath:
        case TableDumpV2Subtype::kRibGenericAddPath:
          check_rib_only(r);  // valid, but bgpdump prints only unicast RIBs
          return;
        default:
          skip(r, "not printed in bgpdump format");
          return;
      }
    case RecordType::kBgp4mp:
    case RecordType::kBgp4mpEt:
      switch (static_cast<Bgp4mpSubtype>(r.header.subtype)) {
        case Bgp4mpSubtype::kStateChange:
        case Bgp4mpSubtype::kStateChangeAs4:
          print_state_change(r);
          return;
        case Bgp4mpSubtype::kEntry: {
          auto e = decode_bgp4mp_entry(r);
          if (value_of(e) == nullptr) {
            error(r, error_text(e));
          } else {
            skip(r, "deprecated BGP4MP_ENTRY is not printed in bgpdump format");
          }
          return;
        }
        case Bgp4mpSubtype::kSnapshot:
          skip(r, "deprecated BGP4MP_SNAPSHOT is not printed in bgpdump format");
          return;
        default:
          if (r.header.subtype <= static_cast<std::uint16_t>(Bgp4mpSubtype::kMessageAs4LocalAddPath)) {
            print_message(r);
          } else {
            skip(r, "unknown BGP4MP subtype");
          }
          return;
      }
    default:
      skip(r, "MRT type not printed in bgpdump format");
      return;
  }
}

// RFC 6396 §4.2. bgpdump prints the prefix address as stored (unmasked).
void BgpdumpPrinter::State::print_table_dump(const Record& r) {
  auto decoded = decode_table_dump(r);
  const auto* e = value_of(decoded);
  if (e == nullptr) return error(r, error_text(decoded));
  DecodeContext ctx;
  ctx.four_octet_as = false;
  ctx.ibgp = true;  // print LOCAL_PREF whatever the session was
  ctx.confederation_peer = true;
  ctx.mrt_abbreviated_mp_reach = true;
  ctx.mrt_family = kIpv6Unicast;
  const DecodedUpdate& u = block_decoder.decode(e->attributes, ctx);
  const DumpAttributes a = summarize(u, ctx.four_octet_as);
  // bgpdump takes the IPv6 unicast MP_REACH next hop when there is one.
  const bool mp_v6 = u.mp_reach && u.mp_reach->family == kIpv6Unicast;
  fmt::format_to(std::back_inserter(buf), "TABLE_DUMP|{}|B|{}|{}|{}/{}|{}|{}|{}|{}|{}|", r.header.timestamp,
                 bgpdump_address(e->peer_ip), e->peer_as, bgpdump_address(e->prefix_address), e->prefix_length,
                 a.as_path, a.origin, mp_v6 ? bgpdump_address(u.mp_reach->next_hop) : a.next_hop, a.local_pref, a.med);
  append_tail(buf, a);
  ++counters.lines;
  maybe_flush();
}

// RFC 6396 §4.3.2 (RFC 8050 §4 with path identifiers): one line per entry.
void BgpdumpPrinter::State::print_rib(const Record& r) {
  auto decoded = decode_rib(r);
  const auto* rib = value_of(decoded);
  if (rib == nullptr) return error(r, error_text(decoded));
  if (!peers) return error(r, "RIB record before any PEER_INDEX_TABLE");
  DecodeContext ctx;
  ctx.four_octet_as = true;  // §4.3.4: RIB entries always use 4-octet AS_PATH
  ctx.ibgp = true;
  ctx.confederation_peer = true;
  ctx.add_path_ipv4 = ctx.add_path_ipv6 = rib->add_path;
  ctx.mrt_abbreviated_mp_reach = true;
  ctx.mrt_family = Family{static_cast<Afi>(rib->afi), Safi::kUnicast};
  const std::string prefix = stored_prefix_text(*rib);
  const std::string time = time_text(r.header);
  RibEntryIterator it(*rib);
  while (auto e = it.next()) {
    if (e->peer_index >= peers->peers.size()) {
      error(r, fmt::format("RIB entry names peer {} but the PEER_INDEX_TABLE has {}", e->peer_index,
                           peers->peers.size()));
      continue;
    }
    const PeerEntry& peer = peers->peers[e->peer_index];
    const DecodedUpdate& u = block_decoder.decode(e->attributes, ctx);
    if (u.action != ErrorAction::kNone) {
      warning(r, fmt::format("entry for peer {}: {} ({})", peer.ip.to_string(), u.error_reason,
                             error_action_name(u.action)));
    }
    const DumpAttributes a = summarize(u, ctx.four_octet_as);
    const bool mp = u.mp_reach && u.mp_reach->family.safi == Safi::kUnicast;
    auto o = std::back_inserter(buf);
    fmt::format_to(o, "{}|{}|B|{}|{}|{}|", rib->add_path ? "TABLE_DUMP2_AP" : "TABLE_DUMP2", time,
                   bgpdump_address(peer.ip), peer.as, prefix);
    if (e->path_id) fmt::format_to(o, "{}|", *e->path_id);
    fmt::format_to(o, "{}|{}|{}|{}|{}|", a.as_path, a.origin, mp ? bgpdump_address(u.mp_reach->next_hop) : a.next_hop,
                   a.local_pref, a.med);
    append_tail(buf, a);
    ++counters.lines;
    maybe_flush();
  }
  if (it.error()) error(r, it.error()->what);
}

// Multicast and generic RIBs: checked, then skipped (bgpdump prints none).
void BgpdumpPrinter::State::check_rib_only(const Record& r) {
  auto decoded = decode_rib(r);
  const auto* rib = value_of(decoded);
  if (rib == nullptr) return error(r, error_text(decoded));
  RibEntryIterator it(*rib);
  while (it.next()) {
  }
  if (it.error()) return error(r, it.error()->what);
  skip(r, "not printed in bgpdump format (bgpdump prints unicast RIBs only)");
}

// RFC 6396 §4.4.1: BGP4MP[_ET]|time|STATE|peer|peer AS|old|new
void BgpdumpPrinter::State::print_state_change(const Record& r) {
  auto decoded = decode_bgp4mp_state_change(r);
  const auto* s = value_of(decoded);
  if (s == nullptr) return error(r, error_text(decoded));
  fmt::format_to(std::back_inserter(buf), "{}|{}|STATE|{}|{}|{}|{}\n",
                 r.header.microseconds ? "BGP4MP_ET" : "BGP4MP", time_text(r.header), bgpdump_address(s->peering.peer_ip),
                 s->peering.peer_as, s->old_state, s->new_state);
  ++counters.lines;
  maybe_flush();
}

// RFC 6396 §4.4.2: a BGP message. Only UPDATEs produce lines.
void BgpdumpPrinter::State::print_message(const Record& r) {
  auto decoded = decode_bgp4mp_message(r);
  const auto* m = value_of(decoded);
  if (m == nullptr) return error(r, error_text(decoded));
  const Bytes msg = m->message;
  if (msg.size() < kBgpHeader) {
    return error(r, fmt::format("BGP message of {} bytes is shorter than its 19-byte header", msg.size()));
  }
  for (std::size_t i = 0; i < 16; ++i) {
    if (msg[i] != std::byte{0xff}) return warning(r, "BGP message marker is not all ones; message skipped");
  }
  const std::size_t length = load_u16(msg, 16);
  const auto type = std::to_integer<std::uint8_t>(msg[18]);
  if (length < kBgpHeader) return warning(r, fmt::format("BGP message length {} is below 19; skipped", length));
  if (type != kUpdateType) return;  // OPEN, NOTIFICATION, KEEPALIVE...: no -m line
  Bytes body = msg.subspan(kBgpHeader);
  if (length > msg.size()) {
    warning(r, fmt::format("BGP message says {} bytes, record holds {}; printing what is there", length, msg.size()));
  } else {
    body = body.first(length - kBgpHeader);
  }
  print_update(r, *m, body);
}

void BgpdumpPrinter::State::print_update(const Record& r, const Bgp4mpMessage& m, Bytes body) {
  DecodeContext ctx;
  ctx.four_octet_as = m.four_octet_as;
  ctx.add_path_ipv4 = ctx.add_path_ipv6 = m.add_path;
  ctx.ibgp = true;
  ctx.confederation_peer = true;
  DecodedUpdate u = decode_update(body, ctx);
  bool add_path = m.add_path;
  if (u.action != ErrorAction::kNone) {
    // BIRD wrote ADD-PATH NLRI under the plain MESSAGE subtypes before
    // RFC 8050 gave them their own. If the UPDATE only decodes with the
    // opposite assumption, use that (and say so once).
    DecodeContext flipped = ctx;
    flipped.add_path_ipv4 = flipped.add_path_ipv6 = !m.add_path;
    DecodedUpdate retry = decode_update(body, flipped);
    if (retry.action == ErrorAction::kNone) {
      u = retry;
      add_path = !m.add_path;
      if (noted.emplace(r.header.type, 0x8000 | r.header.subtype).second) {
        flush();
        err << "note: " << where(r) << ": NLRI decode only " << (add_path ? "with" : "without")
            << " ADD-PATH path identifiers, contrary to the subtype; decoded that way (further ones silently)\n";
      }
    } else {
      warning(r, fmt::format("UPDATE: {} ({}); printing what decodes", u.error_reason, error_action_name(u.action)));
    }
  }
  const std::string_view name = bgp4mp_line_name(r.header.microseconds.has_value(), m.local, m.add_path);
  const std::string time = time_text(r.header);
  const std::string peer = bgpdump_address(m.peering.peer_ip);
  const std::uint32_t peer_as = m.peering.peer_as;
  const MpSections mp = collect_mp_sections(u, add_path);
  auto o = std::back_inserter(buf);

  // bgpdump's order: base withdrawn routes, then MP_UNREACH_NLRI by
  // (AFI, SAFI); base NLRI, then MP_REACH_NLRI by (AFI, SAFI).
  auto withdraw = [&](const NlriRange& range) {
    for (const NlriEntry& w : range) {
      fmt::format_to(o, "{}|{}|W|{}|{}|{}", name, time, peer, peer_as, bgpdump_prefix(w.prefix));
      if (m.add_path) fmt::format_to(o, "|{}", w.path_id);
      buf.push_back('\n');
      ++counters.lines;
    }
  };
  withdraw(u.withdrawn);
  for (const MpSection& s : mp.unreach) withdraw(s.nlri);

  bool any_announce = !u.nlri.empty();
  for (const MpSection& s : mp.reach) any_announce = any_announce || !s.nlri.empty();
  if (any_announce) {
    const DumpAttributes a = summarize(u, ctx.four_octet_as);
    const std::string_view ag = a.atomic_aggregate ? "AG" : "NAG";
    // Base NLRI: NEXT_HOP attribute, LOCAL_PREF and MED unsigned.
    for (const NlriEntry& n : u.nlri) {
      fmt::format_to(o, "{}|{}|A|{}|{}|{}|", name, time, peer, peer_as, bgpdump_prefix(n.prefix));
      if (m.add_path) fmt::format_to(o, "{}|", n.path_id);
      fmt::format_to(o, "{}|{}|{}|{}|{}|{}|{}|{}|\n", a.as_path, a.origin, a.next_hop, a.local_pref, a.med,
                     a.communities, ag, a.aggregator);
      ++counters.lines;
    }
    for (const MpSection& s : mp.reach) {
      const std::string nh = bgpdump_address(s.next_hop);
      for (const NlriEntry& n : s.nlri) {
        fmt::format_to(o, "{}|{}|A|{}|{}|{}|", name, time, peer, peer_as, bgpdump_prefix(n.prefix));
        if (m.add_path) fmt::format_to(o, "{}|", n.path_id);
        if (s.afi == Afi::kIpv4) {
          // bgpdump prints LOCAL_PREF and MED of MP IPv4 routes with %d:
          // values above 2^31-1 come out negative. Reproduced.
          fmt::format_to(o, "{}|{}|{}|{}|{}|", a.as_path, a.origin, nh, static_cast<std::int32_t>(a.local_pref),
                         static_cast<std::int32_t>(a.med));
        } else {
          fmt::format_to(o, "{}|{}|{}|{}|{}|", a.as_path, a.origin, nh, a.local_pref, a.med);
        }
        fmt::format_to(o, "{}|{}|{}|\n", a.communities, ag, a.aggregator);
        ++counters.lines;
      }
    }
  }
  maybe_flush();
}

BgpdumpPrinter::BgpdumpPrinter(std::ostream& out, std::ostream& err) : state_(std::make_unique<State>(out, err)) {}
BgpdumpPrinter::~BgpdumpPrinter() = default;

void BgpdumpPrinter::print(const Record& record) { state_->print(record); }

const BgpdumpCounters& BgpdumpPrinter::counters() const { return state_->counters; }

int BgpdumpPrinter::finish(const std::optional<ReadError>& read_error) {
  state_->flush();
  state_->out.flush();
  if (read_error) {
    ++state_->counters.errors;
    state_->err << "error: " << read_error->message << '\n';
  }
  return state_->counters.errors == 0 ? 0 : 1;
}

namespace {
int run(RecordReader& reader, std::ostream& out, std::ostream& err) {
  BgpdumpPrinter printer(out, err);
  while (auto record = reader.next()) printer.print(*record);
  return printer.finish(reader.error());
}
}  // namespace

int print_bgpdump(const std::string& path, std::ostream& out, std::ostream& err) {
  std::string why;
  auto source = open_file_source(path, why);
  if (!source) {
    err << "error: " << why << '\n';
    return 1;
  }
  RecordReader reader(std::move(source));
  return run(reader, out, err);
}

int print_bgpdump(Bytes data, std::ostream& out, std::ostream& err) {
  RecordReader reader(data);
  return run(reader, out, err);
}

}  // namespace bgp::mrt

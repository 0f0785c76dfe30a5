#include "libbgp/mrt/records.hpp"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "libbgp/mrt/types.hpp"

namespace bgp::mrt {
namespace {

// A ByteReader that remembers the first field that did not fit, so decoders
// read straight through and check once at the end.
class FieldReader {
 public:
  explicit FieldReader(Bytes body) : r_(body) {}

  std::uint8_t u8(const char* field) { return take(r_.u8(), field, 1); }
  std::uint16_t u16(const char* field) { return take(r_.u16(), field, 2); }
  std::uint32_t u32(const char* field) { return take(r_.u32(), field, 4); }
  std::uint32_t as(bool four_octet, const char* field) { return four_octet ? u32(field) : u16(field); }
  Bytes bytes(std::size_t n, const char* field) { return take(r_.bytes(n), field, n); }
  IpAddress address(std::uint16_t afi, const char* field) {
    if (afi == static_cast<std::uint16_t>(Afi::kIpv6)) {
      Bytes b = bytes(16, field);
      return b.size() == 16 ? IpAddress::v6(b.first<16>()) : IpAddress{};
    }
    Bytes b = bytes(4, field);
    return b.size() == 4 ? IpAddress::v4(b.first<4>()) : IpAddress{};
  }
  Bytes rest() {
    Bytes b = r_.rest();
    r_.skip(b.size());
    return b;
  }
  std::size_t remaining() const { return r_.remaining(); }
  bool ok() const { return !error_; }
  DecodeError error() const { return *error_; }
  void fail(std::string what) {
    if (!error_) error_ = DecodeError{std::move(what)};
  }

 private:
  template <class T>
  T take(std::optional<T> v, const char* field, std::size_t need) {
    if (!v) {
      fail(fmt::format("{}: need {} bytes, {} left", field, need, r_.remaining()));
      r_.skip(r_.remaining());
      return T{};
    }
    return *v;
  }

  ByteReader r_;
  std::optional<DecodeError> error_;
};

bool valid_afi(std::uint16_t afi) {
  return afi == static_cast<std::uint16_t>(Afi::kIpv4) || afi == static_cast<std::uint16_t>(Afi::kIpv6);
}

bool is_bgp4mp(const Record& r) {
  return r.header.type == static_cast<std::uint16_t>(RecordType::kBgp4mp) ||
         r.header.type == static_cast<std::uint16_t>(RecordType::kBgp4mpEt);
}

// RFC 6396 §4.4.1/§4.4.2: AS numbers, interface index, AFI, two addresses.
Bgp4mpPeering read_peering(FieldReader& in, bool four_octet) {
  Bgp4mpPeering p;
  p.peer_as = in.as(four_octet, "peer AS");
  p.local_as = in.as(four_octet, "local AS");
  p.interface_index = in.u16("interface index");
  p.afi = in.u16("address family");
  if (in.ok() && !valid_afi(p.afi)) {
    in.fail(fmt::format("unsupported address family {}", p.afi));
    return p;
  }
  p.peer_ip = in.address(p.afi, "peer IP address");
  p.local_ip = in.address(p.afi, "local IP address");
  return p;
}

// Reads a prefix as (length in bits, ceil(length/8) bytes) for the AFI.
std::optional<Prefix> read_prefix(FieldReader& in, std::uint16_t afi, std::uint8_t& length_out, Bytes& bytes_out) {
  length_out = in.u8("prefix length");
  if (!in.ok()) return std::nullopt;
  const auto family = static_cast<Afi>(afi);
  if (length_out > address_bits(family)) {
    in.fail(fmt::format("prefix length {} exceeds {} bits", length_out, address_bits(family)));
    return std::nullopt;
  }
  bytes_out = in.bytes((length_out + 7u) / 8u, "prefix");
  if (!in.ok()) return std::nullopt;
  return Prefix::from_wire(family, length_out, bytes_out);
}

}  // namespace

Decoded<Bgp4mpStateChange> decode_bgp4mp_state_change(const Record& r) {
  const auto sub = static_cast<Bgp4mpSubtype>(r.header.subtype);
  if (!is_bgp4mp(r) || (sub != Bgp4mpSubtype::kStateChange && sub != Bgp4mpSubtype::kStateChangeAs4)) {
    return DecodeError{"not a BGP4MP state change record"};
  }
  Bgp4mpStateChange s;
  if (sub == Bgp4mpSubtype::kStateChange && r.body.size() == 8) {
    // Zebra once wrote state changes without interface, family and
    // addresses; readers (bgpdump included) accept them with a 0.0.0.0 peer.
    s.peering.peer_as = load_u16(r.body, 0);
    s.peering.local_as = load_u16(r.body, 2);
    s.peering.afi = 1;
    s.old_state = load_u16(r.body, 4);
    s.new_state = load_u16(r.body, 6);
    return s;
  }
  FieldReader in(r.body);
  s.peering = read_peering(in, sub == Bgp4mpSubtype::kStateChangeAs4);
  s.old_state = in.u16("old state");
  s.new_state = in.u16("new state");
  if (!in.ok()) return in.error();
  return s;
}

Decoded<Bgp4mpMessage> decode_bgp4mp_message(const Record& r) {
  Bgp4mpMessage m;
  switch (static_cast<Bgp4mpSubtype>(r.header.subtype)) {
    case Bgp4mpSubtype::kMessage: break;
    case Bgp4mpSubtype::kMessageAs4: m.four_octet_as = true; break;
    case Bgp4mpSubtype::kMessageLocal: m.local = true; break;
    case Bgp4mpSubtype::kMessageAs4Local: m.four_octet_as = m.local = true; break;
    case Bgp4mpSubtype::kMessageAddPath: m.add_path = true; break;
    case Bgp4mpSubtype::kMessageAs4AddPath: m.four_octet_as = m.add_path = true; break;
    case Bgp4mpSubtype::kMessageLocalAddPath: m.local = m.add_path = true; break;
    case Bgp4mpSubtype::kMessageAs4LocalAddPath: m.four_octet_as = m.local = m.add_path = true; break;
    default: return DecodeError{"not a BGP4MP message record"};
  }
  if (!is_bgp4mp(r)) return DecodeError{"not a BGP4MP message record"};
  FieldReader in(r.body);
  m.peering = read_peering(in, m.four_octet_as);
  if (!in.ok()) return in.error();
  m.message = in.rest();
  return m;
}

Decoded<Bgp4mpEntry> decode_bgp4mp_entry(const Record& r) {
  if (!is_bgp4mp(r) || r.header.subtype != static_cast<std::uint16_t>(Bgp4mpSubtype::kEntry)) {
    return DecodeError{"not a BGP4MP_ENTRY record"};
  }
  FieldReader in(r.body);
  Bgp4mpEntry e;
  e.peering = read_peering(in, false);
  e.view = in.u16("view");
  e.status = in.u16("status");
  e.originated = in.u32("time last change");
  e.afi = in.u16("entry address family");
  e.safi = in.u8("entry SAFI");
  const std::uint8_t nh_len = in.u8("next hop length");
  e.next_hop = in.bytes(nh_len, "next hop");
  if (in.ok() && !valid_afi(e.afi)) in.fail(fmt::format("unsupported entry address family {}", e.afi));
  if (!in.ok()) return in.error();
  read_prefix(in, e.afi, e.prefix_length, e.prefix_bytes);
  const std::uint16_t attr_len = in.u16("attribute length");
  e.attributes = in.bytes(attr_len, "attributes");
  if (!in.ok()) return in.error();
  return e;
}

Decoded<TableDumpEntry> decode_table_dump(const Record& r) {
  if (r.header.type != static_cast<std::uint16_t>(RecordType::kTableDump)) return DecodeError{"not a TABLE_DUMP record"};
  const std::uint16_t afi = r.header.subtype;  // §4.2: the subtype is the AFI
  if (!valid_afi(afi)) return DecodeError{fmt::format("unsupported TABLE_DUMP subtype {}", afi)};
  FieldReader in(r.body);
  TableDumpEntry e;
  e.view = in.u16("view number");
  e.sequence = in.u16("sequence number");
  const IpAddress prefix = in.address(afi, "prefix");
  e.prefix_length = in.u8("prefix length");
  e.status = in.u8("status");
  e.originated = in.u32("originated time");
  e.peer_ip = in.address(afi, "peer IP address");
  e.peer_as = in.u16("peer AS");
  const std::uint16_t attr_len = in.u16("attribute length");
  e.attributes = in.bytes(attr_len, "attributes");
  if (!in.ok()) return in.error();
  if (e.prefix_length > address_bits(prefix.afi())) {
    return DecodeError{fmt::format("prefix length {} exceeds {} bits", e.prefix_length, address_bits(prefix.afi()))};
  }
  e.prefix_address = prefix;
  e.prefix = Prefix(prefix, e.prefix_length);
  return e;
}

Decoded<PeerIndexTable> decode_peer_index_table(const Record& r) {
  if (r.header.type != static_cast<std::uint16_t>(RecordType::kTableDumpV2) ||
      r.header.subtype != static_cast<std::uint16_t>(TableDumpV2Subtype::kPeerIndexTable)) {
    return DecodeError{"not a PEER_INDEX_TABLE record"};
  }
  FieldReader in(r.body);
  PeerIndexTable t;
  t.collector_bgp_id = in.u32("collector BGP ID");
  const std::uint16_t name_len = in.u16("view name length");
  const Bytes name = in.bytes(name_len, "view name");
  t.view_name.assign(reinterpret_cast<const char*>(name.data()), name.size());
  const std::uint16_t count = in.u16("peer count");
  if (!in.ok()) return in.error();
  // Every peer entry is at least 11 bytes; do not let a lying count reserve more.
  t.peers.reserve(std::min<std::size_t>(count, in.remaining() / 11));
  for (std::uint16_t i = 0; i < count && in.ok(); ++i) {
    PeerEntry p;
    p.peer_type = in.u8("peer type");
    p.bgp_id = in.u32("peer BGP ID");
    // §4.3.1: bit 0 set means an IPv6 peer address, bit 1 a 4-octet AS.
    p.ip = in.address((p.peer_type & 0x01) != 0 ? 2 : 1, "peer IP address");
    p.as = in.as((p.peer_type & 0x02) != 0, "peer AS");
    if (in.ok()) t.peers.push_back(p);
  }
  if (!in.ok()) return DecodeError{fmt::format("peer {}: {}", t.peers.size(), in.error().what)};
  return t;
}

bool is_rib_subtype(std::uint16_t subtype) {
  return (subtype >= 2 && subtype <= 6) || (subtype >= 8 && subtype <= 12);
}

Decoded<RibRecord> decode_rib(const Record& r) {
  if (r.header.type != static_cast<std::uint16_t>(RecordType::kTableDumpV2) || !is_rib_subtype(r.header.subtype)) {
    return DecodeError{"not a TABLE_DUMP_V2 RIB record"};
  }
  RibRecord rib;
  const auto sub = static_cast<TableDumpV2Subtype>(r.header.subtype);
  rib.add_path = r.header.subtype >= 8;
  bool generic = false;
  switch (sub) {
    case TableDumpV2Subtype::kRibIpv4Unicast:
    case TableDumpV2Subtype::kRibIpv4UnicastAddPath: rib.afi = 1; rib.safi = 1; break;
    case TableDumpV2Subtype::kRibIpv4Multicast:
    case TableDumpV2Subtype::kRibIpv4MulticastAddPath: rib.afi = 1; rib.safi = 2; break;
    case TableDumpV2Subtype::kRibIpv6Unicast:
    case TableDumpV2Subtype::kRibIpv6UnicastAddPath: rib.afi = 2; rib.safi = 1; break;
    case TableDumpV2Subtype::kRibIpv6Multicast:
    case TableDumpV2Subtype::kRibIpv6MulticastAddPath: rib.afi = 2; rib.safi = 2; break;
    default: generic = true; break;
  }
  FieldReader in(r.body);
  rib.sequence = in.u32("sequence number");
  if (generic) {
    // §4.3.3: AFI, SAFI, then one NLRI in MP_REACH_NLRI encoding. For the
    // prefix-shaped SAFIs (unicast, multicast, labeled, VPN) the first byte
    // is the length in bits of everything that follows.
    rib.afi = in.u16("AFI");
    rib.safi = in.u8("SAFI");
    const std::uint8_t bits = in.u8("NLRI length");
    if (!in.ok()) return in.error();
    const Bytes body = in.bytes((bits + 7u) / 8u, "NLRI");
    if (!in.ok()) return in.error();
    rib.nlri = r.body.subspan(4 + 2 + 1, 1 + body.size());
    if (valid_afi(rib.afi) && (rib.safi == 1 || rib.safi == 2) && bits <= address_bits(static_cast<Afi>(rib.afi))) {
      rib.prefix = Prefix::from_wire(static_cast<Afi>(rib.afi), bits, body);
    }
  } else {
    std::uint8_t len = 0;
    Bytes bytes;
    rib.prefix = read_prefix(in, rib.afi, len, bytes);
    if (!in.ok()) return in.error();
    rib.nlri = r.body.subspan(4, 1 + bytes.size());
  }
  rib.entry_count = in.u16("entry count");
  if (!in.ok()) return in.error();
  rib.entries = in.rest();
  return rib;
}

std::optional<RibEntry> RibEntryIterator::next() {
  if (left_ == 0 || error_) return std::nullopt;
  const std::size_t start = reader_.position();
  RibEntry e;
  auto peer = reader_.u16();
  auto time = reader_.u32();
  std::optional<std::uint32_t> path_id;
  if (add_path_) path_id = reader_.u32();
  auto attr_len = reader_.u16();
  std::optional<Bytes> attrs;
  if (peer && time && (!add_path_ || path_id) && attr_len) attrs = reader_.bytes(*attr_len);
  if (!attrs) {
    error_ = DecodeError{fmt::format("RIB entry at byte {} of the entries: truncated", start)};
    return std::nullopt;
  }
  --left_;
  e.peer_index = *peer;
  e.originated = *time;
  e.path_id = path_id;
  e.attributes = *attrs;
  return e;
}

}  // namespace bgp::mrt

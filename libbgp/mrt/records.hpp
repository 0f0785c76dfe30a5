#pragma once
// Typed, zero-copy views of MRT record bodies (RFC 6396 §4.2-4.4, RFC 8050).
// Each decode_* function checks every length against the body and returns a
// view or a DecodeError naming the field that does not fit; nothing throws.
// Views point into the record body and live as long as it does.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "libbgp/mrt/record_reader.hpp"
#include "libbgp/wire/address.hpp"
#include "libbgp/wire/byte_reader.hpp"

namespace bgp::mrt {

struct DecodeError {
  std::string what;  // e.g. "peer IP address: need 16 bytes, 3 left"
};

template <class T>
using Decoded = std::variant<T, DecodeError>;

template <class T>
const T* value_of(const Decoded<T>& d) {
  return std::get_if<T>(&d);
}
template <class T>
const DecodeError* error_of(const Decoded<T>& d) {
  return std::get_if<DecodeError>(&d);
}
// The error text, or "" when decoding succeeded.
template <class T>
std::string error_text(const Decoded<T>& d) {
  const DecodeError* e = std::get_if<DecodeError>(&d);
  return e != nullptr ? e->what : std::string();
}

// ---- BGP4MP / BGP4MP_ET (RFC 6396 §4.4, RFC 8050 §3) ----

// The peering fields every BGP4MP subtype starts with. For the *_LOCAL
// subtypes the message was sent by the local side, but the fields keep
// their meaning: peer_* is the remote end (RFC 6396 §4.4.6).
struct Bgp4mpPeering {
  std::uint32_t peer_as = 0;
  std::uint32_t local_as = 0;
  std::uint16_t interface_index = 0;
  std::uint16_t afi = 0;  // raw Address Family field (1 or 2 when valid)
  IpAddress peer_ip;
  IpAddress local_ip;
};

struct Bgp4mpStateChange {
  Bgp4mpPeering peering;
  std::uint16_t old_state = 0;  // RFC 6396 §4.4.1: 1 Idle .. 6 Established
  std::uint16_t new_state = 0;
};

struct Bgp4mpMessage {
  Bgp4mpPeering peering;
  bool four_octet_as = false;  // AS fields and AS_PATH use 4-octet ASNs
  bool local = false;          // sent by the local speaker (MESSAGE_LOCAL)
  bool add_path = false;       // NLRI carry RFC 7911 path identifiers
  Bytes message;               // whole BGP message, marker through body
};

// Deprecated BGP4MP_ENTRY (draft-ietf-grow-mrt-04 §5.4.2), still written by
// OpenBGPD for "table-mp" dumps: one prefix with its attributes.
struct Bgp4mpEntry {
  Bgp4mpPeering peering;
  std::uint16_t view = 0;
  std::uint16_t status = 0;
  std::uint32_t originated = 0;
  std::uint16_t afi = 0;
  std::uint8_t safi = 0;
  Bytes next_hop;
  std::uint8_t prefix_length = 0;
  Bytes prefix_bytes;
  Bytes attributes;
};

Decoded<Bgp4mpStateChange> decode_bgp4mp_state_change(const Record& r);
Decoded<Bgp4mpMessage> decode_bgp4mp_message(const Record& r);
Decoded<Bgp4mpEntry> decode_bgp4mp_entry(const Record& r);

// ---- TABLE_DUMP (RFC 6396 §4.2) ----

struct TableDumpEntry {
  std::uint16_t view = 0;
  std::uint16_t sequence = 0;
  Prefix prefix;                      // masked
  IpAddress prefix_address;           // as on the wire (not masked)
  std::uint8_t prefix_length = 0;     // as on the wire
  std::uint8_t status = 0;
  std::uint32_t originated = 0;
  IpAddress peer_ip;
  std::uint32_t peer_as = 0;          // 2-octet on the wire
  Bytes attributes;                   // 2-octet AS_PATH encoding
};

Decoded<TableDumpEntry> decode_table_dump(const Record& r);

// ---- TABLE_DUMP_V2 (RFC 6396 §4.3, RFC 8050 §4) ----

struct PeerEntry {
  std::uint8_t peer_type = 0;  // bit 0: IPv6 address, bit 1: 4-octet AS
  std::uint32_t bgp_id = 0;
  IpAddress ip;
  std::uint32_t as = 0;
};

struct PeerIndexTable {
  std::uint32_t collector_bgp_id = 0;
  std::string view_name;
  std::vector<PeerEntry> peers;  // once per file: owning is fine
};

Decoded<PeerIndexTable> decode_peer_index_table(const Record& r);

// One RIB entry of a RIB_* record (§4.3.4). Attributes use 4-octet AS_PATH
// and the abbreviated MP_REACH_NLRI (next hop only).
struct RibEntry {
  std::uint16_t peer_index = 0;
  std::uint32_t originated = 0;
  std::optional<std::uint32_t> path_id;  // RFC 8050 *_ADDPATH subtypes
  Bytes attributes;
};

// A RIB_IPV4/IPV6_UNICAST/MULTICAST (+ADDPATH) or RIB_GENERIC record. The
// entries are walked lazily with RibEntryIterator.
struct RibRecord {
  std::uint32_t sequence = 0;
  std::uint16_t afi = 0;
  std::uint8_t safi = 0;
  bool add_path = false;
  // Unicast/multicast subtypes: the prefix. RIB_GENERIC: when the NLRI is a
  // plain prefix (SAFI 1/2), also filled; otherwise only nlri is.
  std::optional<Prefix> prefix;
  Bytes nlri;  // the NLRI field as on the wire (length byte and bits)
  std::uint16_t entry_count = 0;
  Bytes entries;  // the encoded entries
};

Decoded<RibRecord> decode_rib(const Record& r);

// Walks RibRecord::entries. next() yields entries until the end or the
// first malformed one (then error() is set).
class RibEntryIterator {
 public:
  explicit RibEntryIterator(const RibRecord& rib) : reader_(rib.entries), add_path_(rib.add_path), left_(rib.entry_count) {}
  std::optional<RibEntry> next();
  const std::optional<DecodeError>& error() const { return error_; }
  // Bytes after the last entry Entry Count announced (should be none).
  std::size_t trailing_bytes() const { return reader_.remaining(); }

 private:
  ByteReader reader_;
  bool add_path_ = false;
  std::uint16_t left_ = 0;
  std::optional<DecodeError> error_;
};

// True for RIB_* subtypes of TABLE_DUMP_V2 (2-6, 8-12).
bool is_rib_subtype(std::uint16_t subtype);

}  // namespace bgp::mrt

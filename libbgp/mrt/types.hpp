#pragma once
// MRT record types and subtypes (RFC 6396 §4, RFC 8050 §3 for ADD-PATH, and
// the deprecated BGP4MP_ENTRY/SNAPSHOT that Zebra and OpenBGPD still write).
#include <cstdint>
#include <string>

namespace bgp::mrt {

// RFC 6396 §4: the MRT Type field.
enum class RecordType : std::uint16_t {
  kOspfV2 = 11,
  kTableDump = 12,
  kTableDumpV2 = 13,
  kBgp4mp = 16,
  kBgp4mpEt = 17,  // §3: extended timestamp (microseconds follow the header)
  kIsis = 32,
  kIsisEt = 33,
  kOspfV3 = 48,
  kOspfV3Et = 49,
};

// RFC 6396 §3: the _ET types carry a 4-octet microsecond field that is
// counted in the Length field.
constexpr bool has_extended_timestamp(std::uint16_t type) {
  return type == static_cast<std::uint16_t>(RecordType::kBgp4mpEt) ||
         type == static_cast<std::uint16_t>(RecordType::kIsisEt) ||
         type == static_cast<std::uint16_t>(RecordType::kOspfV3Et);
}

// RFC 6396 §4.2: TABLE_DUMP subtypes are the AFI of the entry.
enum class TableDumpSubtype : std::uint16_t { kAfiIpv4 = 1, kAfiIpv6 = 2 };

// RFC 6396 §4.3 and RFC 8050 §3.
enum class TableDumpV2Subtype : std::uint16_t {
  kPeerIndexTable = 1,
  kRibIpv4Unicast = 2,
  kRibIpv4Multicast = 3,
  kRibIpv6Unicast = 4,
  kRibIpv6Multicast = 5,
  kRibGeneric = 6,
  kGeoPeerTable = 7,  // RFC 6397; recognised, not decoded
  kRibIpv4UnicastAddPath = 8,
  kRibIpv4MulticastAddPath = 9,
  kRibIpv6UnicastAddPath = 10,
  kRibIpv6MulticastAddPath = 11,
  kRibGenericAddPath = 12,
};

// RFC 6396 §4.4 and RFC 8050 §3.
enum class Bgp4mpSubtype : std::uint16_t {
  kStateChange = 0,
  kMessage = 1,
  kEntry = 2,     // deprecated (draft-ietf-grow-mrt); OpenBGPD writes it
  kSnapshot = 3,  // deprecated
  kMessageAs4 = 4,
  kStateChangeAs4 = 5,
  kMessageLocal = 6,
  kMessageAs4Local = 7,
  kMessageAddPath = 8,
  kMessageAs4AddPath = 9,
  kMessageLocalAddPath = 10,
  kMessageAs4LocalAddPath = 11,
};

// Human-readable names for error messages ("BGP4MP/MESSAGE_AS4"); unknown
// values read "type 99" / "subtype 42".
std::string record_type_name(std::uint16_t type);
std::string record_subtype_name(std::uint16_t type, std::uint16_t subtype);

}  // namespace bgp::mrt

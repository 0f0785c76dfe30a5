#include "libbgp/mrt/types.hpp"

#include <array>
#include <string_view>

namespace bgp::mrt {
namespace {

constexpr std::array<std::string_view, 13> kTableDumpV2Names = {
    "",
    "PEER_INDEX_TABLE",
    "RIB_IPV4_UNICAST",
    "RIB_IPV4_MULTICAST",
    "RIB_IPV6_UNICAST",
    "RIB_IPV6_MULTICAST",
    "RIB_GENERIC",
    "GEO_PEER_TABLE",
    "RIB_IPV4_UNICAST_ADDPATH",
    "RIB_IPV4_MULTICAST_ADDPATH",
    "RIB_IPV6_UNICAST_ADDPATH",
    "RIB_IPV6_MULTICAST_ADDPATH",
    "RIB_GENERIC_ADDPATH",
};

constexpr std::array<std::string_view, 12> kBgp4mpNames = {
    "STATE_CHANGE",        "MESSAGE",       "ENTRY",
    "SNAPSHOT",            "MESSAGE_AS4",   "STATE_CHANGE_AS4",
    "MESSAGE_LOCAL",       "MESSAGE_AS4_LOCAL",
    "MESSAGE_ADDPATH",     "MESSAGE_AS4_ADDPATH",
    "MESSAGE_LOCAL_ADDPATH", "MESSAGE_AS4_LOCAL_ADDPATH",
};

}  // namespace

std::string record_type_name(std::uint16_t type) {
  switch (static_cast<RecordType>(type)) {
    case RecordType::kOspfV2: return "OSPFv2";
    case RecordType::kTableDump: return "TABLE_DUMP";
    case RecordType::kTableDumpV2: return "TABLE_DUMP_V2";
    case RecordType::kBgp4mp: return "BGP4MP";
    case RecordType::kBgp4mpEt: return "BGP4MP_ET";
    case RecordType::kIsis: return "ISIS";
    case RecordType::kIsisEt: return "ISIS_ET";
    case RecordType::kOspfV3: return "OSPFv3";
    case RecordType::kOspfV3Et: return "OSPFv3_ET";
  }
  return "type " + std::to_string(type);
}

std::string record_subtype_name(std::uint16_t type, std::uint16_t subtype) {
  std::string_view name;
  switch (static_cast<RecordType>(type)) {
    case RecordType::kTableDump:
      if (subtype == 1) name = "AFI_IPv4";
      if (subtype == 2) name = "AFI_IPv6";
      break;
    case RecordType::kTableDumpV2:
      if (subtype < kTableDumpV2Names.size()) name = kTableDumpV2Names[subtype];
      break;
    case RecordType::kBgp4mp:
    case RecordType::kBgp4mpEt:
      if (subtype < kBgp4mpNames.size()) name = kBgp4mpNames[subtype];
      break;
    default:
      break;
  }
  if (name.empty()) return "subtype " + std::to_string(subtype);
  return std::string(name);
}

}  // namespace bgp::mrt

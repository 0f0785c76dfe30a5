#include "libbgp/wire/attribute.hpp"

namespace bgp {

std::string_view attr_type_name(std::uint8_t code) {
  switch (static_cast<AttrType>(code)) {
    case AttrType::kOrigin: return "ORIGIN";
    case AttrType::kAsPath: return "AS_PATH";
    case AttrType::kNextHop: return "NEXT_HOP";
    case AttrType::kMed: return "MULTI_EXIT_DISC";
    case AttrType::kLocalPref: return "LOCAL_PREF";
    case AttrType::kAtomicAggregate: return "ATOMIC_AGGREGATE";
    case AttrType::kAggregator: return "AGGREGATOR";
    case AttrType::kCommunities: return "COMMUNITIES";
    case AttrType::kOriginatorId: return "ORIGINATOR_ID";
    case AttrType::kClusterList: return "CLUSTER_LIST";
    case AttrType::kMpReachNlri: return "MP_REACH_NLRI";
    case AttrType::kMpUnreachNlri: return "MP_UNREACH_NLRI";
    case AttrType::kExtendedCommunities: return "EXTENDED_COMMUNITIES";
    case AttrType::kAs4Path: return "AS4_PATH";
    case AttrType::kAs4Aggregator: return "AS4_AGGREGATOR";
    case AttrType::kLargeCommunities: return "LARGE_COMMUNITY";
  }
  return "UNKNOWN";
}

}  // namespace bgp

#pragma once
// Per-neighbour statistics kept by Peer across sessions (bgpctl JSON and the
// metrics exporter read the same structs). Plain data: no Asio, so the
// metrics building can be tested without a daemon.
#include <array>
#include <cstdint>
#include <map>
#include <utility>

namespace bgp::daemon {

struct MessageCounters {
  std::array<std::uint64_t, 6> by_type{};  // index = MessageType (1..5), 0 unused
  std::uint64_t total = 0;
  std::uint64_t bytes = 0;
};

// What RFC 7606 made of this neighbour's malformed UPDATEs (bgpctl JSON
// "rfc7606", metrics bgpd_neighbor_rfc7606_actions_total).
struct Rfc7606Counters {
  std::uint64_t treat_as_withdraw = 0;  // routes withdrawn (§2), incl. unusable NEXT_HOPs (RFC 4271 §6.3)
  std::uint64_t attribute_discard = 0;  // attributes dropped, routes kept (§2)
  std::uint64_t session_reset = 0;      // UPDATE Message Error NOTIFICATIONs sent (§2; AFI/SAFI disable too)
};

// NOTIFICATIONs by (code, subcode) (RFC 4271 §4.5), one map per direction.
using NotificationCounts = std::map<std::pair<std::uint8_t, std::uint8_t>, std::uint64_t>;

}  // namespace bgp::daemon

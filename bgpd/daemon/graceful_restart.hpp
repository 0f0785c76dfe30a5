#pragma once
// Graceful-restart rules as pure functions (no clock, no I/O), so each RFC
// rule has its own test: the helper side (RFC 4724 §4.2, RFC 8538 §4), Hard
// Reset (RFC 8538 §3, §5) and the restarting side's selection deferral
// (RFC 4724 §4.1).
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/errors.hpp"
#include "libbgp/wire/open.hpp"

namespace bgp::daemon {

// How a session ended and what was negotiated on it.
struct GrSessionEnd {
  bool helper = false;                   // graceful_restart configured for the neighbour
  bool peer_capable = false;             // the peer advertised the GR capability on that session
  bool notification_negotiated = false;  // both capabilities carried the N bit (RFC 8538 §2)
  bool notification = false;             // ended by a NOTIFICATION, sent or received
  bool hard_reset = false;               // that NOTIFICATION was Cease/Hard Reset
  bool administrative = false;           // we stopped it (operator, deconfiguration, shutdown)
  bool end_of_rib_pending = false;       // stale paths of an earlier restart still await End-of-RIB
};

struct GrRetention {
  bool retain = false;          // keep the peer's paths, marked stale, for its restart time
  bool flush_previous = false;  // first delete the paths still stale from the earlier restart
};

// RFC 4724 §4.2: a TCP failure or hold-timer expiry keeps the paths. RFC
// 8538 §4: with the N bit negotiated any NOTIFICATION except Hard Reset does
// too; without it a NOTIFICATION ends graceful restart. A session we stop
// ourselves never keeps them. A second drop before End-of-RIB deletes the
// paths the peer never re-announced (they were already stale once).
GrRetention retention_on_session_end(const GrSessionEnd& end);

// RFC 4724 §4.2 on re-establishment: the families whose stale paths go at
// once, because the new capability is missing, leaves the family out, or
// does not set its F bit (forwarding state not preserved).
std::vector<Family> families_to_flush_on_reconnect(std::span<const Family> stale_families,
                                                   const std::optional<GracefulRestartInfo>& new_capability);

// RFC 8538 §5: the Cease subcodes that are sent as Hard Reset when the N bit
// was negotiated (the peer must not keep our routes): Maximum Number of
// Prefixes Reached, Administrative Shutdown, Peer De-configured and
// Administrative Reset.
bool cease_needs_hard_reset(std::uint8_t cease_subcode);

// RFC 8538 §3.1: the Hard Reset's data is the NOTIFICATION it replaces
// (code, subcode, data).
std::vector<std::byte> hard_reset_data(std::uint8_t cease_subcode, std::span<const std::byte> data);

// RFC 4724 §4.1 after a restart with retained routes: the peers whose
// End-of-RIB ends the selection deferral. Configured neighbours (not shut
// down) always; dynamic ones are not in the configuration, so the next hops
// of the routes adopted from the kernel stand for them: each next hop inside
// a listen range is a node that was up and advertising before the restart
// (Cilium's GoBGP sets itself as the next hop).
std::set<IpAddress> peers_to_wait_for(std::span<const IpAddress> configured, std::span<const Prefix> listen_ranges,
                                      std::span<const IpAddress> adopted_next_hops);

}  // namespace bgp::daemon

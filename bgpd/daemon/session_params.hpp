#pragma once
// From configuration to what one connection runs with: our OPEN (RFC 5492
// capabilities per neighbour), what we accept in theirs, timers, TTL/GTSM and
// the TCP MD5 key. Pure, so the capability set is unit tested.
#include <string>
#include <vector>

#include "bgpd/daemon/connection.hpp"
#include "libbgp/config/config.hpp"
#include "libbgp/config/effective.hpp"

namespace bgp::daemon {

ConnectionParams connection_params(const config::Config& config, const config::EffectiveNeighbor& neighbor);

// Capability names for JSON and logs, e.g. "multiprotocol(ipv4-unicast)",
// "4-octet-as", "graceful-restart(15s)".
std::vector<std::string> capability_names(const PeerCapabilities& caps);
std::vector<std::string> negotiated_names(const NegotiatedSession& session);

}  // namespace bgp::daemon

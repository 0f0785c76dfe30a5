#pragma once
// The networks directly connected to this host's interfaces, read once when
// asked (getifaddrs). Next-hop resolution follows them from rtnetlink
// notifications (NexthopTracker); this one-shot read serves the BFD
// single-hop/multihop choice when a neighbour's BFD session is set up.
#include <vector>

#include "libbgp/wire/address.hpp"

namespace bgp::daemon {

// Every IPv4/IPv6 address with its prefix length on an interface that is up,
// as the masked network (getifaddrs(3)); IPv6 link-local networks are left
// out (a link-local next hop is only meaningful with its interface).
std::vector<Prefix> connected_networks();

}  // namespace bgp::daemon

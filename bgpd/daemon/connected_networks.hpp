#pragma once
// The networks directly connected to this host's interfaces: the basis of
// next-hop resolution (RFC 4271 §9.1.2.1; a BGP next hop outside them is not
// a decision candidate) until IGP routes are followed as well.
#include <vector>

#include "libbgp/wire/address.hpp"

namespace bgp::daemon {

// Every IPv4/IPv6 address with its prefix length on an interface that is up,
// as the masked network (getifaddrs(3)); IPv6 link-local networks are left
// out (a link-local next hop is only meaningful with its interface).
std::vector<Prefix> connected_networks();

}  // namespace bgp::daemon

#pragma once
// Kernel routes that make a BGP next hop resolvable besides the connected
// networks (issue 4: "resolvable: connected or covered by a FIB route"),
// as FRR's zebra resolves next hops through static and IGP routes.
#include <cstdint>
#include <span>
#include <vector>

#include "libbgp/fib/netlink_messages.hpp"
#include "libbgp/wire/address.hpp"

namespace bgp::daemon {

// The prefixes of `routes` that may resolve a next hop: unicast routes of the
// main table, except
//  - BGP routes (protocol `own_protocol`, what bgpd installs, or RTPROT_BGP
//    186, another BGP daemon's): a BGP next hop resolved through BGP would
//    recurse, and our own routes would keep their next hops alive;
//  - default routes: FRR does not resolve next hops through them unless
//    told to (`ip nht resolve-via-default`); neither do we.
std::vector<Prefix> next_hop_routes(std::span<const fib::KernelRoute> routes, std::uint8_t own_protocol);

// Dumps the kernel's IPv4 and IPv6 routes (rtnetlink, libmnl) and filters them
// with next_hop_routes. Empty if netlink fails (logged).
std::vector<Prefix> kernel_next_hop_routes(std::uint8_t own_protocol);

}  // namespace bgp::daemon

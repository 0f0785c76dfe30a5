#pragma once
// IP addresses and prefixes as `bgpdump -m` prints them. IPv4 is the usual
// dotted quad. IPv6 follows bgpdump's own formatter, not RFC 5952 §4.2.2 nor
// glibc's inet_ntop: the longest run of zero groups (the first one on a tie)
// becomes "::" even when it is a single group, so 2001:db8:0:1:1:1:1:1 prints
// as 2001:db8::1:1:1:1:1; and every IPv4-compatible address (::a.b.c.d, the
// last 32 bits above 1) and IPv4-mapped one (::ffff:a.b.c.d) ends in a dotted
// quad. Hand-written because no library reproduces that quirk.
#include <string>

#include "libbgp/wire/address.hpp"

namespace bgp::mrt {

std::string bgpdump_address(const IpAddress& a);
std::string bgpdump_prefix(const Prefix& p);  // "ADDRESS/LENGTH"

}  // namespace bgp::mrt

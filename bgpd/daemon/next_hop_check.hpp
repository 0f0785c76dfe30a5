#pragma once
// RFC 4271 §6.3 semantic NEXT_HOP checks that need the session (our own
// address) or that the codec leaves to the speaker, so MRT dumps still decode
// whatever next hop a collector recorded.
#include <string_view>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/update.hpp"

namespace bgp::daemon {

// Why the next hop of `update`'s announcements cannot be used, or empty when
// it can. `local` is our address on the session. A next hop that is not a
// valid unicast host address (0.0.0.0/8, 127/8, 224/4 multicast, 240/4,
// :: / ::1 / ff00::/8) or is our own address makes the routes unusable: they
// are treated as withdrawn (RFC 4271 §6.3 "the route SHOULD be ignored",
// no NOTIFICATION; RFC 7606 §7.3).
std::string_view next_hop_fault(const DecodedUpdate& update, const IpAddress& local);

}  // namespace bgp::daemon

#include "libbgp/rib/nexthop_resolver.hpp"

#include <algorithm>

namespace bgp::rib {

void NetworkResolver::add(const Prefix& network) {
  if (std::find(networks_.begin(), networks_.end(), network) == networks_.end()) networks_.push_back(network);
}

void NetworkResolver::remove(const Prefix& network) { std::erase(networks_, network); }

bool NetworkResolver::set_dead(const IpAddress& next_hop, bool dead) {
  const bool was = this->dead(next_hop);
  if (was == dead) return false;
  if (dead) {
    dead_.push_back(next_hop);
  } else {
    std::erase(dead_, next_hop);
  }
  return true;
}

bool NetworkResolver::dead(const IpAddress& next_hop) const {
  return std::find(dead_.begin(), dead_.end(), next_hop) != dead_.end();
}

bool NetworkResolver::resolvable(const IpAddress& next_hop) const {
  if (dead(next_hop)) return false;
  // IPv6 link-local next hops (fe80::/10, RFC 2545 §3) are on-link by definition.
  if (next_hop.is_v6() && next_hop.bytes()[0] == 0xfe && (next_hop.bytes()[1] & 0xc0) == 0x80) return true;
  return std::any_of(networks_.begin(), networks_.end(), [&](const Prefix& p) { return p.contains(next_hop); });
}

}  // namespace bgp::rib

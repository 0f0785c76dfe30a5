#pragma once
// Next-hop reachability for the decision process (RFC 4271 §9.1.2.1: a route
// whose NEXT_HOP cannot be resolved is excluded from the decision). The RIB
// asks an injected resolver; the daemon answers from connected networks and
// FIB routes and calls Rib::revalidate_nexthops() when either changes.
#include <vector>

#include "libbgp/wire/address.hpp"

namespace bgp::rib {

class NexthopResolver {
 public:
  virtual ~NexthopResolver() = default;
  virtual bool resolvable(const IpAddress& next_hop) const = 0;
};

// Resolves a next hop when a known network covers it: the connected networks
// of our interfaces and routes of the FIB (not BGP's own routes: a BGP next
// hop resolved through BGP would recurse), unless next-hop liveness found it
// dead (it stopped answering ARP/ND): like FRR's NHT, an unusable next hop
// takes its paths out of the decision, so the kernel route and the
// Adj-RIB-Out both follow. Linear scan: the set is small (interfaces plus
// IGP/static routes), lookups are cached by the RIB.
class NetworkResolver final : public NexthopResolver {
 public:
  void add(const Prefix& network);
  void remove(const Prefix& network);
  void clear() { networks_.clear(); }
  bool resolvable(const IpAddress& next_hop) const override;
  const std::vector<Prefix>& networks() const { return networks_; }
  // Liveness verdicts: a dead next hop is not resolvable whatever covers it.
  // Returns whether the answer changed.
  bool set_dead(const IpAddress& next_hop, bool dead);
  bool dead(const IpAddress& next_hop) const;

 private:
  std::vector<Prefix> networks_;
  std::vector<IpAddress> dead_;  // few: the next hops that stopped answering
};

}  // namespace bgp::rib

#pragma once
// KernelTracker: what BGP next-hop resolution needs to know of the host,
// kept current from rtnetlink notifications instead of polling: links
// (up and carrier), addresses (the connected networks), the main table's
// non-BGP routes (static, kernel, IGP) and the neighbour table (ARP / ND).
// One dump of each at start-up, then one notification per change, so the
// cost follows the changes, not the size of the kernel's table: a socket
// filter drops BGP routes (ours and any other BGP daemon's) and other
// tables in the kernel, before they are queued to us.
//
// It also sends next-hop liveness probes (netlink_neighbours.hpp). It does
// no timing and no policy: the daemon polls fd(), calls drain() and decides.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "libbgp/fib/netlink_messages.hpp"
#include "libbgp/fib/netlink_neighbours.hpp"

namespace bgp::fib {

class NetlinkSocket;

// Whether a kernel route may resolve a BGP next hop: unicast routes of the
// main table, except
//  - BGP routes (protocol `own_protocol`, what bgpd installs, or RTPROT_BGP
//    186, another BGP daemon's): a BGP next hop resolved through BGP would
//    recurse, and our own routes would keep their next hops alive;
//  - default routes: FRR does not resolve next hops through them unless
//    told to (`ip nht resolve-via-default`); neither do we.
bool resolves_next_hops(const KernelRoute& route, std::uint8_t own_protocol);

class KernelTracker {
 public:
  // What one drain() saw.
  struct Changes {
    bool networks = false;                    // networks() has a different answer
    std::vector<NeighbourEvent> neighbours;   // every neighbour notification, in order
    std::vector<std::uint32_t> links_down;    // interfaces that went down or lost carrier
    // Bridges (masters) one of whose ports went down or lost carrier: hosts
    // behind that port may be gone while the bridge itself stays up.
    std::vector<std::uint32_t> ports_down;
  };

  // Opens the sockets in the caller's network namespace and subscribes.
  // Throws on failure (start-up). Call load() next.
  explicit KernelTracker(std::uint8_t own_protocol);
  ~KernelTracker();
  KernelTracker(const KernelTracker&) = delete;
  KernelTracker& operator=(const KernelTracker&) = delete;

  // Dumps links, addresses, routes and neighbours. Notifications that arrive
  // meanwhile are queued on the monitor socket and applied by drain().
  // Returns 0 or the errno of the first dump that failed (logged).
  int load();
  // The descriptor to wait on for readability.
  int fd() const;
  // Applies every queued notification without blocking.
  Changes drain();

  // The networks that resolve a next hop: the subnets of addresses on links
  // that are up (IPv6 link-local left out: such a next hop is on-link by
  // definition), and resolves_next_hops() routes with a device that is up.
  // Sorted, no duplicates.
  std::vector<Prefix> networks() const;
  // The up interface whose connected subnet holds `next_hop`, if any: a next
  // hop liveness can probe.
  std::optional<std::uint32_t> connected_interface(const IpAddress& next_hop) const;
  bool link_up(std::uint32_t ifindex) const;
  // The kernel's neighbour entry for `next_hop`, as last reported (null: none).
  const NeighbourEvent* neighbour(const IpAddress& next_hop) const;

  // Sends one liveness probe for `next_hop` on `ifindex` (bgpd/README.md,
  // "Next-hop liveness"): NUD_PROBE with the last known link-layer address,
  // or NTF_USE (a broadcast request) when none is known or `broadcast`.
  // `rearm`: the entry is already in PROBE, where setting PROBE again sends
  // nothing; pass through STALE first. Returns 0 or the errno of the send
  // (kernel errors arrive later and are logged).
  int probe(const IpAddress& next_hop, std::uint32_t ifindex, bool rearm, bool broadcast);

 private:
  using RouteKey = std::tuple<Prefix, std::uint32_t /*metric*/>;
  struct Route {
    std::vector<std::uint32_t> devices;  // empty: no device given (usable)
  };
  void apply(const nlmsghdr* nlh, Changes& changes);
  void drain_errors();

  std::uint8_t own_protocol_;
  std::unique_ptr<NetlinkSocket> monitor_;
  std::unique_ptr<NetlinkSocket> requests_;
  std::vector<char> rx_;
  std::uint32_t seq_ = 1;
  std::map<std::uint32_t, bool> links_;                            // ifindex -> up
  std::map<std::pair<std::uint32_t, IpAddress>, Prefix> addresses_;  // (ifindex, address) -> subnet
  std::map<RouteKey, Route> routes_;
  std::map<IpAddress, NeighbourEvent> neighbours_;
};

}  // namespace bgp::fib

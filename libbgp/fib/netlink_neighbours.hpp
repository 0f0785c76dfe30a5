#pragma once
// rtnetlink messages for the neighbour table (ARP for IPv4, Neighbour
// Discovery for IPv6) and the address dump: what the next-hop tracker reads
// and the probes next-hop liveness sends. Pure functions over caller buffers,
// like netlink_messages.hpp; each encoder has a decoder the tests check it with.
#include <linux/netlink.h>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "libbgp/wire/address.hpp"

namespace bgp::fib {

// Room one neighbour message needs.
inline constexpr std::size_t kMaxNeighbourMessage = 128;

struct NeighbourEvent {
  std::uint32_t ifindex = 0;
  IpAddress address;
  std::uint16_t state = 0;            // NUD_* (linux/neighbour.h)
  std::uint8_t flags = 0;             // NTF_*
  std::vector<std::uint8_t> lladdr;   // empty when the kernel has none (INCOMPLETE, FAILED)
  bool deleted = false;               // RTM_DELNEIGH
};
std::optional<NeighbourEvent> parse_neighbour(const nlmsghdr* nlh);

// Sets the entry of `address` on `ifindex` to `state` with `lladdr`
// (NLM_F_CREATE | NLM_F_REPLACE, no ack: errors still come back). With
// NUD_PROBE the kernel sends a unicast ARP request / NS to `lladdr` at once
// and moves the entry to REACHABLE when it is answered (RFC 4861 §7.3.3
// "PROBE"; Linux does the same for ARP): a probe that needs no raw socket,
// only the CAP_NET_ADMIN bgpd already has for its routes.
nlmsghdr* put_neighbour_state(void* buf, std::uint32_t seq, std::uint32_t ifindex, const IpAddress& address,
                              std::uint16_t state, std::span<const std::uint8_t> lladdr);
// Asks the kernel to resolve `address` as if a packet were waiting (NTF_USE):
// a broadcast ARP request / multicast NS when the entry is absent or FAILED.
nlmsghdr* put_neighbour_use(void* buf, std::uint32_t seq, std::uint32_t ifindex, const IpAddress& address);
nlmsghdr* put_neighbour_dump(void* buf, std::uint32_t seq);
nlmsghdr* put_address_dump(void* buf, std::uint32_t seq);

}  // namespace bgp::fib

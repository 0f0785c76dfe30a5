#pragma once
// rtnetlink message encoding and decoding for routes, nexthop objects, links
// and addresses, on libmnl. Pure functions over caller-provided buffers (no
// sockets), so they are unit-testable: every encoder has a decoder and the
// tests check they agree.
#include <linux/netlink.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "libbgp/fib/fib_sink.hpp"
#include "libbgp/fib/nexthop_registry.hpp"

namespace bgp::fib {

inline constexpr std::uint8_t kRtprotBgp = 186;  // RTPROT_BGP in linux/rtnetlink.h

struct RouteTarget {
  std::uint32_t table = 254;  // RT_TABLE_MAIN
  std::uint32_t metric = 20;
  std::uint8_t protocol = kRtprotBgp;
};

// Room one message may need: headers plus the largest RTA_MULTIPATH we emit.
inline constexpr std::size_t kMaxRouteMessage = 256 + 64 * 48;

// Each put_* writes one message at `buf` (which must have kMaxRouteMessage
// bytes, or enough for the group's members) and returns its header.
// A route via a nexthop object/group (`nhid` != 0) or, when nhid is 0, via
// `gateways` (one: RTA_GATEWAY/RTA_OIF; several: RTA_MULTIPATH).
nlmsghdr* put_route_add(void* buf, std::uint32_t seq, const Prefix& prefix, const RouteTarget& target,
                        std::uint32_t nhid, std::span<const NextHop> gateways);
nlmsghdr* put_route_delete(void* buf, std::uint32_t seq, const Prefix& prefix, const RouteTarget& target);
nlmsghdr* put_nexthop_op(void* buf, std::uint32_t seq, const NexthopOp& op, std::uint8_t protocol);
std::size_t nexthop_op_size(const NexthopOp& op);
// Dumps and lookups.
nlmsghdr* put_route_dump(void* buf, std::uint32_t seq, int family);
nlmsghdr* put_nexthop_dump(void* buf, std::uint32_t seq);
nlmsghdr* put_link_dump(void* buf, std::uint32_t seq);
nlmsghdr* put_route_lookup(void* buf, std::uint32_t seq, const IpAddress& destination);

// A route as the kernel reports it.
struct KernelRoute {
  Prefix prefix;
  std::uint32_t table = 0;
  std::uint8_t protocol = 0;
  std::uint8_t type = 0;
  std::uint32_t metric = 0;
  std::uint32_t nhid = 0;
  std::vector<NextHop> next_hops;  // expanded from RTA_GATEWAY/RTA_MULTIPATH
  std::uint32_t oif = 0;           // for a lookup reply: the output device
  bool has_gateway = false;        // for a lookup reply: not directly connected
};
std::optional<KernelRoute> parse_route(const nlmsghdr* nlh);
std::optional<KernelNexthop> parse_nexthop(const nlmsghdr* nlh);

struct LinkState {
  std::uint32_t ifindex = 0;
  bool up = false;  // administratively up and carrier present (IFF_UP && IFF_LOWER_UP)
  bool deleted = false;
  std::uint32_t master = 0;  // IFLA_MASTER: the bridge (or bond, VRF) this link is a port of, 0 if none
};
std::optional<LinkState> parse_link(const nlmsghdr* nlh);

struct AddressEvent {
  std::uint32_t ifindex = 0;
  Prefix subnet;  // the connected subnet the address makes
  IpAddress address;  // the address itself (several may share a subnet)
  bool removed = false;
};
std::optional<AddressEvent> parse_address(const nlmsghdr* nlh);

// An NLMSG_ERROR reply: errno (positive; 0 = ACK) and the extended-ack text.
struct NetlinkError {
  std::uint32_t seq = 0;
  int error = 0;
  std::string message;
};
std::optional<NetlinkError> parse_error(const nlmsghdr* nlh);

}  // namespace bgp::fib

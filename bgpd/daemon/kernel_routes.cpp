#include "bgpd/daemon/kernel_routes.hpp"

#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <exception>

#include "libbgp/fib/netlink_socket.hpp"
#include "libbgp/log/logger.hpp"

namespace bgp::daemon {

std::vector<Prefix> next_hop_routes(std::span<const fib::KernelRoute> routes, std::uint8_t own_protocol) {
  std::vector<Prefix> out;
  for (const fib::KernelRoute& r : routes) {
    if (r.table != RT_TABLE_MAIN || r.type != RTN_UNICAST) continue;
    if (r.protocol == own_protocol || r.protocol == fib::kRtprotBgp) continue;
    if (r.prefix.length() == 0) continue;
    out.push_back(r.prefix);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Prefix> kernel_next_hop_routes(std::uint8_t own_protocol) {
  std::vector<fib::KernelRoute> routes;
  try {
    // A small socket per dump (every few seconds): the FIB worker's sockets
    // belong to its thread.
    fib::NetlinkSocket sock({}, 1 << 20);
    std::vector<char> req(512);
    std::uint32_t seq = 1;
    for (const int family : {AF_INET, AF_INET6}) {
      std::string text;
      const int e = sock.transact(
          fib::put_route_dump(req.data(), seq++, family),
          [&](const nlmsghdr* nlh) {
            if (auto r = fib::parse_route(nlh)) routes.push_back(std::move(*r));
          },
          &text);
      if (e != 0) log::fib().warn("kernel routes: dump failed: {} {}", std::strerror(e), text);
    }
  } catch (const std::exception& e) {
    log::fib().warn("kernel routes: {}", e.what());
  }
  return next_hop_routes(routes, own_protocol);
}

}  // namespace bgp::daemon

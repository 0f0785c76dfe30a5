// Which kernel routes may resolve a BGP next hop (the dump itself is
// exercised in netns by tests/integration/nexthop_static.sh).
#include "bgpd/daemon/kernel_routes.hpp"

#include <linux/rtnetlink.h>

#include <gtest/gtest.h>

namespace bgp::daemon {
namespace {

fib::KernelRoute route(const char* prefix, std::uint8_t protocol, std::uint32_t table = RT_TABLE_MAIN,
                       std::uint8_t type = RTN_UNICAST) {
  fib::KernelRoute r;
  r.prefix = *Prefix::parse(prefix);
  r.protocol = protocol;
  r.table = table;
  r.type = type;
  return r;
}

TEST(KernelNextHopRoutes, StaticKernelAndIgpRoutesOfTheMainTableResolve) {
  const std::vector<fib::KernelRoute> routes{route("10.99.0.0/16", RTPROT_BOOT), route("10.20.0.0/24", RTPROT_KERNEL),
                                             route("10.98.0.0/16", RTPROT_STATIC), route("10.97.0.0/16", 188 /* ospf */),
                                             route("2001:db8:99::/48", RTPROT_BOOT)};
  const auto got = next_hop_routes(routes, 186);
  EXPECT_EQ(got.size(), 5u);
}

TEST(KernelNextHopRoutes, BgpRoutesNeverResolveANextHop) {
  const std::vector<fib::KernelRoute> routes{route("10.99.0.0/16", 186), route("10.98.0.0/16", 200),
                                             route("10.97.0.0/16", RTPROT_BOOT)};
  // Ours under a configured protocol number, and anyone's RTPROT_BGP.
  EXPECT_EQ(next_hop_routes(routes, 200), std::vector<Prefix>{*Prefix::parse("10.97.0.0/16")});
}

TEST(KernelNextHopRoutes, DefaultRoutesOtherTablesAndNonUnicastDoNotResolve) {
  const std::vector<fib::KernelRoute> routes{
      route("0.0.0.0/0", RTPROT_BOOT), route("::/0", RTPROT_BOOT), route("10.99.0.0/16", RTPROT_BOOT, 100),
      route("10.98.0.1/32", RTPROT_KERNEL, RT_TABLE_LOCAL, RTN_LOCAL),
      route("10.97.0.0/16", RTPROT_BOOT, RT_TABLE_MAIN, RTN_BLACKHOLE),
      route("10.96.0.0/16", RTPROT_BOOT, RT_TABLE_MAIN, RTN_UNREACHABLE)};
  EXPECT_TRUE(next_hop_routes(routes, 186).empty());
}

}  // namespace
}  // namespace bgp::daemon

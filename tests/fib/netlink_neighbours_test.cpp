// Neighbour-table messages: what the liveness probes encode is what the
// kernel's notifications decode to.
#include "libbgp/fib/netlink_neighbours.hpp"

#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include <array>

#include <gtest/gtest.h>

#include "libbgp/fib/kernel_tracker.hpp"

namespace bgp::fib {
namespace {

TEST(NetlinkNeighbours, ProbeRequestDecodesToTheSameEntry) {
  std::array<char, kMaxNeighbourMessage> buf{};
  const std::array<std::uint8_t, 6> mac{0x02, 0, 0, 0, 0, 0x42};
  const nlmsghdr* nlh = put_neighbour_state(buf.data(), 7, 3, *IpAddress::parse("10.20.0.2"), NUD_PROBE, mac);
  EXPECT_EQ(nlh->nlmsg_type, RTM_NEWNEIGH);
  EXPECT_EQ(nlh->nlmsg_flags & NLM_F_ACK, 0);  // errors only: a probe per interval needs no ack
  const auto e = parse_neighbour(nlh);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->ifindex, 3u);
  EXPECT_EQ(e->address, *IpAddress::parse("10.20.0.2"));
  EXPECT_EQ(e->state, NUD_PROBE);
  EXPECT_EQ(e->lladdr, std::vector<std::uint8_t>(mac.begin(), mac.end()));
  EXPECT_FALSE(e->deleted);
}

TEST(NetlinkNeighbours, UseRequestCarriesNtfUseAndNoLinkLayerAddress) {
  std::array<char, kMaxNeighbourMessage> buf{};
  const nlmsghdr* nlh = put_neighbour_use(buf.data(), 1, 9, *IpAddress::parse("2001:db8::2"));
  const auto e = parse_neighbour(nlh);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->flags & NTF_USE, NTF_USE);
  EXPECT_TRUE(e->lladdr.empty());
  EXPECT_EQ(e->address, *IpAddress::parse("2001:db8::2"));
}

TEST(NetlinkNeighbours, AMessageWithoutDestinationIsIgnored) {
  std::array<char, kMaxNeighbourMessage> buf{};
  const nlmsghdr* nlh = put_neighbour_dump(buf.data(), 1);
  EXPECT_FALSE(parse_neighbour(nlh));  // RTM_GETNEIGH, no NDA_DST
}

KernelRoute route(const char* prefix, std::uint8_t protocol, std::uint32_t table = RT_TABLE_MAIN,
                  std::uint8_t type = RTN_UNICAST) {
  KernelRoute r;
  r.prefix = *Prefix::parse(prefix);
  r.protocol = protocol;
  r.table = table;
  r.type = type;
  return r;
}

TEST(ResolvesNextHops, StaticKernelAndIgpRoutesOfTheMainTableResolve) {
  for (const auto& r : {route("10.99.0.0/16", RTPROT_BOOT), route("10.20.0.0/24", RTPROT_KERNEL),
                        route("10.98.0.0/16", RTPROT_STATIC), route("10.97.0.0/16", 188 /* ospf */),
                        route("2001:db8:99::/48", RTPROT_BOOT)}) {
    EXPECT_TRUE(resolves_next_hops(r, 186)) << r.prefix.to_string();
  }
}

TEST(ResolvesNextHops, BgpRoutesNeverResolveANextHop) {
  // Ours under a configured protocol number, and anyone's RTPROT_BGP.
  EXPECT_FALSE(resolves_next_hops(route("10.99.0.0/16", 186), 200));
  EXPECT_FALSE(resolves_next_hops(route("10.98.0.0/16", 200), 200));
  EXPECT_TRUE(resolves_next_hops(route("10.97.0.0/16", RTPROT_BOOT), 200));
}

TEST(ResolvesNextHops, DefaultRoutesOtherTablesAndNonUnicastDoNotResolve) {
  for (const auto& r : {route("0.0.0.0/0", RTPROT_BOOT), route("::/0", RTPROT_BOOT), route("10.99.0.0/16", RTPROT_BOOT, 100),
                        route("10.98.0.1/32", RTPROT_KERNEL, RT_TABLE_LOCAL, RTN_LOCAL),
                        route("10.97.0.0/16", RTPROT_BOOT, RT_TABLE_MAIN, RTN_BLACKHOLE),
                        route("10.96.0.0/16", RTPROT_BOOT, RT_TABLE_MAIN, RTN_UNREACHABLE)}) {
    EXPECT_FALSE(resolves_next_hops(r, 186)) << r.prefix.to_string();
  }
}

}  // namespace
}  // namespace bgp::fib

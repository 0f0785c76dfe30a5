#include "libbgp/fib/netlink_messages.hpp"

#include <gtest/gtest.h>
#include <libmnl/libmnl.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include <vector>

namespace bgp::fib {
namespace {

struct Buffer {
  std::vector<char> bytes = std::vector<char>(16384);
  void* data() { return bytes.data(); }
};

// What the kernel sends back for a route is the same layout as our request.
KernelRoute round_trip(nlmsghdr* nlh) {
  auto r = parse_route(nlh);
  EXPECT_TRUE(r.has_value());
  return r.value_or(KernelRoute{});
}

TEST(RouteMessage, NexthopIdRouteCarriesTableMetricAndProtocol) {
  Buffer buf;
  RouteTarget target{1000, 50, kRtprotBgp};
  auto* nlh = put_route_add(buf.data(), 7, *Prefix::parse("172.30.0.10/32"), target, 4242, {});
  EXPECT_EQ(nlh->nlmsg_type, RTM_NEWROUTE);
  EXPECT_EQ(nlh->nlmsg_seq, 7u);
  EXPECT_TRUE(nlh->nlmsg_flags & NLM_F_REPLACE);
  const auto r = round_trip(nlh);
  EXPECT_EQ(r.prefix, *Prefix::parse("172.30.0.10/32"));
  EXPECT_EQ(r.table, 1000u);  // above 255: only RTA_TABLE carries it
  EXPECT_EQ(r.metric, 50u);
  EXPECT_EQ(r.protocol, kRtprotBgp);
  EXPECT_EQ(r.nhid, 4242u);
}

TEST(RouteMessage, MultipathRoundTripsGatewaysDevicesAndWeights) {
  Buffer buf;
  std::vector<NextHop> hops = normalized({{*IpAddress::parse("2001:db8::1"), 3, 1},
                                          {*IpAddress::parse("2001:db8::2"), 4, 7},
                                          {*IpAddress::parse("2001:db8::3"), 5, 2}});
  auto* nlh = put_route_add(buf.data(), 1, *Prefix::parse("2001:db8:ff::/48"), {}, 0, hops);
  const auto r = round_trip(nlh);
  EXPECT_EQ(r.prefix, *Prefix::parse("2001:db8:ff::/48"));
  EXPECT_EQ(r.next_hops, hops);
}

TEST(RouteMessage, SingleGatewayUsesGatewayAndDevice) {
  Buffer buf;
  std::vector<NextHop> hops{{*IpAddress::parse("10.0.0.1"), 9, 1}};
  auto* nlh = put_route_add(buf.data(), 1, *Prefix::parse("10.9.0.0/16"), {}, 0, hops);
  const auto r = round_trip(nlh);
  EXPECT_EQ(r.next_hops, hops);
  EXPECT_TRUE(r.has_gateway);
  EXPECT_EQ(r.oif, 9u);
}

TEST(RouteMessage, DeleteIsMatchedByTableAndMetric) {
  Buffer buf;
  auto* nlh = put_route_delete(buf.data(), 3, *Prefix::parse("10.9.0.0/16"), {254, 20, kRtprotBgp});
  EXPECT_EQ(nlh->nlmsg_type, RTM_DELROUTE);
  const auto r = round_trip(nlh);
  EXPECT_EQ(r.table, 254u);
  EXPECT_EQ(r.metric, 20u);
}

TEST(NexthopMessage, ObjectAndGroupRoundTrip) {
  Buffer buf;
  NexthopOp obj{NexthopOp::Kind::kAddNexthop, 11, *IpAddress::parse("10.0.0.1"), 4, {}};
  auto k = parse_nexthop(put_nexthop_op(buf.data(), 1, obj, kRtprotBgp));
  ASSERT_TRUE(k);
  EXPECT_EQ(k->id, 11u);
  EXPECT_EQ(k->gateway, obj.gateway);
  EXPECT_EQ(k->ifindex, 4u);
  NexthopOp grp{NexthopOp::Kind::kSetGroup, 12, {}, 0, {{11, 1}, {13, 200}}};
  k = parse_nexthop(put_nexthop_op(buf.data(), 2, grp, kRtprotBgp));
  ASSERT_TRUE(k);
  EXPECT_EQ(k->members, grp.members);
  auto* del = put_nexthop_op(buf.data(), 3, {NexthopOp::Kind::kDelete, 12, {}, 0, {}}, kRtprotBgp);
  EXPECT_EQ(del->nlmsg_type, RTM_DELNEXTHOP);
}

TEST(ErrorMessage, ExtendedAckTextIsExtracted) {
  Buffer buf;
  auto* nlh = mnl_nlmsg_put_header(buf.data());
  nlh->nlmsg_type = NLMSG_ERROR;
  nlh->nlmsg_seq = 99;
  nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
  auto* err = static_cast<nlmsgerr*>(mnl_nlmsg_put_extra_header(nlh, sizeof(nlmsgerr)));
  err->error = -22;
  err->msg.nlmsg_len = sizeof(nlmsghdr);
  mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "Nexthop has invalid gateway");
  auto e = parse_error(nlh);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->seq, 99u);
  EXPECT_EQ(e->error, 22);
  EXPECT_EQ(e->message, "Nexthop has invalid gateway");
}

TEST(RouteMessage, TruncatedOrForeignMessagesAreRejectedNotRead) {
  Buffer buf;
  auto* nlh = put_route_add(buf.data(), 1, *Prefix::parse("10.0.0.0/8"), {}, 5, {});
  nlh->nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg)) - 4;
  EXPECT_FALSE(parse_route(nlh));
  nlh = put_route_add(buf.data(), 1, *Prefix::parse("10.0.0.0/8"), {}, 5, {});
  static_cast<rtmsg*>(mnl_nlmsg_get_payload(nlh))->rtm_dst_len = 200;
  EXPECT_FALSE(parse_route(nlh));
  // An attribute claiming more bytes than the message has stops the walk.
  nlh = put_route_add(buf.data(), 1, *Prefix::parse("10.0.0.0/8"), {}, 5, {});
  nlh->nlmsg_len -= 4;
  EXPECT_TRUE(parse_route(nlh).has_value());
  EXPECT_FALSE(parse_nexthop(nlh));
  EXPECT_FALSE(parse_link(nlh));
}

}  // namespace
}  // namespace bgp::fib

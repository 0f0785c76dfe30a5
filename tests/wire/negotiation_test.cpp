// Session negotiation: the intersection of our OPEN and the peer's.
#include "libbgp/wire/negotiation.hpp"

#include <gtest/gtest.h>

#include <array>

#include "tests/wire/session_bytes.hpp"

namespace bgp {
namespace {

// Encodes `m` and parses it back, as the peer's OPEN would arrive.
struct PeerOpen {
  std::array<std::byte, 4096> buf{};
  OpenView view;
  PeerCapabilities caps;
};

PeerOpen peer_open(const OpenMessage& m) {
  PeerOpen p;
  const std::size_t n = encode_open(p.buf, m);
  EXPECT_GT(n, 0u);
  const auto v = OpenView::parse(std::span(p.buf).first(n).subspan(kHeaderSize));
  EXPECT_TRUE(v);
  p.view = *v;
  const auto c = summarize_capabilities(p.view);
  EXPECT_TRUE(c);
  p.caps = *c;
  return p;
}

OpenMessage tor() {
  OpenMessage m;
  m.my_as = 65001;
  m.hold_time = 90;
  m.bgp_identifier = 0x0a00ff0b;
  m.capabilities.families = {kIpv4Unicast, kIpv6Unicast};
  m.capabilities.route_refresh = true;
  m.capabilities.enhanced_route_refresh = true;
  m.capabilities.four_octet_as = 65001;
  m.capabilities.extended_message = true;
  m.capabilities.graceful_restart = GracefulRestartInfo{0, 120, {{kIpv4Unicast, true}}};
  return m;
}

OpenMessage cilium() {  // as GoBGP in the lab sends it
  OpenMessage m;
  m.my_as = 65101;
  m.hold_time = 9;
  m.bgp_identifier = 0x0a140002;
  m.capabilities.families = {kIpv4Unicast};
  m.capabilities.route_refresh = true;
  m.capabilities.four_octet_as = 65101;
  m.capabilities.graceful_restart = GracefulRestartInfo{0, 15, {{kIpv4Unicast, false}}};
  return m;
}

TEST(Negotiation, CiliumPeerGetsTheSmallerHoldAndCommonFamilies) {
  const auto peer = peer_open(cilium());
  const NegotiatedSession s = negotiate(tor(), peer.view, peer.caps);
  EXPECT_EQ(s.peer_as, 65101u);
  EXPECT_EQ(s.peer_bgp_identifier, 0x0a140002u);
  EXPECT_EQ(s.hold_time, 9);
  EXPECT_EQ(s.keepalive_time, 3);
  EXPECT_TRUE(s.four_octet_as);
  EXPECT_EQ(s.families, (std::vector<Family>{kIpv4Unicast}));
  EXPECT_TRUE(s.has_family(kIpv4Unicast));
  EXPECT_FALSE(s.has_family(kIpv6Unicast));
  EXPECT_TRUE(s.route_refresh);
  EXPECT_FALSE(s.enhanced_route_refresh);
  EXPECT_FALSE(s.extended_message);
  EXPECT_EQ(s.max_message_size(), 4096u);
  ASSERT_TRUE(s.peer_graceful_restart);
  EXPECT_EQ(s.peer_graceful_restart->restart_time, 15);
  EXPECT_FALSE(s.peer_graceful_restart->forwarding_preserved(kIpv4Unicast));
  EXPECT_TRUE(s.add_path.empty());
}

TEST(Negotiation, HoldTimeZeroOnEitherSideDisablesKeepalives) {
  OpenMessage theirs = cilium();
  theirs.hold_time = 0;
  const auto peer = peer_open(theirs);
  const NegotiatedSession s = negotiate(tor(), peer.view, peer.caps);
  EXPECT_EQ(s.hold_time, 0);
  EXPECT_EQ(s.keepalive_time, 0);
}

TEST(Negotiation, PeerWithoutMultiprotocolGetsIpv4UnicastOnly) {
  OpenMessage theirs = cilium();
  theirs.capabilities.families.clear();
  const auto peer = peer_open(theirs);
  const NegotiatedSession s = negotiate(tor(), peer.view, peer.caps);
  EXPECT_EQ(s.families, (std::vector<Family>{kIpv4Unicast}));
}

TEST(Negotiation, FourOctetAsNeedsBothSides) {
  OpenMessage theirs = cilium();
  theirs.capabilities.four_octet_as.reset();
  const auto peer = peer_open(theirs);
  EXPECT_FALSE(negotiate(tor(), peer.view, peer.caps).four_octet_as);
  OpenMessage ours = tor();
  ours.capabilities.four_octet_as.reset();
  const auto peer2 = peer_open(cilium());
  EXPECT_FALSE(negotiate(ours, peer2.view, peer2.caps).four_octet_as);
  ours.my_as = 4200000001u;  // a 4-octet AS always advertises the capability
  EXPECT_TRUE(negotiate(ours, peer2.view, peer2.caps).four_octet_as);
}

TEST(Negotiation, AddPathDirectionsFollowSendAndReceive) {
  OpenMessage ours = tor();
  ours.capabilities.add_path = {{kIpv4Unicast, AddPathMode::kBoth}, {kIpv6Unicast, AddPathMode::kReceive}};
  OpenMessage theirs = tor();
  theirs.my_as = 65101;
  theirs.capabilities.four_octet_as = 65101;
  theirs.capabilities.add_path = {{kIpv4Unicast, AddPathMode::kReceive}, {kIpv6Unicast, AddPathMode::kReceive}};
  const auto peer = peer_open(theirs);
  const NegotiatedSession s = negotiate(ours, peer.view, peer.caps);
  EXPECT_TRUE(s.add_path_send(kIpv4Unicast));
  EXPECT_FALSE(s.add_path_receive(kIpv4Unicast));
  EXPECT_FALSE(s.add_path_send(kIpv6Unicast));  // both only receive: nothing
  EXPECT_FALSE(s.add_path_receive(kIpv6Unicast));
  ASSERT_EQ(s.add_path.size(), 1u);
  EXPECT_EQ(s.add_path[0], (NegotiatedAddPath{kIpv4Unicast, true, false}));
}

TEST(Negotiation, ExtendedMessageAndEnhancedRefreshNeedBothSides) {
  OpenMessage theirs = tor();
  theirs.my_as = 65101;
  theirs.capabilities.four_octet_as = 65101;
  const auto peer = peer_open(theirs);
  const NegotiatedSession s = negotiate(tor(), peer.view, peer.caps);
  EXPECT_TRUE(s.extended_message);
  EXPECT_EQ(s.max_message_size(), 65535u);
  EXPECT_TRUE(s.enhanced_route_refresh);
  EXPECT_EQ(s.families, (std::vector<Family>{kIpv4Unicast, kIpv6Unicast}));
  ASSERT_TRUE(s.peer_graceful_restart);
  EXPECT_TRUE(s.peer_graceful_restart->forwarding_preserved(kIpv4Unicast));
}

TEST(Negotiation, GracefulRestartIsKeptOnlyWhenWeAdvertisedItToo) {
  OpenMessage ours = tor();
  ours.capabilities.graceful_restart.reset();
  const auto peer = peer_open(cilium());
  EXPECT_FALSE(negotiate(ours, peer.view, peer.caps).peer_graceful_restart);
}

TEST(Negotiation, NotificationBitCountsOnlyWhenBothSidesSetIt) {
  constexpr std::uint8_t n_bit = GracefulRestartCapability::kNotificationFlag;
  for (const bool ours_n : {false, true}) {
    for (const bool theirs_n : {false, true}) {
      OpenMessage ours = tor();
      ours.capabilities.graceful_restart->flags = ours_n ? n_bit : 0;
      OpenMessage theirs = cilium();
      theirs.capabilities.graceful_restart->flags = theirs_n ? n_bit : 0;
      const auto peer = peer_open(theirs);
      const NegotiatedSession s = negotiate(ours, peer.view, peer.caps);
      ASSERT_TRUE(s.peer_graceful_restart);
      EXPECT_EQ(s.graceful_notification, ours_n && theirs_n) << "ours " << ours_n << " theirs " << theirs_n;
    }
  }
}

TEST(Negotiation, NotificationBitIsIgnoredWithoutOurGracefulRestart) {
  OpenMessage ours = tor();
  ours.capabilities.graceful_restart.reset();
  OpenMessage theirs = cilium();
  theirs.capabilities.graceful_restart->flags = GracefulRestartCapability::kNotificationFlag;
  const auto peer = peer_open(theirs);
  EXPECT_FALSE(negotiate(ours, peer.view, peer.caps).graceful_notification);
}

TEST(Negotiation, RolesMustBeCounterparts) {
  using R = BgpRole;
  EXPECT_FALSE(check_roles(R::kProvider, R::kCustomer, false));
  EXPECT_FALSE(check_roles(R::kCustomer, R::kProvider, true));
  EXPECT_FALSE(check_roles(R::kRouteServer, R::kRouteServerClient, true));
  EXPECT_FALSE(check_roles(R::kRouteServerClient, R::kRouteServer, true));
  EXPECT_FALSE(check_roles(R::kPeer, R::kPeer, true));
  EXPECT_FALSE(check_roles(std::nullopt, R::kPeer, true));  // no local role: no check
  EXPECT_FALSE(check_roles(R::kPeer, std::nullopt, false));  // peer without role, not strict
  for (const auto& [ours, theirs] : {std::pair{R::kProvider, R::kProvider}, std::pair{R::kPeer, R::kCustomer},
                                     std::pair{R::kRouteServer, R::kRouteServer}, std::pair{R::kCustomer, R::kPeer},
                                     std::pair{R::kPeer, static_cast<R>(9)}}) {
    const auto n = check_roles(ours, theirs, false);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->code, NotifyCode::kOpenMessage);
    EXPECT_EQ(n->subcode, 11);
  }
  const auto strict = check_roles(R::kPeer, std::nullopt, true);
  ASSERT_TRUE(strict);
  EXPECT_EQ(strict->subcode, 11);
}

TEST(Negotiation, RoleIsCarriedFromTheOpen) {
  OpenMessage theirs = cilium();
  theirs.capabilities.role = BgpRole::kCustomer;
  const auto peer = peer_open(theirs);
  EXPECT_EQ(peer.caps.role, BgpRole::kCustomer);
  EXPECT_EQ(negotiate(tor(), peer.view, peer.caps).peer_role, BgpRole::kCustomer);
}

}  // namespace
}  // namespace bgp

// The graceful-restart rules, one test per RFC rule: helper retention (RFC
// 4724 §4.2, RFC 8538 §4), Hard Reset (RFC 8538 §3, §5), re-establishment
// flushes (RFC 4724 §4.2) and whom a restarting speaker waits for (§4.1).
#include "bgpd/daemon/graceful_restart.hpp"

#include <gtest/gtest.h>

namespace bgp::daemon {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix pfx(const char* s) { return *Prefix::parse(s); }

GrSessionEnd capable() {
  GrSessionEnd e;
  e.helper = true;
  e.peer_capable = true;
  return e;
}

TEST(GracefulRestartHelper, TcpFailureOrHoldExpiryKeepsThePaths) {
  EXPECT_TRUE(retention_on_session_end(capable()).retain);
}

TEST(GracefulRestartHelper, NothingIsKeptWithoutBothCapabilities) {
  GrSessionEnd e = capable();
  e.helper = false;
  EXPECT_FALSE(retention_on_session_end(e).retain);
  e = capable();
  e.peer_capable = false;
  EXPECT_FALSE(retention_on_session_end(e).retain);
}

TEST(GracefulRestartHelper, NotificationEndsGracefulRestartUnlessBothSidesSetTheNBit) {
  GrSessionEnd e = capable();
  e.notification = true;
  EXPECT_FALSE(retention_on_session_end(e).retain) << "RFC 4724: a NOTIFICATION ends graceful restart";
  e.notification_negotiated = true;
  EXPECT_TRUE(retention_on_session_end(e).retain) << "RFC 8538 §4: with N any NOTIFICATION but Hard Reset keeps them";
}

TEST(GracefulRestartHelper, HardResetNeverKeepsThePaths) {
  GrSessionEnd e = capable();
  e.notification = true;
  e.notification_negotiated = true;
  e.hard_reset = true;
  EXPECT_FALSE(retention_on_session_end(e).retain);
}

TEST(GracefulRestartHelper, ASessionWeStopOurselvesNeverKeepsThePaths) {
  GrSessionEnd e = capable();
  e.administrative = true;
  EXPECT_FALSE(retention_on_session_end(e).retain);
}

TEST(GracefulRestartHelper, SecondDropBeforeEndOfRibFlushesThePathsStillStale) {
  GrSessionEnd e = capable();
  EXPECT_FALSE(retention_on_session_end(e).flush_previous);
  e.end_of_rib_pending = true;
  const GrRetention r = retention_on_session_end(e);
  EXPECT_TRUE(r.retain);
  EXPECT_TRUE(r.flush_previous);
}

TEST(GracefulRestartHelper, ReconnectWithoutTheCapabilityFlushesEveryStaleFamily) {
  const std::vector<Family> stale{kIpv4Unicast, kIpv6Unicast};
  EXPECT_EQ(families_to_flush_on_reconnect(stale, std::nullopt), stale);
}

TEST(GracefulRestartHelper, ReconnectFlushesFamiliesMissingOrWithoutTheForwardingBit) {
  const std::vector<Family> stale{kIpv4Unicast, kIpv6Unicast};
  GracefulRestartInfo cap{0, 15, {{kIpv4Unicast, true}}};
  EXPECT_EQ(families_to_flush_on_reconnect(stale, cap), (std::vector<Family>{kIpv6Unicast})) << "IPv6 missing";
  cap.families = {{kIpv4Unicast, false}, {kIpv6Unicast, true}};
  EXPECT_EQ(families_to_flush_on_reconnect(stale, cap), (std::vector<Family>{kIpv4Unicast})) << "IPv4 without F";
  cap.families = {{kIpv4Unicast, true}, {kIpv6Unicast, true}};
  EXPECT_TRUE(families_to_flush_on_reconnect(stale, cap).empty());
}

TEST(HardReset, OperatorResetsRemovalsShutdownsAndMaxPrefixAreHard) {
  for (const CeaseSubcode s : {CeaseSubcode::kMaxPrefixesReached, CeaseSubcode::kAdministrativeShutdown,
                               CeaseSubcode::kPeerDeconfigured, CeaseSubcode::kAdministrativeReset}) {
    EXPECT_TRUE(cease_needs_hard_reset(static_cast<std::uint8_t>(s))) << static_cast<int>(s);
  }
  for (const CeaseSubcode s : {CeaseSubcode::kConnectionRejected, CeaseSubcode::kOtherConfigurationChange,
                               CeaseSubcode::kConnectionCollisionResolution, CeaseSubcode::kOutOfResources}) {
    EXPECT_FALSE(cease_needs_hard_reset(static_cast<std::uint8_t>(s))) << static_cast<int>(s);
  }
}

TEST(HardReset, DataCarriesTheReplacedNotification) {
  const std::array<std::byte, 2> text{std::byte{1}, std::byte{'x'}};
  const auto d = hard_reset_data(4, text);
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0], std::byte{6});
  EXPECT_EQ(d[1], std::byte{4});
  EXPECT_EQ(d[2], std::byte{1});
  EXPECT_EQ(d[3], std::byte{'x'});
}

TEST(SelectionDeferral, WaitsForConfiguredNeighboursAndAdoptedNextHopsInListenRanges) {
  const std::vector<IpAddress> configured{ip("192.0.2.1")};
  const std::vector<Prefix> ranges{pfx("10.20.0.0/16"), pfx("172.20.0.0/16")};
  const std::vector<IpAddress> hops{ip("10.20.0.2"), ip("172.20.0.3"), ip("198.51.100.7"), ip("10.20.0.2")};
  const std::set<IpAddress> want{ip("192.0.2.1"), ip("10.20.0.2"), ip("172.20.0.3")};
  EXPECT_EQ(peers_to_wait_for(configured, ranges, hops), want) << "198.51.100.7 is in no listen range";
}

}  // namespace
}  // namespace bgp::daemon

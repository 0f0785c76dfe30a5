// Capabilities (RFC 5492 and each capability's RFC): golden bytes decoded to
// fields and fields encoded to the same bytes.
#include "libbgp/wire/capability.hpp"

#include <gtest/gtest.h>

#include <array>

#include "tests/wire/session_bytes.hpp"

namespace bgp {
namespace {

using test::held;
using test::hex;
using test::to_vector;

// Runs `write` into a fresh buffer and returns what it wrote.
template <class F>
std::vector<std::byte> written(F&& write) {
  std::array<std::byte, 512> buf{};
  ByteWriter w(buf);
  EXPECT_TRUE(write(w));
  return to_vector(w.written());
}

TEST(Capability, MultiprotocolBothWays) {
  // RFC 4760 §8: code 1, length 4, AFI 2 (IPv6), reserved, SAFI 1.
  EXPECT_EQ(written([](ByteWriter& w) { return write_multiprotocol(w, kIpv6Unicast); }), hex("01 04 0002 00 01"));
  EXPECT_EQ(decode_multiprotocol(hex("0002 00 01")), kIpv6Unicast);
  EXPECT_EQ(decode_multiprotocol(hex("0001 00 01")), kIpv4Unicast);
  const auto l2vpn = decode_multiprotocol(hex("0019 00 46"));  // unknown AFI/SAFI kept
  ASSERT_TRUE(l2vpn);
  EXPECT_EQ(static_cast<int>(l2vpn->afi), 25);
  EXPECT_EQ(static_cast<int>(l2vpn->safi), 70);
  EXPECT_FALSE(decode_multiprotocol(hex("0001 00")));
  EXPECT_FALSE(decode_multiprotocol(hex("0001 00 01 00")));
}

TEST(Capability, EmptyCapabilitiesBothWays) {
  EXPECT_EQ(written([](ByteWriter& w) { return write_empty_capability(w, CapabilityCode::kRouteRefresh); }),
            hex("02 00"));
  EXPECT_EQ(written([](ByteWriter& w) { return write_empty_capability(w, CapabilityCode::kExtendedMessage); }),
            hex("06 00"));
  EXPECT_EQ(written([](ByteWriter& w) { return write_empty_capability(w, CapabilityCode::kEnhancedRouteRefresh); }),
            hex("46 00"));
}

TEST(Capability, FourOctetAsBothWays) {
  EXPECT_EQ(written([](ByteWriter& w) { return write_four_octet_as(w, 4200000001u); }), hex("41 04 fa56ea01"));
  EXPECT_EQ(decode_four_octet_as(hex("fa56ea01")), 4200000001u);
  EXPECT_EQ(decode_four_octet_as(hex("0000fe4d")), 65101u);
  EXPECT_FALSE(decode_four_octet_as(hex("0000fe")));
}

TEST(Capability, RoleBothWays) {
  EXPECT_EQ(written([](ByteWriter& w) { return write_role(w, BgpRole::kCustomer); }), hex("09 01 03"));
  EXPECT_EQ(decode_role(hex("04")), BgpRole::kPeer);
  EXPECT_EQ(decode_role(hex("00")), BgpRole::kProvider);
  EXPECT_FALSE(decode_role(hex("")));
  EXPECT_FALSE(decode_role(hex("0303")));
  EXPECT_EQ(role_name(BgpRole::kRouteServerClient), "rs-client");
}

TEST(Capability, GracefulRestartBothWays) {
  // RFC 4724 §3: R and N set, restart time 120, IPv4 unicast with F, IPv6 unicast without.
  const auto value = hex("c078 0001 01 80 0002 01 00");
  const auto gr = GracefulRestartCapability::decode(value);
  ASSERT_TRUE(gr);
  EXPECT_TRUE(gr->restarting());
  EXPECT_TRUE(gr->notification());
  EXPECT_EQ(gr->restart_time(), 120);
  ASSERT_EQ(gr->family_count(), 2u);
  EXPECT_EQ(gr->family(0), (GracefulRestartFamily{kIpv4Unicast, true}));
  EXPECT_EQ(gr->family(1), (GracefulRestartFamily{kIpv6Unicast, false}));

  const GracefulRestartFamily fams[] = {{kIpv4Unicast, true}, {kIpv6Unicast, false}};
  EXPECT_EQ(written([&](ByteWriter& w) {
              return write_graceful_restart(
                  w, GracefulRestartCapability::kRestartFlag | GracefulRestartCapability::kNotificationFlag, 120, fams);
            }),
            hex("40 0a c078 0001 01 80 0002 01 00"));
}

TEST(Capability, GracefulRestartWithoutFamiliesAndTimeOnly) {
  const auto gr = GracefulRestartCapability::decode(held("0fff"));  // no flags, max time 4095
  ASSERT_TRUE(gr);
  EXPECT_FALSE(gr->restarting());
  EXPECT_FALSE(gr->notification());
  EXPECT_EQ(gr->restart_time(), 4095);
  EXPECT_EQ(gr->family_count(), 0u);
  EXPECT_EQ(written([](ByteWriter& w) { return write_graceful_restart(w, 0, 4095, {}); }), hex("40 02 0fff"));
}

TEST(Capability, GracefulRestartWithBadLengthIsRejected) {
  EXPECT_FALSE(GracefulRestartCapability::decode(held("00")));
  EXPECT_FALSE(GracefulRestartCapability::decode(held("0078 0001 01")));
}

TEST(Capability, AddPathBothWays) {
  // RFC 7911 §4: IPv4 unicast send/receive (3), IPv6 unicast receive (1).
  const auto value = hex("0001 01 03 0002 01 01");
  const auto ap = AddPathCapability::decode(value);
  ASSERT_TRUE(ap);
  ASSERT_EQ(ap->family_count(), 2u);
  EXPECT_EQ(ap->family(0), (AddPathFamily{kIpv4Unicast, AddPathMode::kBoth}));
  EXPECT_EQ(ap->family(1), (AddPathFamily{kIpv6Unicast, AddPathMode::kReceive}));
  const AddPathFamily fams[] = {{kIpv4Unicast, AddPathMode::kBoth}, {kIpv6Unicast, AddPathMode::kReceive}};
  EXPECT_EQ(written([&](ByteWriter& w) { return write_add_path(w, fams); }), hex("45 08 0001 01 03 0002 01 01"));
  EXPECT_TRUE(can_send(AddPathMode::kSend));
  EXPECT_FALSE(can_receive(AddPathMode::kSend));
}

TEST(Capability, AddPathWithBadLengthOrModeIsRejected) {
  EXPECT_FALSE(AddPathCapability::decode(held("0001 01")));
  EXPECT_FALSE(AddPathCapability::decode(held("0001 01 00")));
  EXPECT_FALSE(AddPathCapability::decode(held("0001 01 04")));
}

TEST(Capability, FqdnBothWays) {
  const auto value = hex("05 6c 65 61 66 31  07 65 78 61 6d 70 6c 65");  // "leaf1", "example"
  const auto fqdn = decode_fqdn(value);
  ASSERT_TRUE(fqdn);
  EXPECT_EQ(fqdn->hostname, "leaf1");
  EXPECT_EQ(fqdn->domain, "example");
  EXPECT_EQ(written([](ByteWriter& w) { return write_fqdn(w, "leaf1", "example"); }),
            hex("49 0e 05 6c 65 61 66 31 07 65 78 61 6d 70 6c 65"));
}

TEST(Capability, FqdnEdgeCases) {
  const auto gobgp = hex("02 76 6d 00");  // GoBGP: "vm", empty domain
  const auto no_domain = decode_fqdn(gobgp);
  ASSERT_TRUE(no_domain);
  EXPECT_EQ(no_domain->hostname, "vm");
  EXPECT_EQ(no_domain->domain, "");
  EXPECT_TRUE(decode_fqdn(held("02 76 6d")));  // domain part missing altogether
  EXPECT_FALSE(decode_fqdn(held("05 76 6d")));  // hostname overruns
  EXPECT_FALSE(decode_fqdn(held("02 76 6d 03 61")));  // domain overruns
  EXPECT_FALSE(decode_fqdn(held("")));
}

TEST(Capability, RawCapabilityAndOverflowAreRefused) {
  EXPECT_EQ(written([](ByteWriter& w) { return write_capability(w, 71, hex("0001 01 00 000e10")); }),
            hex("47 07 0001 01 00 000e10"));
  std::array<std::byte, 5> small{};
  ByteWriter w(small);
  EXPECT_FALSE(write_multiprotocol(w, kIpv4Unicast));
  EXPECT_FALSE(w.ok());
  std::vector<std::byte> big(256);
  std::array<std::byte, 300> buf{};
  ByteWriter w2(buf);
  EXPECT_FALSE(write_capability(w2, 200, big));
}

TEST(Capability, Names) {
  EXPECT_EQ(capability_name(65), "4-octet-as");
  EXPECT_EQ(capability_name(69), "add-path");
  EXPECT_EQ(capability_name(200), "unknown");
}

}  // namespace
}  // namespace bgp

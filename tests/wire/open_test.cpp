// OPEN (RFC 4271 §4.2, §6.2; RFC 5492; RFC 6793; RFC 9072): golden bytes
// both ways, including an OPEN captured from GoBGP 3.10 configured as Cilium
// configures it, and every malformed case with its exact NOTIFICATION.
#include "libbgp/wire/open.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "libbgp/wire/framing.hpp"
#include "tests/wire/session_bytes.hpp"

namespace bgp {
namespace {

using test::hex;
using test::to_vector;

// Captured on the wire: gobgpd 3.10, AS 65101, router-id 10.20.0.2, hold 9,
// graceful restart 15 s with ipv4-unicast mp-graceful-restart, on host "vm".
// One Capabilities parameter: route refresh, FQDN, multiprotocol ipv4 unicast,
// 4-octet AS, graceful restart, extended next hop (code 5, RFC 8950).
const char* const kGobgpOpen =
    "ffffffffffffffffffffffffffffffff 0043 01"
    "04 fe4d 0009 0a140002 26"
    "02 24"
    "  02 00"
    "  49 04 02 766d 00"
    "  01 04 0001 00 01"
    "  41 04 0000fe4d"
    "  40 06 000f 0001 01 00"
    "  05 06 0001 0001 0002";

// Captured on the wire: FRR 8.4 bgpd, AS 65002, router-id 10.0.0.2, hold 30,
// IPv4 and IPv6 unicast, graceful restart, addpath-tx-all-paths, hostname
// "leaf1", extended messages. Each capability in its own parameter (unlike GoBGP), including the
// pre-standard route refresh (128) and long-lived graceful restart (71).
const char* const kFrrOpen =
    "ffffffffffffffffffffffffffffffff 007c 01"
    "04 fdea 001e 0a000002 5f"
    "02 06 01 04 0001 00 01"
    "02 06 01 04 0002 00 01"
    "02 02 80 00"
    "02 02 02 00"
    "02 02 46 00"
    "02 06 41 04 0000fdea"
    "02 02 06 00"
    "02 0a 45 08 0001 01 03 0002 01 03"
    "02 09 49 07 05 6c65616631 00"
    "02 0c 40 0a c078 0001 01 00 0002 01 00"
    "02 10 47 0e 0001 01 80 000000 0002 01 80 000000";

// bgpd's own OPEN for the seed ToR, written by hand from RFC 4271 §4.2 and
// RFC 5492: AS 65001, hold 90, id 10.0.255.11; multiprotocol IPv4 and IPv6
// unicast, route refresh, graceful restart (N bit, 120 s, IPv4 with F),
// 4-octet AS, enhanced route refresh.
const char* const kOurOpen =
    "ffffffffffffffffffffffffffffffff 003d 01"
    "04 fde9 005a 0a00ff0b 20"
    "02 1e"
    "  01 04 0001 00 01"
    "  01 04 0002 00 01"
    "  02 00"
    "  40 06 4078 0001 01 80"
    "  41 04 0000fde9"
    "  46 00";

// Frames a whole OPEN and parses its body.
Decoded<OpenView> parse_message(const std::vector<std::byte>& msg) {
  const FrameResult f = next_frame(msg);
  EXPECT_TRUE(f.complete());
  EXPECT_EQ(f.message.type, MessageType::kOpen);
  return OpenView::parse(f.message.body);
}

// An OPEN body with the given optional-parameters part (hex, length octet included).
std::vector<std::byte> body(const std::string& params, const std::string& fixed = "04 fde9 005a 0a00ff0b") {
  return hex(fixed + params);
}

OpenMessage our_open() {
  OpenMessage m;
  m.my_as = 65001;
  m.hold_time = 90;
  m.bgp_identifier = 0x0a00ff0b;
  m.capabilities.families = {kIpv4Unicast, kIpv6Unicast};
  m.capabilities.route_refresh = true;
  m.capabilities.enhanced_route_refresh = true;
  m.capabilities.four_octet_as = 65001;
  m.capabilities.graceful_restart = GracefulRestartInfo{GracefulRestartCapability::kNotificationFlag, 120,
                                                        {{kIpv4Unicast, true}}};
  return m;
}

std::uint8_t subcode(const Notification& n) { return n.subcode; }

TEST(Open, GobgpOpenDecodesToItsFields) {
  const auto msg = hex(kGobgpOpen);
  const auto open = parse_message(msg);
  ASSERT_TRUE(open) << int(subcode(open.error()));
  EXPECT_EQ(open->version(), 4);
  EXPECT_EQ(open->my_as(), 65101);
  EXPECT_EQ(open->hold_time(), 9);
  EXPECT_EQ(open->bgp_identifier(), 0x0a140002u);
  EXPECT_FALSE(open->extended_parameters());

  std::vector<int> codes;
  for (const CapabilityView& c : open->capabilities()) codes.push_back(c.code);
  EXPECT_EQ(codes, (std::vector<int>{2, 73, 1, 65, 64, 5}));

  const auto caps = summarize_capabilities(*open);
  ASSERT_TRUE(caps);
  EXPECT_EQ(caps->four_octet_as, 65101u);
  EXPECT_EQ(real_peer_as(*open, *caps), 65101u);
  EXPECT_EQ(caps->families, (std::vector<Family>{kIpv4Unicast}));
  EXPECT_TRUE(caps->route_refresh);
  EXPECT_FALSE(caps->enhanced_route_refresh);
  EXPECT_FALSE(caps->extended_message);
  ASSERT_TRUE(caps->graceful_restart);
  EXPECT_EQ(caps->graceful_restart->restart_time, 15);
  EXPECT_EQ(caps->graceful_restart->flags, 0);
  EXPECT_EQ(caps->graceful_restart->families, (std::vector<GracefulRestartFamily>{{kIpv4Unicast, false}}));
  EXPECT_EQ(caps->hostname, "vm");
  EXPECT_EQ(caps->domain, "");
  ASSERT_EQ(caps->other.size(), 1u);
  EXPECT_EQ(caps->other[0].code, 5);
  EXPECT_EQ(caps->other[0].value, hex("0001 0001 0002"));
  EXPECT_FALSE(validate_open(*open, *caps, {65001, 0x0a00ff0b, 65101}));
}

TEST(Open, FrrOpenWithOneParameterPerCapabilityDecodes) {
  const auto msg = hex(kFrrOpen);
  const auto open = parse_message(msg);
  ASSERT_TRUE(open) << int(subcode(open.error()));
  EXPECT_EQ(open->my_as(), 65002);
  EXPECT_EQ(open->hold_time(), 30);
  EXPECT_EQ(open->bgp_identifier(), 0x0a000002u);
  int params = 0;
  for (const auto& p : open->parameters()) {
    EXPECT_EQ(p.type, kCapabilitiesParameter);
    ++params;
  }
  EXPECT_EQ(params, 11);
  const auto caps = summarize_capabilities(*open);
  ASSERT_TRUE(caps);
  EXPECT_EQ(caps->families, (std::vector<Family>{kIpv4Unicast, kIpv6Unicast}));
  EXPECT_TRUE(caps->route_refresh);
  EXPECT_TRUE(caps->enhanced_route_refresh);
  EXPECT_TRUE(caps->extended_message);
  EXPECT_EQ(caps->four_octet_as, 65002u);
  EXPECT_EQ(caps->add_path, (std::vector<AddPathFamily>{{kIpv4Unicast, AddPathMode::kBoth},
                                                        {kIpv6Unicast, AddPathMode::kBoth}}));
  EXPECT_EQ(caps->hostname, "leaf1");
  ASSERT_TRUE(caps->graceful_restart);
  EXPECT_TRUE(caps->graceful_restart->restarting());
  EXPECT_EQ(caps->graceful_restart->flags,
            GracefulRestartCapability::kRestartFlag | GracefulRestartCapability::kNotificationFlag);
  EXPECT_EQ(caps->graceful_restart->restart_time, 120);
  EXPECT_EQ(caps->graceful_restart->families.size(), 2u);
  ASSERT_EQ(caps->other.size(), 1u);  // long-lived GR, kept raw
  EXPECT_EQ(caps->other[0].code, static_cast<std::uint8_t>(CapabilityCode::kLongLivedGracefulRestart));
  EXPECT_EQ(caps->other[0].value, hex("0001 01 80 000000 0002 01 80 000000"));
  EXPECT_FALSE(validate_open(*open, *caps, {65001, 0x0a00ff0b, 65002}));

  // Re-encoded in bgpd's layout (one parameter), it summarizes the same.
  std::array<std::byte, 4096> out{};
  const std::size_t n = encode_open(out, OpenMessage{65002, 30, 0x0a000002, *caps});
  ASSERT_GT(n, 0u);
  const auto again = OpenView::parse(std::span(out).first(n).subspan(19));
  ASSERT_TRUE(again);
  EXPECT_EQ(*summarize_capabilities(*again), *caps);
}

TEST(Open, GobgpOpenIsReproducedFromItsFields) {
  std::array<std::byte, 256> tlv_buf{};
  ByteWriter w(tlv_buf);
  write_empty_capability(w, CapabilityCode::kRouteRefresh);
  write_fqdn(w, "vm", "");
  write_multiprotocol(w, kIpv4Unicast);
  write_four_octet_as(w, 65101);
  const GracefulRestartFamily gr[] = {{kIpv4Unicast, false}};
  write_graceful_restart(w, 0, 15, gr);
  write_capability(w, 5, hex("0001 0001 0002"));
  ASSERT_TRUE(w.ok());
  std::array<std::byte, 4096> out{};
  const std::size_t n = encode_open_with_capabilities(out, 65101, 9, 0x0a140002, w.written());
  EXPECT_EQ(to_vector(std::span(out).first(n)), hex(kGobgpOpen));
}

TEST(Open, OurOpenEncodesToGoldenBytes) {
  std::array<std::byte, 4096> out{};
  const std::size_t n = encode_open(out, our_open());
  EXPECT_EQ(to_vector(std::span(out).first(n)), hex(kOurOpen));
}

TEST(Open, OurOpenDecodesBackToTheSameCapabilities) {
  const auto msg = hex(kOurOpen);
  const auto open = parse_message(msg);
  ASSERT_TRUE(open);
  const auto caps = summarize_capabilities(*open);
  ASSERT_TRUE(caps);
  EXPECT_EQ(*caps, our_open().capabilities);
  EXPECT_EQ(open->my_as(), 65001);
  EXPECT_EQ(open->hold_time(), 90);
}

TEST(Open, FourOctetAsGoesInTheCapabilityWithAsTransInTheField) {
  OpenMessage m;
  m.my_as = 4200000001u;
  m.hold_time = 9;
  m.bgp_identifier = 1;
  std::array<std::byte, 4096> out{};
  const std::size_t n = encode_open(out, m);
  // RFC 6793 §4.1: AS_TRANS (23456 = 0x5ba0) in My AS, the real AS in capability 65.
  EXPECT_EQ(to_vector(std::span(out).first(n)),
            hex("ffffffffffffffffffffffffffffffff 0025 01 04 5ba0 0009 00000001 08 02 06 41 04 fa56ea01"));
  const auto open = OpenView::parse(std::span(out).first(n).subspan(19));
  ASSERT_TRUE(open);
  const auto caps = summarize_capabilities(*open);
  ASSERT_TRUE(caps);
  EXPECT_EQ(real_peer_as(*open, *caps), 4200000001u);
  EXPECT_FALSE(validate_open(*open, *caps, {65001, 2, 4200000001u}));
}

TEST(Open, WithoutCapabilitiesTheOptionalParametersAreEmpty) {
  OpenMessage m;
  m.my_as = 65001;
  m.hold_time = 0;
  m.bgp_identifier = 0x01020304;
  std::array<std::byte, 64> out{};
  const std::size_t n = encode_open(out, m);
  EXPECT_EQ(to_vector(std::span(out).first(n)), hex("ffffffffffffffffffffffffffffffff 001d 01 04 fde9 0000 01020304 00"));
  const auto open = OpenView::parse(std::span(out).first(n).subspan(19));
  ASSERT_TRUE(open);
  EXPECT_EQ(open->capabilities().begin(), open->capabilities().end());
  const auto caps = summarize_capabilities(*open);
  ASSERT_TRUE(caps);
  // RFC 4760: no Multiprotocol capability means IPv4 unicast only.
  EXPECT_EQ(caps->effective_families(), (std::vector<Family>{kIpv4Unicast}));
  EXPECT_TRUE(caps->supports(kIpv4Unicast));
  EXPECT_FALSE(caps->supports(kIpv6Unicast));
}

TEST(Open, EncoderRefusesABufferThatIsTooSmall) {
  std::array<std::byte, 60> out{};
  EXPECT_EQ(encode_open(out, our_open()), 0u);
}

TEST(Open, LongCapabilityListUsesTheExtendedParameterForm) {
  OpenMessage m;
  m.my_as = 65001;
  m.hold_time = 90;
  m.bgp_identifier = 0x0a00ff0b;
  for (int i = 0; i < 70; ++i) m.capabilities.other.push_back({200, hex("abcd")});
  std::array<std::byte, 4096> out{};
  const std::size_t n = encode_open(out, m);
  ASSERT_EQ(n, 19u + 10 + 3 + 3 + 280);
  const auto msg = std::span(out).first(n);
  // RFC 9072 §2: Non-Ext OP Len 255, Non-Ext OP Type 255, 2-octet length, 2-octet parameter length.
  EXPECT_EQ(to_vector(msg.subspan(28, 7)), hex("ff ff 011b 02 0118"));
  const auto open = OpenView::parse(msg.subspan(19));
  ASSERT_TRUE(open);
  EXPECT_TRUE(open->extended_parameters());
  const auto caps = summarize_capabilities(*open);
  ASSERT_TRUE(caps);
  EXPECT_EQ(caps->other.size(), 70u);
  EXPECT_EQ(caps->other.back(), (RawCapability{200, hex("abcd")}));
}

TEST(Open, ShortCapabilityListStaysInTheClassicForm) {
  OpenMessage m;
  m.my_as = 65001;
  m.bgp_identifier = 1;
  // 253 octets of TLVs: 2 + 253 = 255 still fits one length octet.
  m.capabilities.other.push_back({200, std::vector<std::byte>(251, std::byte{1})});
  std::array<std::byte, 4096> out{};
  const std::size_t n = encode_open(out, m);
  ASSERT_EQ(n, 19u + 10 + 255);
  EXPECT_EQ(std::to_integer<int>(out[28]), 255);
  EXPECT_EQ(std::to_integer<int>(out[29]), 2);  // a parameter type, not the RFC 9072 marker
  const auto open = OpenView::parse(std::span(out).first(n).subspan(19));
  ASSERT_TRUE(open);
  EXPECT_FALSE(open->extended_parameters());
}

TEST(Open, ExtendedParameterFormFromTheRfcDecodes) {
  // RFC 9072 §2 layout written by hand: one Capabilities parameter with
  // multiprotocol IPv4 unicast, in the extended form although it is short.
  const auto b = body("ff ff 0009 02 0006 01 04 0001 00 01");
  const auto open = OpenView::parse(b);
  ASSERT_TRUE(open);
  EXPECT_TRUE(open->extended_parameters());
  const auto caps = summarize_capabilities(*open);
  ASSERT_TRUE(caps);
  EXPECT_EQ(caps->families, (std::vector<Family>{kIpv4Unicast}));
}

TEST(Open, SeveralParametersWithSeveralCapabilitiesAreAllIterated) {
  // Parameter 1: multiprotocol IPv4 + route refresh; parameter 2: 4-octet AS; parameter 3: empty.
  const auto b = body("14 02 08 01 04 0001 00 01 02 00  02 06 41 04 0000fde9  02 00");
  const auto open = OpenView::parse(b);
  ASSERT_TRUE(open);
  std::vector<int> codes;
  for (const auto& c : open->capabilities()) codes.push_back(c.code);
  EXPECT_EQ(codes, (std::vector<int>{1, 2, 65}));
  int params = 0;
  for (const auto& p : open->parameters()) {
    EXPECT_EQ(p.type, 2);
    ++params;
  }
  EXPECT_EQ(params, 3);
}

TEST(Open, UnsupportedVersionGivesTwoOneWithOurVersion) {
  const auto b = body("00", "03 fde9 005a 0a00ff0b");
  const auto open = OpenView::parse(b);
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().code, NotifyCode::kOpenMessage);
  EXPECT_EQ(subcode(open.error()), 1);
  EXPECT_EQ(to_vector(open.error().data), hex("0004"));
}

TEST(Open, InconsistentParameterLengthsGiveTwoZero) {
  const char* bad[] = {
      "05 02 02 02 00",                 // opt len 5, only 4 octets follow
      "03 02 02 02 00",                 // opt len 3, 4 octets follow
      "04 02 03 02 00",                 // parameter length overruns
      "04 02 02 02 05",                 // capability length overruns its parameter
      "05 02 03 02 00 02",              // capability header cut short
      "ff ff 0009 02 0006 01 04 0001",  // extended: fewer octets than announced
      "ff ff 00",                       // extended: length field cut short
      "ff ff 0004 02 0005 0000",        // extended: parameter overruns
  };
  for (const char* params : bad) {
    const auto b = body(params);
    const auto open = OpenView::parse(b);
    ASSERT_FALSE(open) << params;
    EXPECT_EQ(open.error().code, NotifyCode::kOpenMessage) << params;
    EXPECT_EQ(subcode(open.error()), 0) << params;
  }
}

TEST(Open, TruncatedFixedPartIsBadMessageLength) {
  const auto b = hex("04 fde9 005a 0a00ff");
  const auto open = OpenView::parse(b);
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().code, NotifyCode::kMessageHeader);
  EXPECT_EQ(subcode(open.error()), 2);
}

TEST(Open, MalformedKnownCapabilityGivesTwoZeroWithTheCapability) {
  const char* bad[] = {"05 02 03 01 01 00", "06 02 04 41 02 0000", "06 02 04 40 02 00 00" /* valid */,
                       "07 02 05 40 03 000000", "08 02 06 45 04 0001 01 00", "06 02 04 09 02 0303"};
  for (const char* params : bad) {
    const auto b = body(params);
    const auto open = OpenView::parse(b);
    ASSERT_TRUE(open) << params;
    const auto caps = summarize_capabilities(*open);
    if (std::string(params) == "06 02 04 40 02 00 00") {
      EXPECT_TRUE(caps);
      continue;
    }
    ASSERT_FALSE(caps) << params;
    EXPECT_EQ(caps.error().code, NotifyCode::kOpenMessage);
    EXPECT_EQ(subcode(caps.error()), 0);
    EXPECT_EQ(to_vector(caps.error().data), to_vector(Bytes(b).subspan(12))) << params;
  }
}

TEST(Open, DisagreeingRoleCapabilitiesAreRoleMismatch) {
  const auto b = body("0a 02 03 09 01 03 02 03 09 01 00");  // customer, then provider
  const auto open = OpenView::parse(b);
  ASSERT_TRUE(open);
  const auto caps = summarize_capabilities(*open);
  ASSERT_FALSE(caps);
  EXPECT_EQ(caps.error().code, NotifyCode::kOpenMessage);
  EXPECT_EQ(subcode(caps.error()), 11);
  EXPECT_EQ(to_vector(caps.error().data), hex("09 01 00"));
  const auto same = body("0a 02 03 09 01 03 02 03 09 01 03");
  const auto open2 = OpenView::parse(same);
  ASSERT_TRUE(open2);
  ASSERT_TRUE(summarize_capabilities(*open2));
}

TEST(Open, MalformedFqdnIsIgnored) {
  const auto b = body("05 02 03 49 01 05");
  const auto open = OpenView::parse(b);
  ASSERT_TRUE(open);
  const auto caps = summarize_capabilities(*open);
  ASSERT_TRUE(caps);
  EXPECT_FALSE(caps->hostname);
}

struct ValidationCase {
  std::string name;
  std::string fixed;   // version, AS, hold, id
  std::string params;
  OpenExpectations expect;
  std::optional<int> subcode;  // nullopt = acceptable
};

TEST(Open, ValidationGivesTheRfc4271Notification) {
  const OpenExpectations ebgp{65001, 0x0a00ff0b, 65101};
  const OpenExpectations ibgp{65001, 0x0a00ff0b, 65001};
  const ValidationCase cases[] = {
      {"acceptable", "04 fe4d 005a 0a140002", "00", ebgp, std::nullopt},
      {"any AS when none configured", "04 fe4d 005a 0a140002", "00", {65001, 1, std::nullopt}, std::nullopt},
      {"wrong AS", "04 fe4e 005a 0a140002", "00", ebgp, 2},
      {"AS 0 (RFC 7607)", "04 0000 005a 0a140002", "00", {65001, 1, std::nullopt}, 2},
      {"4-octet AS 0", "04 5ba0 005a 0a140002", "08 02 06 41 04 00000000", {65001, 1, std::nullopt}, 2},
      {"4-octet AS disagrees with small field", "04 fe4c 005a 0a140002", "08 02 06 41 04 0000fe4d", ebgp, 2},
      {"4-octet AS wins over AS_TRANS", "04 5ba0 005a 0a140002", "08 02 06 41 04 0000fe4d", ebgp, std::nullopt},
      {"big AS needs AS_TRANS", "04 fe4d 005a 0a140002", "08 02 06 41 04 fa56ea01", {65001, 1, 4200000001u}, 2},
      {"hold 1", "04 fe4d 0001 0a140002", "00", ebgp, 6},
      {"hold 2", "04 fe4d 0002 0a140002", "00", ebgp, 6},
      {"hold 0", "04 fe4d 0000 0a140002", "00", ebgp, std::nullopt},
      {"hold 3", "04 fe4d 0003 0a140002", "00", ebgp, std::nullopt},
      {"identifier 0", "04 fe4d 005a 00000000", "00", ebgp, 3},
      {"iBGP same identifier (RFC 6286)", "04 fde9 005a 0a00ff0b", "00", ibgp, 3},
      {"eBGP same identifier", "04 fe4d 005a 0a00ff0b", "00", ebgp, std::nullopt},
      {"authentication parameter", "04 fe4d 005a 0a140002", "03 01 01 00", ebgp, 4},
      {"unknown parameter after capabilities", "04 fe4d 005a 0a140002", "06 02 02 02 00 07 00", ebgp, 4},
      {"wrong AS wins over bad hold (RFC order)", "04 fe4e 0001 0a140002", "00", ebgp, 2},
  };
  for (const auto& c : cases) {
    const auto b = body(c.params, c.fixed);
    const auto open = OpenView::parse(b);
    ASSERT_TRUE(open) << c.name;
    const auto caps = summarize_capabilities(*open);
    ASSERT_TRUE(caps) << c.name;
    const auto n = validate_open(*open, *caps, c.expect);
    if (!c.subcode) {
      EXPECT_FALSE(n) << c.name;
    } else {
      ASSERT_TRUE(n) << c.name;
      EXPECT_EQ(n->code, NotifyCode::kOpenMessage) << c.name;
      EXPECT_EQ(n->subcode, *c.subcode) << c.name;
      EXPECT_TRUE(n->data.empty()) << c.name;
    }
  }
}

TEST(Open, DuplicateCapabilitiesAreMergedNotRepeated) {
  const auto good = body("1a 02 18 01 04 0001 00 01 01 04 0001 00 01 45 04 0001 01 01 45 04 0001 01 03");
  const auto open = OpenView::parse(good);
  ASSERT_TRUE(open);
  const auto caps = summarize_capabilities(*open);
  ASSERT_TRUE(caps);
  EXPECT_EQ(caps->families.size(), 1u);
  ASSERT_EQ(caps->add_path.size(), 1u);
  EXPECT_EQ(caps->add_path_mode(kIpv4Unicast), AddPathMode::kBoth);
}

}  // namespace
}  // namespace bgp

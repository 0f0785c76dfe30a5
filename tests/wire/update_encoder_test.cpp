// UPDATE encoder and packer: golden whole messages both ways, End-of-RIB,
// packing many prefixes into as few messages as the size limit allows.
#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "libbgp/wire/message.hpp"
#include "libbgp/wire/update.hpp"
#include "libbgp/wire/update_encoder.hpp"
#include "tests/wire/update_test_util.hpp"

namespace bgp {
namespace {

using testing::ByteVec;
using testing::hex;
using testing::to_hex;

constexpr const char* kMarker = "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff";

IpAddress ip(const char* text) { return *IpAddress::parse(text); }
NlriEntry entry(const char* text, std::uint32_t path_id = 0) { return NlriEntry{*Prefix::parse(text), path_id}; }

UpdateAttributes simple_attrs(const char* next_hop) {
  UpdateAttributes a;
  a.origin = Origin::kIgp;
  a.as_path = {{AsSegmentType::kSequence, {65001}}};
  a.next_hop = ip(next_hop);
  return a;
}

Bytes body_of(Bytes message) { return message.subspan(kHeaderSize); }

std::vector<std::string> prefixes_of(const NlriRange& r) {
  std::vector<std::string> out;
  // Appended, not `"#" + std::to_string(...)`: GCC 12 at -O3 reports a false
  // -Wrestrict on that (GCC bug 105329).
  for (const auto& e : r) {
    std::string s = e.prefix.to_string();
    if (e.path_id) s.append("#").append(std::to_string(e.path_id));
    out.push_back(std::move(s));
  }
  return out;
}

class Packer : public ::testing::Test {
 protected:
  std::array<std::byte, kMaxExtendedMessageSize> buf_{};
};

TEST_F(Packer, Ipv4AnnouncementMatchesGoldenBytesAndDecodesBack) {
  UpdatePacker packer(EncodeContext{}, buf_);
  const std::vector<NlriEntry> prefixes = {entry("10.0.0.0/24"), entry("10.1.0.0/16")};
  const auto p = packer.announce(simple_attrs("192.0.2.1"), kIpv4Unicast, prefixes);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->consumed, 2u);
  const ByteVec golden = hex(std::string(kMarker) +
                             "00 32 02 | 00 00 | 00 14 | 40 01 01 00 | 40 02 06 02 01 00 00 fd e9 |"
                             " 40 03 04 c0 00 02 01 | 18 0a 00 00 10 0a 01");
  EXPECT_EQ(to_hex(p->message), to_hex(golden));

  const DecodedUpdate u = decode_update(body_of(golden), DecodeContext{});
  EXPECT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
  EXPECT_EQ(prefixes_of(u.nlri), (std::vector<std::string>{"10.0.0.0/24", "10.1.0.0/16"}));
  EXPECT_EQ(u.next_hop, ip("192.0.2.1"));
  EXPECT_EQ(UpdateAttributes::from(u), simple_attrs("192.0.2.1"));
}

TEST_F(Packer, Ipv6AnnouncementPutsMpReachFirst) {
  UpdatePacker packer(EncodeContext{}, buf_);
  const std::vector<NlriEntry> prefixes = {entry("2001:db8::/32")};
  const auto p = packer.announce(simple_attrs("2001:db8::1"), kIpv6Unicast, prefixes);
  ASSERT_TRUE(p);
  const ByteVec golden = hex(std::string(kMarker) +
                             "00 42 02 | 00 00 | 00 2b |"
                             " 90 0e 00 1a 00 02 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 20 20 01 0d b8 |"
                             " 40 01 01 00 | 40 02 06 02 01 00 00 fd e9");
  EXPECT_EQ(to_hex(p->message), to_hex(golden));

  const DecodedUpdate u = decode_update(body_of(golden), DecodeContext{});
  EXPECT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
  ASSERT_TRUE(u.mp_reach);
  EXPECT_EQ(u.mp_reach->family, kIpv6Unicast);
  EXPECT_EQ(u.mp_reach->next_hop, ip("2001:db8::1"));
  EXPECT_FALSE(u.mp_reach->link_local);
  EXPECT_EQ(prefixes_of(u.mp_reach->nlri), (std::vector<std::string>{"2001:db8::/32"}));
  EXPECT_TRUE(u.nlri.empty());
}

TEST_F(Packer, Ipv6LinkLocalNextHopRoundTrips) {
  UpdatePacker packer(EncodeContext{}, buf_);
  auto attrs = simple_attrs("2001:db8::1");
  attrs.link_local_next_hop = ip("fe80::1");
  const std::vector<NlriEntry> prefixes = {entry("2001:db8:1::/48")};
  const auto p = packer.announce(attrs, kIpv6Unicast, prefixes);
  ASSERT_TRUE(p);
  const DecodedUpdate u = decode_update(body_of(p->message), DecodeContext{});
  ASSERT_TRUE(u.mp_reach);
  EXPECT_EQ(u.mp_reach->link_local, ip("fe80::1"));
  EXPECT_EQ(UpdateAttributes::from(u), attrs);
}

TEST_F(Packer, Ipv4WithdrawalMatchesGoldenBytes) {
  UpdatePacker packer(EncodeContext{}, buf_);
  const std::vector<NlriEntry> prefixes = {entry("10.0.0.0/24")};
  const auto p = packer.withdraw(kIpv4Unicast, prefixes);
  ASSERT_TRUE(p);
  const ByteVec golden = hex(std::string(kMarker) + "00 1b 02 | 00 04 18 0a 00 00 | 00 00");
  EXPECT_EQ(to_hex(p->message), to_hex(golden));
  const DecodedUpdate u = decode_update(body_of(golden), DecodeContext{});
  EXPECT_EQ(prefixes_of(u.withdrawn), (std::vector<std::string>{"10.0.0.0/24"}));
  EXPECT_EQ(u.action, ErrorAction::kNone);
}

TEST_F(Packer, Ipv6WithdrawalUsesMpUnreach) {
  UpdatePacker packer(EncodeContext{}, buf_);
  const std::vector<NlriEntry> prefixes = {entry("2001:db8::/32")};
  const auto p = packer.withdraw(kIpv6Unicast, prefixes);
  ASSERT_TRUE(p);
  const ByteVec golden = hex(std::string(kMarker) + "00 23 02 | 00 00 | 00 0c | 90 0f 00 08 00 02 01 20 20 01 0d b8");
  EXPECT_EQ(to_hex(p->message), to_hex(golden));
  const DecodedUpdate u = decode_update(body_of(golden), DecodeContext{});
  ASSERT_TRUE(u.mp_unreach);
  EXPECT_EQ(prefixes_of(u.mp_unreach->withdrawn), (std::vector<std::string>{"2001:db8::/32"}));
  EXPECT_FALSE(u.end_of_rib());
}

TEST_F(Packer, EndOfRibMarkersMatchRfc4724) {
  UpdatePacker packer(EncodeContext{}, buf_);
  const ByteVec v4 = hex(std::string(kMarker) + "00 17 02 00 00 00 00");
  EXPECT_EQ(to_hex(packer.end_of_rib(kIpv4Unicast)), to_hex(v4));
  EXPECT_EQ(decode_update(body_of(v4), DecodeContext{}).end_of_rib(), kIpv4Unicast);

  const ByteVec v6 = hex(std::string(kMarker) + "00 1d 02 00 00 00 06 80 0f 03 00 02 01");
  EXPECT_EQ(to_hex(packer.end_of_rib(kIpv6Unicast)), to_hex(v6));
  EXPECT_EQ(decode_update(body_of(v6), DecodeContext{}).end_of_rib(), kIpv6Unicast);
}

std::vector<NlriEntry> many_v4(std::size_t n, bool path_ids = false) {
  std::vector<NlriEntry> out;
  for (std::uint32_t i = 0; i < n; ++i) {
    out.push_back({Prefix(IpAddress::v4((10u << 24) | (i << 8)), 24), path_ids ? i + 1 : 0});
  }
  return out;
}

// Packs, checks every message against the limit, decodes them all back.
std::vector<NlriEntry> pack_and_decode(UpdatePacker& packer, const EncodeContext& ectx, Family family,
                                       const UpdateAttributes& attrs, const std::vector<NlriEntry>& prefixes,
                                       std::size_t& messages) {
  std::vector<NlriEntry> seen;
  DecodeContext dctx;
  dctx.add_path_ipv4 = ectx.add_path_ipv4;
  dctx.add_path_ipv6 = ectx.add_path_ipv6;
  const auto n = packer.announce_all(attrs, family, prefixes, [&](Bytes m) {
    EXPECT_LE(m.size(), ectx.max_message_size());
    const DecodedUpdate u = decode_update(body_of(m), dctx);
    EXPECT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
    const NlriRange& r = family == kIpv4Unicast ? u.nlri : u.mp_reach->nlri;
    for (const auto& e : r) seen.push_back(e);
  });
  messages = n.value_or(0);
  return seen;
}

TEST_F(Packer, ManyPrefixesFillFewestStandardMessages) {
  const EncodeContext ectx;
  UpdatePacker packer(ectx, buf_);
  const auto prefixes = many_v4(2000);
  std::size_t messages = 0;
  const auto seen = pack_and_decode(packer, ectx, kIpv4Unicast, simple_attrs("192.0.2.1"), prefixes, messages);
  // 4096 - 19 header - 4 length fields - 20 attribute octets = 4053 octets = 1013 /24s per message.
  EXPECT_EQ(messages, 2u);
  EXPECT_EQ(seen, prefixes);
}

TEST_F(Packer, ExtendedMessagesCarryMorePrefixes) {
  EncodeContext ectx;
  ectx.extended_message = true;
  UpdatePacker packer(ectx, buf_);
  const auto prefixes = many_v4(2000);
  std::size_t messages = 0;
  const auto seen = pack_and_decode(packer, ectx, kIpv4Unicast, simple_attrs("192.0.2.1"), prefixes, messages);
  EXPECT_EQ(messages, 1u);
  EXPECT_EQ(seen, prefixes);
}

TEST_F(Packer, AddPathIdsRoundTrip) {
  EncodeContext ectx;
  ectx.add_path_ipv4 = true;
  UpdatePacker packer(ectx, buf_);
  const auto prefixes = many_v4(2000, true);
  std::size_t messages = 0;
  const auto seen = pack_and_decode(packer, ectx, kIpv4Unicast, simple_attrs("192.0.2.1"), prefixes, messages);
  EXPECT_EQ(messages, 4u);  // 8 octets per entry: 506 per message
  EXPECT_EQ(seen, prefixes);
}

TEST_F(Packer, ManyIpv6PrefixesRoundTrip) {
  const EncodeContext ectx;
  UpdatePacker packer(ectx, buf_);
  std::vector<NlriEntry> prefixes;
  for (std::uint32_t i = 0; i < 1500; ++i) {
    auto p = *Prefix::parse("2001:db8::/48");
    std::array<std::byte, 16> b{};
    std::memcpy(b.data(), p.address().bytes().data(), 16);
    b[4] = std::byte(i >> 8);
    b[5] = std::byte(i & 0xff);
    prefixes.push_back({Prefix(IpAddress::v6(std::span<const std::byte, 16>(b)), 48), 0});
  }
  std::size_t messages = 0;
  const auto seen = pack_and_decode(packer, ectx, kIpv6Unicast, simple_attrs("2001:db8::1"), prefixes, messages);
  EXPECT_EQ(messages, 3u);  // 7 octets per /48
  EXPECT_EQ(seen, prefixes);
}

TEST_F(Packer, WithdrawAllSplitsAtTheLimit) {
  const EncodeContext ectx;
  UpdatePacker packer(ectx, buf_);
  const auto prefixes = many_v4(3000);
  std::vector<NlriEntry> seen;
  const auto n = packer.withdraw_all(kIpv4Unicast, prefixes, [&](Bytes m) {
    EXPECT_LE(m.size(), kMaxMessageSize);
    const DecodedUpdate u = decode_update(body_of(m), DecodeContext{});
    for (const auto& e : u.withdrawn) seen.push_back(e);
  });
  EXPECT_EQ(n, 3u);  // 4073 octets = 1018 /24s per message
  EXPECT_EQ(seen, prefixes);
}

TEST_F(Packer, AttributesTooLargeForOneMessageAreRefused) {
  UpdatePacker packer(EncodeContext{}, buf_);
  auto attrs = simple_attrs("192.0.2.1");
  attrs.communities.assign(1100, 1);  // 4400 octets
  const auto prefixes = many_v4(1);
  EXPECT_FALSE(packer.announce(attrs, kIpv4Unicast, prefixes));

  EncodeContext ext;
  ext.extended_message = true;
  UpdatePacker big(ext, buf_);
  EXPECT_TRUE(big.announce(attrs, kIpv4Unicast, prefixes));
}

TEST_F(Packer, RefusesMismatchedFamilyMissingNextHopAndSmallBuffer) {
  UpdatePacker packer(EncodeContext{}, buf_);
  const std::vector<NlriEntry> v6 = {entry("2001:db8::/32")};
  EXPECT_FALSE(packer.announce(simple_attrs("192.0.2.1"), kIpv4Unicast, v6));
  UpdateAttributes no_nh = simple_attrs("192.0.2.1");
  no_nh.next_hop.reset();
  EXPECT_FALSE(packer.announce(no_nh, kIpv6Unicast, v6));
  EXPECT_FALSE(packer.announce(simple_attrs("192.0.2.1"), kIpv4Unicast, {}));

  std::array<std::byte, 100> small{};
  UpdatePacker tiny(EncodeContext{}, small);
  EXPECT_FALSE(tiny.announce(simple_attrs("192.0.2.1"), kIpv4Unicast, many_v4(1)));
}

TEST_F(Packer, TwoOctetSessionRoundTripsFourOctetPath) {
  EncodeContext ectx;
  ectx.four_octet_as = false;
  UpdatePacker packer(ectx, buf_);
  auto attrs = simple_attrs("192.0.2.1");
  attrs.as_path = {{AsSegmentType::kSequence, {65001, 4200000000u, 3356}}};
  const auto p = packer.announce(attrs, kIpv4Unicast, many_v4(3));
  ASSERT_TRUE(p);
  DecodeContext dctx;
  dctx.four_octet_as = false;
  const DecodedUpdate u = decode_update(body_of(p->message), dctx);
  EXPECT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
  EXPECT_EQ(UpdateAttributes::from(u).as_path, attrs.as_path);
}

}  // namespace
}  // namespace bgp

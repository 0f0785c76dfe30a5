#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <vector>

#include "bgpd/daemon/adj_rib_in_lite.hpp"
#include "libbgp/wire/update_encoder.hpp"

namespace bgp::daemon {
namespace {

// Encodes UPDATE messages with the project's own encoder, keeping the bytes
// alive for the decoded views.
class Updates {
 public:
  Bytes announce(std::vector<std::uint32_t> as_path, std::vector<const char*> prefixes) {
    UpdateAttributes attrs;
    attrs.origin = Origin::kIgp;
    attrs.as_path.push_back({AsSegmentType::kSequence, std::move(as_path)});
    attrs.next_hop = IpAddress::parse("10.20.0.2");
    std::vector<NlriEntry> entries;
    for (const char* p : prefixes) entries.push_back({*Prefix::parse(p), 0});
    return keep(packer_.announce(attrs, kIpv4Unicast, entries)->message);
  }
  Bytes withdraw(std::vector<const char*> prefixes) {
    std::vector<NlriEntry> entries;
    for (const char* p : prefixes) entries.push_back({*Prefix::parse(p), 0});
    return keep(packer_.withdraw(kIpv4Unicast, entries)->message);
  }
  Bytes end_of_rib() { return keep(packer_.end_of_rib(kIpv4Unicast)); }
  // The body after the 19-octet header, as decode_update takes it.
  static DecodedUpdate decode(Bytes message) { return decode_update(message.subspan(kHeaderSize), DecodeContext{}); }

 private:
  Bytes keep(Bytes message) {
    kept_.emplace_back(message.begin(), message.end());
    return Bytes(kept_.back().data(), kept_.back().size());
  }
  EncodeContext ctx_{};
  std::vector<std::byte> buffer_ = std::vector<std::byte>(kMaxMessageSize);
  UpdatePacker packer_{ctx_, buffer_};
  std::vector<std::vector<std::byte>> kept_;
};

constexpr ImportRules kAcceptAll{.local_as = 65001, .import_allowed = true, .max_routes = 0};

TEST(AdjRibInLite, AnnouncementsAreCountedAndWithdrawalsRemoveThem) {
  Updates u;
  AdjRibInLite rib;
  auto r = rib.apply(Updates::decode(u.announce({65101}, {"172.30.0.10/32", "172.30.0.11/32"})), kAcceptAll);
  EXPECT_EQ(r.announced, 2u);
  EXPECT_EQ(rib.received(), 2u);
  EXPECT_EQ(rib.accepted(), 2u);
  const auto& route = rib.routes().at({*Prefix::parse("172.30.0.10/32"), 0});
  EXPECT_EQ(route.as_path, "65101");
  EXPECT_EQ(route.next_hop, IpAddress::parse("10.20.0.2"));

  r = rib.apply(Updates::decode(u.withdraw({"172.30.0.10/32"})), kAcceptAll);
  EXPECT_EQ(r.withdrawn, 1u);
  EXPECT_EQ(rib.received(), 1u);
  EXPECT_EQ(rib.accepted(), 1u);
}

TEST(AdjRibInLite, ReannouncementReplacesThePathWithoutDoubleCounting) {
  Updates u;
  AdjRibInLite rib;
  rib.apply(Updates::decode(u.announce({65101}, {"172.30.0.10/32"})), kAcceptAll);
  rib.apply(Updates::decode(u.announce({65101, 65200}, {"172.30.0.10/32"})), kAcceptAll);
  EXPECT_EQ(rib.received(), 1u);
  EXPECT_EQ(rib.accepted(), 1u);
  EXPECT_EQ(rib.routes().begin()->second.as_path, "65101 65200");
}

TEST(AdjRibInLite, RouteWithOurAsInThePathIsReceivedButNotAccepted) {
  Updates u;
  AdjRibInLite rib;
  rib.apply(Updates::decode(u.announce({65101, 65001}, {"10.20.0.0/24"})), kAcceptAll);
  EXPECT_EQ(rib.received(), 1u);
  EXPECT_EQ(rib.accepted(), 0u);  // RFC 4271 §9.1.2 loop
}

TEST(AdjRibInLite, EbgpWithoutImportPolicyAcceptsNothing) {
  Updates u;
  AdjRibInLite rib;
  ImportRules rfc8212 = kAcceptAll;
  rfc8212.import_allowed = false;
  rib.apply(Updates::decode(u.announce({65101}, {"172.30.0.10/32"})), rfc8212);
  EXPECT_EQ(rib.received(), 1u);
  EXPECT_EQ(rib.accepted(), 0u);
}

TEST(AdjRibInLite, TreatAsWithdrawRemovesTheAnnouncedPrefixes) {
  Updates u;
  AdjRibInLite rib;
  rib.apply(Updates::decode(u.announce({65101}, {"172.30.0.10/32"})), kAcceptAll);
  // The same announcement with ORIGIN 5: RFC 7606 §7.1 treat-as-withdraw.
  Bytes good = u.announce({65101}, {"172.30.0.10/32"});
  std::array<std::byte, kMaxMessageSize> bad{};
  std::copy(good.begin(), good.end(), bad.begin());
  ASSERT_EQ(std::to_integer<int>(bad[24]), 1);  // ORIGIN comes first (type-code order)
  bad[26] = std::byte{5};
  const DecodedUpdate decoded = Updates::decode(Bytes(bad.data(), good.size()));
  ASSERT_EQ(decoded.action, ErrorAction::kTreatAsWithdraw);
  const auto r = rib.apply(decoded, kAcceptAll);
  EXPECT_EQ(r.withdrawn, 1u);
  EXPECT_EQ(rib.received(), 0u);
}

TEST(AdjRibInLite, EndOfRibIsRecognisedAndChangesNothing) {
  Updates u;
  AdjRibInLite rib;
  const auto r = rib.apply(Updates::decode(u.end_of_rib()), kAcceptAll);
  EXPECT_EQ(r.end_of_rib, kIpv4Unicast);
  EXPECT_EQ(rib.received(), 0u);
}

TEST(AdjRibInLite, RoutesBeyondTheLimitAreRefusedAndReported) {
  Updates u;
  AdjRibInLite rib;
  ImportRules limited = kAcceptAll;
  limited.max_routes = 2;
  const auto r = rib.apply(Updates::decode(u.announce({65101}, {"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"})), limited);
  EXPECT_TRUE(r.limit_exceeded);
  EXPECT_EQ(rib.received(), 2u);
}

TEST(AdjRibInLite, AsPathFormatShowsSetsInBraces) {
  Updates u;
  UpdateAttributes attrs;
  attrs.as_path = {{AsSegmentType::kSequence, {65101, 65200}}, {AsSegmentType::kSet, {1, 2}}};
  attrs.next_hop = IpAddress::parse("10.0.0.1");
  std::vector<std::byte> buffer(kMaxMessageSize);
  UpdatePacker packer(EncodeContext{}, buffer);
  const NlriEntry e{*Prefix::parse("10.9.0.0/16"), 0};
  const auto packed = packer.announce(attrs, kIpv4Unicast, std::span<const NlriEntry>(&e, 1));
  ASSERT_TRUE(packed);
  EXPECT_EQ(format_as_path(Updates::decode(packed->message).as_path()), "65101 65200 {1 2}");
}

}  // namespace
}  // namespace bgp::daemon

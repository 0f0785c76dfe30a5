// Decoded UPDATE -> Adj-RIB-In, with hand-written message bodies (RFC 4271 §4.3).
#include <gtest/gtest.h>

#include "libbgp/rib/import_update.hpp"

namespace bgp::rib {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix pfx(const char* s) { return *Prefix::parse(s); }

std::vector<std::byte> bytes(std::initializer_list<int> v) {
  std::vector<std::byte> out;
  for (int b : v) out.push_back(static_cast<std::byte>(b));
  return out;
}

// UPDATE body: no withdrawn routes; ORIGIN `origin`, AS_PATH 65101 (4-octet),
// NEXT_HOP 10.20.0.2, COMMUNITIES 65101:7; NLRI 172.30.0.10/32 and 172.30.0.11/32.
std::vector<std::byte> vip_update(int origin) {
  return bytes({0x00, 0x00,                                            // withdrawn routes length
                0x00, 0x1b,                                            // total path attribute length (27)
                0x40, 0x01, 0x01, origin,                              // ORIGIN
                0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfe, 0x4d,  // AS_PATH: SEQUENCE 65101
                0x40, 0x03, 0x04, 10, 20, 0, 2,                        // NEXT_HOP
                0xc0, 0x08, 0x04, 0xfe, 0x4d, 0x00, 0x07,              // COMMUNITIES 65101:7
                32, 172, 30, 0, 10, 32, 172, 30, 0, 11});
}

struct Fixture {
  Fixture() : rib(store, DecisionOptions{}, nullptr) {
    peer = rib.add_peer(PeerInfo{ip("10.20.0.2"), 65101, ip("10.20.0.2"), false, 0, false});
    ImportSettings s;
    s.local_as = 65001;
    s.ebgp = true;
    s.policy = policy::SessionPolicy{nullptr, true, false};
    importer.emplace(rib, peer, s);
  }
  AttrStore store;
  Rib rib;
  PeerId peer = 0;
  std::optional<PeerImporter> importer;
};

TEST(ImportUpdate, AnnouncesEveryPrefixWithOwnedAttributes) {
  Fixture f;
  const auto body = vip_update(0);
  const DecodedUpdate u = decode_update(body, DecodeContext{});
  ASSERT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
  const UpdateImport r = import_update(*f.importer, u);
  EXPECT_EQ(r.announced, 2u);
  EXPECT_EQ(r.result.status, ImportStatus::kAccepted);
  const PathAttributes* a = f.rib.path_attributes(f.peer, pfx("172.30.0.11/32"));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(as_path_to_string(a->as_path), "65101");
  EXPECT_EQ(a->next_hop, ip("10.20.0.2"));
  EXPECT_EQ(a->communities, (std::vector<std::uint32_t>{(65101u << 16) | 7}));
  EXPECT_EQ(f.store.size(), 1u);  // both prefixes share one attribute set
}

TEST(ImportUpdate, MalformedOriginIsTreatAsWithdraw) {
  Fixture f;
  const auto good = vip_update(0);
  import_update(*f.importer, decode_update(good, DecodeContext{}));
  ASSERT_EQ(f.rib.prefix_count(kIpv4Unicast), 2u);
  const auto bad = vip_update(7);  // RFC 7606 §7.1: undefined ORIGIN value
  const DecodedUpdate u = decode_update(bad, DecodeContext{});
  ASSERT_EQ(u.action, ErrorAction::kTreatAsWithdraw);
  const UpdateImport r = import_update(*f.importer, u);
  EXPECT_EQ(r.withdrawn, 2u);
  EXPECT_EQ(f.rib.prefix_count(kIpv4Unicast), 0u);
}

TEST(ImportUpdate, EmptyUpdateIsIpv4EndOfRib) {
  Fixture f;
  const auto body = bytes({0, 0, 0, 0});
  const UpdateImport r = import_update(*f.importer, decode_update(body, DecodeContext{}));
  EXPECT_EQ(r.end_of_rib, kIpv4Unicast);
  EXPECT_EQ(r.announced, 0u);
}

// RFC 7606 §3 (g): an attribute that appears more than once keeps its first
// occurrence. For an unknown optional transitive attribute that is the copy
// stored in the RIB and passed on (RFC 4271 §5), so a repeat must not be
// stored or re-advertised twice; the UPDATE reports attribute-discard, which
// the session counts.
TEST(ImportUpdate, RepeatedUnknownTransitiveAttributeKeepsOnlyTheFirst) {
  Fixture f;
  const auto body = bytes({0x00, 0x00,                                            // withdrawn routes length
                           0x00, 0x1e,                                            // total path attribute length (30)
                           0x40, 0x01, 0x01, 0x00,                                // ORIGIN IGP
                           0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfe, 0x4d,  // AS_PATH: SEQUENCE 65101
                           0x40, 0x03, 0x04, 10, 20, 0, 2,                        // NEXT_HOP
                           0xc0, 0x63, 0x02, 0xaa, 0xbb,                          // unknown transitive 99 (first)
                           0xc0, 0x63, 0x02, 0xcc, 0xdd,                          // the same type again
                           32, 172, 30, 0, 10});
  const DecodedUpdate u = decode_update(body, DecodeContext{});
  EXPECT_EQ(u.action, ErrorAction::kAttributeDiscard) << u.error_reason;
  const UpdateImport r = import_update(*f.importer, u);
  EXPECT_EQ(r.announced, 1u);
  const PathAttributes* a = f.rib.path_attributes(f.peer, pfx("172.30.0.10/32"));
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->unknown.size(), 1u);
  EXPECT_EQ(a->unknown[0].type, 0x63);
  EXPECT_EQ(a->unknown[0].value, bytes({0xaa, 0xbb}));
}

}  // namespace
}  // namespace bgp::rib

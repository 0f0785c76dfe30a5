#include "libbgp/mrt/records.hpp"

#include <gtest/gtest.h>

#include "tests/mrt/mrt_fixtures.hpp"

namespace bgp::mrt {
namespace {

using test::Builder;
using test::record;

Record as_record(const std::vector<std::byte>& bytes) {
  RecordReader reader{Bytes(bytes)};
  auto r = reader.next();
  EXPECT_TRUE(r);
  return r.value_or(Record{});
}

TEST(Bgp4mpMessage, As4LocalAddPathSubtypeSetsAllThreeFlagsAndKeepsMessageView) {
  Builder b;
  b.u32(65001).u32(4200000000u).u16(3).u16(2);
  for (int i = 0; i < 16; ++i) b.u8(i == 15 ? 1 : 0);  // peer 2001::... ::1
  for (int i = 0; i < 16; ++i) b.u8(i == 15 ? 2 : 0);
  b.raw({0xff, 0xff, 0xff});
  const auto bytes = record(1, 16, 11, b.get());
  const Record r = as_record(bytes);
  const auto decoded = decode_bgp4mp_message(r);
  const auto* m = value_of(decoded);
  ASSERT_NE(m, nullptr) << error_text(decoded);
  EXPECT_TRUE(m->four_octet_as);
  EXPECT_TRUE(m->local);
  EXPECT_TRUE(m->add_path);
  EXPECT_EQ(m->peering.local_as, 4200000000u);
  EXPECT_EQ(m->peering.peer_ip.to_string(), "::1");
  EXPECT_EQ(m->message.size(), 3u);
}

TEST(Bgp4mpMessage, UnsupportedAddressFamilyIsADecodeError) {
  Builder b;
  b.u16(1).u16(2).u16(0).u16(7).raw({1, 2, 3, 4, 5, 6, 7, 8});
  const auto bytes = record(1, 16, 1, b.get());
  const auto decoded = decode_bgp4mp_message(as_record(bytes));
  ASSERT_FALSE(error_text(decoded).empty());
  EXPECT_NE(error_text(decoded).find("address family 7"), std::string::npos);
}

TEST(Bgp4mpStateChange, ShortBodyNamesTheMissingField) {
  Builder b;
  b.u16(1).u16(2).u16(0).u16(1).raw({1, 2, 3, 4, 5, 6, 7, 8}).u16(1);
  const auto bytes = record(1, 16, 0, b.get());
  const auto decoded = decode_bgp4mp_state_change(as_record(bytes));
  ASSERT_FALSE(error_text(decoded).empty());
  EXPECT_EQ(error_text(decoded), "new state: need 2 bytes, 0 left");
}

TEST(TableDump, DecodesIpv4EntryAndMasksPrefix) {
  Builder b;
  b.u16(0).u16(5).raw({10, 1, 2, 3}).u8(16).u8(1).u32(1000).raw({192, 0, 2, 1}).u16(65010).u16(4).raw({0x40, 1, 1, 0});
  const auto bytes = record(9, 12, 1, b.get());
  const auto decoded = decode_table_dump(as_record(bytes));
  const auto* e = value_of(decoded);
  ASSERT_NE(e, nullptr) << error_text(decoded);
  EXPECT_EQ(e->prefix.to_string(), "10.1.0.0/16");
  EXPECT_EQ(e->peer_as, 65010u);
  EXPECT_EQ(e->attributes.size(), 4u);
}

TEST(TableDump, PrefixLengthBeyondFamilyIsRejected) {
  Builder b;
  b.u16(0).u16(5).raw({10, 1, 2, 3}).u8(33).u8(1).u32(1000).raw({192, 0, 2, 1}).u16(65010).u16(0);
  const auto bytes = record(9, 12, 1, b.get());
  EXPECT_NE(error_text(decode_table_dump(as_record(bytes))).find("exceeds 32 bits"), std::string::npos);
}

TEST(PeerIndexTable, DecodesMixedFamiliesAndAsSizes) {
  Builder b;
  b.raw({10, 0, 0, 1}).u16(3).raw({'r', 'r', 'c'}).u16(2);
  b.u8(0).raw({1, 1, 1, 1}).raw({192, 0, 2, 1}).u16(65001);
  b.u8(3).raw({2, 2, 2, 2});
  for (int i = 0; i < 16; ++i) b.u8(i == 0 ? 0x20 : (i == 15 ? 9 : 0));
  b.u32(4200000001u);
  const auto bytes = record(1, 13, 1, b.get());
  const auto decoded = decode_peer_index_table(as_record(bytes));
  const auto* t = value_of(decoded);
  ASSERT_NE(t, nullptr) << error_text(decoded);
  EXPECT_EQ(t->view_name, "rrc");
  ASSERT_EQ(t->peers.size(), 2u);
  EXPECT_EQ(t->peers[0].ip.to_string(), "192.0.2.1");
  EXPECT_EQ(t->peers[0].as, 65001u);
  EXPECT_EQ(t->peers[1].ip.to_string(), "2000::9");
  EXPECT_EQ(t->peers[1].as, 4200000001u);
}

TEST(PeerIndexTable, LyingPeerCountIsATruncationErrorNotAHugeAllocation) {
  Builder b;
  b.raw({10, 0, 0, 1}).u16(0).u16(65535).u8(0).raw({1, 1, 1, 1});
  const auto bytes = record(1, 13, 1, b.get());
  const auto decoded = decode_peer_index_table(as_record(bytes));
  ASSERT_FALSE(error_text(decoded).empty());
  EXPECT_NE(error_text(decoded).find("peer 0"), std::string::npos);
}

TEST(RibRecord, AddPathEntriesCarryPathIdentifiers) {
  Builder b;
  b.u32(7).u8(24).raw({10, 0, 1}).u16(2);
  b.u16(0).u32(100).u32(36).u16(4).raw({0x40, 1, 1, 0});
  b.u16(1).u32(101).u32(38).u16(0);
  const auto bytes = record(1, 13, 8, b.get());
  const auto decoded = decode_rib(as_record(bytes));
  const auto* rib = value_of(decoded);
  ASSERT_NE(rib, nullptr) << error_text(decoded);
  EXPECT_TRUE(rib->add_path);
  ASSERT_TRUE(rib->prefix);
  EXPECT_EQ(rib->prefix->to_string(), "10.0.1.0/24");
  RibEntryIterator it(*rib);
  auto e1 = it.next();
  auto e2 = it.next();
  ASSERT_TRUE(e1 && e2);
  EXPECT_EQ(e1->path_id, 36u);
  EXPECT_EQ(e1->attributes.size(), 4u);
  EXPECT_EQ(e2->peer_index, 1);
  EXPECT_EQ(e2->path_id, 38u);
  EXPECT_FALSE(it.next());
  EXPECT_FALSE(it.error());
  EXPECT_EQ(it.trailing_bytes(), 0u);
}

TEST(RibRecord, TruncatedEntryStopsTheIteratorWithAnError) {
  Builder b;
  b.u32(7).u8(8).raw({10}).u16(2).u16(0).u32(100).u16(10).raw({1, 2});
  const auto bytes = record(1, 13, 2, b.get());
  const auto decoded = decode_rib(as_record(bytes));
  const auto* rib = value_of(decoded);
  ASSERT_NE(rib, nullptr);
  RibEntryIterator it(*rib);
  EXPECT_FALSE(it.next());
  ASSERT_TRUE(it.error());
}

TEST(RibRecord, GenericVpnNlriIsKeptRawWithoutAPrefix) {
  Builder b;
  b.u32(21).u16(1).u8(128).u8(104).raw({0, 1, 1, 0, 0, 0xfd, 0xf2, 0, 0, 0, 0x0f, 192, 168}).u16(0);
  const auto bytes = record(1, 13, 6, b.get());
  const auto decoded = decode_rib(as_record(bytes));
  const auto* rib = value_of(decoded);
  ASSERT_NE(rib, nullptr) << error_text(decoded);
  EXPECT_EQ(rib->safi, 128);
  EXPECT_FALSE(rib->prefix);
  EXPECT_EQ(rib->nlri.size(), 14u);
}

}  // namespace
}  // namespace bgp::mrt

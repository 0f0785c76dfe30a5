#include "libbgp/mrt/record_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <memory>

#include "libbgp/mrt/records.hpp"
#include "libbgp/mrt/types.hpp"
#include "tests/mrt/mrt_fixtures.hpp"

namespace bgp::mrt {
namespace {

using test::Builder;
using test::concat;
using test::record;
using test::state_change_body;

// Serves a buffer a few bytes at a time, so every record crosses reads.
class TrickleSource final : public ByteSource {
 public:
  TrickleSource(std::vector<std::byte> data, std::size_t step) : data_(std::move(data)), step_(step) {}
  std::optional<std::size_t> read(std::span<std::byte> out) override {
    const std::size_t n = std::min({step_, out.size(), data_.size() - pos_});
    std::memcpy(out.data(), data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  std::string error() const override { return "none"; }

 private:
  std::vector<std::byte> data_;
  std::size_t step_;
  std::size_t pos_ = 0;
};

class FailingSource final : public ByteSource {
 public:
  std::optional<std::size_t> read(std::span<std::byte>) override { return std::nullopt; }
  std::string error() const override { return "disk on fire"; }
};

TEST(RecordReader, YieldsEachRecordWithHeaderFieldsAndBodyView) {
  const auto input = concat({record(100, 16, 0, state_change_body(1, 2)), record(200, 16, 0, state_change_body(2, 3))});
  RecordReader reader{Bytes(input)};
  auto first = reader.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->header.timestamp, 100u);
  EXPECT_EQ(first->header.type, 16);
  EXPECT_EQ(first->header.subtype, 0);
  EXPECT_EQ(first->body.size(), 20u);
  EXPECT_EQ(first->offset, 0u);
  EXPECT_EQ(first->body.data(), input.data() + 12) << "memory mode must not copy";
  auto second = reader.next();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->offset, 32u);
  EXPECT_FALSE(reader.next());
  EXPECT_FALSE(reader.error());
  EXPECT_EQ(reader.records_read(), 2u);
}

TEST(RecordReader, ExtendedTimestampRecordExposesMicrosecondsAndExcludesThemFromBody) {
  Builder body;
  body.u32(123456).bytes(state_change_body(1, 2));
  const auto input = record(7, 17, 0, body.get());
  RecordReader reader{Bytes(input)};
  auto r = reader.next();
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->header.microseconds);
  EXPECT_EQ(*r->header.microseconds, 123456u);
  EXPECT_EQ(r->body.size(), 20u);
  const auto decoded = decode_bgp4mp_state_change(*r);
  const auto* sc = value_of(decoded);
  ASSERT_NE(sc, nullptr);
  EXPECT_EQ(sc->new_state, 2);
}

TEST(RecordReader, TruncatedBodyStopsWithErrorNamingOffsetAndType) {
  const auto whole = concat({record(1, 16, 0, state_change_body(1, 2)), record(2, 16, 1, state_change_body(1, 2))});
  const std::vector<std::byte> input(whole.begin(), whole.end() - 5);
  RecordReader reader{Bytes(input)};
  EXPECT_TRUE(reader.next());
  EXPECT_FALSE(reader.next());
  ASSERT_TRUE(reader.error());
  EXPECT_EQ(reader.error()->kind, ReadError::Kind::kTruncatedBody);
  EXPECT_EQ(reader.error()->offset, 32u);
  EXPECT_NE(reader.error()->message.find("offset 32"), std::string::npos) << reader.error()->message;
  EXPECT_NE(reader.error()->message.find("BGP4MP/MESSAGE"), std::string::npos) << reader.error()->message;
  EXPECT_FALSE(reader.next()) << "a reader that lost framing stays stopped";
}

TEST(RecordReader, TruncatedCommonHeaderIsAnError) {
  auto input = record(1, 16, 0, state_change_body(1, 2));
  input.insert(input.end(), 7, std::byte{0});
  RecordReader reader{Bytes(input)};
  EXPECT_TRUE(reader.next());
  EXPECT_FALSE(reader.next());
  ASSERT_TRUE(reader.error());
  EXPECT_EQ(reader.error()->kind, ReadError::Kind::kTruncatedHeader);
  EXPECT_NE(reader.error()->message.find("7 of 12"), std::string::npos) << reader.error()->message;
}

TEST(RecordReader, ExtendedTimestampLengthShorterThanMicrosecondsIsBadLength) {
  Builder b;
  b.u32(1).u16(17).u16(1).u32(3).raw({1, 2, 3});
  RecordReader reader{Bytes(b.get())};
  EXPECT_FALSE(reader.next());
  ASSERT_TRUE(reader.error());
  EXPECT_EQ(reader.error()->kind, ReadError::Kind::kBadLength);
}

TEST(RecordReader, HugeClaimedLengthOnShortStreamFailsWithoutAllocatingIt) {
  Builder b;
  b.u32(1).u16(16).u16(1).u32(0xfffffff0u).raw({1, 2, 3, 4});
  RecordReader reader(std::make_unique<TrickleSource>(b.get(), 3));
  EXPECT_FALSE(reader.next());
  ASSERT_TRUE(reader.error());
  EXPECT_EQ(reader.error()->kind, ReadError::Kind::kTruncatedBody);
}

TEST(RecordReader, StreamedRecordsCrossEveryReadBoundary) {
  std::vector<std::byte> big(70000, std::byte{0x5a});
  const auto input = concat({record(1, 99, 3, big), record(2, 16, 0, state_change_body(3, 4)), record(3, 99, 4, {})});
  RecordReader reader(std::make_unique<TrickleSource>(input, 7));
  auto a = reader.next();
  ASSERT_TRUE(a);
  EXPECT_EQ(a->body.size(), 70000u);
  EXPECT_TRUE(std::all_of(a->body.begin(), a->body.end(), [](std::byte x) { return x == std::byte{0x5a}; }));
  auto b = reader.next();
  ASSERT_TRUE(b);
  EXPECT_EQ(b->offset, 70012u);
  const auto decoded = decode_bgp4mp_state_change(*b);
  const auto* sc = value_of(decoded);
  ASSERT_NE(sc, nullptr);
  EXPECT_EQ(sc->old_state, 3);
  auto c = reader.next();
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->body.empty());
  EXPECT_FALSE(reader.next());
  EXPECT_FALSE(reader.error());
}

TEST(RecordReader, SourceReadFailureIsAnIoError) {
  RecordReader reader(std::make_unique<FailingSource>());
  EXPECT_FALSE(reader.next());
  ASSERT_TRUE(reader.error());
  EXPECT_EQ(reader.error()->kind, ReadError::Kind::kIo);
  EXPECT_NE(reader.error()->message.find("disk on fire"), std::string::npos);
}

TEST(RecordReader, MissingFileCannotBeOpened) {
  std::string why;
  EXPECT_EQ(open_file_source("/nonexistent/bgpd-mrt-test.gz", why), nullptr);
  EXPECT_NE(why.find("/nonexistent/bgpd-mrt-test.gz"), std::string::npos) << why;
}

TEST(RecordReader, ReadsPlainAndGzipFilesAlike) {
  std::string why;
  auto gz = open_file_source(BGPD_TEST_DATA "/mrt/updates.nlri_mask_trailing_bits.gz", why);
  ASSERT_TRUE(gz) << why;
  RecordReader a(std::move(gz));
  auto ra = a.next();
  ASSERT_TRUE(ra);
  EXPECT_EQ(ra->header.type, 16);
  EXPECT_EQ(ra->body.size(), 76u);
  auto plain = open_file_source(BGPD_TEST_DATA "/mrt/mrtparse/bird_bgp", why);
  ASSERT_TRUE(plain) << why;
  RecordReader b(std::move(plain));
  std::size_t n = 0;
  while (b.next()) ++n;
  EXPECT_FALSE(b.error());
  EXPECT_EQ(n, 29u);
}

TEST(RecordReader, TruncatedGzipStreamIsAnIoErrorNotACleanEnd) {
  const auto whole = test::read_file_bytes(BGPD_TEST_DATA "/mrt/updates.20020722.2238.gz");
  ASSERT_GT(whole.size(), 4000u);
  const std::string path = ::testing::TempDir() + "bgpd-mrt-truncated.gz";
  test::write_file_bytes(path, std::vector<std::byte>(whole.begin(), whole.begin() + 4000));
  std::string why;
  auto source = open_file_source(path, why);
  ASSERT_TRUE(source) << why;
  RecordReader reader(std::move(source));
  std::size_t n = 0;
  while (reader.next()) ++n;
  EXPECT_GT(n, 0u);
  ASSERT_TRUE(reader.error());
  EXPECT_EQ(reader.error()->kind, ReadError::Kind::kIo) << reader.error()->message;
  EXPECT_NE(reader.error()->message.find("unexpected end of file"), std::string::npos) << reader.error()->message;
  std::remove(path.c_str());
}

TEST(RecordNames, KnownAndUnknownTypesAreNamed) {
  EXPECT_EQ(record_type_name(13), "TABLE_DUMP_V2");
  EXPECT_EQ(record_subtype_name(13, 10), "RIB_IPV6_UNICAST_ADDPATH");
  EXPECT_EQ(record_subtype_name(17, 4), "MESSAGE_AS4");
  EXPECT_EQ(record_type_name(99), "type 99");
  EXPECT_EQ(record_subtype_name(99, 3), "subtype 3");
}

}  // namespace
}  // namespace bgp::mrt

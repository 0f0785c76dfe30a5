// Framing (RFC 4271 §4.1, §6.1): boundaries, partial input, and the exact
// Message Header Error NOTIFICATION for each malformation.
#include "libbgp/wire/framing.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/wire/session_bytes.hpp"

namespace bgp {
namespace {

using test::hex;
using test::marker_hex;
using test::to_vector;

std::vector<std::byte> header(std::string_view length_and_type) { return hex(marker_hex() + std::string(length_and_type)); }

std::uint8_t sub(const FrameResult& r) { return r.error.subcode; }

TEST(Framing, KeepaliveIsFramedInPlaceWithoutCopy) {
  const auto stream = header("0013 04");
  const FrameResult r = next_frame(stream);
  ASSERT_TRUE(r.complete());
  EXPECT_EQ(r.message.type, MessageType::kKeepalive);
  EXPECT_EQ(r.consumed, 19u);
  EXPECT_EQ(r.message.whole.data(), stream.data());
  EXPECT_EQ(r.message.whole.size(), 19u);
  EXPECT_TRUE(r.message.body.empty());
}

TEST(Framing, BackToBackMessagesAreFramedOneAtATime) {
  auto stream = header("0017 05 0001 00 01");  // ROUTE-REFRESH ipv4 unicast
  const auto ka = header("0013 04");
  stream.insert(stream.end(), ka.begin(), ka.end());
  const FrameResult first = next_frame(stream);
  ASSERT_TRUE(first.complete());
  EXPECT_EQ(first.message.type, MessageType::kRouteRefresh);
  EXPECT_EQ(first.consumed, 23u);
  EXPECT_EQ(to_vector(first.message.body), hex("0001 00 01"));
  const FrameResult second = next_frame(Bytes(stream).subspan(first.consumed));
  ASSERT_TRUE(second.complete());
  EXPECT_EQ(second.message.type, MessageType::kKeepalive);
  EXPECT_EQ(second.message.whole.data(), stream.data() + 23);
}

TEST(Framing, EmptyAndPartialHeaderAskForTheRestOfTheHeader) {
  EXPECT_TRUE(next_frame(Bytes{}).need_more());
  EXPECT_EQ(next_frame(Bytes{}).needed, 19u);
  const auto stream = header("0013 04");
  const FrameResult r = next_frame(Bytes(stream).first(10));
  ASSERT_TRUE(r.need_more());
  EXPECT_EQ(r.needed, 9u);
}

TEST(Framing, PartialBodyAsksForExactlyTheMissingBytes) {
  const auto stream = header("0017 05 0001 00 01");
  const FrameResult r = next_frame(Bytes(stream).first(20));
  ASSERT_TRUE(r.need_more());
  EXPECT_EQ(r.needed, 3u);
}

TEST(Framing, ByteByByteFeedingFindsTheSameMessage) {
  const auto stream = header("0017 05 0002 01 01");
  for (std::size_t n = 0; n < stream.size(); ++n) {
    const FrameResult r = next_frame(Bytes(stream).first(n));
    ASSERT_TRUE(r.need_more()) << n;
    EXPECT_GE(n + r.needed, n + 1);
    EXPECT_LE(n + r.needed, stream.size());
  }
  EXPECT_TRUE(next_frame(stream).complete());
}

TEST(Framing, BadMarkerIsConnectionNotSynchronizedWithoutData) {
  auto stream = header("0013 04");
  stream[7] = std::byte{0xfe};
  const FrameResult r = next_frame(stream);
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error.code, NotifyCode::kMessageHeader);
  EXPECT_EQ(sub(r), 1);
  EXPECT_TRUE(r.error.data.empty());
}

TEST(Framing, BadMarkerIsReportedBeforeTheHeaderIsComplete) {
  const auto stream = hex("ff ff 00");
  const FrameResult r = next_frame(stream);
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(sub(r), 1);
}

TEST(Framing, LengthBelowHeaderIsBadMessageLengthWithTheLengthField) {
  const auto stream = header("0012 04");
  const FrameResult r = next_frame(stream);
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error.code, NotifyCode::kMessageHeader);
  EXPECT_EQ(sub(r), 2);
  EXPECT_EQ(to_vector(r.error.data), hex("0012"));
  EXPECT_EQ(r.error.data.data(), stream.data() + 16);  // points into the stream
}

TEST(Framing, LengthAboveLimitIsBadMessageLength) {
  const auto stream = header("1001 02");  // 4097
  const FrameResult r = next_frame(stream);
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(sub(r), 2);
  EXPECT_EQ(to_vector(r.error.data), hex("1001"));
}

TEST(Framing, ExtendedMessagesAllowLongUpdatesButNotLongOpens) {
  const auto update = header("1388 02");  // 5000-byte UPDATE
  const FrameResult r = next_frame(update, kMaxExtendedMessageSize);
  ASSERT_TRUE(r.need_more());
  EXPECT_EQ(r.needed, 5000u - 19u);
  const auto open = header("1388 01");
  const FrameResult o = next_frame(open, kMaxExtendedMessageSize);
  ASSERT_TRUE(o.failed());  // RFC 8654 §4: OPEN stays <= 4096
  EXPECT_EQ(sub(o), 2);
  EXPECT_EQ(to_vector(o.error.data), hex("1388"));
}

TEST(Framing, UnknownTypeIsBadMessageTypeWithTheTypeOctet) {
  for (const char* type : {"00", "06", "ff"}) {
    const auto stream = header(std::string("0013 ") + type);
    const FrameResult r = next_frame(stream);
    ASSERT_TRUE(r.failed()) << type;
    EXPECT_EQ(r.error.code, NotifyCode::kMessageHeader);
    EXPECT_EQ(sub(r), 3);
    EXPECT_EQ(to_vector(r.error.data), hex(type));
  }
}

struct LengthCase {
  const char* length_and_type;
  bool ok;
};

TEST(Framing, PerTypeLengthsOutsideTheirRangeAreBadMessageLength) {
  const LengthCase cases[] = {
      {"001c 01", false}, {"001d 01", true},   // OPEN >= 29
      {"0016 02", false}, {"0017 02", true},   // UPDATE >= 23
      {"0014 03", false}, {"0015 03", true},   // NOTIFICATION >= 21
      {"0014 04", false}, {"0013 04", true},   // KEEPALIVE == 19
      {"0016 05", false}, {"0017 05", true},   // ROUTE-REFRESH == 23
  };
  for (const auto& c : cases) {
    auto stream = header(c.length_and_type);
    stream.resize(load_u16(Bytes(stream), 16), std::byte{0});
    const FrameResult r = next_frame(stream);
    if (c.ok) {
      EXPECT_TRUE(r.complete()) << c.length_and_type;
    } else {
      ASSERT_TRUE(r.failed()) << c.length_and_type;
      EXPECT_EQ(r.error.code, NotifyCode::kMessageHeader);
      EXPECT_EQ(sub(r), 2) << c.length_and_type;
      EXPECT_EQ(to_vector(r.error.data), hex(std::string(c.length_and_type).substr(0, 4)));
    }
  }
}

TEST(Framing, LongRouteRefreshWithNormalSubtypeIsBadMessageLength) {
  const auto stream = header("0018 05 0001 00 01 00");
  const FrameResult r = next_frame(stream);
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error.code, NotifyCode::kMessageHeader);
  EXPECT_EQ(sub(r), 2);
  EXPECT_EQ(to_vector(r.error.data), hex("0018"));
}

TEST(Framing, LongBorrIsRouteRefreshInvalidLengthCarryingTheWholeMessage) {
  // RFC 7313 §5: BoRR/EoRR with a body other than 4 octets -> 7/1, data = the message.
  const auto stream = header("0018 05 0001 01 01 00");
  const FrameResult r = next_frame(stream);
  ASSERT_TRUE(r.failed());
  EXPECT_EQ(r.error.code, NotifyCode::kRouteRefresh);
  EXPECT_EQ(sub(r), 1);
  EXPECT_EQ(to_vector(r.error.data), stream);
  // Until the subtype and then the whole message are in, it waits.
  EXPECT_TRUE(next_frame(Bytes(stream).first(20)).need_more());
  const FrameResult partial = next_frame(Bytes(stream).first(23));
  ASSERT_TRUE(partial.need_more());
  EXPECT_EQ(partial.needed, 1u);
}

TEST(Framing, WriteHeaderProducesMarkerLengthAndType) {
  std::vector<std::byte> out(19);
  ASSERT_EQ(write_header(out, MessageType::kUpdate, 23), 19u);
  EXPECT_EQ(out, header("0017 02"));
  EXPECT_EQ(write_header(out, MessageType::kUpdate, 18), 0u);
  EXPECT_EQ(write_header(std::span(out).first(18), MessageType::kUpdate, 23), 0u);
}

TEST(Framing, MessageTypeNames) {
  EXPECT_EQ(message_type_name(MessageType::kOpen), "OPEN");
  EXPECT_EQ(message_type_name(MessageType::kRouteRefresh), "ROUTE-REFRESH");
  EXPECT_EQ(message_type_name(static_cast<MessageType>(9)), "UNKNOWN");
}

}  // namespace
}  // namespace bgp

// NOTIFICATION (RFC 4271 §4.5) and the RFC 9003 shutdown communication, both ways.
#include "libbgp/wire/notification.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "libbgp/wire/framing.hpp"
#include "tests/wire/session_bytes.hpp"

namespace bgp {
namespace {

using test::held;
using test::hex;
using test::to_vector;

Decoded<NotificationView> decode_message(const std::vector<std::byte>& msg) {
  const FrameResult f = next_frame(msg);
  EXPECT_TRUE(f.complete());
  EXPECT_EQ(f.message.type, MessageType::kNotification);
  return decode_notification(f.message.body);
}

std::vector<std::byte> encode(const Notification& n) {
  std::array<std::byte, 4096> out{};
  const std::size_t len = encode_notification(out, n);
  return to_vector(std::span(out).first(len));
}

TEST(Notification, HoldTimerExpiredBothWays) {
  const auto msg = hex("ffffffffffffffffffffffffffffffff 0015 03 04 00");
  const auto n = decode_message(msg);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, NotifyCode::kHoldTimerExpired);
  EXPECT_EQ(n->subcode, 0);
  EXPECT_TRUE(n->data.empty());
  EXPECT_TRUE(n->shutdown_text.empty());
  EXPECT_EQ(encode({NotifyCode::kHoldTimerExpired, 0, {}}), msg);
}

TEST(Notification, DataIsKeptAsAViewBothWays) {
  // Bad Message Length carrying the offending length field (RFC 4271 §6.1).
  const auto msg = hex("ffffffffffffffffffffffffffffffff 0017 03 01 02 1001");
  const auto n = decode_message(msg);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, NotifyCode::kMessageHeader);
  EXPECT_EQ(n->subcode, 2);
  EXPECT_EQ(to_vector(n->data), hex("1001"));
  EXPECT_EQ(n->data.data(), msg.data() + 21);
  EXPECT_EQ(encode(n->to_notification()), msg);
}

TEST(Notification, FramingErrorEncodesAsItsNotification) {
  const auto bad = hex("ffffffffffffffffffffffffffffffff 0013 09");
  const FrameResult f = next_frame(bad);
  ASSERT_TRUE(f.failed());
  EXPECT_EQ(encode(f.error), hex("ffffffffffffffffffffffffffffffff 0016 03 01 03 09"));
}

TEST(Notification, AdministrativeShutdownCommunicationBothWays) {
  // RFC 9003 §2: Cease / Administrative Shutdown, length 11, "maintenance".
  const auto msg = hex("ffffffffffffffffffffffffffffffff 0021 03 06 02 0b 6d61696e74656e616e6365");
  const auto n = decode_message(msg);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, NotifyCode::kCease);
  EXPECT_EQ(n->subcode, 2);
  EXPECT_EQ(n->shutdown_text, "maintenance");
  EXPECT_FALSE(n->shutdown_malformed);
  std::array<std::byte, 4096> out{};
  const std::size_t len = encode_shutdown_notification(out, CeaseSubcode::kAdministrativeShutdown, "maintenance");
  EXPECT_EQ(to_vector(std::span(out).first(len)), msg);
}

TEST(Notification, AdministrativeResetCarriesUtf8Text) {
  const std::string text = "r\xc3\xa9initialisation \xe2\x9c\x93";  // "réinitialisation ✓"
  std::array<std::byte, 4096> out{};
  const std::size_t len = encode_shutdown_notification(out, CeaseSubcode::kAdministrativeReset, text);
  ASSERT_EQ(len, 21 + 1 + text.size());
  const auto n = decode_notification(std::span(out).first(len).subspan(19));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->subcode, 4);
  EXPECT_EQ(n->shutdown_text, text);
}

TEST(Notification, ShutdownWithoutCommunicationHasNoText) {
  const auto n_msg = hex("ffffffffffffffffffffffffffffffff 0015 03 06 02");
  const auto n = decode_message(n_msg);
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->shutdown_text.empty());
  EXPECT_FALSE(n->shutdown_malformed);
  const auto zero_msg = hex("ffffffffffffffffffffffffffffffff 0016 03 06 02 00");
  const auto zero = decode_message(zero_msg);
  ASSERT_TRUE(zero);
  EXPECT_TRUE(zero->shutdown_text.empty());
  EXPECT_FALSE(zero->shutdown_malformed);
}

TEST(Notification, OverrunningShutdownLengthStillDecodesWithoutText) {
  const auto n_msg = hex("ffffffffffffffffffffffffffffffff 0018 03 06 02 05 6869");
  const auto n = decode_message(n_msg);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, NotifyCode::kCease);
  EXPECT_EQ(n->subcode, 2);
  EXPECT_TRUE(n->shutdown_text.empty());
  EXPECT_TRUE(n->shutdown_malformed);
  EXPECT_EQ(to_vector(n->data), hex("05 6869"));
}

TEST(Notification, InvalidUtf8ShutdownStillDecodesWithoutText) {
  for (const char* text : {"02 c080", "03 eda080", "01 ff", "02 e282", "04 f4908080"}) {
    const std::string h = "ffffffffffffffffffffffffffffffff 00";
    const auto data = hex(text);
    const std::size_t total = 21 + data.size();
    char len[3];
    std::snprintf(len, sizeof len, "%02zx", total);
    const auto n_msg = hex(h + len + " 03 06 04 " + text);
    const auto n = decode_message(n_msg);
    ASSERT_TRUE(n) << text;
    EXPECT_TRUE(n->shutdown_text.empty()) << text;
    EXPECT_TRUE(n->shutdown_malformed) << text;
  }
}

TEST(Notification, OtherCeaseSubcodesAreNotParsedAsText) {
  const auto n_msg = hex("ffffffffffffffffffffffffffffffff 0018 03 06 01 01 0000");
  const auto n = decode_message(n_msg);  // max prefixes
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->shutdown_text.empty());
  EXPECT_FALSE(n->shutdown_malformed);
  EXPECT_EQ(to_vector(n->data), hex("01 0000"));
}

TEST(Notification, UnknownCodesDecodeAsTheyAre) {
  const auto body = hex("2a 07 01");
  const auto n = decode_notification(body);
  ASSERT_TRUE(n);
  EXPECT_EQ(static_cast<int>(n->code), 42);
  EXPECT_EQ(n->subcode, 7);
}

TEST(Notification, BodyShorterThanCodeAndSubcodeIsBadLength) {
  const auto n = decode_notification(held("06"));
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, NotifyCode::kMessageHeader);
  EXPECT_EQ(n.error().subcode, 2);
}

TEST(Notification, LongShutdownTextIsCutAtACharacterBoundary) {
  std::string text(254, 'a');
  text += "\xc3\xa9";  // 256 octets; the 2-octet character must not be split
  std::array<std::byte, 4096> out{};
  const std::size_t len = encode_shutdown_notification(out, CeaseSubcode::kAdministrativeShutdown, text);
  ASSERT_EQ(len, 21u + 1 + 254);
  const auto n = decode_notification(std::span(out).first(len).subspan(19));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->shutdown_text, std::string(254, 'a'));
  const std::string exact(255, 'b');
  EXPECT_EQ(encode_shutdown_notification(out, CeaseSubcode::kAdministrativeShutdown, exact), 21u + 1 + 255);
}

TEST(Notification, EncoderRefusesSmallBuffers) {
  std::array<std::byte, 20> out{};
  EXPECT_EQ(encode_notification(out, {NotifyCode::kCease, 2, {}}), 0u);
  EXPECT_EQ(encode_shutdown_notification(out, CeaseSubcode::kAdministrativeShutdown, ""), 0u);
}

TEST(Notification, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));  // é € 😀
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));                      // U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));                             // overlong
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\xaf"));                         // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));                         // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));                     // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\x80"));                                 // lone continuation
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));                             // truncated
  EXPECT_FALSE(is_valid_utf8("\xc3\x28"));                             // bad continuation
}

}  // namespace
}  // namespace bgp

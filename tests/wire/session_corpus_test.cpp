// Every OPEN, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH recorded in the real
// MRT data (RIS 2002 updates; BIRD, OpenBGPD and Quagga dumps from mrtparse)
// is framed and decoded, and the ones bgpd can re-encode come back byte for
// byte.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench/wire/mrt_update_corpus.hpp"  // read_gz
#include "libbgp/wire/framing.hpp"
#include "libbgp/wire/notification.hpp"
#include "libbgp/wire/open.hpp"
#include "libbgp/wire/route_refresh.hpp"

namespace bgp {
namespace {

struct RecordedMessage {
  std::string file;
  Bytes whole;  // header included
};

// RFC 6396 §4.4: BGP4MP(_ET) MESSAGE records (subtypes 1, 4, 6, 7) that are
// not UPDATEs.
void collect(const std::string& file, Bytes mrt, std::vector<RecordedMessage>& out) {
  ByteReader r(mrt);
  while (r.remaining() >= 12) {
    r.skip(4);
    const auto type = *r.u16();
    const auto subtype = *r.u16();
    const auto rec = r.bytes(*r.u32());
    if (!rec) return;
    if ((type != 16 && type != 17) || !(subtype == 1 || subtype == 4 || subtype == 6 || subtype == 7)) continue;
    ByteReader m(*rec);
    if (type == 17) m.skip(4);
    m.skip((subtype == 4 || subtype == 7) ? 8 : 4);
    m.skip(2);
    const auto afi = m.u16();
    if (!afi || !m.skip(*afi == 2 ? 32 : 8)) continue;
    const Bytes msg = m.rest();
    if (msg.size() < kHeaderSize || std::to_integer<int>(msg[kTypeOffset]) == 2) continue;
    out.push_back({file, msg});
  }
}

class SessionCorpus : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = BGPD_TEST_DATA "/mrt";
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().filename().string().rfind("updates.", 0) == 0) names.push_back(e.path().string());
    }
    for (const auto& e : std::filesystem::directory_iterator(dir + "/mrtparse")) {
      const auto n = e.path().filename().string();
      if (n.size() > 4 && n.substr(n.size() - 4) == "_bgp") names.push_back(e.path().string());
    }
    files_ = new std::vector<std::vector<std::byte>>();
    messages_ = new std::vector<RecordedMessage>();
    files_->reserve(names.size());
    for (const auto& n : names) {
      files_->push_back(testing::read_gz(n));
      collect(n, files_->back(), *messages_);
    }
  }
  static void TearDownTestSuite() {
    delete messages_;
    delete files_;
  }
  static std::vector<std::vector<std::byte>>* files_;
  static std::vector<RecordedMessage>* messages_;
};
std::vector<std::vector<std::byte>>* SessionCorpus::files_ = nullptr;
std::vector<RecordedMessage>* SessionCorpus::messages_ = nullptr;

TEST_F(SessionCorpus, EveryRecordedSessionMessageFramesAndDecodes) {
  std::map<MessageType, int> seen;
  std::array<std::byte, kMaxExtendedMessageSize> out{};
  for (const RecordedMessage& rm : *messages_) {
    const FrameResult f = next_frame(rm.whole);
    ASSERT_TRUE(f.complete()) << rm.file;
    ASSERT_EQ(f.consumed, rm.whole.size()) << rm.file;
    const MessageView& m = f.message;
    ++seen[m.type];
    switch (m.type) {
      case MessageType::kOpen: {
        const auto open = OpenView::parse(m.body);
        ASSERT_TRUE(open) << rm.file;
        const auto caps = summarize_capabilities(*open);
        ASSERT_TRUE(caps) << rm.file;
        EXPECT_FALSE(validate_open(*open, *caps, {0, 0, std::nullopt})) << rm.file;
        break;
      }
      case MessageType::kNotification: {
        const auto n = decode_notification(m.body);
        ASSERT_TRUE(n) << rm.file;
        const std::size_t len = encode_notification(out, n->to_notification());
        EXPECT_TRUE(std::equal(m.whole.begin(), m.whole.end(), out.begin(), out.begin() + len)) << rm.file;
        break;
      }
      case MessageType::kRouteRefresh: {
        const auto rr = decode_route_refresh(m.body);
        ASSERT_TRUE(rr) << rm.file;
        const std::size_t len = encode_route_refresh(out, rr->family, static_cast<RouteRefreshSubtype>(rr->subtype));
        EXPECT_TRUE(std::equal(m.whole.begin(), m.whole.end(), out.begin(), out.begin() + len)) << rm.file;
        break;
      }
      case MessageType::kKeepalive:
        EXPECT_EQ(encode_keepalive(out), m.whole.size());
        break;
      case MessageType::kUpdate:
        FAIL() << "UPDATEs are filtered out";
    }
  }
  // The corpus holds each kind (counted by hand from the dumps).
  EXPECT_GE(seen[MessageType::kOpen], 20);
  EXPECT_GE(seen[MessageType::kNotification], 10);
  EXPECT_GE(seen[MessageType::kRouteRefresh], 10);
  EXPECT_GE(seen[MessageType::kKeepalive], 500);
}

}  // namespace
}  // namespace bgp

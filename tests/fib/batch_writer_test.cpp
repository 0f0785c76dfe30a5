#include "libbgp/fib/batch_writer.hpp"

#include <gtest/gtest.h>
#include <linux/rtnetlink.h>

#include "libbgp/fib/netlink_messages.hpp"

namespace bgp::fib {
namespace {

struct Sent {
  std::vector<std::uint32_t> seqs;
  std::vector<bool> acked;
  std::uint32_t barrier = 0;
  std::size_t bytes = 0;
};

TEST(BatchWriter, PacksManyMessagesPerSendAndAcksOnlyTheLastOfEach) {
  std::vector<Sent> sent;
  BatchWriter w(4096, 4096, [&](const void* buf, std::size_t len, std::uint32_t barrier) {
    Sent s;
    s.barrier = barrier;
    s.bytes = len;
    int left = static_cast<int>(len);
    for (auto* nlh = static_cast<const nlmsghdr*>(buf); mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
      s.seqs.push_back(nlh->nlmsg_seq);
      s.acked.push_back((nlh->nlmsg_flags & NLM_F_ACK) != 0);
    }
    sent.push_back(s);
    return 0;
  });
  const auto prefix = *Prefix::parse("10.0.0.0/24");
  for (int i = 0; i < 200; ++i) {
    const auto seq = w.next_seq();
    ASSERT_EQ(w.commit(put_route_add(w.slot(), seq, prefix, {}, 5, {})), 0);
  }
  ASSERT_EQ(w.flush(), 0);
  EXPECT_TRUE(w.empty());
  ASSERT_GT(sent.size(), 2u);
  std::uint32_t expect = 1;
  for (const auto& s : sent) {
    EXPECT_LE(s.bytes, 4096u);
    ASSERT_FALSE(s.seqs.empty());
    for (std::size_t i = 0; i < s.seqs.size(); ++i) {
      EXPECT_EQ(s.seqs[i], expect++);  // nothing lost, nothing reordered across sends
      EXPECT_EQ(s.acked[i], i + 1 == s.seqs.size());
    }
    EXPECT_EQ(s.barrier, s.seqs.back());
  }
  EXPECT_EQ(expect, 201u);
}

TEST(BatchWriter, SendErrorIsReturnedToTheCaller) {
  BatchWriter w(1024, 4096, [](const void*, std::size_t, std::uint32_t) { return ENOBUFS; });
  const auto seq = w.next_seq();
  EXPECT_EQ(w.commit(put_route_add(w.slot(), seq, *Prefix::parse("10.0.0.0/8"), {}, 5, {})), 0);
  EXPECT_EQ(w.flush(), ENOBUFS);
}

}  // namespace
}  // namespace bgp::fib

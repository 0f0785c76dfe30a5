#pragma once
// Packs many netlink requests into one buffer per sendmsg (libmnl's batch
// helpers). The last request of each sendmsg carries NLM_F_ACK: rtnetlink
// handles a datagram's messages in order, so that ACK is a barrier telling us
// every earlier request of the batch is done; failed ones answered with their
// own NLMSG_ERROR, matched by sequence number.
#include <libmnl/libmnl.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace bgp::fib {

class BatchWriter {
 public:
  // `send(buf, len, barrier_seq)` transmits one batch; it returns 0 or errno.
  using SendFn = std::function<int(const void*, std::size_t, std::uint32_t)>;

  BatchWriter(std::size_t limit, std::size_t max_message, SendFn send)
      : buf_(limit + max_message), limit_(limit), send_(std::move(send)) {
    batch_ = mnl_nlmsg_batch_start(buf_.data(), limit_);
  }
  ~BatchWriter() { mnl_nlmsg_batch_stop(batch_); }
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // Where the next message goes; call commit() after writing it.
  void* slot() { return mnl_nlmsg_batch_current(batch_); }
  std::uint32_t next_seq() { return ++seq_; }

  // Returns 0 or the errno of a send this commit triggered.
  int commit(nlmsghdr* msg) {
    if (mnl_nlmsg_batch_next(batch_)) {
      last_ = msg;
      return 0;
    }
    // `msg` overflowed the limit: send everything before it, then it moves to the front.
    const int e = send_batch();
    mnl_nlmsg_batch_reset(batch_);  // copies `msg` to the front and counts it
    last_ = static_cast<nlmsghdr*>(static_cast<void*>(buf_.data()));
    return e;
  }

  // Sends what is buffered (if anything).
  int flush() {
    if (mnl_nlmsg_batch_is_empty(batch_)) return 0;
    const int e = send_batch();
    mnl_nlmsg_batch_reset(batch_);
    last_ = nullptr;
    return e;
  }

  bool empty() { return mnl_nlmsg_batch_is_empty(batch_); }

 private:
  int send_batch() {
    if (last_ == nullptr) return 0;
    last_->nlmsg_flags |= NLM_F_ACK;
    return send_(mnl_nlmsg_batch_head(batch_), mnl_nlmsg_batch_size(batch_), last_->nlmsg_seq);
  }

  std::vector<char> buf_;
  std::size_t limit_;
  SendFn send_;
  mnl_nlmsg_batch* batch_ = nullptr;
  nlmsghdr* last_ = nullptr;
  std::uint32_t seq_ = 0;
};

}  // namespace bgp::fib

#pragma once
// A NETLINK_ROUTE socket (libmnl) with the options bgpd relies on: large
// buffers (batches of thousands of messages per sendmsg, and replies for all
// of them), extended acks (the kernel's error text), capped acks (errors do
// not echo our request back). Opening may throw (start-up); sending and
// receiving return errors as values.
#include <functional>
#include <memory>
#include <string>

#include "libbgp/fib/netlink_messages.hpp"

struct mnl_socket;

namespace bgp::fib {

class NetlinkSocket {
 public:
  // `groups`: RTNLGRP_* multicast groups to join (for the monitor socket).
  explicit NetlinkSocket(std::initializer_list<unsigned> groups = {}, int buffer_bytes = 32 << 20);
  ~NetlinkSocket();
  NetlinkSocket(const NetlinkSocket&) = delete;
  NetlinkSocket& operator=(const NetlinkSocket&) = delete;

  int fd() const;
  // Joins or leaves a multicast group; returns 0 or errno.
  int set_membership(unsigned group, bool join);
  std::uint32_t portid() const;
  // Has the kernel discard messages of `type` for this socket before they are
  // queued (a socket filter): for the monitor, the RTM_NEWROUTE notification
  // of every route we write. Returns 0 or errno.
  int drop_message_type(std::uint16_t type);

  // Sends `len` bytes (one or more messages). Returns 0 or a positive errno.
  int send(const void* buf, std::size_t len);
  // Receives one datagram; `wait` false returns -EAGAIN when nothing is queued.
  // Returns the byte count or a negative errno.
  long receive(void* buf, std::size_t len, bool wait);

  // Sends one request and feeds every reply message to `on_message` until the
  // dump ends (NLMSG_DONE) or the ack/error arrives. Returns 0 or a positive
  // errno; `error_text` gets the extended-ack message.
  int transact(const nlmsghdr* request, const std::function<void(const nlmsghdr*)>& on_message,
               std::string* error_text = nullptr);

 private:
  mnl_socket* sock_ = nullptr;
};

}  // namespace bgp::fib

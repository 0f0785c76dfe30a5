#include "libbgp/fib/netlink_socket.hpp"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/filter.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstddef>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace bgp::fib {

NetlinkSocket::NetlinkSocket(std::initializer_list<unsigned> groups, int buffer_bytes) {
  sock_ = mnl_socket_open(NETLINK_ROUTE);
  if (sock_ == nullptr) throw std::runtime_error(std::string("netlink socket: ") + std::strerror(errno));
  const int fd = mnl_socket_get_fd(sock_);
  // SO_*BUFFORCE (CAP_NET_ADMIN) lifts the rmem/wmem sysctl caps; fall back to
  // the plain options when not privileged.
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buffer_bytes, sizeof buffer_bytes) != 0) {
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer_bytes, sizeof buffer_bytes);
  }
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer_bytes, sizeof buffer_bytes) != 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
  }
  int on = 1;
  mnl_socket_setsockopt(sock_, NETLINK_EXT_ACK, &on, sizeof on);
  mnl_socket_setsockopt(sock_, NETLINK_CAP_ACK, &on, sizeof on);
  if (mnl_socket_bind(sock_, 0, MNL_SOCKET_AUTOPID) < 0) {
    const int e = errno;
    mnl_socket_close(sock_);
    throw std::runtime_error(std::string("netlink bind: ") + std::strerror(e));
  }
  for (unsigned g : groups) {  // copied: mnl_socket_setsockopt takes a non-const pointer
    if (mnl_socket_setsockopt(sock_, NETLINK_ADD_MEMBERSHIP, &g, sizeof g) < 0) {
      const int e = errno;
      mnl_socket_close(sock_);
      throw std::runtime_error("netlink group " + std::to_string(g) + ": " + std::strerror(e));
    }
  }
}

NetlinkSocket::~NetlinkSocket() {
  if (sock_ != nullptr) mnl_socket_close(sock_);
}

int NetlinkSocket::fd() const { return mnl_socket_get_fd(sock_); }

int NetlinkSocket::set_membership(unsigned group, bool join) {
  return mnl_socket_setsockopt(sock_, join ? NETLINK_ADD_MEMBERSHIP : NETLINK_DROP_MEMBERSHIP, &group, sizeof group) < 0
             ? errno
             : 0;
}
std::uint32_t NetlinkSocket::portid() const { return mnl_socket_get_portid(sock_); }

int NetlinkSocket::drop_message_type(std::uint16_t type) {
  // Classic BPF loads halfwords in network byte order; nlmsg_type is in host
  // order, so compare with it as such a load sees it. A multicast
  // notification is one message per datagram.
  sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_H | BPF_ABS, offsetof(nlmsghdr, nlmsg_type)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ntohs(type), 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0),            // drop
      BPF_STMT(BPF_RET | BPF_K, 0xffffffffu),  // keep all of it
  };
  const sock_fprog prog{static_cast<unsigned short>(sizeof code / sizeof code[0]), code};
  return setsockopt(fd(), SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) == 0 ? 0 : errno;
}

int NetlinkSocket::send(const void* buf, std::size_t len) {
  for (;;) {
    if (mnl_socket_sendto(sock_, buf, len) >= 0) return 0;
    if (errno != EINTR) return errno;
  }
}

long NetlinkSocket::receive(void* buf, std::size_t len, bool wait) {
  for (;;) {
    const ssize_t n = recv(fd(), buf, len, wait ? 0 : MSG_DONTWAIT);
    if (n >= 0) return n;
    if (errno != EINTR) return -errno;
  }
}

int NetlinkSocket::transact(const nlmsghdr* request, const std::function<void(const nlmsghdr*)>& on_message,
                            std::string* error_text) {
  if (int e = send(request, request->nlmsg_len); e != 0) return e;
  const std::uint32_t seq = request->nlmsg_seq;
  const bool dump = (request->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
  std::vector<char> buf(1 << 20);
  for (;;) {
    const long n = receive(buf.data(), buf.size(), true);
    if (n < 0) return static_cast<int>(-n);
    int len = static_cast<int>(n);
    for (auto* nlh = reinterpret_cast<const nlmsghdr*>(buf.data()); mnl_nlmsg_ok(nlh, len);
         nlh = mnl_nlmsg_next(nlh, &len)) {
      if (nlh->nlmsg_seq != seq) continue;  // a late reply to an earlier request
      if (nlh->nlmsg_type == NLMSG_DONE) return 0;
      if (nlh->nlmsg_type == NLMSG_ERROR) {
        auto err = parse_error(nlh);
        if (!err) return EPROTO;
        if (error_text != nullptr) *error_text = err->message;
        return err->error;
      }
      on_message(nlh);
      if (!dump) return 0;  // a single reply (e.g. a route lookup) ends the exchange
    }
  }
}

}  // namespace bgp::fib

#include "bgpd/daemon/bfd_transport.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <random>

#include "libbgp/log/logger.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;

asio::ip::address to_asio(const IpAddress& a) {
  if (a.is_v4()) return asio::ip::address_v4(a.v4_host_order());
  asio::ip::address_v6::bytes_type b{};
  std::memcpy(b.data(), a.bytes().data(), 16);
  return asio::ip::address_v6(b);
}

std::error_code errno_code() { return {errno, std::generic_category()}; }

void set_int(int fd, int level, int name, int value) {
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0) throw std::system_error(errno_code(), "setsockopt");
}

}  // namespace

BfdReceiver::BfdReceiver(asio::io_context& io, Afi family, std::uint16_t port, Handler handler)
    : socket_(io), family_(family), multihop_(port == kBfdMultihopPort), handler_(std::move(handler)),
      alive_(std::make_shared<bool>(true)) {
  const bool v6 = family == Afi::kIpv6;
  socket_.open(v6 ? udp::v6() : udp::v4());
  const int fd = socket_.native_handle();
  if (v6) {
    set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
    set_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1);
  } else {
    set_int(fd, IPPROTO_IP, IP_RECVTTL, 1);
  }
  socket_.set_option(udp::socket::reuse_address(true));
  socket_.bind(udp::endpoint(v6 ? udp::v6() : udp::v4(), port));
  socket_.non_blocking(true);
  wait();
}

BfdReceiver::~BfdReceiver() {
  *alive_ = false;
  boost::system::error_code ec;
  socket_.close(ec);
}

void BfdReceiver::wait() {
  std::weak_ptr<bool> alive = alive_;
  socket_.async_wait(udp::socket::wait_read, [this, alive](const boost::system::error_code& ec) {
    const auto a = alive.lock();
    if (ec || !a || !*a) return;
    drain();
    wait();
  });
}

void BfdReceiver::drain() {
  const int fd = socket_.native_handle();
  // A few datagrams per wake-up, so one busy peer cannot starve the loop.
  for (int i = 0; i < 64; ++i) {
    std::array<std::byte, 512> buf{};
    sockaddr_storage from{};
    alignas(cmsghdr) std::array<char, 128> control{};
    iovec iov{buf.data(), buf.size()};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    const ssize_t n = ::recvmsg(fd, &msg, MSG_DONTWAIT);
    if (n < 0) return;  // EAGAIN: drained; other errors: try again on the next wake-up
    BfdDatagram d;
    d.multihop = multihop_;
    d.payload = Bytes(buf.data(), static_cast<std::size_t>(n));
    if (from.ss_family == AF_INET) {
      const auto* s = reinterpret_cast<const sockaddr_in*>(&from);
      d.from = IpAddress::v4(ntohl(s->sin_addr.s_addr));
      d.from_port = ntohs(s->sin_port);
    } else if (from.ss_family == AF_INET6) {
      const auto* s = reinterpret_cast<const sockaddr_in6*>(&from);
      d.from = IpAddress::v6(std::span<const std::byte, 16>(reinterpret_cast<const std::byte*>(s->sin6_addr.s6_addr), 16));
      d.from_port = ntohs(s->sin6_port);
    } else {
      continue;
    }
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
          (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) {
        int ttl = 0;
        std::memcpy(&ttl, CMSG_DATA(c), sizeof ttl);
        d.ttl = ttl;
      }
    }
    handler_(d);
    if (!*alive_) return;  // the handler may have closed us (not expected, but cheap to honour)
  }
}

BfdSender::BfdSender(asio::io_context& io, const IpAddress& peer, const std::optional<IpAddress>& local, bool multihop)
    : socket_(io), to_(to_asio(peer), multihop ? kBfdMultihopPort : kBfdSingleHopPort) {
  const bool v6 = peer.is_v6();
  socket_.open(v6 ? udp::v6() : udp::v4());
  const int fd = socket_.native_handle();
  if (v6) {
    set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, kBfdTtl);
  } else {
    set_int(fd, IPPROTO_IP, IP_TTL, kBfdTtl);
  }
  // Network control traffic (DSCP CS6), as BGP and FRR's bfdd mark theirs.
  if (!v6) {
    const int tos = 0xc0;
    ::setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof tos);
  }
  socket_.non_blocking(true);
  const asio::ip::address bind_to = local ? to_asio(*local) : (v6 ? asio::ip::address(asio::ip::address_v6::any())
                                                                    : asio::ip::address(asio::ip::address_v4::any()));
  // A random start in the range, then every port once.
  static std::minstd_rand rng(std::random_device{}());
  constexpr unsigned kFirst = 49152;
  constexpr unsigned kCount = 65536 - kFirst;
  const unsigned start = rng() % kCount;
  boost::system::error_code ec;
  for (unsigned i = 0; i < kCount; ++i) {
    const auto port = static_cast<std::uint16_t>(kFirst + (start + i) % kCount);
    socket_.bind(udp::endpoint(bind_to, port), ec);
    if (!ec) {
      source_port_ = port;
      return;
    }
    if (ec != asio::error::address_in_use) break;
  }
  throw std::system_error(ec.value(), std::generic_category(), "BFD: no source port in 49152-65535");
}

std::error_code BfdSender::send(Bytes payload) {
  boost::system::error_code ec;
  socket_.send_to(asio::buffer(payload.data(), payload.size()), to_, 0, ec);
  return ec ? std::error_code(ec.value(), std::generic_category()) : std::error_code();
}

}  // namespace bgp::daemon

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "bgpd/socket_options.hpp"

namespace bgp::daemon {
namespace {

struct Fd {
  explicit Fd(int domain) : fd(::socket(domain, SOCK_STREAM, 0)) {}
  ~Fd() { ::close(fd); }
  int fd;
};

int get_int(int fd, int level, int name) {
  int v = 0;
  socklen_t len = sizeof v;
  ::getsockopt(fd, level, name, &v, &len);
  return v;
}

TEST(SocketOptions, TtlAndMinTtlAreApplied) {
  Fd s(AF_INET);
  EXPECT_FALSE(set_ttl(s.fd, Afi::kIpv4, 4));
  EXPECT_EQ(get_int(s.fd, IPPROTO_IP, IP_TTL), 4);
  EXPECT_FALSE(set_min_ttl(s.fd, Afi::kIpv4, 254));
  EXPECT_EQ(get_int(s.fd, IPPROTO_IP, IP_MINTTL), 254);
}

TEST(SocketOptions, Ipv6HopLimitAndV6Only) {
  Fd s(AF_INET6);
  EXPECT_FALSE(set_ttl(s.fd, Afi::kIpv6, 3));
  EXPECT_EQ(get_int(s.fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS), 3);
  EXPECT_FALSE(set_v6only(s.fd));
  EXPECT_EQ(get_int(s.fd, IPPROTO_IPV6, IPV6_V6ONLY), 1);
}

TEST(SocketOptions, Md5KeysForHostsAndPrefixesAreAcceptedByTheKernel) {
  Fd s(AF_INET);
  EXPECT_FALSE(set_tcp_md5(s.fd, *IpAddress::parse("10.20.0.2"), "secret"));
  EXPECT_FALSE(set_tcp_md5(s.fd, *IpAddress::parse("10.20.0.0"), 16, "secret"));
  // Removing a key that exists succeeds.
  EXPECT_FALSE(set_tcp_md5(s.fd, *IpAddress::parse("10.20.0.2"), ""));
}

TEST(SocketOptions, Md5KeyLongerThanTheRfcLimitIsRejected) {
  Fd s(AF_INET);
  EXPECT_EQ(set_tcp_md5(s.fd, *IpAddress::parse("10.20.0.2"), std::string(81, 'k')), std::errc::invalid_argument);
}

// A loopback connection whose SYN leaves with the given TTL / hop limit
// (loopback does not decrement it); returns the TTL bgpd reads on accept.
std::optional<int> syn_ttl_over_loopback(int domain, int ttl) {
  Fd listener(domain);
  Fd client(domain);
  sockaddr_storage addr{};
  socklen_t len = 0;
  if (domain == AF_INET) {
    auto* a = reinterpret_cast<sockaddr_in*>(&addr);
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
    len = sizeof *a;
  }
  if (set_save_syn(listener.fd) || ::bind(listener.fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      ::listen(listener.fd, 1) != 0 || ::getsockname(listener.fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ADD_FAILURE() << "listener set-up failed";
    return std::nullopt;
  }
  EXPECT_FALSE(set_ttl(client.fd, domain == AF_INET ? Afi::kIpv4 : Afi::kIpv6, ttl));
  EXPECT_EQ(::connect(client.fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  const int accepted = ::accept(listener.fd, nullptr, nullptr);
  EXPECT_GE(accepted, 0);
  const auto first = saved_syn_ttl(accepted);
  // The kernel hands the saved headers out once.
  EXPECT_EQ(saved_syn_ttl(accepted), std::nullopt);
  ::close(accepted);
  return first;
}

TEST(SocketOptions, SavedSynGivesTheTtlTheConnectionArrivedWith) {
  EXPECT_EQ(syn_ttl_over_loopback(AF_INET, 37), 37);
  EXPECT_EQ(syn_ttl_over_loopback(AF_INET, 255), 255);
}

TEST(SocketOptions, SavedSynGivesTheIpv6HopLimit) {
  EXPECT_EQ(syn_ttl_over_loopback(AF_INET6, 9), 9);
}

TEST(SocketOptions, NoSavedSynWithoutTcpSaveSynOnTheListener) {
  Fd s(AF_INET);
  EXPECT_EQ(saved_syn_ttl(s.fd), std::nullopt);
}

}  // namespace
}  // namespace bgp::daemon

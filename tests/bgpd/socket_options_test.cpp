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

}  // namespace
}  // namespace bgp::daemon

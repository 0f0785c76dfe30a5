#include "bgpd/socket_options.hpp"

#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace bgp::daemon {
namespace {

std::error_code last_error() { return {errno, std::generic_category()}; }

std::error_code setopt(int fd, int level, int name, const void* value, socklen_t len) {
  return ::setsockopt(fd, level, name, value, len) == 0 ? std::error_code{} : last_error();
}

}  // namespace

std::error_code set_tcp_md5(int fd, const IpAddress& peer, std::uint8_t prefix_len, std::string_view key) {
  if (key.size() > TCP_MD5SIG_MAXKEYLEN) return std::make_error_code(std::errc::invalid_argument);
  struct tcp_md5sig sig {};
  if (peer.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&sig.tcpm_addr);
    sin->sin_family = AF_INET;
    std::memcpy(&sin->sin_addr, peer.bytes().data(), 4);
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&sig.tcpm_addr);
    sin6->sin6_family = AF_INET6;
    std::memcpy(&sin6->sin6_addr, peer.bytes().data(), 16);
  }
  sig.tcpm_keylen = static_cast<std::uint16_t>(key.size());
  std::copy(key.begin(), key.end(), reinterpret_cast<char*>(sig.tcpm_key));
  int option = TCP_MD5SIG;
  if (prefix_len < address_bits(peer.afi())) {
    // A key for a whole listen range: TCP_MD5SIG_EXT with a prefix length
    // (Linux >= 4.13).
    option = TCP_MD5SIG_EXT;
    sig.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
    sig.tcpm_prefixlen = prefix_len;
  }
  const auto ec = setopt(fd, IPPROTO_TCP, option, &sig, sizeof sig);
  // Wipe the key copy from the stack (it is a secret).
  std::memset(sig.tcpm_key, 0, sizeof sig.tcpm_key);
  return ec;
}

std::error_code set_ttl(int fd, Afi family, int ttl) {
  if (family == Afi::kIpv4) return setopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
  return setopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof ttl);
}

std::error_code set_min_ttl(int fd, Afi family, int min_ttl) {
  if (family == Afi::kIpv4) return setopt(fd, IPPROTO_IP, IP_MINTTL, &min_ttl, sizeof min_ttl);
  return setopt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, &min_ttl, sizeof min_ttl);
}

std::error_code set_save_syn(int fd) {
  const int on = 1;  // network + TCP headers (2 would add the link-layer header)
  return setopt(fd, IPPROTO_TCP, TCP_SAVE_SYN, &on, sizeof on);
}

std::optional<int> saved_syn_ttl(int fd) {
  // An IPv6 header with extension headers and a TCP header with options fit.
  std::array<std::uint8_t, 512> headers{};
  socklen_t len = headers.size();
  if (::getsockopt(fd, IPPROTO_TCP, TCP_SAVED_SYN, headers.data(), &len) != 0 || len < 1) return std::nullopt;
  const int version = headers[0] >> 4;
  if (version == 4 && len >= 20) return headers[8];  // RFC 791: TTL at octet 8
  if (version == 6 && len >= 40) return headers[7];  // RFC 8200: Hop Limit at octet 7
  return std::nullopt;
}

std::error_code set_v6only(int fd) {
  const int on = 1;
  return setopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
}

}  // namespace bgp::daemon

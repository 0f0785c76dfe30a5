#pragma once
// Linux TCP socket options a BGP speaker needs, on raw descriptors so they
// apply equally to Asio sockets (native_handle()) and acceptors.
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

#include "libbgp/wire/address.hpp"

namespace bgp::daemon {

// RFC 2385 TCP MD5 signature key for segments to/from `peer` (or, with
// prefix_len shorter than a host route, any address in peer/prefix_len, via
// TCP_MD5SIG_EXT). On a listening socket the kernel then verifies SYNs from
// that peer, so a wrong password never completes the handshake. An empty key
// removes it. The key is never logged.
std::error_code set_tcp_md5(int fd, const IpAddress& peer, std::uint8_t prefix_len, std::string_view key);
inline std::error_code set_tcp_md5(int fd, const IpAddress& peer, std::string_view key) {
  return set_tcp_md5(fd, peer, address_bits(peer.afi()), key);
}

// Outgoing TTL / hop limit (eBGP multihop: RFC 4271 leaves it to
// configuration; directly connected eBGP uses 1).
std::error_code set_ttl(int fd, Afi family, int ttl);

// RFC 5082 GTSM: drop received segments whose TTL is below min_ttl.
std::error_code set_min_ttl(int fd, Afi family, int min_ttl);

// TCP_SAVE_SYN on a listening socket: the kernel keeps the IP and TCP
// headers of each connection's SYN until saved_syn_ttl reads them. GTSM needs
// it for passive connections: IP_MINTTL set on an accepted socket only
// filters the segments after the handshake, and the listener is shared by
// every neighbour, so it cannot carry one neighbour's minimum.
std::error_code set_save_syn(int fd);

// The TTL (IPv4) or hop limit (IPv6) the accepted connection's SYN arrived
// with, from TCP_SAVED_SYN (once per socket: the kernel frees the headers
// when read). nullopt when nothing was saved (listener without TCP_SAVE_SYN).
std::optional<int> saved_syn_ttl(int fd);

// IPV6_V6ONLY, so [::]:179 and 0.0.0.0:179 can both be bound.
std::error_code set_v6only(int fd);

}  // namespace bgp::daemon

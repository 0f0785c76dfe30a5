#include "bgpd/daemon/connected_networks.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace bgp::daemon {
namespace {

std::uint8_t mask_length(const sockaddr* mask) {
  if (!mask) return 0;
  const auto* bytes = mask->sa_family == AF_INET
                          ? reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in*>(mask)->sin_addr)
                          : reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr);
  const std::size_t n = mask->sa_family == AF_INET ? 4 : 16;
  std::uint8_t len = 0;
  for (std::size_t i = 0; i < n; ++i) len += static_cast<std::uint8_t>(std::popcount(bytes[i]));
  return len;
}

}  // namespace

std::vector<Prefix> connected_networks() {
  std::vector<Prefix> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (const ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || !(i->ifa_flags & IFF_UP)) continue;
    if (i->ifa_addr->sa_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
      std::array<std::byte, 4> b{};
      std::memcpy(b.data(), &a->sin_addr, 4);
      out.emplace_back(IpAddress::v4(std::span<const std::byte, 4>(b)), mask_length(i->ifa_netmask));
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(i->ifa_addr);
      if (IN6_IS_ADDR_LINKLOCAL(&a->sin6_addr)) continue;
      std::array<std::byte, 16> b{};
      std::memcpy(b.data(), &a->sin6_addr, 16);
      out.emplace_back(IpAddress::v6(std::span<const std::byte, 16>(b)), mask_length(i->ifa_netmask));
    }
  }
  freeifaddrs(list);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace bgp::daemon

#include "bgpd/daemon/next_hop_check.hpp"

namespace bgp::daemon {
namespace {

bool unusable_v4(const IpAddress& a) {
  const std::uint32_t v = a.v4_host_order();
  const std::uint32_t first = v >> 24;
  return first == 0 || first == 127 || first >= 224;  // "this network", loopback, multicast, class E/broadcast
}

bool unusable_v6(const IpAddress& a) {
  const auto& b = a.bytes();
  if (b[0] == 0xff) return true;  // multicast
  bool all_zero_but_last = true;
  for (std::size_t i = 0; i + 1 < b.size(); ++i) all_zero_but_last = all_zero_but_last && b[i] == 0;
  return all_zero_but_last && (b[15] == 0 || b[15] == 1);  // :: and ::1
}

std::string_view check(const IpAddress& nh, const IpAddress& local) {
  if (nh.is_v4() ? unusable_v4(nh) : unusable_v6(nh)) return "NEXT_HOP is not a unicast host address (RFC 4271 §6.3)";
  if (nh == local) return "NEXT_HOP is our own address (RFC 4271 §6.3)";
  return {};
}

}  // namespace

std::string_view next_hop_fault(const DecodedUpdate& update, const IpAddress& local) {
  if (!update.nlri.empty() && update.next_hop) {
    if (const auto why = check(*update.next_hop, local); !why.empty()) return why;
  }
  if (update.mp_reach && !update.mp_reach->nlri.empty()) return check(update.mp_reach->next_hop, local);
  return {};
}

}  // namespace bgp::daemon

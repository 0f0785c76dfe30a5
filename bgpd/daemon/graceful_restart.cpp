#include "bgpd/daemon/graceful_restart.hpp"

#include <algorithm>

namespace bgp::daemon {

GrRetention retention_on_session_end(const GrSessionEnd& end) {
  GrRetention r;
  if (!end.helper || !end.peer_capable || end.administrative || end.hard_reset) return r;
  if (end.notification && !end.notification_negotiated) return r;
  r.retain = true;
  r.flush_previous = end.end_of_rib_pending;
  return r;
}

std::vector<Family> families_to_flush_on_reconnect(std::span<const Family> stale_families,
                                                   const std::optional<GracefulRestartInfo>& new_capability) {
  std::vector<Family> out;
  for (const Family f : stale_families) {
    if (!new_capability || !new_capability->forwarding_preserved(f)) out.push_back(f);
  }
  return out;
}

bool cease_needs_hard_reset(std::uint8_t cease_subcode) {
  switch (static_cast<CeaseSubcode>(cease_subcode)) {
    case CeaseSubcode::kMaxPrefixesReached:
    case CeaseSubcode::kAdministrativeShutdown:
    case CeaseSubcode::kPeerDeconfigured:
    case CeaseSubcode::kAdministrativeReset:
      return true;
    default:
      return false;
  }
}

std::vector<std::byte> hard_reset_data(std::uint8_t cease_subcode, std::span<const std::byte> data) {
  std::vector<std::byte> out;
  out.reserve(2 + data.size());
  out.push_back(static_cast<std::byte>(NotifyCode::kCease));
  out.push_back(static_cast<std::byte>(cease_subcode));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::set<IpAddress> peers_to_wait_for(std::span<const IpAddress> configured, std::span<const Prefix> listen_ranges,
                                      std::span<const IpAddress> adopted_next_hops) {
  std::set<IpAddress> out(configured.begin(), configured.end());
  for (const IpAddress& nh : adopted_next_hops) {
    if (std::any_of(listen_ranges.begin(), listen_ranges.end(), [&](const Prefix& r) { return r.contains(nh); })) out.insert(nh);
  }
  return out;
}

}  // namespace bgp::daemon

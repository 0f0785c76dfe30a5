#include "libbgp/wire/negotiation.hpp"

#include <algorithm>

namespace bgp {

bool NegotiatedSession::has_family(Family f) const {
  return std::find(families.begin(), families.end(), f) != families.end();
}

bool NegotiatedSession::add_path_send(Family f) const {
  return std::any_of(add_path.begin(), add_path.end(), [f](const NegotiatedAddPath& a) { return a.family == f && a.send; });
}

bool NegotiatedSession::add_path_receive(Family f) const {
  return std::any_of(add_path.begin(), add_path.end(),
                     [f](const NegotiatedAddPath& a) { return a.family == f && a.receive; });
}

std::optional<Notification> check_roles(std::optional<BgpRole> ours, std::optional<BgpRole> theirs, bool strict) {
  if (!ours) return std::nullopt;
  const Notification mismatch{NotifyCode::kOpenMessage, static_cast<std::uint8_t>(OpenSubcode::kRoleMismatch), {}};
  if (!theirs) return strict ? std::optional(mismatch) : std::nullopt;
  const auto counterpart = [](BgpRole r) -> std::optional<BgpRole> {
    switch (r) {
      case BgpRole::kProvider: return BgpRole::kCustomer;
      case BgpRole::kCustomer: return BgpRole::kProvider;
      case BgpRole::kRouteServer: return BgpRole::kRouteServerClient;
      case BgpRole::kRouteServerClient: return BgpRole::kRouteServer;
      case BgpRole::kPeer: return BgpRole::kPeer;
    }
    return std::nullopt;  // a role value this speaker does not know matches nothing
  };
  if (counterpart(*ours) != theirs) return mismatch;
  return std::nullopt;
}

NegotiatedSession negotiate(const OpenMessage& ours, const OpenView& peer, const PeerCapabilities& peer_caps) {
  const PeerCapabilities& our_caps = ours.capabilities;
  NegotiatedSession s;
  s.peer_as = real_peer_as(peer, peer_caps);
  s.peer_bgp_identifier = peer.bgp_identifier();
  // RFC 4271 §4.2: the smaller hold time; 0 disables keepalives and the hold timer.
  s.hold_time = std::min(ours.hold_time, peer.hold_time());
  s.keepalive_time = static_cast<std::uint16_t>(s.hold_time / 3);
  // encode_open advertises RFC 6793 when four_octet_as is set or the AS needs it.
  const bool we_four_octet = our_caps.four_octet_as.has_value() || ours.my_as > 0xffff;
  s.four_octet_as = we_four_octet && peer_caps.four_octet_as.has_value();
  for (const Family f : our_caps.effective_families()) {
    if (!peer_caps.supports(f)) continue;
    s.families.push_back(f);
    // RFC 7911 §4: we send paths if we said Send and they said Receive, and the other way round.
    const AddPathMode mine = our_caps.add_path_mode(f);
    const AddPathMode theirs = peer_caps.add_path_mode(f);
    const NegotiatedAddPath ap{f, can_send(mine) && can_receive(theirs), can_receive(mine) && can_send(theirs)};
    if (ap.send || ap.receive) s.add_path.push_back(ap);
  }
  // Route refresh (RFC 2918 §2) and its enhanced form (RFC 7313 §3) are used
  // only when both sides advertised them, likewise extended messages (RFC 8654 §3).
  s.route_refresh = our_caps.route_refresh && peer_caps.route_refresh;
  s.enhanced_route_refresh = s.route_refresh && our_caps.enhanced_route_refresh && peer_caps.enhanced_route_refresh;
  s.extended_message = our_caps.extended_message && peer_caps.extended_message;
  if (our_caps.graceful_restart && peer_caps.graceful_restart) {
    s.peer_graceful_restart = peer_caps.graceful_restart;
    s.graceful_notification = (our_caps.graceful_restart->flags & GracefulRestartCapability::kNotificationFlag) &&
                              (peer_caps.graceful_restart->flags & GracefulRestartCapability::kNotificationFlag);
  }
  s.peer_role = peer_caps.role;
  return s;
}

}  // namespace bgp

#include "bgpd/daemon/session_params.hpp"

#include <fmt/format.h>

namespace bgp::daemon {
namespace {

std::string family_text(Family f) {
  const auto name = family_name(f);
  if (!name.empty()) return std::string(name);
  return fmt::format("afi{}-safi{}", static_cast<int>(f.afi), static_cast<int>(f.safi));
}

std::string_view add_path_mode_name(AddPathMode m) {
  switch (m) {
    case AddPathMode::kNone: return "none";
    case AddPathMode::kReceive: return "receive";
    case AddPathMode::kSend: return "send";
    case AddPathMode::kBoth: return "send-receive";
  }
  return "none";
}

}  // namespace

ConnectionParams connection_params(const config::Config& config, const config::EffectiveNeighbor& n) {
  ConnectionParams p;
  p.peer = n.address;
  p.port = config.bgp.listen_port;
  p.local_address = n.local_address;
  p.md5_password = n.password;
  p.name = n.address.to_string();
  const bool ebgp = n.remote_as.is_ebgp(config.bgp.asn);
  // RFC 4271 leaves the TTL to configuration; directly connected eBGP uses 1,
  // iBGP any (255), eBGP multihop the configured hop count.
  p.ttl = n.ebgp_multihop > 0 ? n.ebgp_multihop : (ebgp ? 1 : 255);
  // GTSM (RFC 5082 §3): accept only segments within ttl_security hops.
  p.min_ttl = n.ttl_security > 0 ? 256 - n.ttl_security : 0;

  p.fsm.hold_time = n.hold_time;
  p.fsm.keepalive = n.keepalive;
  p.fsm.connect_retry = n.connect_retry;
  p.fsm.delay_open = n.delay_open;
  p.fsm.passive = n.passive || n.dynamic;

  OpenMessage& open = p.open;
  open.my_as = config.bgp.asn;
  open.hold_time = n.hold_time;
  open.bgp_identifier = config.bgp.router_id.v4_host_order();
  PeerCapabilities& caps = open.capabilities;
  caps.four_octet_as = config.bgp.asn;  // RFC 6793: always advertised
  caps.families = n.families;           // RFC 4760 multiprotocol, one per family
  caps.route_refresh = true;            // RFC 2918
  caps.enhanced_route_refresh = true;   // RFC 7313
  caps.extended_message = true;         // RFC 8654
  if (n.graceful_restart) {
    // RFC 4724 §3: restart time, and per family whether forwarding survives
    // our restart (the F bit): it does when the FIB keeps routes on shutdown.
    GracefulRestartInfo gr;
    gr.restart_time = n.restart_time;
    // RFC 8538 §2: the N bit; it counts only if the peer sets it too.
    if (n.graceful_restart_notification) gr.flags |= GracefulRestartCapability::kNotificationFlag;
    const bool forwarding = config.fib.install && config.fib.retain_on_shutdown;
    for (const Family f : n.families) gr.families.push_back({f, forwarding});
    caps.graceful_restart = gr;
  }
  if (n.add_path_send || n.add_path_receive) {
    const auto mode = static_cast<AddPathMode>((n.add_path_receive ? 1 : 0) | (n.add_path_send ? 2 : 0));
    for (const Family f : n.families) caps.add_path.push_back({f, mode});
  }

  p.expect.local_as = config.bgp.asn;
  p.expect.local_bgp_identifier = open.bgp_identifier;
  switch (n.remote_as.kind) {
    case config::RemoteAs::Kind::kNumber: p.expect.peer_as = n.remote_as.asn; break;
    case config::RemoteAs::Kind::kInternal: p.expect.peer_as = config.bgp.asn; break;
    case config::RemoteAs::Kind::kExternal: p.peer_as_external = true; break;
  }
  return p;
}

std::vector<std::string> capability_names(const PeerCapabilities& caps) {
  std::vector<std::string> out;
  for (const Family f : caps.families) out.push_back(fmt::format("multiprotocol({})", family_text(f)));
  if (caps.route_refresh) out.emplace_back("route-refresh");
  if (caps.enhanced_route_refresh) out.emplace_back("enhanced-route-refresh");
  if (caps.extended_message) out.emplace_back("extended-message");
  if (caps.four_octet_as) out.emplace_back("4-octet-as");
  if (caps.graceful_restart) {
    std::string gr = fmt::format("graceful-restart({}s", caps.graceful_restart->restart_time);
    if (caps.graceful_restart->restarting()) gr += ",R";
    if (caps.graceful_restart->flags & GracefulRestartCapability::kNotificationFlag) gr += ",N";
    for (const auto& f : caps.graceful_restart->families) gr += fmt::format(",{}{}", family_text(f.family), f.forwarding_preserved ? "+F" : "");
    out.push_back(gr + ")");
  }
  for (const auto& ap : caps.add_path) out.push_back(fmt::format("add-path({},{})", family_text(ap.family), add_path_mode_name(ap.mode)));
  if (caps.role) out.push_back(fmt::format("role({})", role_name(*caps.role)));
  if (caps.hostname) out.push_back(fmt::format("hostname({})", *caps.hostname));
  for (const auto& raw : caps.other) out.push_back(fmt::format("{}({})", capability_name(raw.code), raw.code));
  return out;
}

std::vector<std::string> negotiated_names(const NegotiatedSession& s) {
  std::vector<std::string> out;
  for (const Family f : s.families) out.push_back(fmt::format("multiprotocol({})", family_text(f)));
  if (s.route_refresh) out.emplace_back("route-refresh");
  if (s.enhanced_route_refresh) out.emplace_back("enhanced-route-refresh");
  if (s.extended_message) out.emplace_back("extended-message");
  if (s.four_octet_as) out.emplace_back("4-octet-as");
  if (s.peer_graceful_restart) out.push_back(fmt::format("graceful-restart({}s)", s.peer_graceful_restart->restart_time));
  for (const auto& ap : s.add_path) {
    out.push_back(fmt::format("add-path({},{}{})", family_text(ap.family), ap.send ? "send" : "", ap.receive ? (ap.send ? "-receive" : "receive") : ""));
  }
  return out;
}

}  // namespace bgp::daemon

// Peer-group inheritance and the reload diff.
#include "libbgp/config/effective.hpp"

#include <algorithm>
#include <tuple>

namespace bgp::config {
namespace {

// Neighbor value, else group value, else the default already in `out`.
template <typename T>
void pick(T& out, const std::optional<T>& neighbor, const std::optional<T>& group) {
  if (neighbor) {
    out = *neighbor;
  } else if (group) {
    out = *group;
  }
}
template <typename T>
void pick_optional(std::optional<T>& out, const std::optional<T>& neighbor, const std::optional<T>& group) {
  out = neighbor ? neighbor : group;
}

EffectiveNeighbor resolve(const IpAddress& address, const PeerSettings& n, const PeerGroup* g) {
  static const PeerSettings kNone;
  const PeerSettings& gs = g ? g->settings : kNone;
  EffectiveNeighbor e;
  e.address = address;
  if (g) e.peer_group = g->name;
  pick(e.remote_as, n.remote_as, gs.remote_as);
  pick(e.description, n.description, gs.description);
  pick(e.password, n.password, gs.password);
  pick(e.hold_time, n.hold_time, gs.hold_time);
  // RFC 4271 §10 suggests a third of the hold time when keepalive is unset.
  e.keepalive = static_cast<std::uint16_t>(e.hold_time / 3);
  pick(e.keepalive, n.keepalive, gs.keepalive);
  pick(e.connect_retry, n.connect_retry, gs.connect_retry);
  pick(e.delay_open, n.delay_open, gs.delay_open);
  pick(e.passive, n.passive, gs.passive);
  pick(e.ebgp_multihop, n.ebgp_multihop, gs.ebgp_multihop);
  pick(e.ttl_security, n.ttl_security, gs.ttl_security);
  pick_optional(e.local_address, n.local_address, gs.local_address);
  pick(e.interface, n.interface, gs.interface);
  e.families = {address.is_v6() ? kIpv6Unicast : kIpv4Unicast};
  pick(e.families, n.families, gs.families);
  pick(e.graceful_restart, n.graceful_restart, gs.graceful_restart);
  pick(e.restart_time, n.restart_time, gs.restart_time);
  pick(e.graceful_restart_notification, n.graceful_restart_notification, gs.graceful_restart_notification);
  pick(e.import_policy, n.import_policy, gs.import_policy);
  pick(e.export_policy, n.export_policy, gs.export_policy);
  pick_optional(e.max_prefixes, n.max_prefixes, gs.max_prefixes);
  pick(e.add_path_send, n.add_path_send, gs.add_path_send);
  pick(e.add_path_receive, n.add_path_receive, gs.add_path_receive);
  pick(e.next_hop_self, n.next_hop_self, gs.next_hop_self);
  pick(e.soft_reconfiguration_inbound, n.soft_reconfiguration_inbound, gs.soft_reconfiguration_inbound);
  pick(e.shutdown, n.shutdown, gs.shutdown);
  pick(e.liveness, n.liveness, gs.liveness);
  pick(e.liveness_interval_ms, n.liveness_interval_ms, gs.liveness_interval_ms);
  pick(e.liveness_multiplier, n.liveness_multiplier, gs.liveness_multiplier);
  pick(e.liveness_up_after, n.liveness_up_after, gs.liveness_up_after);
  pick(e.bfd, n.bfd, gs.bfd);
  pick(e.bfd_min_tx_ms, n.bfd_min_tx_ms, gs.bfd_min_tx_ms);
  pick(e.bfd_min_rx_ms, n.bfd_min_rx_ms, gs.bfd_min_rx_ms);
  pick(e.bfd_multiplier, n.bfd_multiplier, gs.bfd_multiplier);
  return e;
}

}  // namespace

bool EffectiveNeighbor::has_family(Family f) const {
  return std::find(families.begin(), families.end(), f) != families.end();
}

bool EffectiveNeighbor::session_differs(const EffectiveNeighbor& o) const {
  // Everything that goes into the OPEN, the TCP connection or its socket options.
  auto session_fields = [](const EffectiveNeighbor& e) {
    return std::tie(e.address, e.remote_as, e.password, e.hold_time, e.keepalive, e.connect_retry, e.delay_open,
                    e.passive, e.ebgp_multihop, e.ttl_security, e.local_address, e.interface, e.families,
                    e.graceful_restart, e.restart_time, e.graceful_restart_notification, e.add_path_send, e.add_path_receive, e.shutdown);
  };
  return session_fields(*this) != session_fields(o);
}

EffectiveNeighbor effective(const Config& config, const Neighbor& neighbor) {
  const PeerGroup* g = neighbor.peer_group ? config.find_peer_group(*neighbor.peer_group) : nullptr;
  return resolve(neighbor.address, neighbor.settings, g);
}

EffectiveNeighbor effective(const Config& config, const ListenRange& range, const IpAddress& address) {
  PeerSettings own;
  own.remote_as = range.remote_as;
  EffectiveNeighbor e = resolve(address, own, config.find_peer_group(range.peer_group));
  e.dynamic = true;
  e.passive = true;  // we cannot know a dynamic neighbor before it connects
  return e;
}

bool ConfigDiff::empty() const {
  return !global_session_changed && !listen_changed && !routing_changed && neighbors_added.empty() &&
         neighbors_removed.empty() && neighbors_reset.empty() && neighbors_soft_changed.empty() &&
         policies_changed.empty() && !listen_ranges_changed && !fib_changed && !control_changed &&
         !metrics_changed && !log_changed;
}

ConfigDiff diff(const Config& before, const Config& after) {
  ConfigDiff d;
  d.global_session_changed = before.bgp.asn != after.bgp.asn || before.bgp.router_id != after.bgp.router_id;
  d.listen_changed =
      before.bgp.listen_addresses != after.bgp.listen_addresses || before.bgp.listen_port != after.bgp.listen_port;
  d.routing_changed = before.bgp.ipv4_unicast != after.bgp.ipv4_unicast ||
                      before.bgp.ipv6_unicast != after.bgp.ipv6_unicast ||
                      before.bgp.bestpath != after.bgp.bestpath ||
                      before.bgp.ebgp_requires_policy != after.bgp.ebgp_requires_policy;

  for (const Policy& p : before.policies) {
    const Policy* q = after.find_policy(p.name);
    if (!q || !(*q == p)) d.policies_changed.push_back(p.name);
  }
  for (const Policy& p : after.policies) {
    if (!before.find_policy(p.name)) d.policies_changed.push_back(p.name);
  }
  auto policy_changed = [&](const std::string& name) {
    return !name.empty() && std::find(d.policies_changed.begin(), d.policies_changed.end(), name) != d.policies_changed.end();
  };

  for (const Neighbor& n : before.neighbors) {
    if (!after.find_neighbor(n.address)) d.neighbors_removed.push_back(n.address);
  }
  for (const Neighbor& n : after.neighbors) {
    const Neighbor* old = before.find_neighbor(n.address);
    if (!old) {
      d.neighbors_added.push_back(n.address);
      continue;
    }
    const EffectiveNeighbor a = effective(before, *old);
    const EffectiveNeighbor b = effective(after, n);
    if (d.global_session_changed || b.session_differs(a)) {
      d.neighbors_reset.push_back(n.address);
    } else if (!(a == b) || policy_changed(b.import_policy) || policy_changed(b.export_policy)) {
      d.neighbors_soft_changed.push_back(n.address);
    }
  }
  d.listen_ranges_changed = before.listen_ranges != after.listen_ranges;
  if (!d.listen_ranges_changed) {
    // Dynamic neighbors inherit from their peer groups: a group change is a range change.
    for (const ListenRange& r : after.listen_ranges) {
      const PeerGroup* g0 = before.find_peer_group(r.peer_group);
      const PeerGroup* g1 = after.find_peer_group(r.peer_group);
      if (!g0 || !g1 || !(*g0 == *g1)) d.listen_ranges_changed = true;
    }
  }
  d.fib_changed = before.fib != after.fib;
  d.control_changed = before.control != after.control;
  d.metrics_changed = before.metrics != after.metrics;
  d.log_changed = before.log != after.log;
  return d;
}

}  // namespace bgp::config

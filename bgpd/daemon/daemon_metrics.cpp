// The daemon's side of a metrics scrape: copies what the exporter shows into
// a MetricsSnapshot, on the session thread (MetricsExporter posts it here).
#include <map>
#include <set>

#include "bgpd/daemon/daemon.hpp"

namespace bgp::daemon {

MetricsSnapshot Daemon::metrics_snapshot() {
  MetricsSnapshot s;
  s.version = settings_.version;
  s.config_last_reload_successful = last_reload_ok_;
  s.config_last_reload_success_timestamp_seconds = last_reload_success_unix_s_;
  for (const auto& [addr, peer] : peers_) s.neighbors.push_back(peer->metrics_sample());
  const rib::Rib& rib = routes_->rib();
  for (const Family f : {kIpv4Unicast, kIpv6Unicast}) s.rib.push_back({f, rib.best_count(f), rib.path_count(f)});
  s.fib = routes_->fib_status();

  // Anycast: RIB next hops against the kernel's, counted the way `bgpctl show
  // anycast` counts them. The kernel side reads the table back (like show
  // fib), only when there is a host route to compare.
  const auto hosts = routes_->host_routes();
  std::map<Prefix, std::size_t> kernel;
  if (s.fib && !hosts.empty()) {
    if (const auto snapshot = routes_->fib_snapshot()) {
      for (const auto& e : snapshot->entries) {
        if (!e.prefix.is_host()) continue;
        std::set<IpAddress> gateways;
        for (const auto& nh : e.kernel) gateways.insert(nh.gateway);
        kernel[e.prefix] = gateways.size();
      }
    }
  }
  for (const auto& h : hosts) {
    AnycastSample a{h.prefix, h.next_hops, std::nullopt};
    if (s.fib) {
      const auto it = kernel.find(h.prefix);
      a.kernel_next_hops = it == kernel.end() ? 0 : it->second;
    }
    s.anycast.push_back(a);
  }
  if (next_hops_) {
    for (const auto& r : next_hops_->liveness()) {
      s.liveness.push_back({r.view.next_hop, r.view.state != fib::Liveness::kDown, r.view.went_down, r.view.came_up});
    }
  }
  add_bfd_samples(s);
  return s;
}

}  // namespace bgp::daemon

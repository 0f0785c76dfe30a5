// The daemon's answers to control-socket requests (bgpctl). The request is
// parsed and type-checked by control_request.cpp; everything here runs on
// the session thread and reads state directly. The kernel's side (the FIB
// snapshot) is built on the FIB thread and comes back asynchronously.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/chrono.h>
#include <spdlog/spdlog.h>

#include "bgpd/daemon/daemon.hpp"
#include "libbgp/fib/fib_snapshot_format.hpp"

namespace bgp::daemon {
namespace {

std::optional<Prefix> prefix_of(const Json& route) {
  return route.contains("prefix") && route["prefix"].is_string() ? Prefix::parse(route["prefix"].get<std::string>()) : std::nullopt;
}

// The neighbour AS a path came from: the first AS of its AS_PATH (empty for
// our own routes and iBGP-learnt local ones).
Json first_as(const Json& path) {
  const std::string as_path = path.value("as_path", std::string());
  const std::size_t end = as_path.find(' ');
  const std::string first = as_path.substr(0, end);
  if (first.empty() || first.front() == '{' || first.front() == '(') return nullptr;
  try {
    return static_cast<std::uint32_t>(std::stoul(first));
  } catch (const std::exception&) {
    return nullptr;
  }
}

// The kernel's view of each prefix, from the FIB snapshot.
struct KernelRoute {
  std::string state;
  std::set<std::string> gateways;
};

}  // namespace

static bool reads_fib(ControlCommand c) {
  return c == ControlCommand::kShowFib || c == ControlCommand::kShowRoutes || c == ControlCommand::kShowRoute ||
         c == ControlCommand::kShowAnycast;
}

Json Daemon::handle_control(const Json& request) {
  const ParsedControlRequest parsed = control_request_from_json(request);
  if (const auto* error = std::get_if<std::string>(&parsed)) return control_error(*error);
  return control(std::get<ControlRequest>(parsed));
}

void Daemon::handle_control_async(const Json& request, ControlReply reply) {
  const ParsedControlRequest parsed = control_request_from_json(request);
  if (const auto* error = std::get_if<std::string>(&parsed)) return reply(control_error(*error));
  const ControlRequest& r = std::get<ControlRequest>(parsed);
  if (!reads_fib(r.command)) return reply(control(r));
  // NetlinkFib::snapshot() would block this thread (the one running every
  // hold and keepalive timer) behind the FIB backlog and a kernel dump: ask
  // the FIB thread instead and answer when the snapshot comes back.
  routes_->fib_snapshot_async([this, r, reply = std::move(reply)](std::optional<fib::FibSnapshot> snapshot) {
    reply(with_fib(r, snapshot ? &*snapshot : nullptr));
  });
}

Json Daemon::control(const ControlRequest& r) {
  if (reads_fib(r.command)) {
    const std::optional<fib::FibSnapshot> snapshot = routes_->fib_snapshot();  // blocking: not the control socket's path
    return with_fib(r, snapshot ? &*snapshot : nullptr);
  }
  switch (r.command) {
    case ControlCommand::kShowSummary: return control_ok(summary_json());
    case ControlCommand::kShowNeighbors:
      if (r.address && !peers_.contains(*r.address)) return control_not_found(fmt::format("no such neighbor {}", r.address->to_string()));
      return control_ok(neighbors_json(r.address));
    case ControlCommand::kShowRoutes:
    case ControlCommand::kShowRoute:
    case ControlCommand::kShowFib:
    case ControlCommand::kShowAnycast: break;  // with_fib
    case ControlCommand::kShowBfd: return control_ok(bfd_json());
    case ControlCommand::kNeighborClear:
    case ControlCommand::kNeighborShutdown:
    case ControlCommand::kNeighborEnable: return neighbor_command(r);
    case ControlCommand::kReload: {
      const ReloadResult result = reload();
      if (!result.ok) {
        Json error = control_error(result.message);
        if (!result.details.is_null()) error["details"] = result.details;  // every error, one per entry
        return error;
      }
      Json out = result.details;
      out["message"] = result.message;
      return control_ok(std::move(out));
    }
  }
  return control_error("unhandled command");
}

Json Daemon::with_fib(const ControlRequest& r, const fib::FibSnapshot* snapshot) {
  switch (r.command) {
    case ControlCommand::kShowRoutes: return routes_command(r, snapshot);
    case ControlCommand::kShowRoute: return route_command(*r.prefix, snapshot);
    case ControlCommand::kShowFib:
      if (!snapshot) return control_error("show fib: the FIB is not installed ([fib] install = false)");
      return control_ok(Json{{"from_kernel", snapshot->from_kernel}, {"routes", fib::snapshot_to_json(*snapshot)}});
    case ControlCommand::kShowAnycast: return control_ok(anycast_json(r.family, snapshot));
    default: return control(r);
  }
}

// show routes: everything, one family, exactly PREFIX, or PREFIX and its
// more specifics (--longer). Each route carries its FIB state when the FIB
// is installed, so bgpctl can mark RIB failures ("r").
Json Daemon::routes_command(const ControlRequest& r, const fib::FibSnapshot* snapshot) {
  Json all = routes_->routes_json(r.prefix);
  Json out = Json::array();
  for (auto& route : all) {
    const auto p = prefix_of(route);
    if (!p) continue;
    if (r.family && (p->afi() == Afi::kIpv6) != (*r.family == kIpv6Unicast)) continue;
    // routes_json(P) gives P's more specifics (a host P: its longest match).
    if (r.prefix && !r.longer && *p != *r.prefix) continue;
    if (r.prefix && r.longer && !r.prefix->contains(*p)) continue;
    out.push_back(std::move(route));
  }
  if (out.empty()) return control_ok(std::move(out));
  if (snapshot) {
    std::unordered_map<std::string, std::string> fib_state;
    for (const auto& e : snapshot->entries) fib_state.emplace(e.prefix.to_string(), e.state);
    for (auto& route : out) {
      const auto it = fib_state.find(route["prefix"].get<std::string>());
      route["fib"] = it == fib_state.end() ? Json() : Json(it->second);
    }
  }
  return control_ok(std::move(out));
}

// show route X: the most specific route containing X (FRR `show ip bgp X`).
Json Daemon::route_command(const Prefix& query, const fib::FibSnapshot* snapshot) {
  const rib::Rib& rib = routes_->rib();
  for (int len = query.length(); len >= 0; --len) {
    const Prefix candidate(query.address(), static_cast<std::uint8_t>(len));
    if (rib.paths(candidate).empty()) continue;
    ControlRequest exact;
    exact.command = ControlCommand::kShowRoutes;
    exact.prefix = candidate;
    Json routes = routes_command(exact, snapshot);
    if (!routes.value("ok", false) || routes["result"].empty()) break;
    Json route = routes["result"][0];
    route["query"] = query.to_string();
    return control_ok(std::move(route));
  }
  return control_not_found(fmt::format("no route for {}", query.to_string()));
}

namespace {

// A next hop's liveness for show anycast: state, since when (wall clock and
// seconds ago), what caused it, and its transition counts.
Json liveness_json(const NexthopTracker::Row& r) {
  const auto since_s = std::chrono::duration<double>(std::chrono::system_clock::now() - r.since_wall).count();
  return Json{{"next_hop", r.view.next_hop.to_string()},
              {"state", fib::liveness_name(r.view.state)},
              {"since", fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(r.since_wall)))},
              {"since_s", std::round(since_s * 1000) / 1000},
              {"cause", fib::liveness_cause_name(r.view.cause)},
              {"ifindex", r.ifindex},
              {"went_down", r.view.went_down},
              {"came_up", r.view.came_up},
              {"interval_ms", r.view.settings.interval.count()},
              {"multiplier", r.view.settings.multiplier}};
}

}  // namespace

// show anycast: every host route (/32, /128) with the next hops the RIB
// selected (best + multipath), the neighbour AS each comes from, whether
// the kernel has exactly those next hops, and each next hop's liveness.
Json Daemon::anycast_json(const std::optional<Family>& family, const fib::FibSnapshot* snapshot) {
  std::map<std::string, KernelRoute> kernel;
  if (snapshot) {
    for (const auto& e : snapshot->entries) {
      if (!e.prefix.is_host()) continue;
      KernelRoute k{e.state, {}};
      for (const auto& nh : e.kernel) k.gateways.insert(nh.gateway.to_string());
      kernel.emplace(e.prefix.to_string(), std::move(k));
    }
  }
  Json prefixes = Json::array();
  for (const auto& route : routes_->routes_json(std::nullopt)) {
    const auto p = prefix_of(route);
    if (!p || !p->is_host()) continue;
    if (family && (p->afi() == Afi::kIpv6) != (*family == kIpv6Unicast)) continue;
    const auto k = kernel.find(p->to_string());
    Json hops = Json::array();
    std::set<std::string> selected;
    std::set<std::uint32_t> ases;
    for (const auto& path : route.value("paths", Json::array())) {
      const bool sel = path.value("best", false) || path.value("multipath", false);
      const std::string nh = path.value("next_hop", std::string());
      const std::string peer = path.value("peer", std::string());
      Json h{{"next_hop", nh}, {"peer", peer}, {"peer_as", first_as(path)}, {"selected", sel}, {"stale", path.value("stale", false)}};
      if (const auto addr = IpAddress::parse(peer)) {
        if (const auto it = peers_.find(*addr); it != peers_.end()) {
          h["peer_group"] = it->second->neighbor().peer_group;
          h["description"] = it->second->neighbor().description;
        }
      }
      h["in_kernel"] = snapshot && k != kernel.end() ? Json(k->second.gateways.contains(nh)) : Json();
      const auto nh_addr = IpAddress::parse(nh);
      const auto live = nh_addr && next_hops_ ? next_hops_->liveness(*nh_addr) : std::nullopt;
      h["liveness"] = live ? liveness_json(*live) : Json();
      if (sel) {
        selected.insert(nh);
        if (h["peer_as"].is_number()) ases.insert(h["peer_as"].get<std::uint32_t>());
      }
      hops.push_back(std::move(h));
    }
    std::string status = "fib off";
    Json kernel_hops = nullptr;
    if (snapshot) {
      if (k == kernel.end() || k->second.gateways.empty()) {
        status = selected.empty() ? "complete" : "missing";
        kernel_hops = 0;
      } else {
        kernel_hops = k->second.gateways.size();
        const bool all = std::includes(k->second.gateways.begin(), k->second.gateways.end(), selected.begin(), selected.end());
        status = all && k->second.gateways.size() == selected.size() ? "complete" : all ? "extra" : "partial";
      }
    }
    prefixes.push_back(Json{{"prefix", p->to_string()},
                            {"rib_next_hops", selected.size()},
                            {"kernel_next_hops", kernel_hops},
                            {"kernel", status},
                            {"fib_state", k != kernel.end() ? Json(k->second.state) : Json()},
                            {"peer_ases", ases},
                            {"next_hops", std::move(hops)}});
  }
  Json liveness = Json::array();
  if (next_hops_) {
    for (const auto& r : next_hops_->liveness()) liveness.push_back(liveness_json(r));
  }
  return Json{{"fib", snapshot != nullptr},
              {"from_kernel", snapshot && snapshot->from_kernel},
              {"prefixes", std::move(prefixes)},
              {"liveness", std::move(liveness)}};
}

Json Daemon::neighbor_command(const ControlRequest& r) {
  const auto it = peers_.find(*r.address);
  if (it == peers_.end()) return control_not_found(fmt::format("no such neighbor {}", r.address->to_string()));
  Peer& peer = *it->second;
  const std::string name = r.address->to_string();
  switch (r.command) {
    case ControlCommand::kNeighborClear:
      if (r.clear == ClearKind::kHard) {
        if (peer.admin_down()) return control_error(fmt::format("neighbor {} is shut down (enable it first)", name));
        peer.clear();
        return control_ok(Json{{"message", fmt::format("neighbor {}: session reset (Cease/Administrative Reset)", name)}});
      }
      if (peer.established_families().empty()) return control_error(fmt::format("neighbor {} is not Established", name));
      if (r.clear == ClearKind::kSoftIn) {
        if (routes_->soft_in(peer.address()) == SoftIn::kReevaluated) {
          return control_ok(Json{{"message", fmt::format("neighbor {}: stored routes re-evaluated (soft reconfiguration inbound)", name)}});
        }
        if (!soft_in(peer)) {
          return control_error(fmt::format("neighbor {} did not advertise route refresh: use a hard clear", name));
        }
        return control_ok(Json{{"message", fmt::format("neighbor {}: ROUTE-REFRESH sent; its routes are re-evaluated as they arrive", name)}});
      }
      // soft out: forget what was sent and send the whole Adj-RIB-Out again
      // (route_refresh recomputes it whole, every family at once).
      routes_->route_refresh(peer.address(), peer.established_families().front());
      return control_ok(Json{{"message", fmt::format("neighbor {}: Adj-RIB-Out re-sent", name)}});
    case ControlCommand::kNeighborShutdown:
      if (peer.dynamic()) {
        return control_error(fmt::format("neighbor {} is dynamic: it would come back through its listen range (change the range)", name));
      }
      peer.admin_shutdown(r.message);
      return control_ok(Json{{"message", fmt::format("neighbor {}: shut down (Cease/Administrative Shutdown)", name)}});
    case ControlCommand::kNeighborEnable:
      if (!peer.admin_down()) {
        if (peer.neighbor().shutdown) return control_error(fmt::format("neighbor {} is shut down in the configuration", name));
        return control_ok(Json{{"message", fmt::format("neighbor {}: already enabled", name)}});
      }
      peer.admin_enable();
      return control_ok(Json{{"message", fmt::format("neighbor {}: enabled", name)}});
    default: break;
  }
  return control_error("not a neighbor command");
}

}  // namespace bgp::daemon

// NetlinkFib worker: desired routes -> kernel requests; kernel events -> repairs.
// Runs only on the worker thread (or after it stopped).
#include <linux/rtnetlink.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "libbgp/fib/netlink_fib_worker.hpp"
#include "libbgp/log/logger.hpp"

namespace bgp::fib {
namespace {

bool missing_is_fine(int error) { return error == ESRCH || error == ENOENT; }

// Kernel dumps report a single path with weight 1; compare sets that way.
std::vector<NextHop> comparable(std::vector<NextHop> set) {
  if (set.size() == 1) set[0].weight = 1;
  return set;
}

}  // namespace

// ---- start-up -----------------------------------------------------------

void NetlinkFib::Worker::load_initial_state() {
  std::vector<char> req(4096);
  std::vector<KernelNexthop> nexthops;
  int e = sync_->transact(put_nexthop_dump(req.data(), 1), [&](const nlmsghdr* nlh) {
    if (auto k = parse_nexthop(nlh)) nexthops.push_back(*k);
  });
  nexthop_objects_ = !options_.force_multipath && e == 0;
  if (e != 0 && !options_.force_multipath) {
    log::fib().info("fib: kernel nexthop objects unavailable ({}); using RTA_MULTIPATH", std::strerror(e));
  }
  if (nexthop_objects_) registry_.adopt(nexthops);

  for (auto& r : dump_routes()) {
    stale_.emplace(r.prefix, std::move(r));
  }
  e = sync_->transact(put_link_dump(req.data(), 2), [&](const nlmsghdr* nlh) {
    if (auto l = parse_link(nlh)) link_up_[l->ifindex] = l->up;
  });
  if (e != 0) log::fib().warn("fib: link dump failed: {}", std::strerror(e));
  if (!stale_.empty()) {
    log::fib().info("fib: {} routes of protocol {} in table {} from a previous run kept as stale", stale_.size(),
                 options_.target.protocol, options_.target.table);
  }
}

std::vector<KernelRoute> NetlinkFib::Worker::dump_routes() {
  std::vector<KernelRoute> out;
  std::vector<char> req(4096);
  std::uint32_t seq = 10;
  for (int family : {AF_INET, AF_INET6}) {
    const int e = sync_->transact(put_route_dump(req.data(), ++seq, family), [&](const nlmsghdr* nlh) {
      auto r = parse_route(nlh);
      if (r && r->protocol == options_.target.protocol && r->table == options_.target.table &&
          r->metric == options_.target.metric) {
        out.push_back(std::move(*r));
      }
    });
    if (e != 0) log::fib().warn("fib: route dump failed: {}", std::strerror(e));
  }
  return out;
}

// ---- planning -----------------------------------------------------------

void NetlinkFib::Worker::set_state(Route& route, RouteState state) {
  if (route.state == RouteState::kInstalled) --installed_count_;
  if (route.state == RouteState::kFailed) --failed_count_;
  if (route.state == RouteState::kDown) --down_count_;
  route.state = state;
  if (state == RouteState::kInstalled) ++installed_count_;
  if (state == RouteState::kFailed) ++failed_count_;
  if (state == RouteState::kDown) ++down_count_;
}

bool NetlinkFib::Worker::resolve(const std::vector<NextHop>& wanted, std::vector<NextHop>& out, int& error,
                                 std::string& message) {
  // A next hop without a device is resolved by asking the kernel which device
  // reaches it (RTM_GETROUTE). A directly connected one is used as it is; one
  // reached through a kernel route with a gateway (a static or IGP route: the
  // RIB only deems such a next hop resolvable when a non-BGP route covers it)
  // is installed via that route's gateway, one level, as zebra does for a
  // recursive BGP next hop. An unresolvable one is dropped from the set; the
  // route fails only when none is left.
  out.clear();
  for (const auto& want : wanted) {
    NextHop nh = want;
    if (nh.ifindex == 0) {
      auto it = resolved_ifindex_.find(nh.gateway);
      if (it == resolved_ifindex_.end()) {
        std::vector<char> req(512);
        NextHop via{nh.gateway, 0, nh.weight};
        std::string text;
        const int e = sync_->transact(
            put_route_lookup(req.data(), 3, nh.gateway),
            [&](const nlmsghdr* nlh) {
              auto r = parse_route(nlh);
              if (!r || r->type != RTN_UNICAST) return;
              via.ifindex = r->oif;
              if (r->has_gateway && !r->next_hops.empty()) via.gateway = r->next_hops.front().gateway;
            },
            &text);
        if (e != 0) log::fib().debug("fib: lookup of {}: {}", nh.gateway.to_string(), std::strerror(e));
        it = resolved_ifindex_.emplace(nh.gateway, via).first;
      }
      nh.gateway = it->second.gateway;
      nh.ifindex = it->second.ifindex;
      if (nh.ifindex == 0) {
        error = ENETUNREACH;
        message = "gateway " + want.gateway.to_string() + " is not reachable through a connected network or kernel route";
        continue;
      }
    }
    out.push_back(nh);
  }
  if (out.size() > 1) out = normalized(std::move(out));  // ifindex is part of the order
  return !out.empty();
}

std::vector<NextHop> NetlinkFib::Worker::usable(const std::vector<NextHop>& resolved) const {
  std::vector<NextHop> out;
  for (const auto& nh : resolved) {
    auto it = link_up_.find(nh.ifindex);
    if (it == link_up_.end() || it->second) out.push_back(nh);
  }
  return out;
}

void NetlinkFib::Worker::fail(const Prefix& prefix, Route& route, int error, std::string message) {
  ++errors_;
  Failure& f = failures_[prefix];
  ++f.attempts;
  f.error = error;
  f.message = std::move(message);
  set_state(route, RouteState::kFailed);
  failed_.insert(prefix);
  const auto backoff = std::min(options_.retry_max, options_.retry_initial * (1u << std::min(f.attempts - 1, 16u)));
  f.next_retry = Clock::now() + backoff;
  next_retry_at_ = std::min(next_retry_at_, f.next_retry);
  if (errors_ <= 100 || errors_ % 10000 == 0) {
    log::fib().warn("fib: {} failed ({}): {}; retry in {} ms", prefix.to_string(), std::strerror(error), f.message,
                 backoff.count());
  }
  report({prefix, FibOutcome::kFailed, error, f.message, f.attempts});
}

void NetlinkFib::Worker::forget(const Prefix& prefix, Route& route) {
  set_state(route, RouteState::kPending);  // out of the counters
  sets_.release(route.wanted);
  sets_.release(route.resolved);
  route.wanted = route.resolved = NexthopSets::kEmpty;
  failures_.erase(prefix);
  failed_.erase(prefix);
  partial_.erase(prefix);
}

void NetlinkFib::Worker::install(const Prefix& prefix, Route& route) {
  std::vector<NextHop>& resolved = resolved_scratch_;
  int error = 0;
  std::string message;
  const std::vector<NextHop>& wanted = sets_.get(route.wanted);
  const bool any = resolve(wanted, resolved, error, message);
  // Some gateways unresolved: install the rest, and look again when links or
  // addresses change (and periodically).
  if (any && resolved.size() < wanted.size()) {
    partial_.insert(prefix);
  } else {
    partial_.erase(prefix);
  }
  if (!any) {
    if (route.in_kernel) {
      emit_route_delete(prefix);
      route.in_kernel = false;
    }
    if (route.nhid != 0) {
      std::vector<NexthopOp> deletes;
      registry_.release(route.nhid, deletes);
      route.nhid = 0;
      emit_nexthop_ops(deletes);
    }
    sets_.assign(route.resolved, NexthopSets::kEmpty);
    fail(prefix, route, error, message);
    return;
  }
  const NexthopSets::Id resolved_id = sets_.acquire(resolved);
  if (!nexthop_objects_) {
    sets_.assign(route.resolved, resolved_id);
    sets_.release(resolved_id);
    const auto paths = usable(sets_.get(route.resolved));
    if (paths.empty()) {
      if (route.in_kernel) emit_route_delete(prefix);
      route.in_kernel = false;
      set_state(route, RouteState::kDown);
      return;
    }
    set_state(route, RouteState::kPending);
    emit_route_add(prefix, route, 0, paths);
    return;
  }
  std::vector<NexthopOp> ops, deletes;
  std::uint32_t nhid = route.nhid;
  if (nhid == 0 || resolved_id != route.resolved) {
    auto acquired = registry_.acquire(resolved, ops);
    if (!acquired) {
      sets_.release(resolved_id);
      fail(prefix, route, ENOSPC, "nexthop id range exhausted");
      return;
    }
    if (route.nhid != 0) registry_.release(route.nhid, deletes);
    nhid = *acquired;
  } else {
    registry_.repair(nhid, ops);  // a retry: re-create whatever the kernel refused before
  }
  route.nhid = nhid;
  sets_.assign(route.resolved, resolved_id);
  sets_.release(resolved_id);
  emit_nexthop_ops(ops);
  if (!registry_.live(nhid)) {
    // Every next hop is on a device that is down: nothing to install until one returns.
    if (route.in_kernel) emit_route_delete(prefix);
    route.in_kernel = false;
    set_state(route, RouteState::kDown);
  } else {
    set_state(route, RouteState::kPending);
    emit_route_add(prefix, route, nhid, {});
  }
  emit_nexthop_ops(deletes);
}

void NetlinkFib::Worker::apply(const Prefix& prefix, NexthopSets::Id wanted, Clock::time_point submitted) {
  auto it = routes_.find(prefix);
  if (wanted == NexthopSets::kEmpty) {
    if (it != routes_.end()) {
      Route& route = it->second;
      // A pending add may be in the kernel already: delete unless known absent.
      if (route.in_kernel || route.state == RouteState::kPending) emit_route_delete(prefix);
      if (route.nhid != 0) {
        std::vector<NexthopOp> deletes;
        registry_.release(route.nhid, deletes);
        emit_nexthop_ops(deletes);
      }
      forget(prefix, route);
      routes_.erase(it);
    } else if (stale_.erase(prefix) > 0) {
      emit_route_delete(prefix);
    }
    return;
  }
  if (it != routes_.end() && it->second.wanted == wanted && it->second.state != RouteState::kFailed) return;
  if (it == routes_.end()) it = routes_.emplace(prefix, Route{}).first;
  Route& route = it->second;
  sets_.assign(route.wanted, wanted);
  failures_.erase(prefix);
  failed_.erase(prefix);
  route.submitted = submitted;

  // A route a previous run left that already forwards the way we want is
  // adopted without touching the kernel (restart without disruption).
  if (auto stale = stale_.find(prefix); stale != stale_.end()) {
    KernelRoute old = std::move(stale->second);
    stale_.erase(stale);
    std::vector<NextHop> resolved;
    int error = 0;
    std::string message;
    if (resolve(sets_.get(route.wanted), resolved, error, message)) {
      if (nexthop_objects_ && old.nhid != 0 && registry_.find(resolved) == old.nhid) {
        std::vector<NexthopOp> none;
        route.nhid = *registry_.acquire(resolved, none);
        sets_.release(std::exchange(route.resolved, sets_.acquire(resolved)));
        route.in_kernel = true;
        route.submitted = {};  // adopted: nothing to wait for
        set_state(route, RouteState::kInstalled);
        return;
      }
      if (!nexthop_objects_ && old.nhid == 0 && comparable(old.next_hops) == comparable(usable(resolved))) {
        sets_.release(std::exchange(route.resolved, sets_.acquire(resolved)));
        route.in_kernel = true;
        route.submitted = {};  // adopted: nothing to wait for
        set_state(route, RouteState::kInstalled);
        return;
      }
    }
    route.in_kernel = true;  // replaced in place by install()
  }
  install(prefix, route);
}

void NetlinkFib::Worker::process(const RouteBatch& batch, std::span<const NexthopSets::Id> ids, std::size_t begin,
                                 std::size_t end, Clock::time_point submitted) {
  const auto routes = std::span(batch.routes).subspan(begin, end - begin);
  if (nexthop_objects_) {
    // Churn: when every prefix using a group moves to the same new set (the
    // anycast case), rewrite the group's members in place — one request,
    // however many prefixes share it — instead of re-pointing each route.
    struct Move {
      std::vector<NextHop> set;
      std::unordered_set<Prefix> prefixes;
      std::vector<const RouteBatch::Route*> updates;
      bool uniform = true;
    };
    std::unordered_map<std::uint32_t, Move> moves;
    for (const auto& u : routes) {
      const NexthopSets::Id wanted = ids[u.set];
      if (sets_.get(wanted).size() < 2) continue;  // only groups move (and no lookup for single paths)
      auto it = routes_.find(u.prefix);
      if (it == routes_.end() || !it->second.in_kernel || it->second.state != RouteState::kInstalled ||
          !registry_.is_group(it->second.nhid) || wanted == it->second.wanted) {
        continue;
      }
      std::vector<NextHop> set;
      int error = 0;
      std::string message;
      if (!resolve(sets_.get(wanted), set, error, message) || set.size() < 2) continue;
      Move& m = moves[it->second.nhid];
      if (m.prefixes.empty()) m.set = set;
      if (m.set != set) m.uniform = false;
      m.prefixes.insert(u.prefix);
      m.updates.push_back(&u);
    }
    for (auto& [gid, m] : moves) {
      if (!m.uniform || m.prefixes.size() != registry_.refs(gid)) continue;
      std::vector<NexthopOp> ops, deletes;
      if (!registry_.rekey_group(gid, m.set, ops, deletes)) continue;
      emit_nexthop_ops(ops);
      const NexthopSets::Id resolved = sets_.acquire(m.set);
      for (const auto* u : m.updates) {
        Route& route = routes_.at(u->prefix);
        sets_.assign(route.wanted, ids[u->set]);
        sets_.assign(route.resolved, resolved);
      }
      sets_.release(resolved);
      emit_nexthop_ops(deletes);
    }
  }
  for (const auto& u : routes) apply(u.prefix, ids[u.set], submitted);
}

void NetlinkFib::Worker::reinstall_partial() {
  if (partial_.empty()) return;
  resolved_ifindex_.clear();
  const std::vector<Prefix> prefixes(partial_.begin(), partial_.end());
  for (const auto& p : prefixes) {
    Route& r = routes_.at(p);
    if (r.state != RouteState::kFailed) install(p, r);
  }
}

void NetlinkFib::Worker::retry_due() {
  const auto now = Clock::now();
  if (!partial_.empty() && now >= next_partial_check_) {
    next_partial_check_ = now + std::chrono::seconds(1);
    reinstall_partial();
  }
  if (failed_.empty() || now < next_retry_at_) return;
  resolved_ifindex_.clear();  // gateways may have become reachable
  next_retry_at_ = Clock::time_point::max();
  std::vector<Prefix> due;
  for (const auto& p : failed_) {
    const Failure& f = failures_.at(p);
    if (f.next_retry <= now) {
      due.push_back(p);
    } else {
      next_retry_at_ = std::min(next_retry_at_, f.next_retry);
    }
  }
  for (const auto& p : due) {
    failed_.erase(p);
    Route& route = routes_.at(p);
    const Failure& f = failures_.at(p);
    ++retries_;
    report({p, FibOutcome::kRetrying, f.error, f.message, f.attempts});
    install(p, route);
  }
}

// ---- replies ------------------------------------------------------------

void NetlinkFib::Worker::finish(InFlight& op) {
  const std::string text = op.error != 0 ? take_error_text(op.seq) : std::string();
  // A delete of something already gone is not an error worth counting.
  const bool delete_kind = op.kind == InFlight::Kind::kRouteDelete || op.kind == InFlight::Kind::kNexthopDelete;
  if (op.error != 0 && !(delete_kind && missing_is_fine(op.error))) ++op_errors_[static_cast<std::size_t>(op.kind)];
  switch (op.kind) {
    case InFlight::Kind::kNexthop:
      if (op.error != 0) {
        ++errors_;
        log::fib().warn("fib: nexthop {} refused: {} ({})", op.nhid, text, std::strerror(op.error));
        registry_.mark_missing(op.nhid);
        nexthop_errors_[op.nhid] = {op.error, text};
        if (registry_.is_group(op.nhid)) {
          // Routes on a group whose rewrite failed forward to stale members: retry them.
          for (auto& [p, r] : routes_) {
            if (r.nhid == op.nhid && r.state == RouteState::kInstalled) {
              fail(p, r, op.error, "nexthop group update: " + text);
            }
          }
        }
      }
      return;
    case InFlight::Kind::kNexthopDelete:
      if (op.error != 0 && !missing_is_fine(op.error)) {
        ++errors_;
        log::fib().warn("fib: deleting nexthop {} failed: {} ({})", op.nhid, text, std::strerror(op.error));
      }
      return;
    case InFlight::Kind::kRouteDelete:
      if (op.error != 0 && !missing_is_fine(op.error)) {
        ++errors_;
        log::fib().warn("fib: deleting {} failed: {}", op.prefix.to_string(), std::strerror(op.error));
        report({op.prefix, FibOutcome::kFailed, op.error, text, 1});
      } else if (options_.report_installed) {
        report({op.prefix, FibOutcome::kRemoved, 0, {}, 1});
      }
      return;
    case InFlight::Kind::kRouteAdd:
      break;
  }
  auto it = routes_.find(op.prefix);
  if (it == routes_.end() || it->second.seq != op.seq) return;  // superseded
  Route& route = it->second;
  if (op.error != 0) {
    // A nexthop refused earlier in the batch explains the route's failure better.
    std::string message = text.empty() ? std::strerror(op.error) : text;
    int error = op.error;
    std::vector<std::uint32_t> ids{op.nhid};
    for (const auto& nh : sets_.get(route.resolved)) {
      if (auto id = registry_.find({nh})) ids.push_back(*id);
    }
    for (auto id : ids) {
      if (auto ne = nexthop_errors_.find(id); ne != nexthop_errors_.end()) {
        error = ne->second.first;
        message = "nexthop: " + (ne->second.second.empty() ? std::string(std::strerror(error)) : ne->second.second);
        break;
      }
    }
    route.in_kernel = false;
    fail(op.prefix, route, error, std::move(message));
    return;
  }
  route.in_kernel = true;
  if (route.submitted != Clock::time_point{}) {
    install_latency_.observe(std::chrono::duration<double>(Clock::now() - route.submitted).count());
    route.submitted = {};
  }
  const bool recovered = failures_.erase(op.prefix) > 0;
  set_state(route, RouteState::kInstalled);
  if (options_.report_installed || recovered) report({op.prefix, FibOutcome::kInstalled, 0, {}, 0});
}

// ---- kernel events ------------------------------------------------------

void NetlinkFib::Worker::drain_monitor() {
  std::vector<char> buf(256 << 10);
  for (;;) {
    const long n = monitor_->receive(buf.data(), buf.size(), false);
    if (n == -EAGAIN || n == -EWOULDBLOCK) return;
    if (n == -ENOBUFS) {
      // Events were lost: re-read link state and check our routes are all there.
      log::fib().warn("fib: netlink monitor overflow; resynchronising");
      std::vector<char> req(4096);
      std::unordered_map<std::uint32_t, bool> now;
      sync_->transact(put_link_dump(req.data(), 4), [&](const nlmsghdr* nlh) {
        if (auto l = parse_link(nlh)) now[l->ifindex] = l->up;
      });
      for (const auto& [ifindex, up] : now) on_link({ifindex, up, false});
      verify_installed();
      continue;
    }
    if (n < 0) return;
    int len = static_cast<int>(n);
    for (auto* nlh = reinterpret_cast<const nlmsghdr*>(buf.data()); mnl_nlmsg_ok(nlh, len);
         nlh = mnl_nlmsg_next(nlh, &len)) {
      switch (nlh->nlmsg_type) {
        case RTM_NEWLINK:
        case RTM_DELLINK:
          if (auto l = parse_link(nlh)) on_link(*l);
          break;
        case RTM_NEWADDR:
        case RTM_DELADDR:
          if (auto a = parse_address(nlh)) on_address(*a);
          break;
        case RTM_DELROUTE:
          if (auto r = parse_route(nlh)) on_route_deleted(*r);
          break;
        default:
          break;  // our own RTM_NEWROUTE echoes, among others
      }
    }
  }
}

void NetlinkFib::Worker::verify_installed() {
  std::unordered_set<Prefix> present;
  present.reserve(routes_.size());
  for (const auto& r : dump_routes()) present.insert(r.prefix);
  std::size_t restored = 0;
  for (auto& [p, r] : routes_) {
    if (r.in_kernel && r.state == RouteState::kInstalled && !present.contains(p)) {
      r.in_kernel = false;
      install(p, r);
      ++restored;
    }
  }
  if (restored > 0) log::fib().warn("fib: {} routes were missing from the kernel; put back", restored);
}

void NetlinkFib::Worker::on_link(const LinkState& link) {
  auto it = link_up_.find(link.ifindex);
  const bool was_up = it == link_up_.end() ? true : it->second;
  if (link.deleted) {
    link_up_.erase(link.ifindex);
  } else {
    link_up_[link.ifindex] = link.up;
  }
  if (was_up == link.up) return;
  resolved_ifindex_.clear();
  link_changed(link.ifindex, link.up);
}

void NetlinkFib::Worker::link_changed(std::uint32_t ifindex, bool up) {
  log::fib().info("fib: link {} {}", ifindex, up ? "up" : "down");
  auto touches = [this, ifindex](const Route& r) {
    const auto& resolved = sets_.get(r.resolved);
    return std::any_of(resolved.begin(), resolved.end(), [&](const NextHop& nh) { return nh.ifindex == ifindex; });
  };
  if (!nexthop_objects_) {
    // RTA_MULTIPATH routes must be rewritten without (or again with) those paths.
    for (auto& [p, r] : routes_) {
      if (touches(r) && r.state != RouteState::kFailed) install(p, r);
    }
  } else if (!up) {
    // The kernel already flushed the objects on this device from every group;
    // routes whose object or group vanished with them are gone from the kernel.
    const auto gone = registry_.link_down(ifindex);
    const std::unordered_set<std::uint32_t> gone_set(gone.begin(), gone.end());
    for (auto& [p, r] : routes_) {
      if (gone.empty()) break;
      if (gone_set.contains(r.nhid) && !registry_.live(r.nhid)) {
        r.in_kernel = false;
        set_state(r, RouteState::kDown);
      }
    }
  } else {
    std::vector<NexthopOp> ops;
    registry_.link_up(ifindex, ops);
    emit_nexthop_ops(ops);
    // Only routes that are down can come back (a scan of the whole table
    // otherwise, for every address event such as an IPv6 link-local one).
    for (auto& [p, r] : routes_) {
      if (down_count_ == 0) break;
      if (r.state == RouteState::kDown && r.nhid != 0 && registry_.live(r.nhid)) {
        set_state(r, RouteState::kPending);
        emit_route_add(p, r, r.nhid, {});
      }
    }
  }
  if (up) {
    reinstall_partial();
    for (const auto& p : failed_) failures_.at(p).next_retry = Clock::now();
    next_retry_at_ = Clock::now();
  }
}

void NetlinkFib::Worker::on_address(const AddressEvent& event) {
  resolved_ifindex_.clear();
  if (!nexthop_objects_) {
    // Re-resolve the routes through that device: gateways leave or rejoin the set.
    for (auto& [p, r] : routes_) {
      const auto& wanted = sets_.get(r.wanted);
      const bool touches = std::any_of(wanted.begin(), wanted.end(), [&](const NextHop& nh) {
        return event.subnet.contains(nh.gateway);
      });
      if (touches) install(p, r);
    }
    return;
  }
  if (event.removed) {
    // The kernel keeps nexthop objects whose gateway lost its connected
    // subnet; delete them ourselves (one request each, every group at once).
    const auto gone = registry_.link_down(event.ifindex, event.subnet);
    std::vector<NexthopOp> deletes;
    for (auto id : gone) {
      if (!registry_.is_group(id)) deletes.push_back({NexthopOp::Kind::kDelete, id, {}, 0, {}});
    }
    emit_nexthop_ops(deletes);
    const std::unordered_set<std::uint32_t> gone_set(gone.begin(), gone.end());
    for (auto& [p, r] : routes_) {
      if (gone.empty()) break;
      if (gone_set.contains(r.nhid) && !registry_.live(r.nhid)) {
        r.in_kernel = false;
        set_state(r, RouteState::kDown);
      }
    }
  } else {
    std::vector<NexthopOp> ops;
    registry_.link_up(event.ifindex, ops, event.subnet);
    emit_nexthop_ops(ops);
    // Only routes that are down can come back (a scan of the whole table
    // otherwise, for every address event such as an IPv6 link-local one).
    for (auto& [p, r] : routes_) {
      if (down_count_ == 0) break;
      if (r.state == RouteState::kDown && r.nhid != 0 && registry_.live(r.nhid)) {
        set_state(r, RouteState::kPending);
        emit_route_add(p, r, r.nhid, {});
      }
    }
    reinstall_partial();
    for (const auto& p : failed_) failures_.at(p).next_retry = Clock::now();
    next_retry_at_ = Clock::now();
  }
}

void NetlinkFib::Worker::on_route_deleted(const KernelRoute& kr) {
  if (kr.protocol != options_.target.protocol || kr.table != options_.target.table ||
      kr.metric != options_.target.metric) {
    return;
  }
  auto it = routes_.find(kr.prefix);
  if (it == routes_.end() || !it->second.in_kernel || it->second.state != RouteState::kInstalled) return;
  Route& route = it->second;
  route.in_kernel = false;
  if (nexthop_objects_ && !registry_.live(route.nhid)) {
    set_state(route, RouteState::kDown);
    return;
  }
  log::fib().warn("fib: {} was deleted from the kernel by someone else; putting it back", kr.prefix.to_string());
  set_state(route, RouteState::kPending);
  install(kr.prefix, route);
}

// ---- control ------------------------------------------------------------

void NetlinkFib::Worker::sweep_stale() {
  std::size_t n = stale_.size();
  for (const auto& [p, r] : stale_) emit_route_delete(p);
  stale_.clear();
  std::vector<NexthopOp> deletes;
  if (nexthop_objects_) registry_.sweep_unused(deletes);
  emit_nexthop_ops(deletes);
  send_pending();
  log::fib().info("fib: swept {} stale routes and {} unused nexthop objects", n, deletes.size());
}

FibSnapshot NetlinkFib::Worker::build_snapshot() {
  send_pending();
  FibSnapshot snap;
  snap.from_kernel = true;
  std::unordered_map<Prefix, KernelRoute> kernel;
  for (auto& r : dump_routes()) kernel.emplace(r.prefix, std::move(r));
  for (const auto& [p, r] : routes_) {
    FibEntry e;
    e.prefix = p;
    e.wanted = comparable(r.resolved == NexthopSets::kEmpty ? sets_.get(r.wanted) : usable(sets_.get(r.resolved)));
    e.nexthop_id = r.nhid;
    if (auto k = kernel.find(p); k != kernel.end()) {
      e.kernel = comparable(k->second.next_hops);
      e.nexthop_id = k->second.nhid;
      kernel.erase(k);
    }
    switch (r.state) {
      case RouteState::kInstalled: e.state = e.kernel.empty() ? "missing" : "installed"; break;
      case RouteState::kPending: e.state = "pending"; break;
      case RouteState::kDown: e.state = "down: no next hop has a usable device"; break;
      case RouteState::kFailed: {
        const auto f = failures_.find(p);
        e.state = "failed: " + (f != failures_.end() ? f->second.message : std::string("unknown"));
        break;
      }
    }
    snap.entries.push_back(std::move(e));
  }
  for (auto& [p, k] : kernel) {
    FibEntry e;
    e.prefix = p;
    e.kernel = comparable(k.next_hops);
    e.nexthop_id = k.nhid;
    e.stale = stale_.contains(p);
    e.state = e.stale ? "stale" : "unexpected";
    snap.entries.push_back(std::move(e));
  }
  std::sort(snap.entries.begin(), snap.entries.end(),
            [](const FibEntry& a, const FibEntry& b) { return a.prefix < b.prefix; });
  return snap;
}

void NetlinkFib::Worker::flush_all() {
  for (auto& [p, r] : routes_) {
    if (r.in_kernel || r.state == RouteState::kPending) emit_route_delete(p);
  }
  for (const auto& [p, r] : stale_) emit_route_delete(p);
  routes_.clear();
  sets_ = NexthopSets();
  stale_.clear();
  failures_.clear();
  failed_.clear();
  partial_.clear();
  installed_count_ = failed_count_ = down_count_ = 0;
  send_pending();
  if (nexthop_objects_) {
    // Groups first, then objects: deleting an object a group uses would rewrite the group.
    std::vector<char> req(4096);
    std::vector<KernelNexthop> found;
    sync_->transact(put_nexthop_dump(req.data(), 5), [&](const nlmsghdr* nlh) {
      if (auto k = parse_nexthop(nlh); k && registry_.owns(k->id)) found.push_back(*k);
    });
    std::stable_partition(found.begin(), found.end(), [](const KernelNexthop& k) { return !k.members.empty(); });
    std::vector<NexthopOp> deletes;
    for (const auto& k : found) deletes.push_back({NexthopOp::Kind::kDelete, k.id, {}, 0, {}});
    emit_nexthop_ops(deletes);
    registry_ = NexthopRegistry(options_.nexthop_id_base, options_.nexthop_id_count);
  }
  send_pending();
  drain_replies(true);
}

}  // namespace bgp::fib

#include "libbgp/fib/fib_sink.hpp"

#include <algorithm>

namespace bgp::fib {

std::vector<NextHop> normalized(std::vector<NextHop> set) {
  std::sort(set.begin(), set.end());
  // Two entries for the same (gateway, ifindex) with different weights would
  // be one kernel next hop twice; keep the first (lowest weight sorts first).
  set.erase(std::unique(set.begin(), set.end(),
                        [](const NextHop& a, const NextHop& b) {
                          return a.gateway == b.gateway && a.ifindex == b.ifindex;
                        }),
            set.end());
  for (auto& nh : set) nh.weight = std::max<std::uint8_t>(nh.weight, 1);
  return set;
}

void RouteBatch::add(const Prefix& prefix, std::span<const NextHop> next_hops) {
  std::uint32_t set = 0;
  if (!next_hops.empty()) {
    const auto& last = sets[last_];
    set = std::equal(next_hops.begin(), next_hops.end(), last.begin(), last.end())
              ? last_
              : set_index({next_hops.begin(), next_hops.end()});
  }
  routes.push_back({prefix, set});
}

void RouteBatch::add_gateways(const Prefix& prefix, std::span<const IpAddress> gateways) {
  std::uint32_t set = 0;
  if (!gateways.empty()) {
    const auto& last = sets[last_];
    const bool same = std::equal(gateways.begin(), gateways.end(), last.begin(), last.end(),
                                 [](const IpAddress& g, const NextHop& nh) {
                                   return nh.gateway == g && nh.ifindex == 0 && nh.weight == 1;
                                 });
    if (same) {
      set = last_;
    } else {
      std::vector<NextHop> hops;
      hops.reserve(gateways.size());
      for (const IpAddress& g : gateways) hops.push_back({g, 0, 1});
      set = set_index(std::move(hops));
    }
  }
  routes.push_back({prefix, set});
}

std::uint32_t RouteBatch::set_index(std::vector<NextHop> set) {
  auto [it, added] = index_.try_emplace(set, static_cast<std::uint32_t>(sets.size()));
  if (added) sets.push_back(std::move(set));
  last_ = it->second;
  return last_;
}

SubmitStatus FibSink::submit(std::span<const RouteUpdate> updates) {
  RouteBatch batch;
  batch.routes.reserve(updates.size());
  for (const RouteUpdate& u : updates) batch.add(u.prefix, u.next_hops);
  return submit(std::move(batch));
}

std::string_view fib_outcome_name(FibOutcome o) {
  switch (o) {
    case FibOutcome::kInstalled: return "installed";
    case FibOutcome::kRemoved: return "removed";
    case FibOutcome::kFailed: return "failed";
    case FibOutcome::kRetrying: return "retrying";
  }
  return "unknown";
}

std::string_view netlink_op_name(NetlinkOp op) {
  switch (op) {
    case NetlinkOp::kRouteAdd: return "route_add";
    case NetlinkOp::kRouteDelete: return "route_delete";
    case NetlinkOp::kNexthopSet: return "nexthop_set";
    case NetlinkOp::kNexthopDelete: return "nexthop_delete";
  }
  return "unknown";
}

void LatencyHistogram::observe(double seconds) {
  const auto it = std::lower_bound(kBounds.begin(), kBounds.end(), seconds);  // first bound >= seconds: le semantics
  ++counts[static_cast<std::size_t>(it - kBounds.begin())];
  sum += seconds;
  ++count;
}

}  // namespace bgp::fib

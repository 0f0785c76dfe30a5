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

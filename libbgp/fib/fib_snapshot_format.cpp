#include "libbgp/fib/fib_snapshot_format.hpp"

#include <fmt/format.h>

namespace bgp::fib {
namespace {

nlohmann::json hops_json(const std::vector<NextHop>& hops) {
  auto out = nlohmann::json::array();
  for (const auto& nh : hops) {
    out.push_back({{"gateway", nh.gateway.to_string()}, {"ifindex", nh.ifindex}, {"weight", nh.weight}});
  }
  return out;
}

std::string hops_text(const std::vector<NextHop>& hops) {
  if (hops.empty()) return "-";
  std::string out;
  for (const auto& nh : hops) {
    if (!out.empty()) out += ",";
    out += nh.gateway.to_string();
    if (nh.ifindex != 0) out += fmt::format("%{}", nh.ifindex);
    if (nh.weight != 1) out += fmt::format("*{}", nh.weight);
  }
  return out;
}

}  // namespace

nlohmann::json snapshot_to_json(const FibSnapshot& snapshot) {
  auto out = nlohmann::json::array();
  for (const auto& e : snapshot.entries) {
    out.push_back({{"prefix", e.prefix.to_string()},
                   {"state", e.state},
                   {"stale", e.stale},
                   {"differs", e.differs()},
                   {"nexthop_id", e.nexthop_id},
                   {"wanted", hops_json(e.wanted)},
                   {"kernel", hops_json(e.kernel)}});
  }
  return out;
}

std::string snapshot_to_text(const FibSnapshot& snapshot) {
  std::string out = fmt::format("{:<44} {:<10} {:<40} {:<40} {}\n", "Prefix", "NH id", "Wanted (RIB)", "Kernel", "State");
  std::size_t differing = 0;
  for (const auto& e : snapshot.entries) {
    if (e.differs()) ++differing;
    out += fmt::format("{:<44} {:<10} {:<40} {:<40} {}{}\n", e.prefix.to_string(),
                       e.nexthop_id == 0 ? std::string("-") : std::to_string(e.nexthop_id), hops_text(e.wanted),
                       hops_text(e.kernel), e.state, e.differs() ? " *" : "");
  }
  out += fmt::format("{} prefixes, {} differ between RIB and kernel (*)\n", snapshot.entries.size(), differing);
  return out;
}

}  // namespace bgp::fib

#pragma once
// What `bgpctl show routes [PREFIX] [--json]` prints: every prefix with every
// path, which one is best and which are multipath. Text in the layout of
// FRR's `show ip bgp` so operators recognise it; JSON per the public contract
// (DESIGN.md): a list of {prefix, best, paths: [{next_hop, as_path, peer,
// multipath, ...}]}.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "libbgp/rib/rib.hpp"

namespace bgp::rib {

struct PathRow {
  IpAddress peer;          // unspecified for locally originated routes
  IpAddress next_hop;      // unspecified: this speaker
  std::string as_path;     // "65101 65200 {1,2}"
  Origin origin = Origin::kIgp;
  std::optional<std::uint32_t> med;
  std::optional<std::uint32_t> local_pref;
  std::uint32_t weight = 0;
  bool valid = false;      // next hop resolvable: a decision candidate
  bool best = false;
  bool multipath = false;  // in the ECMP set (the best path included)
  bool stale = false;      // graceful restart: kept until End-of-RIB
  bool local = false;
  std::vector<std::string> communities;  // "65101:7", "no-export", ...
};

struct RouteRow {
  Prefix prefix;
  std::vector<PathRow> paths;  // best first, then multipath, then the rest, each by peer address
};

// Every prefix of `family` in address order, or only those equal to / covered
// by `filter` when given (a host address finds its longest match).
std::vector<RouteRow> show_routes(const Rib& rib, Family family, const std::optional<Prefix>& filter = std::nullopt);

nlohmann::json routes_json(const std::vector<RouteRow>& routes);
std::string routes_table(const std::vector<RouteRow>& routes);

std::string community_to_string(std::uint32_t c);  // RFC 1997 well-known names, else "asn:value"

}  // namespace bgp::rib

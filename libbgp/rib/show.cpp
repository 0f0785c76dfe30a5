#include "libbgp/rib/show.hpp"

#include <algorithm>
#include <cstdio>

namespace bgp::rib {
namespace {

char origin_code(Origin o) {
  switch (o) {
    case Origin::kIgp: return 'i';
    case Origin::kEgp: return 'e';
    case Origin::kIncomplete: return '?';
  }
  return '?';
}

std::string_view origin_name(Origin o) {
  switch (o) {
    case Origin::kIgp: return "IGP";
    case Origin::kEgp: return "EGP";
    case Origin::kIncomplete: return "incomplete";
  }
  return "incomplete";
}

RouteRow make_row(const Rib& rib, const Prefix& prefix, std::span<const Path> paths) {
  RouteRow row{prefix, {}};
  for (const Path& p : paths) {
    const PathAttributes& a = rib.attr_store().get(p.attr);
    const PeerInfo& peer = rib.peer(p.peer);
    PathRow r;
    r.peer = peer.address;
    r.next_hop = a.next_hop_link_local && a.next_hop.is_unspecified() ? *a.next_hop_link_local : a.next_hop;
    r.as_path = as_path_to_string(a.as_path);
    r.origin = a.origin;
    r.med = a.med;
    r.local_pref = a.local_pref;
    r.weight = peer.weight;
    r.valid = p.has(path_flag::kEligible);
    r.best = p.has(path_flag::kBest);
    r.multipath = p.has(path_flag::kMultipath);
    r.stale = p.has(path_flag::kStale);
    r.local = p.peer == kLocalPeer;
    for (std::uint32_t c : a.communities) r.communities.push_back(community_to_string(c));
    row.paths.push_back(std::move(r));
  }
  std::stable_sort(row.paths.begin(), row.paths.end(), [](const PathRow& x, const PathRow& y) {
    return std::tuple(!x.best, !x.multipath, x.peer) < std::tuple(!y.best, !y.multipath, y.peer);
  });
  return row;
}

}  // namespace

std::string community_to_string(std::uint32_t c) {
  switch (c) {
    case kNoExport: return "no-export";
    case kNoAdvertise: return "no-advertise";
    case kNoExportSubconfed: return "no-export-subconfed";
    case 0xFFFFFF04: return "no-peer";         // RFC 3765
    case 0xFFFF029A: return "blackhole";       // RFC 7999
    case 0xFFFF0000: return "graceful-shutdown";  // RFC 8326
    default: return std::to_string(c >> 16) + ":" + std::to_string(c & 0xFFFF);
  }
}

std::vector<RouteRow> show_routes(const Rib& rib, Family family, const std::optional<Prefix>& filter) {
  std::vector<RouteRow> out;
  if (filter && filter->is_host()) {
    // A host address: the route forwarding it (FRR `show ip bgp 172.30.0.10`);
    // a host route of that address is shown even with no usable path (its
    // next hop unresolved), as the whole-table view shows it.
    if (const auto exact = rib.paths(*filter); !exact.empty()) {
      out.push_back(make_row(rib, *filter, exact));
    } else if (auto m = rib.longest_match(filter->address())) {
      out.push_back(make_row(rib, *m, rib.paths(*m)));
    }
    return out;
  }
  rib.walk(family, [&](const Prefix& p, std::span<const Path> paths) {
    if (filter && !filter->contains(p)) return;
    out.push_back(make_row(rib, p, paths));
  });
  return out;
}

nlohmann::json routes_json(const std::vector<RouteRow>& routes) {
  nlohmann::json list = nlohmann::json::array();
  for (const RouteRow& r : routes) {
    nlohmann::json route;
    route["prefix"] = r.prefix.to_string();
    route["best"] = nullptr;  // the best path's peer ("local" for our own routes); null when none
    nlohmann::json paths = nlohmann::json::array();
    for (const PathRow& p : r.paths) {
      nlohmann::json j;
      j["peer"] = p.local ? "local" : p.peer.to_string();
      j["next_hop"] = p.next_hop.is_unspecified() ? "0.0.0.0" : p.next_hop.to_string();
      j["as_path"] = p.as_path;
      j["origin"] = origin_name(p.origin);
      if (p.med) j["med"] = *p.med;
      if (p.local_pref) j["local_pref"] = *p.local_pref;
      j["weight"] = p.weight;
      j["valid"] = p.valid;
      j["best"] = p.best;
      j["multipath"] = p.multipath;
      j["stale"] = p.stale;
      j["communities"] = p.communities;
      if (p.best) route["best"] = j["peer"];
      paths.push_back(std::move(j));
    }
    route["paths"] = std::move(paths);
    list.push_back(std::move(route));
  }
  return list;
}

std::string routes_table(const std::vector<RouteRow>& routes) {
  std::string out =
      "Status codes: * valid, > best, = multipath, S stale\n"
      "Origin codes: i - IGP, e - EGP, ? - incomplete\n\n"
      "   Network            Next Hop            Metric LocPrf Weight Path\n";
  char line[512];
  for (const RouteRow& r : routes) {
    bool first = true;
    for (const PathRow& p : r.paths) {
      const char status[4] = {p.stale ? 'S' : (p.valid ? '*' : ' '), p.best ? '>' : (p.multipath ? '=' : ' '), ' ', '\0'};
      const std::string nh = p.next_hop.is_unspecified() ? "0.0.0.0" : p.next_hop.to_string();
      const std::string med = p.med ? std::to_string(*p.med) : "";
      const std::string lp = p.local_pref ? std::to_string(*p.local_pref) : "";
      std::snprintf(line, sizeof line, "%s%-18s %-19s %6s %6s %6u %s%s%c\n", status,
                    first ? r.prefix.to_string().c_str() : "", nh.c_str(), med.c_str(), lp.c_str(), p.weight,
                    p.as_path.c_str(), p.as_path.empty() ? "" : " ", origin_code(p.origin));
      out += line;
      first = false;
    }
  }
  out += "\nDisplayed " + std::to_string(routes.size()) + " routes\n";
  return out;
}

}  // namespace bgp::rib

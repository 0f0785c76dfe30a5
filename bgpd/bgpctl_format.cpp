#include "bgpd/bgpctl_format.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace bgp::bgpctl {
namespace {

using daemon::Json;

std::string text_of(const Json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      if (!out.empty()) out += ' ';
      out += text_of(e);
    }
    return out;
  }
  return v.dump();
}

std::string field(const Json& obj, const char* key) { return obj.contains(key) ? text_of(obj.at(key)) : "-"; }

std::uint64_t number(const Json& obj, const char* key) {
  if (!obj.contains(key) || !obj.at(key).is_number_unsigned()) {
    if (obj.contains(key) && obj.at(key).is_number_integer() && obj.at(key).get<std::int64_t>() >= 0) {
      return static_cast<std::uint64_t>(obj.at(key).get<std::int64_t>());
    }
    return 0;
  }
  return obj.at(key).get<std::uint64_t>();
}

std::uint64_t message_total(const Json& neighbor, const char* direction) {
  if (!neighbor.contains("messages") || !neighbor["messages"].contains(direction)) return 0;
  return number(neighbor["messages"][direction], "total");
}

std::string last_error_text(const Json& err) {
  if (!err.is_object()) return "none";
  std::string out = fmt::format("{} {}/{} ({})", field(err, "direction"), field(err, "code_name"), field(err, "subcode_name"),
                                field(err, "when"));
  if (err.contains("text") && err["text"].is_string() && !err["text"].get<std::string>().empty()) {
    out += fmt::format(" \"{}\"", err["text"].get<std::string>());
  }
  return out;
}

}  // namespace

std::string Table::render() const {
  std::vector<std::size_t> width(columns_.size(), 0);
  for (std::size_t c = 0; c < columns_.size(); ++c) width[c] = columns_[c].header.size();
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  auto emit = [&](auto cell_at) {
    std::string line;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const std::string& cell = cell_at(c);
      if (c > 0) line += "  ";
      line += columns_[c].right_aligned ? fmt::format("{:>{}}", cell, width[c]) : fmt::format("{:<{}}", cell, width[c]);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + '\n';
  };
  emit([&](std::size_t c) -> const std::string& { return columns_[c].header; });
  static const std::string kEmpty;
  for (const auto& row : rows_) emit([&](std::size_t c) -> const std::string& { return c < row.size() ? row[c] : kEmpty; });
  return out;
}

std::string format_duration(std::uint64_t s) {
  if (s < 86400) return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}d{:02}h{:02}m", s / 86400, (s / 3600) % 24, (s / 60) % 60);
}

std::string format_summary(const Json& summary) {
  std::string out = fmt::format("BGP router identifier {}, local AS number {}\n", field(summary, "router_id"),
                                field(summary, "local_as"));
  const Json neighbors = summary.value("neighbors", Json::array());
  out += fmt::format("Neighbors: {}, established: {}\n\n", neighbors.size(),
                     std::count_if(neighbors.begin(), neighbors.end(),
                                   [](const Json& n) { return n.value("state", "") == "Established"; }));
  Table table({{"Neighbor"}, {"V", true}, {"AS", true}, {"MsgRcvd", true}, {"MsgSent", true}, {"Up/Down", true},
               {"State/PfxRcd", true}, {"PfxAcc", true}, {"Desc"}});
  for (const auto& n : neighbors) {
    const bool established = n.value("state", "") == "Established";
    // FRR convention: the prefix count when Established, the state otherwise.
    const std::string state = established ? std::to_string(number(n, "prefixes_received")) : field(n, "state");
    const std::string up_down = number(n, "uptime_s") > 0 || established ? format_duration(number(n, "uptime_s")) : "never";
    table.add_row({field(n, "address") + (n.value("dynamic", false) ? "*" : ""), "4", field(n, "remote_as"),
                   std::to_string(message_total(n, "in")), std::to_string(message_total(n, "out")), up_down, state,
                   established ? std::to_string(number(n, "prefixes_accepted")) : "", n.value("description", "")});
  }
  out += table.render();
  if (std::any_of(neighbors.begin(), neighbors.end(), [](const Json& n) { return n.value("dynamic", false); })) {
    out += "* dynamic neighbour (from a listen range)\n";
  }
  return out;
}

std::string format_neighbors(const Json& neighbors) {
  std::string out;
  for (const auto& n : neighbors) {
    if (!out.empty()) out += '\n';
    const bool external = field(n, "remote_as") != field(n, "local_as");
    out += fmt::format("BGP neighbor is {}, remote AS {}, local AS {}, {} link{}\n", field(n, "address"), field(n, "remote_as"),
                       field(n, "local_as"), external ? "external" : "internal", n.value("dynamic", false) ? ", dynamic" : "");
    if (n.contains("description") && !n["description"].get<std::string>().empty()) {
      out += fmt::format("  Description: {}\n", n["description"].get<std::string>());
    }
    out += fmt::format("  BGP state = {}", field(n, "state"));
    if (n.value("state", "") == "Established") out += fmt::format(", up for {}", format_duration(number(n, "uptime_s")));
    out += '\n';
    out += fmt::format("  Remote router ID {}, local router ID {}\n", field(n, "remote_router_id"), field(n, "router_id"));
    out += fmt::format("  Hold time is {} s, keepalive interval is {} s (configured hold {} s)\n", field(n, "hold_time"),
                       field(n, "keepalive"), field(n, "configured_hold_time"));
    if (n.contains("local_address") || n.contains("remote_port")) {
      out += fmt::format("  Local host: {}, remote port: {}\n", field(n, "local_address"), field(n, "remote_port"));
    }
    if (n.contains("capabilities")) {
      const Json& caps = n["capabilities"];
      out += "  Capabilities:\n";
      for (const char* kind : {"advertised", "received", "negotiated"}) {
        out += fmt::format("    {:<11} {}\n", std::string(kind) + ":", field(caps, kind));
      }
    }
    if (n.contains("messages")) {
      out += "  Message statistics:\n";
      Table table({{"    "}, {"Sent", true}, {"Rcvd", true}});
      const Json& in = n["messages"].value("in", Json::object());
      const Json& outm = n["messages"].value("out", Json::object());
      for (const auto& [key, label] : std::initializer_list<std::pair<const char*, const char*>>{
               {"open", "    Opens:"}, {"update", "    Updates:"}, {"notification", "    Notifications:"},
               {"keepalive", "    Keepalives:"}, {"route_refresh", "    Route Refresh:"}, {"total", "    Total:"}}) {
        table.add_row({label, std::to_string(number(outm, key)), std::to_string(number(in, key))});
      }
      out += table.render();
    }
    out += fmt::format("  Prefixes received {}, accepted {}\n", number(n, "prefixes_received"), number(n, "prefixes_accepted"));
    out += fmt::format("  Connections dropped {} (flaps)\n", number(n, "flaps"));
    out += fmt::format("  Last error: {}\n", last_error_text(n.value("last_error", Json())));
  }
  if (out.empty()) out = "No neighbors\n";
  return out;
}

namespace {

// FRR's status column: "*>" best, "*=" multipath, "* " valid, blank when
// the next hop is unresolvable; "S" stale replaces "*"; "r" (RIB-failure:
// the kernel refused the route) replaces it for the installed paths.
std::string path_status(const Json& route, const Json& p) {
  std::string status = p.value("valid", true) ? "* " : "  ";
  if (p.value("best", false)) {
    status = "*>";
  } else if (p.value("multipath", false)) {
    status = "*=";
  }
  if (p.value("stale", false)) status = "S" + status.substr(1);
  const bool installed = p.value("best", false) || p.value("multipath", false);
  const Json fib = route.value("fib", Json());
  if (installed && fib.is_string() && fib.get<std::string>().rfind("failed", 0) == 0) status = "r" + status.substr(1);
  return status;
}

std::string origin_code(const Json& p) {
  const std::string origin = p.value("origin", std::string("IGP"));
  return origin == "IGP" ? "i" : origin == "EGP" ? "e" : "?";
}

constexpr std::string_view kStatusLegend =
    "Status codes: * valid, > best, = multipath, S stale, r RIB-failure\n"
    "Origin codes: i - IGP, e - EGP, ? - incomplete\n\n";

}  // namespace

// The layout of FRR's `show ip bgp`, which operators read at a glance:
// status, then Metric (MED), LocPrf, Weight and the AS path ending in the
// origin code (i, e, ?).
std::string format_routes(const Json& routes) {
  Table table({{""}, {"Network"}, {"Next Hop"}, {"Metric", true}, {"LocPrf", true}, {"Weight", true}, {"Peer"}, {"Path"}});
  for (const auto& r : routes) {
    bool first = true;
    for (const auto& p : r.value("paths", Json::array())) {
      const std::string path = p.value("as_path", std::string());
      table.add_row({path_status(r, p), first ? field(r, "prefix") : "", field(p, "next_hop"), p.contains("med") ? field(p, "med") : "",
                     p.contains("local_pref") ? field(p, "local_pref") : "", p.contains("weight") ? field(p, "weight") : "0",
                     field(p, "peer"), path.empty() ? origin_code(p) : path + " " + origin_code(p)});
      first = false;
    }
  }
  return std::string(kStatusLegend) + table.render() + fmt::format("\nDisplayed {} prefixes\n", routes.size());
}

// As FRR's `show ip bgp A.B.C.D`: the entry, then one block per path.
std::string format_route_detail(const Json& route) {
  const Json paths = route.value("paths", Json::array());
  std::string out = fmt::format("BGP routing table entry for {}\n", field(route, "prefix"));
  if (route.contains("query") && route["query"] != route["prefix"]) out += fmt::format("  (longest match for {})\n", field(route, "query"));
  std::size_t multipath = 0;
  for (const auto& p : paths) multipath += p.value("multipath", false) || p.value("best", false);
  out += fmt::format("Paths: ({} available, {} installed{})\n", paths.size(), multipath,
                     route.contains("fib") && !route["fib"].is_null() ? ", kernel: " + field(route, "fib") : "");
  for (const auto& p : paths) {
    const std::string path = p.value("as_path", std::string());
    out += fmt::format("  {}\n", path.empty() ? "Local" : path);
    out += fmt::format("    {} from {}\n", field(p, "next_hop"), field(p, "peer"));
    std::string line = fmt::format("      Origin {}", p.value("origin", std::string("IGP")));
    if (p.contains("med")) line += ", metric " + field(p, "med");
    if (p.contains("local_pref")) line += ", localpref " + field(p, "local_pref");
    line += ", weight " + (p.contains("weight") ? field(p, "weight") : "0");
    line += p.value("valid", true) ? ", valid" : ", next hop unresolvable";
    if (p.value("best", false)) line += ", best";
    if (p.value("multipath", false)) line += ", multipath";
    if (p.value("stale", false)) line += ", stale";
    out += line + '\n';
    if (p.contains("communities") && p["communities"].is_array() && !p["communities"].empty()) {
      out += fmt::format("      Community: {}\n", text_of(p["communities"]));
    }
  }
  return out;
}

std::string format_fib(const Json& fib) {
  const Json routes = fib.is_object() ? fib.value("routes", Json::array()) : fib;
  Table table({{"Prefix"}, {"NH id", true}, {"Wanted (RIB)"}, {"Kernel"}, {"State"}});
  std::size_t differing = 0;
  auto hops = [](const Json& list) {
    std::string out;
    for (const auto& h : list) {
      if (!out.empty()) out += ',';
      out += field(h, "gateway");
    }
    return out.empty() ? std::string("-") : out;
  };
  for (const auto& r : routes) {
    const bool differs = r.value("differs", false);
    differing += differs;
    const std::uint64_t id = number(r, "nexthop_id");
    table.add_row({field(r, "prefix"), id ? std::to_string(id) : "-", hops(r.value("wanted", Json::array())),
                   hops(r.value("kernel", Json::array())), field(r, "state") + (differs ? " *" : "")});
  }
  std::string out = table.render();
  out += fmt::format("\n{} prefixes, {} differ between RIB and kernel (*){}\n", routes.size(), differing,
                     fib.is_object() && !fib.value("from_kernel", true) ? "; kernel state not read back" : "");
  return out;
}

std::string format_anycast(const Json& anycast) {
  const Json prefixes = anycast.value("prefixes", Json::array());
  Table table({{"Prefix"}, {"RIB", true}, {"Kernel", true}, {"Status"}, {"Next hops (peer AS)"}});
  for (const auto& a : prefixes) {
    std::string hops;
    for (const auto& h : a.value("next_hops", Json::array())) {
      if (!h.value("selected", false)) continue;
      if (!hops.empty()) hops += ", ";
      hops += fmt::format("{} (AS {}){}", field(h, "next_hop"), field(h, "peer_as"),
                          h.value("stale", false) ? " stale" : h.value("in_kernel", true) ? "" : " !kernel");
    }
    for (const auto& h : a.value("next_hops", Json::array())) {
      // Next hops liveness took out are no longer selected: list them too.
      if (h.value("selected", false) || !h.contains("liveness") || !h["liveness"].is_object()) continue;
      if (!hops.empty()) hops += ", ";
      hops += fmt::format("{} (AS {}) {}", field(h, "next_hop"), field(h, "peer_as"), field(h["liveness"], "state"));
    }
    table.add_row({field(a, "prefix"), std::to_string(number(a, "rib_next_hops")),
                   a["kernel_next_hops"].is_null() ? "-" : std::to_string(number(a, "kernel_next_hops")), field(a, "kernel"),
                   hops.empty() ? "-" : hops});
  }
  std::string out = table.render();
  std::size_t complete = 0;
  for (const auto& a : prefixes) complete += a.value("kernel", "") == "complete";
  out += fmt::format("\n{} anycast prefixes, {} with every next hop in the kernel{}\n", prefixes.size(), complete,
                     anycast.value("fib", true) ? "" : " (FIB not installed: [fib] install = false)");
  const Json liveness = anycast.value("liveness", Json::array());
  if (!liveness.empty()) {
    Table live({{"Next hop"}, {"Liveness"}, {"Since"}, {"For", true}, {"Cause"}, {"Down", true}, {"Up", true}});
    for (const auto& l : liveness) {
      live.add_row({field(l, "next_hop"), field(l, "state"), field(l, "since"),
                    fmt::format("{:.1f}s", l.value("since_s", 0.0)), field(l, "cause"),
                    std::to_string(number(l, "went_down")), std::to_string(number(l, "came_up"))});
    }
    out += "\nNext-hop liveness (ARP/ND probing)\n" + live.render();
  }
  return out;
}

std::string format_action(const Json& result) {
  if (result.is_object() && result.contains("message") && result["message"].is_string()) {
    return result["message"].get<std::string>() + "\n";
  }
  return result.dump() + "\n";
}

std::string format_generic_list(const Json& list) {
  if (!list.is_array() || list.empty()) return "(none)\n";
  std::vector<std::string> keys;
  for (const auto& row : list) {
    if (!row.is_object()) continue;
    for (const auto& [k, v] : row.items()) {
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
  }
  std::vector<Table::Column> cols;
  for (const auto& k : keys) cols.push_back({k});
  Table table(std::move(cols));
  for (const auto& row : list) {
    std::vector<std::string> cells;
    for (const auto& k : keys) cells.push_back(row.contains(k) ? text_of(row[k]) : "-");
    table.add_row(std::move(cells));
  }
  return table.render();
}

}  // namespace bgp::bgpctl

namespace bgp::bgpctl {

std::string format_bfd(const Json& bfd) {
  const Json sessions = bfd.value("sessions", Json::array());
  Table table({{"Peer"},
               {"State"},
               {"Remote"},
               {"LocalDisc", true},
               {"RemoteDisc", true},
               {"TX ms", true},
               {"RX ms", true},
               {"Detect ms", true},
               {"Up"},
               {"Last down"},
               {"Sent", true},
               {"Rcvd", true}});
  auto ms_text = [](const Json& obj, const char* key) {
    return obj.contains(key) && obj[key].is_number() ? fmt::format("{:g}", obj[key].get<double>()) : std::string("-");
  };
  for (const auto& s : sessions) {
    const Json neg = s.value("negotiated", Json::object());
    const Json packets = s.value("packets", Json::object());
    const Json& down = s.contains("last_down") ? s["last_down"] : Json();
    std::string last_down = "-";
    if (down.is_object()) last_down = fmt::format("{} ({})", field(down, "when"), field(down, "diag"));
    const bool up = s.contains("uptime_s") && s["uptime_s"].is_number();
    table.add_row({field(s, "peer") + (s.value("multihop", false) ? " (mh)" : ""), field(s, "state"), field(s, "remote_state"),
                   field(s, "local_discriminator"), field(s, "remote_discriminator"), ms_text(neg, "tx_interval_ms"),
                   ms_text(neg, "rx_interval_ms"), ms_text(neg, "detection_time_ms"),
                   up ? format_duration(static_cast<std::uint64_t>(s["uptime_s"].get<double>())) : "-", last_down,
                   std::to_string(number(packets, "sent")), std::to_string(number(packets, "received"))});
  }
  std::string out = table.render();
  std::size_t n_up = 0;
  for (const auto& s : sessions) n_up += s.value("state", "") == "Up";
  out += fmt::format("\n{} BFD sessions, {} Up\n", sessions.size(), n_up);
  return out;
}

}  // namespace bgp::bgpctl

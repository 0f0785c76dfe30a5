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

// Null-safe accessors. Every value printed comes from the daemon, which may
// be older or newer than this bgpctl or send null for "not applicable" (the
// kernel state with [fib] install = false): a missing key, a null or a value
// of another type reads as the default, never as an exception. nlohmann's
// value() and operator[] are not used on daemon data for that reason.
const Json& at(const Json& obj, const char* key) {
  static const Json kNull;
  if (!obj.is_object()) return kNull;
  const auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

bool flag(const Json& obj, const char* key, bool fallback) {
  const Json& v = at(obj, key);
  return v.is_boolean() ? v.get<bool>() : fallback;
}

std::string str(const Json& obj, const char* key, std::string fallback = {}) {
  const Json& v = at(obj, key);
  return v.is_string() ? v.get<std::string>() : fallback;
}

// An array field (an empty array for anything else).
const Json& list(const Json& obj, const char* key) {
  static const Json kEmpty = Json::array();
  const Json& v = at(obj, key);
  return v.is_array() ? v : kEmpty;
}

// The payload itself as a list (an empty one when it is not an array).
const Json& as_list(const Json& v) {
  static const Json kEmpty = Json::array();
  return v.is_array() ? v : kEmpty;
}

std::string field(const Json& obj, const char* key) { return text_of(at(obj, key)); }

bool is_count(const Json& v) { return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0); }

std::uint64_t number(const Json& obj, const char* key) {
  const Json& v = at(obj, key);
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v.get<std::int64_t>());
  return 0;
}

std::uint64_t message_total(const Json& neighbor, const char* direction) {
  return number(at(at(neighbor, "messages"), direction), "total");
}

std::string last_error_text(const Json& err) {
  if (!err.is_object()) return "none";
  std::string out = fmt::format("{} {}/{} ({})", field(err, "direction"), field(err, "code_name"), field(err, "subcode_name"),
                                field(err, "when"));
  if (const std::string text = str(err, "text"); !text.empty()) out += fmt::format(" \"{}\"", text);
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
  const Json& neighbors = list(summary, "neighbors");
  out += fmt::format("Neighbors: {}, established: {}\n\n", neighbors.size(),
                     std::count_if(neighbors.begin(), neighbors.end(),
                                   [](const Json& n) { return str(n, "state") == "Established"; }));
  Table table({{"Neighbor"}, {"V", true}, {"AS", true}, {"MsgRcvd", true}, {"MsgSent", true}, {"Up/Down", true},
               {"State/PfxRcd", true}, {"PfxAcc", true}, {"PfxSnt", true}, {"Desc"}});
  bool any_policy = false;
  for (const auto& n : neighbors) {
    const bool established = str(n, "state") == "Established";
    // RFC 8212 with no policy: FRR shows "(Policy)" where the count would be.
    const Json& blocked = at(n, "policy_blocked");
    const bool no_import = flag(blocked, "import", false);
    const bool no_export = flag(blocked, "export", false);
    any_policy = any_policy || no_import || no_export;
    // FRR convention: the prefix count when Established, the state otherwise;
    // a neighbour shut down (configuration or bgpctl) is "Idle (Admin)".
    std::string state = established ? std::to_string(number(n, "prefixes_received")) : field(n, "state");
    if (established && no_import) state = "(Policy)";
    if (!established && (flag(n, "admin_down", false) || flag(n, "shutdown", false))) state = "Idle (Admin)";
    // Up/Down: time Established, or since the last state change when down
    // ("never" only for a session that never changed state).
    std::string up_down = "never";
    if (established) {
      up_down = format_duration(number(n, "uptime_s"));
    } else if (is_count(at(n, "last_change_s"))) {
      up_down = format_duration(number(n, "last_change_s"));
    }
    const std::string sent = !established ? "" : no_export ? "(Policy)" : std::to_string(number(n, "prefixes_advertised"));
    table.add_row({field(n, "address") + (flag(n, "dynamic", false) ? "*" : ""), "4", field(n, "remote_as"),
                   std::to_string(message_total(n, "in")), std::to_string(message_total(n, "out")), up_down, state,
                   established && !no_import ? std::to_string(number(n, "prefixes_accepted")) : "", sent,
                   str(n, "description")});
  }
  out += table.render();
  if (std::any_of(neighbors.begin(), neighbors.end(), [](const Json& n) { return flag(n, "dynamic", false); })) {
    out += "* dynamic neighbour (from a listen range)\n";
  }
  if (any_policy) out += "(Policy): eBGP without an import/export policy exchanges nothing (RFC 8212, ebgp_requires_policy)\n";
  return out;
}

std::string format_neighbors(const Json& neighbors) {
  std::string out;
  for (const auto& n : as_list(neighbors)) {
    if (!out.empty()) out += '\n';
    const bool external = field(n, "remote_as") != field(n, "local_as");
    out += fmt::format("BGP neighbor is {}, remote AS {}, local AS {}, {} link{}\n", field(n, "address"), field(n, "remote_as"),
                       field(n, "local_as"), external ? "external" : "internal", flag(n, "dynamic", false) ? ", dynamic" : "");
    if (const std::string d = str(n, "description"); !d.empty()) out += fmt::format("  Description: {}\n", d);
    out += fmt::format("  BGP state = {}", field(n, "state"));
    if (str(n, "state") == "Established") {
      out += fmt::format(", up for {}", format_duration(number(n, "uptime_s")));
    } else if (is_count(at(n, "last_change_s"))) {
      out += fmt::format(", last change {} ago", format_duration(number(n, "last_change_s")));
    }
    if (flag(n, "admin_down", false) || flag(n, "shutdown", false)) out += " (administratively shut down)";
    out += '\n';
    out += fmt::format("  Remote router ID {}, local router ID {}\n", field(n, "remote_router_id"), field(n, "router_id"));
    out += fmt::format("  Hold time is {} s, keepalive interval is {} s (configured hold {} s)\n", field(n, "hold_time"),
                       field(n, "keepalive"), field(n, "configured_hold_time"));
    if (!at(n, "local_address").is_null() || !at(n, "remote_port").is_null()) {
      out += fmt::format("  Local host: {}, remote port: {}\n", field(n, "local_address"), field(n, "remote_port"));
    }
    if (const Json& caps = at(n, "capabilities"); caps.is_object()) {
      out += "  Capabilities:\n";
      for (const char* kind : {"advertised", "received", "negotiated"}) {
        out += fmt::format("    {:<11} {}\n", std::string(kind) + ":", field(caps, kind));
      }
    }
    if (const Json& messages = at(n, "messages"); messages.is_object()) {
      out += "  Message statistics:\n";
      Table table({{"    "}, {"Sent", true}, {"Rcvd", true}});
      const Json& in = at(messages, "in");
      const Json& outm = at(messages, "out");
      for (const auto& [key, label] : std::initializer_list<std::pair<const char*, const char*>>{
               {"open", "    Opens:"}, {"update", "    Updates:"}, {"notification", "    Notifications:"},
               {"keepalive", "    Keepalives:"}, {"route_refresh", "    Route Refresh:"}, {"total", "    Total:"}}) {
        table.add_row({label, std::to_string(number(outm, key)), std::to_string(number(in, key))});
      }
      out += table.render();
    }
    out += fmt::format("  Prefixes received {}, accepted {}, advertised {}\n", number(n, "prefixes_received"),
                       number(n, "prefixes_accepted"), number(n, "prefixes_advertised"));
    const Json& blocked = at(n, "policy_blocked");
    if (flag(blocked, "import", false) || flag(blocked, "export", false)) {
      out += fmt::format("  (Policy): eBGP without {} policy: RFC 8212 blocks every route {}\n",
                         flag(blocked, "import", false) && flag(blocked, "export", false) ? "an import or export"
                         : flag(blocked, "import", false)                                  ? "an import"
                                                                                            : "an export",
                         flag(blocked, "import", false) && flag(blocked, "export", false) ? "in and out"
                         : flag(blocked, "import", false)                                  ? "received"
                                                                                            : "sent");
    }
    out += fmt::format("  Connections dropped {} (flaps)\n", number(n, "flaps"));
    out += fmt::format("  Last error: {}\n", last_error_text(at(n, "last_error")));
  }
  if (out.empty()) out = "No neighbors\n";
  return out;
}

namespace {

// FRR's status column: "*>" best, "*=" multipath, "* " valid, blank when
// the next hop is unresolvable; "S" stale replaces "*"; "r" (RIB-failure:
// the kernel refused the route) replaces it for the installed paths.
std::string path_status(const Json& route, const Json& p) {
  std::string status = flag(p, "valid", true) ? "* " : "  ";
  if (flag(p, "best", false)) {
    status = "*>";
  } else if (flag(p, "multipath", false)) {
    status = "*=";
  }
  if (flag(p, "stale", false)) status = "S" + status.substr(1);
  const bool installed = flag(p, "best", false) || flag(p, "multipath", false);
  if (installed && str(route, "fib").rfind("failed", 0) == 0) status = "r" + status.substr(1);
  return status;
}

std::string origin_code(const Json& p) {
  const std::string origin = str(p, "origin", "IGP");
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
  for (const auto& r : as_list(routes)) {
    bool first = true;
    for (const auto& p : list(r, "paths")) {
      const std::string path = str(p, "as_path");
      table.add_row({path_status(r, p), first ? field(r, "prefix") : "", field(p, "next_hop"), at(p, "med").is_null() ? "" : field(p, "med"),
                     at(p, "local_pref").is_null() ? "" : field(p, "local_pref"), at(p, "weight").is_null() ? "0" : field(p, "weight"),
                     field(p, "peer"), path.empty() ? origin_code(p) : path + " " + origin_code(p)});
      first = false;
    }
  }
  return std::string(kStatusLegend) + table.render() + fmt::format("\nDisplayed {} prefixes\n", as_list(routes).size());
}

// As FRR's `show ip bgp A.B.C.D`: the entry, then one block per path.
std::string format_route_detail(const Json& route) {
  const Json paths = list(route, "paths");
  std::string out = fmt::format("BGP routing table entry for {}\n", field(route, "prefix"));
  if (!at(route, "query").is_null() && at(route, "query") != at(route, "prefix")) out += fmt::format("  (longest match for {})\n", field(route, "query"));
  std::size_t multipath = 0;
  for (const auto& p : paths) multipath += flag(p, "multipath", false) || flag(p, "best", false);
  out += fmt::format("Paths: ({} available, {} installed{})\n", paths.size(), multipath,
                      !at(route, "fib").is_null() ? ", kernel: " + field(route, "fib") : "");
  for (const auto& p : paths) {
    const std::string path = str(p, "as_path");
    out += fmt::format("  {}\n", path.empty() ? "Local" : path);
    out += fmt::format("    {} from {}\n", field(p, "next_hop"), field(p, "peer"));
    std::string line = fmt::format("      Origin {}", str(p, "origin", "IGP"));
    if (!at(p, "med").is_null()) line += ", metric " + field(p, "med");
    if (!at(p, "local_pref").is_null()) line += ", localpref " + field(p, "local_pref");
    line += ", weight " + (at(p, "weight").is_null() ? std::string("0") : field(p, "weight"));
    line += flag(p, "valid", true) ? ", valid" : ", next hop unresolvable";
    if (flag(p, "best", false)) line += ", best";
    if (flag(p, "multipath", false)) line += ", multipath";
    if (flag(p, "stale", false)) line += ", stale";
    out += line + '\n';
    if (const Json& c = list(p, "communities"); !c.empty()) {
      out += fmt::format("      Community: {}\n", text_of(c));
    }
  }
  return out;
}

std::string format_fib(const Json& fib) {
  const Json& routes = fib.is_object() ? list(fib, "routes") : as_list(fib);
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
    const bool differs = flag(r, "differs", false);
    differing += differs;
    const std::uint64_t id = number(r, "nexthop_id");
    table.add_row({field(r, "prefix"), id ? std::to_string(id) : "-", hops(list(r, "wanted")),
                   hops(list(r, "kernel")), field(r, "state") + (differs ? " *" : "")});
  }
  std::string out = table.render();
  out += fmt::format("\n{} prefixes, {} differ between RIB and kernel (*){}\n", routes.size(), differing,
                     fib.is_object() && !flag(fib, "from_kernel", true) ? "; kernel state not read back" : "");
  return out;
}

std::string format_anycast(const Json& anycast) {
  const Json prefixes = list(anycast, "prefixes");
  Table table({{"Prefix"}, {"RIB", true}, {"Kernel", true}, {"Status"}, {"Next hops (peer AS)"}});
  for (const auto& a : prefixes) {
    std::string hops;
    for (const auto& h : list(a, "next_hops")) {
      if (!flag(h, "selected", false)) continue;
      if (!hops.empty()) hops += ", ";
      hops += fmt::format("{} (AS {}){}", field(h, "next_hop"), field(h, "peer_as"),
                          flag(h, "stale", false) ? " stale" : flag(h, "in_kernel", true) ? "" : " !kernel");
    }
    for (const auto& h : list(a, "next_hops")) {
      // Next hops liveness took out are no longer selected: list them too.
      if (flag(h, "selected", false) || !at(h, "liveness").is_object()) continue;
      if (!hops.empty()) hops += ", ";
      hops += fmt::format("{} (AS {}) {}", field(h, "next_hop"), field(h, "peer_as"), field(at(h, "liveness"), "state"));
    }
    table.add_row({field(a, "prefix"), std::to_string(number(a, "rib_next_hops")),
                    !is_count(at(a, "kernel_next_hops")) ? "-" : std::to_string(number(a, "kernel_next_hops")), field(a, "kernel"),
                   hops.empty() ? "-" : hops});
  }
  std::string out = table.render();
  std::size_t complete = 0;
  for (const auto& a : prefixes) complete += str(a, "kernel") == "complete";
  out += fmt::format("\n{} anycast prefixes, {} with every next hop in the kernel{}\n", prefixes.size(), complete,
                     flag(anycast, "fib", true) ? "" : " (FIB not installed: [fib] install = false)");
  const Json& liveness = list(anycast, "liveness");
  if (!liveness.empty()) {
    Table live({{"Next hop"}, {"Liveness"}, {"Since"}, {"For", true}, {"Cause"}, {"Down", true}, {"Up", true}});
    for (const auto& l : liveness) {
      live.add_row({field(l, "next_hop"), field(l, "state"), field(l, "since"),
                    fmt::format("{:.1f}s", at(l, "since_s").is_number() ? at(l, "since_s").get<double>() : 0.0), field(l, "cause"),
                    std::to_string(number(l, "went_down")), std::to_string(number(l, "came_up"))});
    }
    out += "\nNext-hop liveness (ARP/ND probing)\n" + live.render();
  }
  return out;
}

std::string format_action(const Json& result) {
  if (const Json& m = at(result, "message"); m.is_string()) {
    // A reload's warnings (RFC 8212, statics inside listen ranges) follow it.
    std::string out = m.get<std::string>() + "\n";
    for (const Json& w : list(result, "warnings")) out += "warning: " + text_of(w) + "\n";
    return out;
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
    for (const auto& k : keys) cells.push_back(text_of(at(row, k.c_str())));
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

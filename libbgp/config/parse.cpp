// TOML tree -> Config: [bgp], [[peer_group]], [[neighbor]], [[listen_range]],
// [fib], [control], [daemon], [metrics], [log]. Policies are in parse_policy.cpp.
// Order: [bgp], policies, peer groups, neighbors, listen ranges, the rest, so
// every reference points at something already parsed and validated.
#include "libbgp/config/parse.hpp"

#include <algorithm>
#include <initializer_list>

#include "libbgp/config/load.hpp"
#include "libbgp/log/subsystem.hpp"

namespace bgp::config::detail {
namespace {

constexpr std::uint32_t kAsTrans = 23456;  // RFC 6793 §9
constexpr std::size_t kMaxMd5KeyLength = 80;  // TCP_MD5SIG_MAXKEYLEN (RFC 2385 keys in Linux)
constexpr std::size_t kMaxInterfaceName = 15; // IFNAMSIZ - 1
constexpr std::size_t kMaxUnixPath = 107;     // sizeof(sockaddr_un::sun_path) - 1

const std::vector<std::string> kTopKeys{"bgp", "peer_group", "neighbor", "listen_range", "policy",
                                        "fib", "control", "daemon", "metrics", "log"};
const std::vector<std::string> kBgpKeys{"asn", "router_id", "listen_addresses", "listen_port",
                                        "ebgp_requires_policy", "ipv4_unicast", "ipv6_unicast", "bestpath",
                                        "max_attribute_sets",
                                        "select_defer_time"};
const std::vector<std::string> kFamilyKeys{"maximum_paths", "maximum_paths_ibgp", "multipath_relax", "networks"};
const std::vector<std::string> kBestPathKeys{"med_always_compare", "med_missing_as_worst"};
const std::vector<std::string> kPeerKeys{
    "remote_as", "description", "password", "hold_time", "keepalive", "connect_retry", "delay_open",
    "passive", "ebgp_multihop", "ttl_security", "local_address", "interface", "families",
    "graceful_restart", "restart_time", "import", "export", "max_prefixes", "max_prefixes_warning",
    "max_prefixes_restart", "add_path_send", "add_path_receive", "next_hop_self", "shutdown",
    "soft_reconfiguration_inbound", "liveness", "liveness_interval_ms", "liveness_multiplier", "liveness_up_after",
    "graceful_restart_notification", "bfd", "bfd_min_tx_ms", "bfd_min_rx_ms", "bfd_multiplier"};
const std::vector<std::string> kRangeKeys{"prefix", "remote_as", "peer_group", "limit"};
const std::vector<std::string> kFibKeys{"install", "table", "metric", "protocol", "retain_on_shutdown",
                                        "nexthop_objects", "sweep_timeout"};
const std::vector<std::string> kControlKeys{"socket", "group", "max_clients", "max_request_bytes"};
const std::vector<std::string> kDaemonKeys{"user"};
const std::vector<std::string> kMetricsKeys{"listen"};
const std::vector<std::string> kLogKeys{"level", "format", "subsystems"};
const std::vector<std::string> kLogLevels{"trace", "debug", "info", "warn", "error", "critical", "off"};

std::vector<std::string> with(std::vector<std::string> keys, std::initializer_list<const char*> more) {
  for (const char* k : more) keys.emplace_back(k);
  return keys;
}

template <typename T>
std::optional<T> narrow(std::optional<std::int64_t> v) {
  if (!v) return std::nullopt;
  return static_cast<T>(*v);
}

FamilyConfig parse_family_table(TableReader& bgp, std::string_view key, Afi afi) {
  FamilyConfig fc;
  const toml::table* t = bgp.subtable(key);
  if (!t) return fc;
  TableReader r(bgp.file(), *t, "[bgp." + std::string(key) + "]");
  if (auto v = r.integer("maximum_paths", 1, 256)) fc.maximum_paths = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("maximum_paths_ibgp", 1, 256)) fc.maximum_paths_ibgp = static_cast<std::uint32_t>(*v);
  if (auto v = r.boolean("multipath_relax")) fc.multipath_relax = *v;
  if (auto items = r.strings("networks")) {
    for (const auto& item : *items) {
      const Prefix p = strict_prefix(r.file(), item.where, item.value, "network");
      if (p.afi() != afi) {
        fail(r.file(), item.where,
             "network '" + item.value + "' is not an " + (afi == Afi::kIpv4 ? "IPv4" : "IPv6") + " prefix");
      }
      if (std::find(fc.networks.begin(), fc.networks.end(), p) != fc.networks.end()) {
        fail(r.file(), item.where, "network '" + item.value + "' is listed twice");
      }
      fc.networks.push_back(p);
    }
  }
  r.finish(kFamilyKeys);
  return fc;
}

Global parse_global(TableReader& root) {
  const toml::table* t = root.subtable("bgp");
  if (!t) throw ConfigError(root.file(), 1, 1, "missing [bgp] table (asn and router_id are required)");
  TableReader r(root.file(), *t, "[bgp]");
  Global g;
  const auto asn = r.integer("asn", 1, 4294967295LL);
  if (!asn) r.missing("asn");
  if (*asn == kAsTrans) r.fail_at("asn", "asn 23456 is AS_TRANS (RFC 6793) and cannot be used as a local AS");
  g.asn = static_cast<std::uint32_t>(*asn);
  const auto rid = r.string("router_id");
  if (!rid) r.missing("router_id", "an IPv4 address, the BGP Identifier");
  g.router_id = address_value(r.file(), r.where("router_id"), *rid, "router_id");
  if (!g.router_id.is_v4()) {
    r.fail_at("router_id", "router_id must be an IPv4 address (the 32-bit BGP Identifier), not '" + *rid + "'");
  }
  if (g.router_id.is_unspecified()) r.fail_at("router_id", "router_id must not be 0.0.0.0 (RFC 6286 §2.1)");
  if (auto items = r.strings("listen_addresses")) {
    for (const auto& item : *items) {
      const IpAddress a = address_value(r.file(), item.where, item.value, "listen address");
      if (std::find(g.listen_addresses.begin(), g.listen_addresses.end(), a) != g.listen_addresses.end()) {
        fail(r.file(), item.where, "listen address '" + item.value + "' is listed twice");
      }
      g.listen_addresses.push_back(a);
    }
  } else {
    g.listen_addresses = {*IpAddress::parse("0.0.0.0"), *IpAddress::parse("::")};
  }
  if (auto v = r.integer("listen_port", 1, 65535)) g.listen_port = static_cast<std::uint16_t>(*v);
  if (auto v = r.boolean("ebgp_requires_policy")) g.ebgp_requires_policy = *v;
  if (auto v = r.integer("max_attribute_sets", 16, 100'000'000)) g.max_attribute_sets = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("select_defer_time", 0, 3600)) g.select_defer_time = static_cast<std::uint32_t>(*v);
  g.ipv4_unicast = parse_family_table(r, "ipv4_unicast", Afi::kIpv4);
  g.ipv6_unicast = parse_family_table(r, "ipv6_unicast", Afi::kIpv6);
  if (const toml::table* bp = r.subtable("bestpath")) {
    TableReader b(r.file(), *bp, "[bgp.bestpath]");
    if (auto v = b.boolean("med_always_compare")) g.bestpath.med_always_compare = *v;
    if (auto v = b.boolean("med_missing_as_worst")) g.bestpath.med_missing_as_worst = *v;
    b.finish(kBestPathKeys);
  }
  r.finish(kBgpKeys);
  return g;
}

std::string policy_ref(TableReader& r, std::string_view key, const std::vector<Policy>& policies) {
  const auto name = r.string(key);
  if (!name) return {};
  std::vector<std::string> names;
  for (const auto& p : policies) names.push_back(p.name);
  if (std::find(names.begin(), names.end(), *name) == names.end()) {
    r.fail_at(key, "unknown policy '" + *name + "' in '" + std::string(key) + "'" + did_you_mean(*name, names));
  }
  return *name;
}

// hold_time/keepalive rules (RFC 4271 §4.2, §10): hold 0 or >= 3; keepalive
// at most a third of the hold time, and not 0 unless the hold time is.
void check_timers(TableReader& r, std::optional<std::uint16_t> hold, std::optional<std::uint16_t> keepalive) {
  if (!hold || !keepalive || *hold == 0) return;
  if (*keepalive == 0) r.fail_at("keepalive", "keepalive must be at least 1 when hold_time is not 0");
  if (static_cast<std::uint32_t>(*keepalive) * 3 > *hold) {
    r.fail_at("keepalive", "keepalive (" + std::to_string(*keepalive) + ") must be at most a third of hold_time (" +
                               std::to_string(*hold) + ")");
  }
}

PeerSettings parse_peer_settings(TableReader& r, const std::vector<Policy>& policies) {
  PeerSettings s;
  s.remote_as = remote_as_value(r, "remote_as");
  s.description = r.string("description");
  s.password = r.string("password");
  if (s.password && (s.password->empty() || s.password->size() > kMaxMd5KeyLength)) {
    r.fail_at("password", "password must be 1 to 80 characters (TCP MD5 key, RFC 2385)");
  }
  s.hold_time = narrow<std::uint16_t>(r.integer("hold_time", 0, 65535));
  if (s.hold_time && (*s.hold_time == 1 || *s.hold_time == 2)) {
    r.fail_at("hold_time", "hold_time must be 0 or at least 3 seconds (RFC 4271 §4.2), not " +
                               std::to_string(*s.hold_time));
  }
  s.keepalive = narrow<std::uint16_t>(r.integer("keepalive", 0, 65535));
  check_timers(r, s.hold_time, s.keepalive);
  s.connect_retry = narrow<std::uint16_t>(r.integer("connect_retry", 1, 65535));
  s.delay_open = narrow<std::uint16_t>(r.integer("delay_open", 0, 240));
  s.passive = r.boolean("passive");
  s.ebgp_multihop = narrow<std::uint8_t>(r.integer("ebgp_multihop", 1, 255));
  s.ttl_security = narrow<std::uint8_t>(r.integer("ttl_security", 1, 254));
  if (s.ebgp_multihop && s.ttl_security) {
    r.fail_at("ttl_security", "ttl_security and ebgp_multihop cannot both be set (GTSM sends with TTL 255)");
  }
  if (auto la = r.string("local_address")) s.local_address = address_value(r.file(), r.where("local_address"), *la, "local_address");
  s.interface = r.string("interface");
  if (s.interface && (s.interface->empty() || s.interface->size() > kMaxInterfaceName)) {
    r.fail_at("interface", "interface must be a name of 1 to 15 characters");
  }
  if (r.has("families")) s.families = families_value(r.file(), r, "families");
  s.graceful_restart = r.boolean("graceful_restart");
  s.restart_time = narrow<std::uint16_t>(r.integer("restart_time", 0, 4095));  // 12 bits, RFC 4724 §3
  s.graceful_restart_notification = r.boolean("graceful_restart_notification");
  if (r.has("import")) s.import_policy = policy_ref(r, "import", policies);
  if (r.has("export")) s.export_policy = policy_ref(r, "export", policies);
  const auto max = r.integer("max_prefixes", 1, 4294967295LL);
  const auto warn = r.integer("max_prefixes_warning", 1, 100);
  const auto restart = r.integer("max_prefixes_restart", 0, 65535);
  if (!max && warn) r.fail_at("max_prefixes_warning", "max_prefixes_warning needs max_prefixes in the same table");
  if (!max && restart) r.fail_at("max_prefixes_restart", "max_prefixes_restart needs max_prefixes in the same table");
  if (max) {
    MaxPrefixes m;
    m.limit = static_cast<std::uint32_t>(*max);
    if (warn) m.warning_percent = static_cast<std::uint8_t>(*warn);
    if (restart) m.restart_minutes = static_cast<std::uint32_t>(*restart);
    s.max_prefixes = m;
  }
  s.add_path_send = r.boolean("add_path_send");
  s.add_path_receive = r.boolean("add_path_receive");
  s.next_hop_self = r.boolean("next_hop_self");
  s.soft_reconfiguration_inbound = r.boolean("soft_reconfiguration_inbound");
  s.shutdown = r.boolean("shutdown");
  s.liveness = r.boolean("liveness");
  s.liveness_interval_ms = narrow<std::uint32_t>(r.integer("liveness_interval_ms", 10, 60000));
  s.liveness_multiplier = narrow<std::uint32_t>(r.integer("liveness_multiplier", 1, 255));
  s.liveness_up_after = narrow<std::uint32_t>(r.integer("liveness_up_after", 1, 255));
  s.bfd = r.boolean("bfd");
  // FRR's bounds (bfdd: 10 ms to 60 s, multiplier 2 to 255; RFC 5880 allows 1).
  s.bfd_min_tx_ms = narrow<std::uint32_t>(r.integer("bfd_min_tx_ms", 10, 60000));
  s.bfd_min_rx_ms = narrow<std::uint32_t>(r.integer("bfd_min_rx_ms", 10, 60000));
  s.bfd_multiplier = narrow<std::uint8_t>(r.integer("bfd_multiplier", 2, 255));
  return s;
}

std::vector<PeerGroup> parse_peer_groups(TableReader& root, const std::vector<Policy>& policies, std::vector<ConfigError>& errors) {
  std::vector<PeerGroup> out;
  for (const toml::table* t : root.array_of_tables("peer_group")) try {
    TableReader r(root.file(), *t, "[[peer_group]]");
    PeerGroup g;
    g.pos = r.pos();
    const auto name = r.string("name");
    if (!name) r.missing("name");
    if (name->empty()) r.fail_at("name", "peer group name must not be empty");
    for (const auto& other : out) {
      if (other.name == *name) {
        r.fail_at("name", "duplicate peer_group '" + *name + "' (first defined at " + other.pos.to_string() + ")");
      }
    }
    g.name = *name;
    g.settings = parse_peer_settings(r, policies);
    r.finish(with(kPeerKeys, {"name"}));
    out.push_back(std::move(g));
  } catch (const ConfigError& e) {
    errors.push_back(e);
    placeholder_by_name(out, *t, root.file());
  }
  return out;
}

std::string group_ref(TableReader& r, std::string_view key, const std::vector<PeerGroup>& groups) {
  const auto name = r.string(key);
  if (!name) return {};
  std::vector<std::string> names;
  for (const auto& g : groups) names.push_back(g.name);
  if (std::find(names.begin(), names.end(), *name) == names.end()) {
    r.fail_at(key, "unknown peer_group '" + *name + "'" + did_you_mean(*name, names));
  }
  return *name;
}

std::vector<Neighbor> parse_neighbors(TableReader& root, const Config& cfg, std::vector<ConfigError>& errors) {
  std::vector<Neighbor> out;
  for (const toml::table* t : root.array_of_tables("neighbor")) try {
    TableReader r(root.file(), *t, "[[neighbor]]");
    Neighbor n;
    n.pos = r.pos();
    const auto addr = r.string("address");
    if (!addr) r.missing("address");
    n.address = address_value(r.file(), r.where("address"), *addr, "neighbor address");
    if (n.address.is_unspecified()) r.fail_at("address", "neighbor address must not be " + n.address.to_string());
    for (const auto& other : out) {
      if (other.address == n.address) {
        r.fail_at("address", "duplicate neighbor " + n.address.to_string() + " (first defined at " +
                                 other.pos.to_string() + ")");
      }
    }
    if (r.has("peer_group")) n.peer_group = group_ref(r, "peer_group", cfg.peer_groups);
    n.settings = parse_peer_settings(r, cfg.policies);
    r.finish(with(kPeerKeys, {"address", "peer_group"}));

    // Checks on the inherited result, reported at the neighbor.
    const PeerGroup* g = n.peer_group ? cfg.find_peer_group(*n.peer_group) : nullptr;
    const PeerSettings none;
    const PeerSettings& gs = g ? g->settings : none;
    const std::string who = "neighbor " + n.address.to_string();
    if (!n.settings.remote_as && !gs.remote_as) {
      r.fail_here(who + " has no remote_as (set it in [[neighbor]] or in its peer_group)");
    }
    const auto hold = n.settings.hold_time ? n.settings.hold_time : gs.hold_time;
    const auto keepalive = n.settings.keepalive ? n.settings.keepalive : gs.keepalive;
    if (hold && keepalive && *hold != 0 && (*keepalive == 0 || static_cast<std::uint32_t>(*keepalive) * 3 > *hold)) {
      r.fail_here(who + ": keepalive (" + std::to_string(*keepalive) + ") must be between 1 and a third of hold_time (" +
                  std::to_string(*hold) + ") after peer_group inheritance");
    }
    const bool multihop = n.settings.ebgp_multihop || gs.ebgp_multihop;
    const bool gtsm = n.settings.ttl_security || gs.ttl_security;
    if (multihop && gtsm) r.fail_here(who + ": ttl_security and ebgp_multihop cannot both be set after peer_group inheritance");
    const auto local = n.settings.local_address ? n.settings.local_address : gs.local_address;
    if (local && local->afi() != n.address.afi()) {
      r.fail_here(who + ": local_address " + local->to_string() + " is not of the neighbor's address family");
    }
    out.push_back(std::move(n));
  } catch (const ConfigError& e) {
    errors.push_back(e);
  }
  return out;
}

std::vector<ListenRange> parse_listen_ranges(TableReader& root, const Config& cfg, std::vector<ConfigError>& errors) {
  std::vector<ListenRange> out;
  for (const toml::table* t : root.array_of_tables("listen_range")) try {
    TableReader r(root.file(), *t, "[[listen_range]]");
    ListenRange lr;
    lr.pos = r.pos();
    const auto prefix = r.string("prefix");
    if (!prefix) r.missing("prefix");
    lr.prefix = strict_prefix(r.file(), r.where("prefix"), *prefix, "listen_range prefix");
    for (const auto& other : out) {
      if (other.prefix.contains(lr.prefix) || lr.prefix.contains(other.prefix)) {
        r.fail_at("prefix", "listen_range " + lr.prefix.to_string() + " overlaps listen_range " +
                                other.prefix.to_string() + " (defined at " + other.pos.to_string() + ")");
      }
    }
    if (!r.has("peer_group")) r.missing("peer_group", "dynamic neighbors take their settings from a peer group");
    lr.peer_group = group_ref(r, "peer_group", cfg.peer_groups);
    lr.remote_as = remote_as_value(r, "remote_as");
    if (!lr.remote_as && !cfg.find_peer_group(lr.peer_group)->settings.remote_as) {
      r.fail_here("listen_range " + lr.prefix.to_string() + " has no remote_as (set it here or in peer_group '" +
                  lr.peer_group + "')");
    }
    if (auto v = r.integer("limit", 1, 65535)) lr.limit = static_cast<std::uint32_t>(*v);
    r.finish(kRangeKeys);
    out.push_back(std::move(lr));
  } catch (const ConfigError& e) {
    errors.push_back(e);
  }
  return out;
}

Fib parse_fib(TableReader& root) {
  Fib f;
  const toml::table* t = root.subtable("fib");
  if (!t) return f;
  TableReader r(root.file(), *t, "[fib]");
  if (auto v = r.boolean("install")) f.install = *v;
  if (auto v = r.integer("table", 1, 4294967295LL)) f.table = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("metric", 0, 4294967295LL)) f.metric = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("protocol", 1, 255)) f.protocol = static_cast<std::uint8_t>(*v);
  if (auto v = r.boolean("retain_on_shutdown")) f.retain_on_shutdown = *v;
  if (auto v = r.boolean("nexthop_objects")) f.nexthop_objects = *v;
  if (auto v = r.integer("sweep_timeout", 0, 86400)) f.sweep_timeout = static_cast<std::uint32_t>(*v);
  r.finish(kFibKeys);
  return f;
}

Control parse_control(TableReader& root) {
  Control c;
  const toml::table* t = root.subtable("control");
  if (!t) return c;
  TableReader r(root.file(), *t, "[control]");
  if (auto v = r.string("socket")) {
    if (v->empty() || v->size() > kMaxUnixPath) r.fail_at("socket", "socket must be a path of 1 to 107 characters");
    c.socket = *v;
  }
  if (auto v = r.string("group")) c.group = *v;
  if (auto v = r.integer("max_clients", 1, 4096)) c.max_clients = static_cast<std::uint32_t>(*v);
  if (auto v = r.integer("max_request_bytes", 256, 16 * 1024 * 1024)) c.max_request_bytes = static_cast<std::uint32_t>(*v);
  r.finish(kControlKeys);
  return c;
}

DaemonSection parse_daemon(TableReader& root) {
  DaemonSection d;
  const toml::table* t = root.subtable("daemon");
  if (!t) return d;
  TableReader r(root.file(), *t, "[daemon]");
  if (auto v = r.string("user")) {
    if (v->empty()) r.fail_at("user", "user must be a user name (omit it to keep running as the starting user)");
    d.user = *v;
  }
  r.finish(kDaemonKeys);
  return d;
}

Metrics parse_metrics(TableReader& root) {
  Metrics m;
  const toml::table* t = root.subtable("metrics");
  if (!t) return m;
  TableReader r(root.file(), *t, "[metrics]");
  if (auto v = r.string("listen"); v && !v->empty()) {
    m.listen = parse_endpoint(*v);
    if (!m.listen) {
      r.fail_at("listen", "'listen' in [metrics] must be ADDRESS:PORT such as \"127.0.0.1:9179\" or \"[::1]:9179\", not \"" +
                              *v + "\"");
    }
  }
  r.finish(kMetricsKeys);
  return m;
}

std::string log_level(TableReader& r, std::string_view key, const std::string& value) {
  if (std::find(kLogLevels.begin(), kLogLevels.end(), value) == kLogLevels.end()) {
    r.fail_at(key, "unknown log level '" + value + "' (trace, debug, info, warn, error, critical or off)" +
                       did_you_mean(value, kLogLevels));
  }
  return value;
}

Log parse_log(TableReader& root) {
  Log l;
  const toml::table* t = root.subtable("log");
  if (!t) return l;
  TableReader r(root.file(), *t, "[log]");
  if (auto v = r.string("level")) l.level = log_level(r, "level", *v);
  if (auto v = r.string("format")) {
    if (*v != "text" && *v != "json") r.fail_at("format", "'format' in [log] must be \"text\" or \"json\", not \"" + *v + "\"");
    l.format = *v;
  }
  if (const toml::table* subs = r.subtable("subsystems")) {
    TableReader s(r.file(), *subs, "[log.subsystems]");
    std::vector<std::string> names;
    for (const auto& [k, v] : *subs) {
      (void)v;
      // The same names as --log-level SUBSYSTEM=LEVEL (libbgp/log/subsystem.hpp).
      if (!log::parse_subsystem(k.str())) {
        fail(r.file(), k.source(),
             "unknown log subsystem '" + std::string(k.str()) + "' in [log.subsystems] (" + log::subsystem_list() + ")" +
                 did_you_mean(k.str(), log::subsystem_names()));
      }
      names.emplace_back(k.str());
    }
    for (const auto& name : names) {
      const auto level = s.string(name);
      l.subsystems[name] = log_level(s, name, *level);
    }
    s.finish(names);
  }
  r.finish(kLogKeys);
  return l;
}

}  // namespace

Config build_config(const toml::table& root, const std::string& file) {
  TableReader r(file, root, "the top level");
  Config c;
  c.source = file;
  // Every independent table is checked even after one failed, so a single
  // --check-config lists every error; they are thrown together at the end.
  std::vector<ConfigError> errors;
  auto attempt = [&](auto&& parse) {
    try {
      parse();
    } catch (const ConfigError& e) {
      errors.push_back(e);
    }
  };
  attempt([&] { c.bgp = parse_global(r); });
  c.policies = parse_policies(r, errors);
  c.peer_groups = parse_peer_groups(r, c.policies, errors);
  c.neighbors = parse_neighbors(r, c, errors);
  c.listen_ranges = parse_listen_ranges(r, c, errors);
  attempt([&] { c.fib = parse_fib(r); });
  attempt([&] { c.control = parse_control(r); });
  attempt([&] { c.daemon = parse_daemon(r); });
  attempt([&] { c.metrics = parse_metrics(r); });
  attempt([&] { c.log = parse_log(r); });
  attempt([&] { r.finish(kTopKeys); });
  if (errors.size() == 1) throw errors.front();
  if (!errors.empty()) throw ConfigError(errors);
  return c;
}

}  // namespace bgp::config::detail

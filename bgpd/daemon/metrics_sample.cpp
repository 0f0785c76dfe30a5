#include "bgpd/daemon/metrics_sample.hpp"

#include <array>
#include <limits>
#include <string_view>
#include <utility>

namespace bgp::daemon {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using Labels = std::vector<ClientMetric::Label>;

// RFC 4271 §4.1 message types, as bgpctl's JSON spells them; index = type code.
constexpr std::array<std::string_view, 6> kMessageTypes{"", "open", "update", "notification", "keepalive", "route_refresh"};

constexpr std::array<fsm::State, 6> kStates{fsm::State::kIdle,     fsm::State::kConnect,     fsm::State::kActive,
                                            fsm::State::kOpenSent, fsm::State::kOpenConfirm, fsm::State::kEstablished};

MetricFamily family(std::string name, std::string help, MetricType type) {
  MetricFamily f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  return f;
}

ClientMetric sample(Labels labels, MetricType type, double value) {
  ClientMetric m;
  m.label = std::move(labels);
  if (type == MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  return m;
}

void add(MetricFamily& f, Labels labels, double value) { f.metric.push_back(sample(std::move(labels), f.type, value)); }

Labels neighbor_labels(const NeighborSample& n) { return {{"neighbor", n.address}, {"peer_as", n.peer_as}}; }

Labels with(Labels base, std::string name, std::string value) {
  base.push_back({std::move(name), std::move(value)});
  return base;
}

// Families with one sample per neighbour, the value picked by `get`.
template <class Get>
MetricFamily per_neighbor(const MetricsSnapshot& s, std::string name, std::string help, MetricType type, Get get) {
  MetricFamily f = family(std::move(name), std::move(help), type);
  for (const auto& n : s.neighbors) add(f, neighbor_labels(n), static_cast<double>(get(n)));
  return f;
}

template <class Get>
MetricFamily per_message_type(const MetricsSnapshot& s, std::string name, std::string help, Get get) {
  MetricFamily f = family(std::move(name), std::move(help), MetricType::Counter);
  for (const auto& n : s.neighbors) {
    const MessageCounters& c = get(n);
    for (std::size_t t = 1; t < kMessageTypes.size(); ++t) {
      add(f, with(neighbor_labels(n), "type", std::string(kMessageTypes[t])), static_cast<double>(c.by_type[t]));
    }
  }
  return f;
}

MetricFamily notifications(const MetricsSnapshot& s, std::string name, std::string help, bool sent) {
  MetricFamily f = family(std::move(name), std::move(help), MetricType::Counter);
  for (const auto& n : s.neighbors) {
    for (const auto& [key, count] : sent ? n.notifications_sent : n.notifications_received) {
      Labels l = with(neighbor_labels(n), "code", std::to_string(key.first));
      add(f, with(std::move(l), "subcode", std::to_string(key.second)), static_cast<double>(count));
    }
  }
  return f;
}

MetricFamily gauge_of(std::string name, std::string help, double value) {
  MetricFamily f = family(std::move(name), std::move(help), MetricType::Gauge);
  add(f, {}, value);
  return f;
}

MetricFamily counter_of(std::string name, std::string help, double value) {
  MetricFamily f = family(std::move(name), std::move(help), MetricType::Counter);
  add(f, {}, value);
  return f;
}

MetricFamily latency_histogram(const fib::LatencyHistogram& h) {
  MetricFamily f = family("bgpd_fib_install_latency_seconds",
                          "Time from a route's submission to the FIB to the kernel's acknowledgement (retries included)",
                          MetricType::Histogram);
  ClientMetric m;
  m.histogram.sample_count = h.count;
  m.histogram.sample_sum = h.sum;
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < h.counts.size(); ++i) {
    cumulative += h.counts[i];
    const double bound = i < fib::LatencyHistogram::kBounds.size() ? fib::LatencyHistogram::kBounds[i]
                                                                    : std::numeric_limits<double>::infinity();
    m.histogram.bucket.push_back({cumulative, bound});
  }
  f.metric.push_back(std::move(m));
  return f;
}

void add_fib(std::vector<MetricFamily>& out, const fib::FibStatus& st) {
  out.push_back(gauge_of("bgpd_fib_routes_installed", "Prefixes the kernel confirmed", static_cast<double>(st.routes_installed)));
  out.push_back(gauge_of("bgpd_fib_routes_failed", "Prefixes the kernel refused, awaiting retry", static_cast<double>(st.routes_failed)));
  out.push_back(gauge_of("bgpd_fib_routes_queued", "Route updates accepted but not yet sent to the kernel", static_cast<double>(st.queued)));
  out.push_back(gauge_of("bgpd_fib_routes_stale", "Routes left by a previous run awaiting the sweep", static_cast<double>(st.stale_routes)));
  out.push_back(gauge_of("bgpd_fib_nexthop_groups", "Kernel nexthop groups in use", static_cast<double>(st.nexthop_groups_count)));
  out.push_back(gauge_of("bgpd_fib_backpressure", "1 while the FIB queue is above its high-water mark (sessions stop reading)",
                         st.backpressure ? 1 : 0));
  MetricFamily ops = family("bgpd_fib_netlink_operations_total", "Netlink requests sent, by operation", MetricType::Counter);
  MetricFamily errs = family("bgpd_fib_netlink_errors_total", "Netlink requests the kernel refused, by operation", MetricType::Counter);
  for (std::size_t i = 0; i < fib::kNetlinkOpCount; ++i) {
    const std::string op(fib::netlink_op_name(static_cast<fib::NetlinkOp>(i)));
    add(ops, {{"op", op}}, static_cast<double>(st.netlink_ops[i]));
    add(errs, {{"op", op}}, static_cast<double>(st.netlink_op_errors[i]));
  }
  out.push_back(std::move(ops));
  out.push_back(std::move(errs));
  out.push_back(counter_of("bgpd_fib_netlink_sendmsg_total", "sendmsg() calls on the netlink request socket (batches)",
                           static_cast<double>(st.netlink_sendmsg)));
  out.push_back(counter_of("bgpd_fib_retries_total", "Route installs retried after a failure", static_cast<double>(st.retries_total)));
  out.push_back(latency_histogram(st.install_latency));
}

}  // namespace

std::vector<MetricFamily> build_info_family(const std::string& version) {
  MetricFamily f = family("bgpd_build_info", "bgpd version (the value is always 1)", MetricType::Gauge);
  add(f, {{"version", version}}, 1);
  return {std::move(f)};
}

std::vector<MetricFamily> build_metric_families(const MetricsSnapshot& s) {
  std::vector<MetricFamily> out = build_info_family(s.version);
  out.push_back(gauge_of("bgpd_config_last_reload_successful", "1 when the last configuration reload (SIGHUP, bgpctl reload) succeeded",
                         s.config_last_reload_successful ? 1 : 0));
  out.push_back(gauge_of("bgpd_config_last_reload_success_timestamp_seconds",
                         "Unix time of the last successful configuration load (start-up or reload)",
                         s.config_last_reload_success_timestamp_seconds));

  MetricFamily state = family("bgpd_neighbor_state", "1 for the neighbour's current RFC 4271 §8.2.2 session state, 0 for the others",
                              MetricType::Gauge);
  for (const auto& n : s.neighbors) {
    for (const fsm::State st : kStates) add(state, with(neighbor_labels(n), "state", std::string(fsm::state_name(st))), n.state == st);
  }
  out.push_back(std::move(state));
  out.push_back(per_neighbor(s, "bgpd_neighbor_up", "1 when the session is Established", MetricType::Gauge,
                             [](const NeighborSample& n) { return n.state == fsm::State::kEstablished ? 1 : 0; }));
  out.push_back(per_neighbor(s, "bgpd_neighbor_uptime_seconds", "Seconds since the session reached Established (0 when down)",
                             MetricType::Gauge, [](const NeighborSample& n) { return n.uptime_seconds; }));
  out.push_back(per_neighbor(s, "bgpd_neighbor_flaps_total", "Established sessions that went down", MetricType::Counter,
                             [](const NeighborSample& n) { return n.flaps; }));
  out.push_back(per_message_type(s, "bgpd_neighbor_messages_received_total", "BGP messages received, by type",
                                 [](const NeighborSample& n) -> const MessageCounters& { return n.received; }));
  out.push_back(per_message_type(s, "bgpd_neighbor_messages_sent_total", "BGP messages sent, by type",
                                 [](const NeighborSample& n) -> const MessageCounters& { return n.sent; }));
  out.push_back(per_neighbor(s, "bgpd_neighbor_received_bytes_total", "Bytes of BGP messages received (headers included)",
                             MetricType::Counter, [](const NeighborSample& n) { return n.received.bytes; }));
  out.push_back(per_neighbor(s, "bgpd_neighbor_sent_bytes_total", "Bytes of BGP messages sent (headers included)",
                             MetricType::Counter, [](const NeighborSample& n) { return n.sent.bytes; }));
  out.push_back(per_neighbor(s, "bgpd_neighbor_prefixes_received", "Prefixes received (before import policy with soft reconfiguration)",
                             MetricType::Gauge, [](const NeighborSample& n) { return n.prefixes_received; }));
  out.push_back(per_neighbor(s, "bgpd_neighbor_prefixes_accepted", "Prefixes accepted by import policy (Adj-RIB-In)",
                             MetricType::Gauge, [](const NeighborSample& n) { return n.prefixes_accepted; }));
  out.push_back(per_neighbor(s, "bgpd_neighbor_prefixes_advertised", "Prefixes advertised to the neighbour (Adj-RIB-Out)",
                             MetricType::Gauge, [](const NeighborSample& n) { return n.prefixes_advertised; }));
  out.push_back(per_neighbor(s, "bgpd_neighbor_prefixes_stale", "Prefixes kept as stale through a graceful restart (RFC 4724)",
                             MetricType::Gauge, [](const NeighborSample& n) { return n.prefixes_stale; }));
  out.push_back(notifications(s, "bgpd_neighbor_notifications_sent_total", "NOTIFICATIONs sent, by error code and subcode", true));
  out.push_back(notifications(s, "bgpd_neighbor_notifications_received_total", "NOTIFICATIONs received, by error code and subcode",
                              false));
  MetricFamily rfc7606 = family("bgpd_neighbor_rfc7606_actions_total",
                                "Malformed UPDATEs handled by RFC 7606 action: treat_as_withdraw, attribute_discard, session_reset",
                                MetricType::Counter);
  for (const auto& n : s.neighbors) {
    add(rfc7606, with(neighbor_labels(n), "action", "treat_as_withdraw"), static_cast<double>(n.rfc7606.treat_as_withdraw));
    add(rfc7606, with(neighbor_labels(n), "action", "attribute_discard"), static_cast<double>(n.rfc7606.attribute_discard));
    add(rfc7606, with(neighbor_labels(n), "action", "session_reset"), static_cast<double>(n.rfc7606.session_reset));
  }
  out.push_back(std::move(rfc7606));

  MetricFamily prefixes = family("bgpd_rib_prefixes", "Loc-RIB prefixes (with a best path), by address family", MetricType::Gauge);
  MetricFamily paths = family("bgpd_rib_paths", "Paths in all Adj-RIBs-In, by address family", MetricType::Gauge);
  for (const auto& r : s.rib) {
    add(prefixes, {{"family", std::string(family_name(r.family))}}, static_cast<double>(r.prefixes));
    add(paths, {{"family", std::string(family_name(r.family))}}, static_cast<double>(r.paths));
  }
  out.push_back(std::move(prefixes));
  out.push_back(std::move(paths));

  out.push_back(gauge_of("bgpd_fib_enabled", "1 when bgpd installs routes in the kernel ([fib] install = true)", s.fib ? 1 : 0));
  if (s.fib) add_fib(out, *s.fib);

  MetricFamily rib_hops = family("bgpd_anycast_rib_next_hops",
                                 "Per host route (/32, /128): distinct next hops of the selected paths (best and multipath)",
                                 MetricType::Gauge);
  MetricFamily kernel_hops = family("bgpd_anycast_kernel_next_hops", "Per host route (/32, /128): next hops of the kernel's route",
                                    MetricType::Gauge);
  for (const auto& a : s.anycast) {
    const Labels l{{"prefix", a.prefix.to_string()}, {"family", std::string(family_name(a.prefix.afi() == Afi::kIpv6 ? kIpv6Unicast : kIpv4Unicast))}};
    add(rib_hops, l, static_cast<double>(a.rib_next_hops));
    if (a.kernel_next_hops) add(kernel_hops, l, static_cast<double>(*a.kernel_next_hops));
  }
  out.push_back(std::move(rib_hops));
  if (s.fib) out.push_back(std::move(kernel_hops));

  MetricFamily live = family("bgpd_nexthop_liveness_up",
                             "Per next hop probed for liveness (ARP/ND): 1 while it answers (or is not yet judged), 0 while dead",
                             MetricType::Gauge);
  MetricFamily transitions = family("bgpd_nexthop_liveness_transitions_total",
                                    "Per next hop probed for liveness: transitions to down and back to up", MetricType::Counter);
  for (const auto& l : s.liveness) {
    const std::string nh = l.next_hop.to_string();
    add(live, {{"next_hop", nh}}, l.up ? 1 : 0);
    add(transitions, {{"next_hop", nh}, {"to", "down"}}, static_cast<double>(l.went_down));
    add(transitions, {{"next_hop", nh}, {"to", "up"}}, static_cast<double>(l.came_up));
  }
  if (!s.liveness.empty()) {
    out.push_back(std::move(live));
    out.push_back(std::move(transitions));
  }
  add_bfd_families(out, s);
  return out;
}

}  // namespace bgp::daemon

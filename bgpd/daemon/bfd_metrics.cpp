// BFD's part of a metrics scrape: Daemon::add_bfd_samples copies the sessions
// on the session thread; add_bfd_families builds the bgpd_bfd_* families on
// the exporter's thread (see metrics_sample.hpp for the split).
#include <array>

#include "bgpd/daemon/daemon.hpp"
#include "bgpd/daemon/metrics_sample.hpp"

namespace bgp::daemon {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

constexpr std::array<bfd::State, 4> kBfdStates{bfd::State::kAdminDown, bfd::State::kDown, bfd::State::kInit, bfd::State::kUp};

MetricFamily bfd_family(std::string name, std::string help, MetricType type) {
  MetricFamily f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  return f;
}

void add(MetricFamily& f, std::vector<ClientMetric::Label> labels, double value) {
  ClientMetric m;
  m.label = std::move(labels);
  if (f.type == MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(std::move(m));
}

}  // namespace

void Daemon::add_bfd_samples(MetricsSnapshot& s) const {
  if (!bfd_) return;
  for (const BfdSessionView& v : bfd_->sessions()) {
    BfdSample b;
    b.neighbor = v.config.peer.to_string();
    b.state = std::string(bfd::state_name(v.state));
    b.up_transitions = v.counters.up_transitions;
    b.down_transitions = v.counters.down_transitions;
    b.packets_sent = v.counters.packets_sent;
    b.packets_received = v.counters.packets_received;
    b.packets_dropped = v.counters.packets_dropped;
    b.detection_time_seconds = static_cast<double>(v.detection_time_us) / 1e6;
    s.bfd.push_back(std::move(b));
  }
  s.bfd_discarded = bfd_->discards().no_session;
  for (const auto& [error, n] : bfd_->discards().malformed) s.bfd_discarded += n;
}

void add_bfd_families(std::vector<MetricFamily>& out, const MetricsSnapshot& s) {
  MetricFamily state = bfd_family("bgpd_bfd_session_state", "1 for the BFD session's current RFC 5880 state, 0 for the others",
                                  MetricType::Gauge);
  MetricFamily up = bfd_family("bgpd_bfd_session_up", "1 when the BFD session is Up", MetricType::Gauge);
  MetricFamily transitions =
      bfd_family("bgpd_bfd_transitions_total", "BFD session transitions to Up and from Up to Down", MetricType::Counter);
  MetricFamily packets = bfd_family("bgpd_bfd_packets_total", "BFD control packets sent, received, and dropped by the TTL or source check",
                                    MetricType::Counter);
  MetricFamily detection =
      bfd_family("bgpd_bfd_detection_time_seconds", "Negotiated detection time (remote multiplier x agreed interval)", MetricType::Gauge);
  for (const BfdSample& b : s.bfd) {
    for (const bfd::State st : kBfdStates) {
      const std::string name(bfd::state_name(st));
      add(state, {{"neighbor", b.neighbor}, {"state", name}}, b.state == name ? 1 : 0);
    }
    add(up, {{"neighbor", b.neighbor}}, b.state == "Up" ? 1 : 0);
    add(transitions, {{"neighbor", b.neighbor}, {"to", "up"}}, static_cast<double>(b.up_transitions));
    add(transitions, {{"neighbor", b.neighbor}, {"to", "down"}}, static_cast<double>(b.down_transitions));
    add(packets, {{"neighbor", b.neighbor}, {"direction", "sent"}}, static_cast<double>(b.packets_sent));
    add(packets, {{"neighbor", b.neighbor}, {"direction", "received"}}, static_cast<double>(b.packets_received));
    add(packets, {{"neighbor", b.neighbor}, {"direction", "dropped"}}, static_cast<double>(b.packets_dropped));
    add(detection, {{"neighbor", b.neighbor}}, b.detection_time_seconds);
  }
  MetricFamily discarded = bfd_family("bgpd_bfd_discarded_packets_total",
                                      "BFD datagrams no session took (malformed per RFC 5880 §6.8.6, or unknown discriminator/source)",
                                      MetricType::Counter);
  add(discarded, {}, static_cast<double>(s.bfd_discarded));
  out.push_back(std::move(state));
  out.push_back(std::move(up));
  out.push_back(std::move(transitions));
  out.push_back(std::move(packets));
  out.push_back(std::move(detection));
  out.push_back(std::move(discarded));
}

}  // namespace bgp::daemon

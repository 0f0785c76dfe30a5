// `bgpctl show bfd`: the BFD sessions as JSON (the control socket is where
// JSON is made; BfdManager hands out plain values).
#include <fmt/chrono.h>

#include "bgpd/daemon/daemon.hpp"

namespace bgp::daemon {
namespace {

double ms(std::uint64_t us) { return static_cast<double>(us) / 1000.0; }

std::string iso8601_ms(std::chrono::system_clock::time_point t) {
  const auto s = std::chrono::floor<std::chrono::seconds>(t);
  const auto milli = std::chrono::duration_cast<std::chrono::milliseconds>(t - s).count();
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", s, milli);
}

Json session_json(const BfdSessionView& v) {
  Json j;
  j["peer"] = v.config.peer.to_string();
  j["local_address"] = v.config.local ? Json(v.config.local->to_string()) : Json();
  j["multihop"] = v.config.multihop;
  j["min_ttl"] = v.config.min_ttl;
  j["source_port"] = v.source_port;
  j["state"] = std::string(bfd::state_name(v.state));
  j["remote_state"] = std::string(bfd::state_name(v.remote_state));
  j["local_discriminator"] = v.local_discriminator;
  j["remote_discriminator"] = v.remote_discriminator;
  j["local_diag"] = std::string(bfd::diag_name(v.local_diag));
  j["remote_diag"] = std::string(bfd::diag_name(v.remote_diag));
  j["configured"] = Json{{"min_tx_ms", ms(v.config.timing.desired_min_tx_us)},
                         {"min_rx_ms", ms(v.config.timing.required_min_rx_us)},
                         {"multiplier", v.config.timing.detect_mult}};
  j["remote"] = Json{{"desired_min_tx_ms", ms(v.remote_desired_min_tx_us)},
                     {"required_min_rx_ms", ms(v.remote_required_min_rx_us)},
                     {"multiplier", v.remote_detect_mult}};
  // RFC 5880 §6.8.2 / §6.8.4: what the two ends agreed on.
  j["negotiated"] = Json{{"tx_interval_ms", ms(v.tx_interval_us)},
                         {"rx_interval_ms", ms(v.rx_interval_us)},
                         {"detection_time_ms", ms(v.detection_time_us)}};
  j["uptime_s"] = v.up_for ? Json(std::chrono::duration<double>(*v.up_for).count()) : Json();
  if (v.last_down_at) {
    j["last_down"] = Json{{"when", iso8601_ms(*v.last_down_at)},
                          {"diag", std::string(bfd::diag_name(v.last_down_diag))},
                          {"remote_state", std::string(bfd::state_name(v.last_down_remote_state))}};
  } else {
    j["last_down"] = nullptr;
  }
  j["packets"] = Json{{"sent", v.counters.packets_sent},
                      {"received", v.counters.packets_received},
                      {"dropped", v.counters.packets_dropped},
                      {"send_errors", v.counters.send_errors}};
  j["transitions"] = Json{{"up", v.counters.up_transitions}, {"down", v.counters.down_transitions}};
  return j;
}

}  // namespace

Json Daemon::bfd_json() const {
  Json sessions = Json::array();
  Json discarded{{"no_session", 0}, {"malformed", Json::object()}};
  if (bfd_) {
    for (const BfdSessionView& v : bfd_->sessions()) sessions.push_back(session_json(v));
    discarded["no_session"] = bfd_->discards().no_session;
    for (const auto& [error, n] : bfd_->discards().malformed) discarded["malformed"][std::string(bfd::decode_error_name(error))] = n;
  }
  return Json{{"sessions", std::move(sessions)}, {"discarded", std::move(discarded)}};
}

}  // namespace bgp::daemon

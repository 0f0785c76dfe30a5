#include "bgpd/daemon/daemon.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>

#include <boost/asio/local/datagram_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "bgpd/daemon/log_config.hpp"
#include "libbgp/config/effective.hpp"
#include "libbgp/config/load.hpp"
#include "libbgp/config/warnings.hpp"
#include "libbgp/fib/fib_snapshot_format.hpp"
#include "libbgp/log/logger.hpp"
#include "libbgp/wire/notification.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::optional<IpAddress> from_asio(const asio::ip::address& a) {
  if (a.is_v4()) return IpAddress::v4(a.to_v4().to_uint());
  auto v6 = a.to_v6();
  if (v6.is_v4_mapped()) return IpAddress::v4(asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_uint());
  const auto b = v6.to_bytes();
  return IpAddress::v6(std::span<const std::byte, 16>(reinterpret_cast<const std::byte*>(b.data()), 16));
}

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

void notify_systemd(std::string_view state) {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (!path || !*path) return;
  std::string p(path);
  if (p[0] == '@') p[0] = '\0';  // abstract namespace socket
  asio::io_context io;
  asio::local::datagram_protocol::socket s(io);
  boost::system::error_code ec;
  s.open(asio::local::datagram_protocol(), ec);
  if (!ec) s.send_to(asio::buffer(state.data(), state.size()), asio::local::datagram_protocol::endpoint(p), 0, ec);
  if (ec) log::main().warn("sd_notify failed: {}", ec.message());
}

Daemon::Daemon(asio::io_context& io, DaemonSettings settings, config::Config config)
    : io_(io),
      settings_(std::move(settings)),
      config_(std::make_unique<config::Config>(std::move(config))),
      signals_(io, SIGTERM, SIGINT, SIGHUP),
      stop_timer_(io),
      watchdog_(io),
      last_reload_success_unix_s_(unix_now_s()) {}

Daemon::~Daemon() = default;

void Daemon::start() {
  const auto& bgp = config_->bgp;
  log::main().info("bgpd starting: AS {}, router-id {}, {} neighbors, {} listen ranges", bgp.asn, bgp.router_id.to_string(),
               config_->neighbors.size(), config_->listen_ranges.size());
  for (const IpAddress& a : bgp.listen_addresses) {
    listeners_.push_back(std::make_unique<Listener>(io_, a, bgp.listen_port, [this](tcp::socket s) { on_accept(std::move(s)); }));
  }
  // The route pipeline first: the kernel FIB adopts what a previous run left.
  routes_ = std::make_unique<RouteEngine>(io_, *config_, make_kernel_fib(*config_));
  // Next hops resolve through what the kernel reports, event by event (one
  // dump now, then rtnetlink notifications), before any route arrives.
  next_hops_ = std::make_unique<NexthopTracker>(
      io_, config_->fib.protocol,
      NexthopTracker::Callbacks{[this](std::vector<Prefix> networks) { routes_->set_next_hop_networks(std::move(networks)); },
                                [this](const fib::LivenessTransition& t) {
                                  routes_->set_next_hop_dead(t.next_hop, t.to == fib::Liveness::kDown);
                                }});
  routes_->set_next_hop_networks(next_hops_->networks());
  next_hops_->start();
  routes_->start();
  bfd_ = std::make_unique<BfdManager>(io_);
  install_md5_keys();
  const std::string socket_path = settings_.control_socket.value_or(config_->control.socket);
  control_ = std::make_unique<ControlServer>(io_, socket_path, [this](const Json& r, ControlReply reply) { handle_control_async(r, std::move(reply)); },
                                             ControlServerLimits{config_->control.max_request_bytes, config_->control.max_clients},
                                             config_->control.group);
  log::control().info("control socket at {}", socket_path);
  if (const auto listen = settings_.metrics_listen ? settings_.metrics_listen : config_->metrics.listen) {
    metrics_ = std::make_unique<MetricsExporter>(io_, listen->to_string(), settings_.version, [this] { return metrics_snapshot(); });
    log::control().info("metrics at http://{}/metrics", listen->to_string());
  }
  wait_for_signal();
  for (const config::Neighbor& n : config_->neighbors) add_peer(config::effective(*config_, n));
  for (const std::string& w : config::warnings(*config_)) log::config().warn("{}", w);
  notify_systemd("READY=1");
  if (const auto interval = watchdog_.start()) {
    log::main().info("systemd watchdog: WATCHDOG=1 every {} ms", std::chrono::duration_cast<std::chrono::milliseconds>(*interval).count());
  }
}

void Daemon::install_md5_keys() {
  for (const config::Neighbor& n : config_->neighbors) {
    const auto e = config::effective(*config_, n);
    if (e.password.empty()) continue;
    for (auto& l : listeners_) l->set_md5(e.address, address_bits(e.address.afi()), e.password);
  }
  for (const config::ListenRange& r : config_->listen_ranges) {
    // The peer group's password covers the whole range (TCP_MD5SIG_EXT).
    const auto e = config::effective(*config_, r, r.prefix.address());
    if (e.password.empty()) continue;
    for (auto& l : listeners_) l->set_md5(r.prefix.address(), r.prefix.length(), e.password);
  }
}

void Daemon::add_peer(config::EffectiveNeighbor neighbor, bool admin_down) {
  const IpAddress address = neighbor.address;
  auto peer = std::make_unique<Peer>(io_, *config_, std::move(neighbor), *this);
  Peer& p = *peer;
  if (admin_down) p.set_admin_down();  // a bgpctl shutdown survives a reset by reload
  peers_[address] = std::move(peer);
  track_liveness(p.neighbor());
  p.start();
}

// Next-hop liveness follows the neighbour's settings: its address is the
// next hop of the paths it sends on a shared segment (eBGP, Cilium nodes).
void Daemon::track_liveness(const config::EffectiveNeighbor& n) {
  if (!next_hops_) return;
  std::optional<fib::LivenessSettings> s;
  if (n.liveness) {
    s = fib::LivenessSettings{std::chrono::milliseconds(n.liveness_interval_ms), n.liveness_multiplier, n.liveness_up_after};
  }
  next_hops_->set_liveness(n.address, s);
}

void Daemon::wait_for_signal() {
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
    if (ec) return;
    if (signal == SIGHUP) {
      (void)reload();  // logged either way
      wait_for_signal();
      return;
    }
    log::main().info("received {}, shutting down", signal == SIGTERM ? "SIGTERM" : "SIGINT");
    shutdown("bgpd shutting down");
  });
}

void Daemon::on_accept(tcp::socket socket) {
  boost::system::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (ec) return;
  const auto from = from_asio(remote.address());
  if (!from || stopping_) return;
  if (const auto it = peers_.find(*from); it != peers_.end()) {
    it->second->incoming(std::move(socket));
    return;
  }
  if (const config::ListenRange* range = config_->find_listen_range(*from)) {
    std::size_t in_range = 0;
    for (const auto& [addr, peer] : peers_) in_range += peer->dynamic() && range->prefix.contains(addr);
    if (in_range >= range->limit) {
      log::fsm().warn("connection from {} refused: listen range {} is at its limit of {} peers", from->to_string(),
                   range->prefix.to_string(), range->limit);
      refuse(std::move(socket), *from);
      return;
    }
    log::fsm().info("dynamic neighbor {} accepted through listen range {} (peer group {})", from->to_string(),
                 range->prefix.to_string(), range->peer_group);
    add_peer(config::effective(*config_, *range, *from));
    peers_.at(*from)->incoming(std::move(socket));
    return;
  }
  log::fsm().info("connection from unknown peer {} refused", from->to_string());
  refuse(std::move(socket), *from);
}

// RFC 4486 §4: Cease / Connection Rejected, then close.
void Daemon::refuse(tcp::socket socket, const IpAddress& from) {
  (void)from;
  auto s = std::make_shared<tcp::socket>(std::move(socket));
  auto buf = std::make_shared<std::array<std::byte, kMinNotificationSize>>();
  const std::size_t n =
      encode_notification(*buf, Notification{NotifyCode::kCease, static_cast<std::uint8_t>(CeaseSubcode::kConnectionRejected), {}});
  asio::async_write(*s, asio::buffer(buf->data(), n), [s, buf](const boost::system::error_code&, std::size_t) {
    boost::system::error_code ec;
    s->shutdown(tcp::socket::shutdown_both, ec);
    s->close(ec);
  });
}

void Daemon::peer_finished(Peer& peer) {
  const IpAddress address = peer.address();
  const std::uint64_t serial = peer.serial();
  asio::post(io_, [this, address, serial] {
    const auto it = peers_.find(address);
    if (it != peers_.end() && it->second->serial() == serial) {
      if (it->second->dynamic()) log::fsm().info("dynamic neighbor {} removed", address.to_string());
      peers_.erase(it);
    }
  });
}

void Daemon::shutdown(std::string_view reason) {
  if (stopping_) return;
  stopping_ = true;
  notify_systemd("STOPPING=1");
  watchdog_.stop();
  signals_.cancel();
  if (metrics_) metrics_->close();  // destroyed with the daemon: joining its threads takes a while
  for (auto& l : listeners_) l->close();
  if (control_) control_->stop();
  // The FIB first: the sessions about to end would otherwise withdraw their
  // routes from the kernel, and a restart must find them there (RFC 4724
  // §4.1 forwarding state preserved). The FIB keeps or flushes its routes as
  // configured.
  const bool retained = routes_ && routes_->retains_forwarding_on_shutdown();
  if (routes_) routes_->shutdown();
  if (retained) {
    // Our routes stay in the kernel, so traffic keeps flowing through us:
    // the sessions just close (no Cease), and graceful-restart helpers keep
    // our routes until we are back (RFC 4724 §4.2). Nothing to flush.
    log::main().info("routes kept in the kernel: closing {} sessions without a NOTIFICATION (graceful restart)", peers_.size());
    for (auto& [addr, peer] : peers_) peer->close_without_notification();
    peers_.clear();
    io_.stop();
    return;
  }
  for (auto& [addr, peer] : peers_) peer->stop(CeaseSubcode::kAdministrativeShutdown, reason);
  // Give the NOTIFICATIONs a moment to be written before the loop ends.
  stop_timer_.expires_after(std::chrono::milliseconds(300));
  stop_timer_.async_wait([this](const boost::system::error_code&) {
    peers_.clear();
    io_.stop();
  });
}

ReloadResult Daemon::reload() {
  // systemd: reloading until READY=1 (sd_notify(3)); MONOTONIC_USEC is what
  // systemd 253+ (Type=notify-reload) requires, and older ones ignore.
  notify_systemd(reloading_message());
  ReloadResult result = reload_config();
  last_reload_ok_ = result.ok;
  if (result.ok) last_reload_success_unix_s_ = unix_now_s();
  notify_systemd(result.ok ? std::string("READY=1\nSTATUS=configuration loaded")
                           : "READY=1\nSTATUS=reload rejected, running the previous configuration");
  return result;
}

ReloadResult Daemon::reload_config() {
  log::config().info("reloading configuration from {}", settings_.config_path);
  std::unique_ptr<config::Config> next;
  try {
    next = std::make_unique<config::Config>(config::load_file(settings_.config_path));
  } catch (const config::ConfigError& e) {
    log::config().error("reload failed, keeping the running configuration: {}", e.what());
    return ReloadResult{false, fmt::format("configuration rejected, the running one is kept: {}", e.what()),
                        Json{{"errors", e.all()}}};
  } catch (const std::exception& e) {
    log::config().error("reload failed, keeping the running configuration: {}", e.what());
    return ReloadResult{false, fmt::format("configuration rejected, the running one is kept: {}", e.what()), Json()};
  }
  // Warnings do not refuse the file; they come back to bgpctl and the log.
  const std::vector<std::string> warnings = config::warnings(*next);
  for (const std::string& w : warnings) log::config().warn("reload: {}", w);
  const config::ConfigDiff d = config::diff(*config_, *next);
  if (d.log_changed) {
    // Levels change at once, for the rest of this reload too; the command
    // line still wins over what it set.
    apply_log_config(next->log, settings_.log);
    log::config().info("reload: [log] applied (level {}, {} subsystem levels, format {})", next->log.level,
                       next->log.subsystems.size(), next->log.format);
  }
  Json details{{"added", Json::array()}, {"removed", Json::array()}, {"reset", Json::array()}, {"refreshed", Json::array()},
               {"refresh_unsupported", Json::array()}};
  details["warnings"] = warnings;
  if (d.empty()) {
    log::config().info("reload: no changes");
    return ReloadResult{true, "reload: no changes", details};
  }
  if (d.listen_changed || d.control_changed || d.metrics_changed) {
    log::config().warn("reload: listen addresses, the control socket and the metrics endpoint change on restart only");
  }
  std::vector<IpAddress> reset = d.neighbors_reset;
  if (d.global_session_changed) {
    reset.clear();
    for (const auto& [addr, peer] : peers_) reset.push_back(addr);
  }
  // Old peers keep pointing at the old config until they are updated below.
  std::unique_ptr<config::Config> previous = std::move(config_);
  config_ = std::move(next);
  routes_->set_config(*config_);  // re-runs the decision, re-evaluates every Adj-RIB-Out (export policy)
  for (const IpAddress& a : d.neighbors_removed) {
    if (auto it = peers_.find(a); it != peers_.end()) {
      log::config().info("reload: neighbor {} removed", a.to_string());
      it->second->stop(CeaseSubcode::kPeerDeconfigured, "");
      peers_.erase(it);  // the NOTIFICATION still flushes on its own link
    }
    routes_->remove_neighbor(a);
    if (next_hops_) next_hops_->set_liveness(a, std::nullopt);
    details["removed"].push_back(a.to_string());
  }
  for (const IpAddress& a : reset) {
    bool was_down = false;
    if (auto it = peers_.find(a); it != peers_.end()) {
      log::config().info("reload: neighbor {} reset (session settings changed)", a.to_string());
      was_down = it->second->admin_down();
      it->second->stop(CeaseSubcode::kOtherConfigurationChange, "");
      peers_.erase(it);
    }
    if (const config::Neighbor* n = config_->find_neighbor(a)) add_peer(config::effective(*config_, *n), was_down);
    details["reset"].push_back(a.to_string());
  }
  for (auto& [addr, peer] : peers_) {
    if (const config::Neighbor* n = config_->find_neighbor(addr)) {
      peer->update_settings(*config_, config::effective(*config_, *n));
      routes_->set_neighbor(peer->neighbor());
      track_liveness(peer->neighbor());
    } else if (const config::ListenRange* r = config_->find_listen_range(addr); r && peer->dynamic()) {
      peer->update_settings(*config_, config::effective(*config_, *r, addr));
      track_liveness(peer->neighbor());
    } else {
      peer->stop(CeaseSubcode::kPeerDeconfigured, "");
    }
  }
  // Import policy (or the RFC 8212 default) changed: the routes already
  // accepted were judged by the old one. No pre-policy copy is kept, so the
  // peer is asked to send them again (RFC 2918 ROUTE-REFRESH); the engine
  // already runs them through the new policy.
  std::vector<IpAddress> soft = d.neighbors_soft_changed;
  if (d.routing_changed || d.listen_ranges_changed) {
    soft.clear();
    for (const auto& [addr, peer] : peers_) soft.push_back(addr);
  }
  for (const IpAddress& a : soft) {
    const auto it = peers_.find(a);
    if (it == peers_.end() || std::find(reset.begin(), reset.end(), a) != reset.end()) continue;
    if (it->second->established_families().empty()) continue;  // nothing learnt yet
    if (soft_in(*it->second)) {
      details["refreshed"].push_back(a.to_string());
    } else {
      details["refresh_unsupported"].push_back(a.to_string());
    }
  }
  for (const IpAddress& a : d.neighbors_added) {
    if (const config::Neighbor* n = config_->find_neighbor(a)) {
      log::config().info("reload: neighbor {} added", a.to_string());
      add_peer(config::effective(*config_, *n));
      details["added"].push_back(a.to_string());
    }
  }
  install_md5_keys();
  // Peers stopped above may still reference the previous config in handlers
  // queued on this loop; release it after them.
  asio::post(io_, [old = std::shared_ptr<config::Config>(std::move(previous))] {});
  const std::string message = fmt::format("reload done: {} added, {} removed, {} reset, {} re-learning routes (route refresh)",
                                          details["added"].size(), details["removed"].size(), details["reset"].size(),
                                          details["refreshed"].size());
  log::config().info("{}", message);
  return ReloadResult{true, message, details};
}

bool Daemon::soft_in(Peer& peer) {
  // soft_reconfiguration_inbound: the stored pre-policy routes go through
  // import again here, no ROUTE-REFRESH needed.
  if (routes_->soft_in(peer.address()) == SoftIn::kReevaluated) return true;
  if (peer.request_refresh()) return true;
  log::rib().warn("neighbor {}: no route-refresh capability: the new import policy applies to routes received from now on "
               "(bgpctl neighbor {} clear re-learns them all)",
               peer.address().to_string(), peer.address().to_string());
  return false;
}

Json Daemon::summary_json() const {
  return Json{{"router_id", config_->bgp.router_id.to_string()},
              {"local_as", config_->bgp.asn},
              {"neighbors", neighbors_json(std::nullopt)}};
}

Json Daemon::neighbors_json(const std::optional<IpAddress>& only) const {
  Json list = Json::array();
  for (const auto& [addr, peer] : peers_) {
    if (only && *only != addr) continue;
    Json n = peer->to_json();
    // RFC 8212: an eBGP session without a policy exchanges nothing in that
    // direction (show summary marks it "(Policy)" as FRR does).
    const config::EffectiveNeighbor& e = peer->neighbor();
    const bool blocks = config_->bgp.ebgp_requires_policy && e.remote_as.is_ebgp(config_->bgp.asn);
    n["policy_blocked"] = Json{{"import", blocks && e.import_policy.empty()}, {"export", blocks && e.export_policy.empty()}};
    list.push_back(std::move(n));
  }
  return list;
}

}  // namespace bgp::daemon

#pragma once
// The daemon: configuration, listeners, peers, the control socket and
// signals, all on one io_context thread (the session thread). Control
// requests read peer state on that same thread, so no locks are needed.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bgpd/control_request.hpp"
#include "bgpd/control_server.hpp"
#include "bgpd/logging.hpp"
#include "bgpd/daemon/listener.hpp"
#include "bgpd/daemon/metrics_exporter.hpp"
#include "bgpd/daemon/nexthop_tracker.hpp"
#include "bgpd/daemon/peer.hpp"
#include "bgpd/daemon/route_engine.hpp"
#include "bgpd/daemon/systemd_watchdog.hpp"
#include "libbgp/config/config.hpp"

namespace bgp::daemon {

// What a reload did, or why the new configuration was rejected.
struct ReloadResult {
  bool ok = false;
  std::string message;  // one line for bgpctl and the log
  Json details;         // {added, removed, reset, refreshed: [addresses], warnings: [text]}; rejected: {errors: [text]}
};

struct DaemonSettings {
  std::string config_path;                   // re-read on SIGHUP
  std::optional<std::string> control_socket; // overrides [control] socket
  LogOptions log;                            // wins over [log] on every reload too
  std::optional<config::Endpoint> metrics_listen;  // overrides [metrics] listen
  std::string version;                       // bgpd_build_info
};

class Daemon final : public PeerHost {
 public:
  Daemon(boost::asio::io_context& io, DaemonSettings settings, config::Config config);
  ~Daemon() override;

  // Listeners, control socket, signals, peers. Throws std::system_error when
  // a socket cannot be bound (start-up).
  void start();
  // Cease/Administrative Shutdown (RFC 9003 text) to every peer, then stops
  // the io_context once the NOTIFICATIONs had a moment to go out.
  void shutdown(std::string_view reason);
  // SIGHUP / bgpctl reload: re-read the configuration; on error keep the
  // running one. Only sessions whose session-level settings changed are
  // reset; import policy changes re-learn routes with ROUTE-REFRESH (no
  // pre-policy copy is kept), export changes re-evaluate the Adj-RIB-Out.
  ReloadResult reload();
  // Control-socket requests (daemon_control.cpp).
  Json handle_control(const Json& request);
  // The same for the control socket: requests that read the kernel's table
  // (show fib, routes, route, anycast) are answered once the FIB thread has
  // built the snapshot, and the session thread runs its timers meanwhile.
  void handle_control_async(const Json& request, ControlReply reply);
  // One scrape's worth of state (daemon_metrics.cpp); session thread only.
  MetricsSnapshot metrics_snapshot();
  // The metrics endpoint's ports (empty when off); for tests with port 0.
  std::vector<int> metrics_ports() const { return metrics_ ? metrics_->ports() : std::vector<int>{}; }

  void peer_finished(Peer& peer) override;
  RouteEngine& routes() override { return *routes_; }
  BfdManager* bfd() override { return bfd_.get(); }

 private:
  void on_accept(boost::asio::ip::tcp::socket socket);
  void refuse(boost::asio::ip::tcp::socket socket, const IpAddress& from);
  void install_md5_keys();
  void add_peer(config::EffectiveNeighbor neighbor, bool admin_down = false);
  void track_liveness(const config::EffectiveNeighbor& neighbor);
  void wait_for_signal();
  Json summary_json() const;
  Json neighbors_json(const std::optional<IpAddress>& only) const;
  Json control(const ControlRequest& request);
  // The commands that read the FIB snapshot (nullptr: FIB not installed).
  Json with_fib(const ControlRequest& request, const fib::FibSnapshot* snapshot);
  Json routes_command(const ControlRequest& request, const fib::FibSnapshot* snapshot);
  Json route_command(const Prefix& query, const fib::FibSnapshot* snapshot);
  Json anycast_json(const std::optional<Family>& family, const fib::FibSnapshot* snapshot);
  Json bfd_json() const;
  void add_bfd_samples(MetricsSnapshot& snapshot) const;  // bfd_metrics.cpp
  Json neighbor_command(const ControlRequest& request);
  // reload() without the systemd notifications and reload metrics.
  ReloadResult reload_config();
  // Re-learn a neighbour's routes under the current import policy.
  bool soft_in(Peer& peer);

  boost::asio::io_context& io_;
  DaemonSettings settings_;
  std::unique_ptr<config::Config> config_;
  // Declared before the peers: they hand it their sessions until destroyed.
  std::unique_ptr<RouteEngine> routes_;
  // After the engine it feeds (networks, liveness verdicts): destroyed first.
  std::unique_ptr<NexthopTracker> next_hops_;
  // Likewise: a peer removes its BFD session when it goes.
  std::unique_ptr<BfdManager> bfd_;
  std::map<IpAddress, std::unique_ptr<Peer>> peers_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::unique_ptr<ControlServer> control_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer stop_timer_;
  bool stopping_ = false;
  SystemdWatchdog watchdog_;
  // bgpd_config_last_reload_successful / _success_timestamp_seconds: the
  // configuration read at start counts as the first successful load.
  bool last_reload_ok_ = true;
  double last_reload_success_unix_s_ = 0;
  // Last: destroyed first, so no scrape is served while the rest goes.
  std::unique_ptr<MetricsExporter> metrics_;
};

// systemd readiness (sd_notify protocol, Type=notify): "READY=1" to
// $NOTIFY_SOCKET when set; a no-op otherwise. Hand-written because the
// protocol is one datagram and libsystemd would be a dependency for it.
void notify_systemd(std::string_view state);

}  // namespace bgp::daemon

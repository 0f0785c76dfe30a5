#pragma once
// One BGP neighbour: its effective configuration, the connection(s) to it
// (a second one only while a §6.8 collision is resolved), statistics, the
// the session's side of the route pipeline (RouteEngine: received UPDATEs in,
// Adj-RIB-Out UPDATEs out, ROUTE-REFRESH). Lives on the session io_context thread.
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "bgpd/control_protocol.hpp"
#include "bgpd/daemon/bfd_manager.hpp"
#include "bgpd/daemon/connection.hpp"
#include "bgpd/daemon/metrics_sample.hpp"
#include "bgpd/daemon/peer_counters.hpp"
#include "bgpd/daemon/route_engine.hpp"
#include "libbgp/config/config.hpp"
#include "libbgp/config/effective.hpp"

namespace bgp::daemon {

class Peer;

// The daemon's side of a peer.
class PeerHost {
 public:
  virtual ~PeerHost() = default;
  // The peer has nothing left to do (a dynamic neighbour whose session
  // ended); the host removes it after the current handler.
  virtual void peer_finished(Peer& peer) = 0;
  // The route pipeline every peer feeds and is fed from.
  virtual RouteEngine& routes() = 0;
  // The BFD sessions (null: BFD not available, e.g. in tests).
  virtual BfdManager* bfd() { return nullptr; }
};

struct LastError {
  bool sent = false;  // we sent it (else received)
  NotifyCode code = NotifyCode::kCease;
  std::uint8_t subcode = 0;
  std::string text;  // RFC 9003 shutdown communication
  std::chrono::system_clock::time_point when;
};

class Peer final : public ConnectionOwner {
 public:
  Peer(boost::asio::io_context& io, const config::Config& config, config::EffectiveNeighbor neighbor, PeerHost& host);
  ~Peer() override;
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  // Starts the automatic (re)connection unless configured shutdown.
  void start();
  // An accepted TCP connection from this peer's address.
  void incoming(boost::asio::ip::tcp::socket socket);
  // Administrative stop: Cease with `subcode` (RFC 9003 text for 2 and 4).
  void stop(CeaseSubcode subcode, std::string_view text);
  // Closes the TCP connections without a NOTIFICATION (shutdown with the
  // routes retained in the kernel).
  void close_without_notification();
  // bgpctl neighbor ADDR clear: Cease/Administrative Reset (RFC 4486), then
  // a fresh connection (a dynamic neighbour is removed instead).
  void clear();
  // bgpctl neighbor ADDR shutdown: Cease/Administrative Shutdown with the
  // RFC 9003 communication; no reconnection, incoming refused, until enable.
  void admin_shutdown(std::string_view text);
  // Undoes admin_shutdown (or marks a not yet started peer down: start() then does nothing).
  void admin_enable();
  void set_admin_down() { admin_down_ = true; }
  bool admin_down() const { return admin_down_; }
  // Sends ROUTE-REFRESH (RFC 2918) for every negotiated family: the peer
  // re-sends its routes and the current import policy runs over them. False
  // when not Established or the peer did not advertise the capability.
  bool request_refresh();
  // The families negotiated on the Established session (empty otherwise).
  std::vector<Family> established_families() const;
  // Settings that need no session reset (policy names, description, limits).
  void update_settings(const config::Config& config, config::EffectiveNeighbor neighbor);

  const config::EffectiveNeighbor& neighbor() const { return neighbor_; }
  const IpAddress& address() const { return neighbor_.address; }
  // Unique per Peer object for the life of the process (addresses repeat).
  std::uint64_t serial() const { return serial_; }
  bool dynamic() const { return neighbor_.dynamic; }
  fsm::State state() const;
  Json to_json() const;
  const Rfc7606Counters& rfc7606() const { return rfc7606_; }
  // This neighbour's part of a metrics scrape (session thread).
  NeighborSample metrics_sample() const;

  // ConnectionOwner
  void on_transition(Connection& c, const fsm::Transition& t) override;
  bool on_open_received(Connection& c) override;
  void on_established(Connection& c) override;
  void on_session_down(Connection& c, const fsm::Action& down) override;
  void on_update(Connection& c, const DecodedUpdate& update) override;
  void on_route_refresh(Connection& c, const RouteRefreshView& refresh) override;
  void on_message(Connection& c, MessageType type, bool received, std::size_t bytes) override;
  void on_notification(Connection& c, const Notification& n, bool sent, std::string_view text) override;
  void on_idle(Connection& c, bool restarting) override;
  void prepare_open(OpenMessage& open) override;
  bool receive_paused() const override;

 private:
  // GTSM (RFC 5082) for an accepted connection: false when ttl_security is
  // set and the SYN arrived from further away (logged).
  bool gtsm_admits(int fd) const;
  std::shared_ptr<Connection> make_connection();
  // The Connection to report on: the primary, or a transient one further along.
  const Connection* reported_connection() const;
  // The negotiated peer AS, else the configured remote_as (a number, or
  // "external"/"internal" spelled as the configuration does).
  Json remote_as_json(const Connection* c) const;
  void schedule_max_prefix_restart();
  void retire(std::shared_ptr<Connection>& slot);
  // RFC 4724 §4.2 takeover of an Established session by a restarted peer's new connection.
  bool replaces_restarted_session(Connection& c);
  // BFD (bfd = true): starts, re-times or stops this neighbour's session.
  void sync_bfd();
  void on_bfd_change(const bfd::StateChange& change);
  // After a BFD-triggered teardown: restart BGP once BFD has been Up for the hold-down.
  void schedule_bfd_restart();

  boost::asio::io_context& io_;
  const config::Config* config_;
  config::EffectiveNeighbor neighbor_;
  PeerHost& host_;
  std::uint64_t serial_;
  std::shared_ptr<Connection> primary_;
  std::shared_ptr<Connection> secondary_;  // transient: collision in progress
  bool stopping_ = false;
  bool admin_down_ = false;  // bgpctl shutdown: stays down until admin_enable()
  bool held_ = false;        // clear/shutdown in progress: on_idle must not finish the peer
  // max_prefixes_restart: the session stays down this long after Cease /
  // Maximum Number of Prefixes Reached, then starts again.
  boost::asio::steady_timer max_prefix_restart_timer_;

  MessageCounters in_;
  MessageCounters out_;
  Rfc7606Counters rfc7606_;
  NotificationCounts notifications_sent_;
  NotificationCounts notifications_received_;
  IpAddress local_address_;  // our end of the current session (NEXT_HOP check)
  std::optional<LastError> last_error_;
  std::optional<std::chrono::steady_clock::time_point> established_at_;
  std::optional<std::chrono::steady_clock::time_point> last_change_at_;
  std::uint32_t flaps_ = 0;
  std::uint32_t remote_router_id_ = 0;
  // BFD (RFC 5882): the next session down is BFD's (Cease/10, no GR); the
  // session waits for BFD to come back Up; consecutive BFD teardowns of a
  // session that did not stay up (the hold-down doubles with each).
  bool bfd_registered_ = false;
  bool bfd_down_pending_ = false;
  bool bfd_waiting_ = false;
  std::uint32_t bfd_teardowns_ = 0;
  boost::asio::steady_timer bfd_restart_timer_;
};

}  // namespace bgp::daemon

#pragma once
// One BGP connection: an RFC 4271 §8 FSM (libbgp/fsm) and the Asio adapter
// that performs its actions — TCP connect/accept, timers, framing of received
// bytes in place, OPEN validation, batched writes. What to do with a valid
// message beyond the FSM (UPDATE contents, ROUTE-REFRESH, collision
// resolution, statistics) is the owner's business (ConnectionOwner).
//
// A configured peer owns one long-lived Connection; a second, transient one
// exists only while a collision (§6.8) is being resolved (see fsm.hpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "libbgp/fsm/collision.hpp"
#include "libbgp/fsm/fsm.hpp"
#include "libbgp/wire/negotiation.hpp"
#include "libbgp/wire/notification.hpp"
#include "libbgp/wire/open.hpp"
#include "libbgp/wire/route_refresh.hpp"
#include "libbgp/wire/update.hpp"

namespace bgp::daemon {

class Connection;

// Everything a connection needs to know about its peer, fixed for its life.
struct ConnectionParams {
  IpAddress peer;
  std::uint16_t port = 179;
  std::optional<IpAddress> local_address;  // bind before connect
  int ttl = 1;                              // IP_TTL / hop limit of our segments
  int min_ttl = 0;                          // GTSM (RFC 5082); 0 = off
  std::string md5_password;                 // TCP MD5 (RFC 2385); never logged
  fsm::Settings fsm;
  OpenMessage open;                         // what we send
  OpenExpectations expect;                  // what we accept
  bool peer_as_external = false;            // remote_as = "external": any AS but ours
  std::string name;                         // for logs: the peer address
};

// The owner's side (a Peer). Calls arrive on the io_context thread, inside
// Connection methods; the owner may post further events but must not destroy
// the connection from inside a callback (it defers that with asio::post).
class ConnectionOwner {
 public:
  virtual ~ConnectionOwner() = default;
  virtual void on_transition(Connection& c, const fsm::Transition& t) = 0;
  // A valid OPEN was received (negotiated() is set) and is about to be
  // applied: time for collision detection (RFC 4271 §6.8), before a
  // KEEPALIVE goes out on a connection that is to be closed. Returns false
  // when this connection lost (the owner has closed it).
  virtual bool on_open_received(Connection& c) = 0;
  // Our OPEN is about to be sent: what changes at run time (the graceful
  // restart R and F bits, RFC 4724 §3) is filled in here.
  virtual void prepare_open(OpenMessage& open) { (void)open; }
  virtual void on_established(Connection& c) = 0;
  virtual void on_session_down(Connection& c, const fsm::Action& down) = 0;
  virtual void on_update(Connection& c, const DecodedUpdate& update) = 0;
  virtual void on_route_refresh(Connection& c, const RouteRefreshView& refresh) = 0;
  virtual void on_message(Connection& c, MessageType type, bool received, std::size_t bytes) = 0;
  // A NOTIFICATION we sent (sent=true) or received; text is the RFC 9003
  // shutdown communication when present.
  virtual void on_notification(Connection& c, const Notification& n, bool sent, std::string_view text) = 0;
  // The connection reached Idle and every action of that transition has been
  // performed (the last NOTIFICATION is queued, the socket dropped).
  // `restarting`: an automatic restart is scheduled (IdleHold back-off).
  virtual void on_idle(Connection& c, bool restarting) = 0;
  // True while received messages must wait (the FIB queue is above its
  // high-water mark): the connection stops reading, so a fast peer is
  // held back by TCP flow control instead of bgpd buffering without bound.
  virtual bool receive_paused() const { return false; }
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using tcp = boost::asio::ip::tcp;

  Connection(boost::asio::io_context& io, ConnectionParams params, ConnectionOwner& owner);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Event 3/5 (AutomaticStart, passive variant when configured).
  void start();
  // Event 4 then 17: a transient connection for an incoming socket.
  void start_with_incoming(tcp::socket socket);
  // Hands an incoming socket to this connection (in Connect or Active): any
  // outgoing attempt is abandoned, then Event 17.
  void accept_incoming(tcp::socket socket);
  // Applies one event now and performs its actions.
  void post(const fsm::Event& event);
  // Administrative stop with an RFC 9003 communication (Cease/2), or with the
  // given Cease subcode when text is empty (Event 2).
  void stop(CeaseSubcode subcode, std::string_view text);
  // Forget the owner and close everything without a word (daemon teardown).
  void detach();

  fsm::State state() const { return fsm_.state; }
  const fsm::Session& fsm_session() const { return fsm_; }
  fsm::Session& fsm_session() { return fsm_; }
  fsm::Direction direction() const { return direction_; }
  bool has_socket() const { return link_ != nullptr; }
  const ConnectionParams& params() const { return params_; }
  // Known once the peer's OPEN is accepted.
  const std::optional<NegotiatedSession>& negotiated() const { return negotiated_; }
  const std::optional<PeerCapabilities>& peer_capabilities() const { return peer_caps_; }
  std::optional<tcp::endpoint> local_endpoint() const;
  std::optional<tcp::endpoint> remote_endpoint() const;

  // Queues a whole message (header included); sent in the next batch.
  void send_message(Bytes message);

 private:
  struct Link;
  enum Timer : std::size_t { kConnectRetry, kHold, kKeepalive, kDelayOpen, kIdleHold, kStable, kTimerCount };

  void perform(const fsm::Transition& t);
  void perform(const fsm::Action& a);
  void arm(Timer timer, std::uint32_t seconds, fsm::EventType on_expiry);
  void disarm(Timer timer);
  void initiate_connect();
  void attach(tcp::socket socket, fsm::Direction direction);
  void drop_link();
  void read_more();
  void pause_reading();
  void on_read(const std::shared_ptr<Link>& link, const boost::system::error_code& ec, std::size_t n);
  void process_received();
  // Returns false when processing must stop (the connection was dropped).
  bool handle(const MessageView& message);
  bool handle_open(const MessageView& message);
  bool handle_update(const MessageView& message);
  void flush();
  void send_open();
  void send_keepalive();
  void send_notification(const Notification& n);
  void configure_socket(tcp::socket& s, bool before_connect);

  boost::asio::io_context& io_;
  ConnectionParams params_;
  ConnectionOwner* owner_;
  fsm::Session fsm_{};
  fsm::Direction direction_ = fsm::Direction::kOutgoing;
  std::shared_ptr<Link> link_;
  std::unique_ptr<tcp::socket> connecting_;  // an outgoing attempt in progress
  std::uint64_t connect_generation_ = 0;
  std::array<std::unique_ptr<boost::asio::steady_timer>, kTimerCount> timers_;
  std::array<std::uint64_t, kTimerCount> timer_generation_{};
  std::optional<NegotiatedSession> negotiated_;
  std::optional<PeerCapabilities> peer_caps_;
  const DecodedUpdate* current_update_ = nullptr;  // valid during kProcessUpdate
  bool in_step_ = false;
  std::vector<fsm::Event> deferred_;  // events raised while an event is being applied
  std::string shutdown_text_;         // RFC 9003 text for the next administrative Cease
  bool receive_paused_ = false;       // for logging the start and end of a pause once
};

}  // namespace bgp::daemon

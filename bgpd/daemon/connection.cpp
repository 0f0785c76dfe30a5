#include "bgpd/daemon/connection.hpp"

#include <algorithm>
#include <cstring>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "bgpd/daemon/graceful_restart.hpp"
#include "bgpd/socket_options.hpp"
#include "libbgp/log/logger.hpp"
#include "libbgp/wire/framing.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;
using fsm::ActionType;
using fsm::EventType;

// Receive buffer: two maximum-size messages, so a complete message always
// fits after compaction (RFC 8654 §4 caps messages at 65535 octets).
constexpr std::size_t kReceiveBufferSize = 2 * kMaxExtendedMessageSize;
// Compact when less than this is free at the end of the buffer.
constexpr std::size_t kMinReadSpace = kMaxMessageSize;
// How long a dropped connection may take to flush its last NOTIFICATION
// before it is closed anyway (a SIGSTOPped peer never reads).
constexpr auto kFlushDeadline = std::chrono::seconds(2);
// How often a paused connection asks again whether it may read.
constexpr auto kReceivePausePoll = std::chrono::milliseconds(10);

asio::ip::address to_asio(const IpAddress& a) {
  if (a.is_v4()) return asio::ip::address_v4(a.v4_host_order());
  asio::ip::address_v6::bytes_type b;
  std::copy(a.bytes().begin(), a.bytes().end(), b.begin());
  return asio::ip::address_v6(b);
}

std::string notification_text(const Notification& n) {
  return fmt::format("{}/{} ({}/{})", notify_code_name(n.code), notify_subcode_name(n.code, n.subcode),
                     static_cast<int>(n.code), static_cast<int>(n.subcode));
}

Notification open_error(OpenSubcode s) { return {NotifyCode::kOpenMessage, static_cast<std::uint8_t>(s), {}}; }

}  // namespace

// One TCP socket with its batched writer. Shared with in-flight handlers so
// a dropped link can finish flushing its NOTIFICATION while the Connection
// moves on.
struct Connection::Link {
  explicit Link(tcp::socket s)
      : socket(std::move(s)), close_timer(socket.get_executor()), pause_timer(socket.get_executor()), rx(kReceiveBufferSize) {}
  tcp::socket socket;
  asio::steady_timer close_timer;
  asio::steady_timer pause_timer;  // receive paused (back-pressure): when to look again
  std::vector<std::byte> rx;
  std::size_t rx_begin = 0;
  std::size_t rx_end = 0;
  std::vector<std::byte> writing;  // the batch in flight
  std::vector<std::byte> pending;  // messages queued while a batch is in flight
  bool write_in_flight = false;
  bool close_after_flush = false;

  void close() {
    boost::system::error_code ec;
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
    close_timer.cancel();
    pause_timer.cancel();
  }
};

Connection::Connection(asio::io_context& io, ConnectionParams params, ConnectionOwner& owner)
    : io_(io), params_(std::move(params)), owner_(&owner) {
  fsm_.settings = params_.fsm;
  for (auto& t : timers_) t = std::make_unique<asio::steady_timer>(io_);
}

Connection::~Connection() { detach(); }

void Connection::detach() {
  owner_ = nullptr;
  for (std::size_t i = 0; i < kTimerCount; ++i) disarm(static_cast<Timer>(i));
  if (connecting_) {
    boost::system::error_code ec;
    connecting_->close(ec);
    connecting_.reset();
  }
  if (link_) {
    link_->close();
    link_.reset();
  }
}

void Connection::start() {
  post(fsm::Event::of(params_.fsm.passive ? EventType::kAutomaticStartWithPassiveTcpEstablishment
                                          : EventType::kAutomaticStart));
}

void Connection::start_with_incoming(tcp::socket socket) {
  post(fsm::Event::of(EventType::kManualStartWithPassiveTcpEstablishment));
  accept_incoming(std::move(socket));
}

void Connection::accept_incoming(tcp::socket socket) {
  if (connecting_) {
    // The peer's connection wins over our attempt still in progress (we are
    // in Connect): abandon ours instead of racing two sockets (as OpenBGPD
    // does); §6.8 resolution is needed only once both are past TCP.
    log::fsm().info("neighbor {}: incoming connection while connecting: abandoning our own attempt", params_.name);
    ++connect_generation_;
    boost::system::error_code ec;
    connecting_->close(ec);
    connecting_.reset();
  }
  attach(std::move(socket), fsm::Direction::kIncoming);
  post(fsm::Event::of(EventType::kTcpConnectionConfirmed));
}

void Connection::stop(CeaseSubcode subcode, std::string_view text) {
  Notification n{NotifyCode::kCease, static_cast<std::uint8_t>(subcode), {}};
  shutdown_text_.clear();
  if (!text.empty() && (subcode == CeaseSubcode::kAdministrativeShutdown || subcode == CeaseSubcode::kAdministrativeReset)) {
    shutdown_text_ = std::string(text.substr(0, kMaxShutdownCommunication));
  }
  post(fsm::Event::with(EventType::kManualStop, n));
}

void Connection::post(const fsm::Event& event) {
  if (in_step_) {
    deferred_.push_back(event);
    return;
  }
  in_step_ = true;
  const fsm::Transition t = fsm::step(fsm_, event);
  if (owner_) owner_->on_transition(*this, t);
  perform(t);
  in_step_ = false;
  while (!deferred_.empty()) {
    const fsm::Event next = deferred_.front();
    deferred_.erase(deferred_.begin());
    post(next);
  }
}

void Connection::perform(const fsm::Transition& t) {
  for (const fsm::Action& a : t.actions) perform(a);
  if (t.to == fsm::State::kIdle && t.changed() && owner_) owner_->on_idle(*this, fsm_.auto_restart);
}

void Connection::perform(const fsm::Action& a) {
  switch (a.type) {
    case ActionType::kStartConnectRetryTimer: arm(kConnectRetry, a.seconds, EventType::kConnectRetryTimerExpires); break;
    case ActionType::kStopConnectRetryTimer: disarm(kConnectRetry); break;
    case ActionType::kStartHoldTimer: arm(kHold, a.seconds, EventType::kHoldTimerExpires); break;
    case ActionType::kStopHoldTimer: disarm(kHold); break;
    case ActionType::kStartKeepaliveTimer: arm(kKeepalive, a.seconds, EventType::kKeepaliveTimerExpires); break;
    case ActionType::kStopKeepaliveTimer: disarm(kKeepalive); break;
    case ActionType::kStartDelayOpenTimer: arm(kDelayOpen, a.seconds, EventType::kDelayOpenTimerExpires); break;
    case ActionType::kStopDelayOpenTimer: disarm(kDelayOpen); break;
    case ActionType::kStartIdleHoldTimer:
      if (a.seconds == 0) {
        // Restart at once, but after this transition has completed.
        asio::post(io_, [self = weak_from_this()] {
          if (auto c = self.lock(); c && c->owner_ && c->state() == fsm::State::kIdle) {
            c->post(fsm::Event::of(EventType::kIdleHoldTimerExpires));
          }
        });
      } else {
        log::fsm().info("neighbor {}: automatic restart in {} s (damping back-off)", params_.name, a.seconds);
        arm(kIdleHold, a.seconds, EventType::kIdleHoldTimerExpires);
      }
      break;
    case ActionType::kStopIdleHoldTimer: disarm(kIdleHold); break;
    case ActionType::kStartStableTimer: arm(kStable, fsm_.settings.stable_time, EventType::kStableTimerExpires); break;
    case ActionType::kStopStableTimer: disarm(kStable); break;
    case ActionType::kInitiateTcpConnection: initiate_connect(); break;
    case ActionType::kDropTcpConnection: drop_link(); break;
    case ActionType::kSendOpen: send_open(); break;
    case ActionType::kSendKeepalive: send_keepalive(); break;
    case ActionType::kSendNotification: send_notification(a.notification); break;
    case ActionType::kProcessUpdate:
      if (current_update_ && owner_) owner_->on_update(*this, *current_update_);
      break;
    case ActionType::kSessionEstablished:
      if (owner_) owner_->on_established(*this);
      break;
    case ActionType::kSessionDown:
      if (owner_) owner_->on_session_down(*this, a);
      break;
    case ActionType::kReleaseResources:
      negotiated_.reset();
      peer_caps_.reset();
      break;
  }
}

void Connection::arm(Timer timer, std::uint32_t seconds, EventType on_expiry) {
  const std::uint64_t generation = ++timer_generation_[timer];
  auto& t = *timers_[timer];
  t.expires_after(std::chrono::seconds(seconds));
  t.async_wait([self = weak_from_this(), timer, generation, on_expiry](const boost::system::error_code& ec) {
    auto c = self.lock();
    // A timer re-armed or stopped after this expiry was queued is stale.
    if (ec || !c || !c->owner_ || c->timer_generation_[timer] != generation) return;
    c->post(fsm::Event::of(on_expiry));
  });
}

void Connection::disarm(Timer timer) {
  ++timer_generation_[timer];
  timers_[timer]->cancel();
}

void Connection::configure_socket(tcp::socket& s, bool before_connect) {
  const int fd = s.native_handle();
  const Afi afi = params_.peer.afi();
  if (before_connect && !params_.md5_password.empty()) {
    if (auto ec = set_tcp_md5(fd, params_.peer, params_.md5_password)) {
      log::fsm().error("neighbor {}: cannot set TCP MD5 key: {}", params_.name, ec.message());
    }
  }
  if (params_.min_ttl > 0) {
    // GTSM (RFC 5082 §3): send with 255, accept only from within min_ttl.
    set_ttl(fd, afi, 255);
    set_min_ttl(fd, afi, params_.min_ttl);
  } else if (auto ec = set_ttl(fd, afi, params_.ttl)) {
    log::fsm().warn("neighbor {}: cannot set TTL {}: {}", params_.name, params_.ttl, ec.message());
  }
  boost::system::error_code ignored;
  s.set_option(tcp::no_delay(true), ignored);
}

void Connection::initiate_connect() {
  const std::uint64_t generation = ++connect_generation_;
  connecting_ = std::make_unique<tcp::socket>(io_);
  tcp::socket& s = *connecting_;
  boost::system::error_code ec;
  s.open(params_.peer.is_v4() ? tcp::v4() : tcp::v6(), ec);
  if (!ec && params_.local_address) {
    s.set_option(tcp::socket::reuse_address(true), ec);
    s.bind(tcp::endpoint(to_asio(*params_.local_address), 0), ec);
  }
  if (ec) {
    log::fsm().warn("neighbor {}: cannot prepare connection: {}", params_.name, ec.message());
    asio::post(io_, [self = weak_from_this(), generation] {
      if (auto c = self.lock(); c && c->connect_generation_ == generation) {
        c->connecting_.reset();
        c->post(fsm::Event::of(EventType::kTcpConnectionFails));
      }
    });
    return;
  }
  configure_socket(s, /*before_connect=*/true);
  log::fsm().debug("neighbor {}: connecting to port {}", params_.name, params_.port);
  s.async_connect(tcp::endpoint(to_asio(params_.peer), params_.port),
                  [self = weak_from_this(), generation](const boost::system::error_code& cec) {
                    auto c = self.lock();
                    if (!c || !c->owner_ || c->connect_generation_ != generation || !c->connecting_) return;
                    auto socket = std::move(c->connecting_);
                    if (cec) {
                      log::fsm().debug("neighbor {}: connect failed: {}", c->params_.name, cec.message());
                      c->post(fsm::Event::of(EventType::kTcpConnectionFails));
                      return;
                    }
                    c->attach(std::move(*socket), fsm::Direction::kOutgoing);
                    c->post(fsm::Event::of(EventType::kTcpCrAcked));
                  });
}

void Connection::attach(tcp::socket socket, fsm::Direction direction) {
  if (link_) drop_link();
  direction_ = direction;
  if (direction == fsm::Direction::kIncoming) configure_socket(socket, /*before_connect=*/false);
  link_ = std::make_shared<Link>(std::move(socket));
  read_more();
}

void Connection::drop_link() {
  if (connecting_) {
    ++connect_generation_;
    boost::system::error_code ec;
    connecting_->close(ec);
    connecting_.reset();
  }
  if (!link_) return;
  auto link = std::move(link_);
  if (link->write_in_flight || !link->pending.empty()) {
    // Let the last NOTIFICATION go out (RFC 4271 §6: send, then close), but
    // not forever.
    link->close_after_flush = true;
    link->close_timer.expires_after(kFlushDeadline);
    link->close_timer.async_wait([link](const boost::system::error_code& ec) {
      if (!ec) link->close();
    });
    if (!link->write_in_flight) {
      // Nothing in flight: start the final batch on the detached link.
      link->writing.swap(link->pending);
      link->pending.clear();
      link->write_in_flight = true;
      asio::async_write(link->socket, asio::buffer(link->writing), [link](const boost::system::error_code&, std::size_t) {
        link->write_in_flight = false;
        link->close();
      });
    }
  } else {
    link->close();
  }
}

void Connection::read_more() {
  if (owner_ && owner_->receive_paused()) {
    pause_reading();
    return;
  }
  if (receive_paused_) {
    receive_paused_ = false;
    log::update().info("neighbor {}: receiving again", params_.name);
  }
  Link& l = *link_;
  if (l.rx.size() - l.rx_end < kMinReadSpace) {
    // Compact: move the unconsumed tail (at most one partial message) to the front.
    std::memmove(l.rx.data(), l.rx.data() + l.rx_begin, l.rx_end - l.rx_begin);
    l.rx_end -= l.rx_begin;
    l.rx_begin = 0;
  }
  l.socket.async_read_some(asio::buffer(l.rx.data() + l.rx_end, l.rx.size() - l.rx_end),
                           [self = weak_from_this(), link = link_](const boost::system::error_code& ec, std::size_t n) {
                             if (auto c = self.lock()) c->on_read(link, ec, n);
                           });
}

void Connection::pause_reading() {
  if (!receive_paused_) {
    receive_paused_ = true;
    log::update().info("neighbor {}: receive paused: the FIB queue is above its high-water mark (back-pressure through TCP)",
                 params_.name);
  }
  link_->pause_timer.expires_after(kReceivePausePoll);
  link_->pause_timer.async_wait([self = weak_from_this(), link = link_](const boost::system::error_code& ec) {
    auto c = self.lock();
    if (ec || !c || !c->owner_ || c->link_ != link) return;
    // The peer is alive when it has sent what we are not reading yet: the
    // Hold Timer (RFC 4271 §4.4) must not expire because *we* stopped
    // reading its KEEPALIVEs.
    boost::system::error_code aec;
    if (link->socket.available(aec) > 0 && !aec && c->fsm_.state == fsm::State::kEstablished && c->fsm_.negotiated_hold > 0) {
      c->arm(kHold, c->fsm_.negotiated_hold, EventType::kHoldTimerExpires);
    }
    c->read_more();
  });
}

void Connection::on_read(const std::shared_ptr<Link>& link, const boost::system::error_code& ec, std::size_t n) {
  if (!owner_ || link != link_) return;  // a dropped link's last read
  if (ec) {
    log::fsm().debug("neighbor {}: connection closed: {}", params_.name, ec.message());
    post(fsm::Event::of(EventType::kTcpConnectionFails));
    return;
  }
  link->rx_end += n;
  process_received();
  if (link == link_) read_more();
}

void Connection::process_received() {
  const std::shared_ptr<Link> link = link_;
  const std::size_t max_len = negotiated_ ? negotiated_->max_message_size() : kMaxMessageSize;
  while (link == link_ && owner_) {
    const Bytes stream(link->rx.data() + link->rx_begin, link->rx_end - link->rx_begin);
    const FrameResult frame = next_frame(stream, max_len);
    if (frame.need_more()) return;
    if (frame.failed()) {
      // RFC 4271 §6.1: Message Header Error; the data views the buffer,
      // which stays put until the NOTIFICATION is encoded below.
      log::fsm().warn("neighbor {}: message header error {}", params_.name, notification_text(frame.error));
      post(fsm::Event::with(EventType::kBgpHeaderErr, frame.error));
      return;
    }
    const bool keep_going = handle(frame.message);
    link->rx_begin += frame.consumed;
    if (!keep_going) return;
  }
}

bool Connection::handle(const MessageView& m) {
  if (owner_) owner_->on_message(*this, m.type, /*received=*/true, m.whole.size());
  switch (m.type) {
    case MessageType::kOpen: return handle_open(m);
    case MessageType::kUpdate: return handle_update(m);
    case MessageType::kKeepalive: post(fsm::Event::of(EventType::kKeepAliveMsg)); break;
    case MessageType::kNotification: {
      const auto n = decode_notification(m.body);
      if (!n) {
        // A malformed NOTIFICATION still ends the session (§6.4: no reply).
        post(fsm::Event::with(EventType::kNotifMsg, n.error()));
        return false;
      }
      if (owner_) owner_->on_notification(*this, n->to_notification(), /*sent=*/false, n->shutdown_text);
      const bool version_error = n->code == NotifyCode::kOpenMessage &&
                                 n->subcode == static_cast<std::uint8_t>(OpenSubcode::kUnsupportedVersion);
      post(fsm::Event::with(version_error ? EventType::kNotifMsgVerErr : EventType::kNotifMsg, n->to_notification()));
      return false;
    }
    case MessageType::kRouteRefresh: {
      const auto rr = decode_route_refresh(m.body);
      if (!rr) {
        post(fsm::Event::with(EventType::kUpdateMsgErr, rr.error()));
        return false;
      }
      // RFC 2918 §4: honoured only when negotiated and Established; RFC 7313
      // §5 unknown subtypes are ignored.
      if (fsm_.state == fsm::State::kEstablished && negotiated_ && negotiated_->route_refresh && !rr->ignorable() && owner_) {
        owner_->on_route_refresh(*this, *rr);
      }
      break;
    }
  }
  return link_ != nullptr;
}

bool Connection::handle_open(const MessageView& m) {
  const auto open = OpenView::parse(m.body);
  if (!open) {
    post(fsm::Event::with(EventType::kBgpOpenMsgErr, open.error()));
    return false;
  }
  auto caps = summarize_capabilities(*open);
  if (!caps) {
    post(fsm::Event::with(EventType::kBgpOpenMsgErr, caps.error()));
    return false;
  }
  if (auto err = validate_open(*open, *caps, params_.expect)) {
    post(fsm::Event::with(EventType::kBgpOpenMsgErr, *err));
    return false;
  }
  if (params_.peer_as_external && real_peer_as(*open, *caps) == params_.expect.local_as) {
    // remote_as = "external" but the peer claims our own AS (RFC 4271 §6.2 Bad Peer AS).
    post(fsm::Event::with(EventType::kBgpOpenMsgErr, open_error(OpenSubcode::kBadPeerAs)));
    return false;
  }
  if (fsm_.state == fsm::State::kOpenSent || fsm_.state == fsm::State::kActive || fsm_.state == fsm::State::kConnect) {
    peer_caps_ = *caps;
    negotiated_ = negotiate(params_.open, *open, *caps);
    if (negotiated_->families.empty()) {
      // No common address family: nothing could ever be exchanged. RFC 5492
      // §3 lets a speaker refuse with Unsupported Capability.
      log::fsm().warn("neighbor {}: no address family in common", params_.name);
      post(fsm::Event::with(EventType::kBgpOpenMsgErr, open_error(OpenSubcode::kUnsupportedCapability)));
      return false;
    }
  }
  if (owner_ && !owner_->on_open_received(*this)) return false;  // lost a collision: closed
  post(fsm::Event::open(open->hold_time()));
  return link_ != nullptr;
}

bool Connection::handle_update(const MessageView& m) {
  if (fsm_.state != fsm::State::kEstablished || !negotiated_) {
    post(fsm::Event::of(EventType::kUpdateMsg));  // the FSM answers with an FSM Error
    return false;
  }
  DecodeContext ctx;
  ctx.four_octet_as = negotiated_->four_octet_as;
  ctx.add_path_ipv4 = negotiated_->add_path_receive(kIpv4Unicast);
  ctx.add_path_ipv6 = negotiated_->add_path_receive(kIpv6Unicast);
  ctx.ibgp = negotiated_->peer_as == params_.expect.local_as;
  ctx.local_pref_required = ctx.ibgp;
  const DecodedUpdate update = decode_update(m.body, ctx);
  if (update.action == ErrorAction::kSessionReset || update.action == ErrorAction::kAfiSafiDisable) {
    // AFI/SAFI disable is handled as a session reset (RFC 7606 §2 allows it;
    // bgpd has no per-family disable yet).
    log::update().warn("neighbor {}: malformed UPDATE ({}): {}", params_.name, update.error_reason,
                 notification_text(update.notification));
    post(fsm::Event::with(EventType::kUpdateMsgErr, update.notification));
    return false;
  }
  current_update_ = &update;
  post(fsm::Event::of(EventType::kUpdateMsg));
  current_update_ = nullptr;
  return link_ != nullptr;
}

std::optional<Connection::tcp::endpoint> Connection::local_endpoint() const {
  if (!link_) return std::nullopt;
  boost::system::error_code ec;
  auto ep = link_->socket.local_endpoint(ec);
  if (ec) return std::nullopt;
  return ep;
}

std::optional<Connection::tcp::endpoint> Connection::remote_endpoint() const {
  if (!link_) return std::nullopt;
  boost::system::error_code ec;
  auto ep = link_->socket.remote_endpoint(ec);
  if (ec) return std::nullopt;
  return ep;
}

// --- sending: messages are appended to the pending batch ---

void Connection::send_message(Bytes message) {
  if (!link_ || message.size() < kHeaderSize) return;
  link_->pending.insert(link_->pending.end(), message.begin(), message.end());
  if (owner_) owner_->on_message(*this, static_cast<MessageType>(message[kTypeOffset]), /*received=*/false, message.size());
  if (static_cast<MessageType>(message[kTypeOffset]) == MessageType::kUpdate && fsm_.negotiated_keepalive > 0) {
    // §8.2.2 Established: each UPDATE sent restarts the KeepaliveTimer.
    arm(kKeepalive, fsm_.negotiated_keepalive, EventType::kKeepaliveTimerExpires);
  }
  flush();
}

void Connection::send_open() {
  if (owner_) owner_->prepare_open(params_.open);
  std::array<std::byte, kMaxMessageSize> buf{};
  const std::size_t n = encode_open(buf, params_.open);
  if (n == 0) {
    log::fsm().error("neighbor {}: our OPEN does not fit in a message", params_.name);
    return;
  }
  send_message(Bytes(buf.data(), n));
}

void Connection::send_keepalive() {
  std::array<std::byte, kKeepaliveSize> buf{};
  send_message(Bytes(buf.data(), encode_keepalive(buf)));
}

void Connection::send_notification(const Notification& n) {
  std::array<std::byte, kMaxMessageSize> buf{};
  std::size_t size = 0;
  if (n.code == NotifyCode::kCease && negotiated_ && negotiated_->graceful_notification && cease_needs_hard_reset(n.subcode)) {
    // RFC 8538 §3, §5: with the N bit negotiated this Cease would leave our
    // routes with the peer as stale: send it as Hard Reset, the original
    // NOTIFICATION (and its shutdown communication) inside.
    std::vector<std::byte> inner;
    if (!shutdown_text_.empty()) {
      inner.push_back(static_cast<std::byte>(shutdown_text_.size()));
      for (const char ch : shutdown_text_) inner.push_back(static_cast<std::byte>(ch));
    }
    const std::vector<std::byte> data = hard_reset_data(n.subcode, inner);
    const Notification hard{NotifyCode::kCease, static_cast<std::uint8_t>(CeaseSubcode::kHardReset), Bytes(data)};
    size = encode_notification(buf, hard);
    if (owner_) owner_->on_notification(*this, hard, /*sent=*/true, shutdown_text_);
    shutdown_text_.clear();
    if (size > 0) send_message(Bytes(buf.data(), size));
    return;
  }
  if (n.code == NotifyCode::kCease && !shutdown_text_.empty() &&
      (n.subcode == static_cast<std::uint8_t>(CeaseSubcode::kAdministrativeShutdown) ||
       n.subcode == static_cast<std::uint8_t>(CeaseSubcode::kAdministrativeReset))) {
    size = encode_shutdown_notification(buf, static_cast<CeaseSubcode>(n.subcode), shutdown_text_);
  } else {
    // Data larger than a message allows is cut (RFC 4271 §4.5 has no limit
    // of its own; the message size does).
    Notification bounded = n;
    if (bounded.data.size() > kMaxMessageSize - kMinNotificationSize) bounded.data = bounded.data.first(kMaxMessageSize - kMinNotificationSize);
    size = encode_notification(buf, bounded);
  }
  if (owner_) owner_->on_notification(*this, n, /*sent=*/true, shutdown_text_);
  shutdown_text_.clear();
  if (size > 0) send_message(Bytes(buf.data(), size));
}

void Connection::flush() {
  if (!link_ || link_->write_in_flight || link_->pending.empty()) return;
  auto link = link_;
  link->writing.swap(link->pending);
  link->pending.clear();
  link->write_in_flight = true;
  // One write per batch: every message queued since the last write completed.
  asio::async_write(link->socket, asio::buffer(link->writing),
                    [self = weak_from_this(), link](const boost::system::error_code& ec, std::size_t) {
                      link->write_in_flight = false;
                      link->writing.clear();
                      if (link->close_after_flush) {
                        if (!link->pending.empty() && !ec) {
                          link->writing.swap(link->pending);
                          link->pending.clear();
                          link->write_in_flight = true;
                          asio::async_write(link->socket, asio::buffer(link->writing),
                                            [link](const boost::system::error_code&, std::size_t) { link->close(); });
                          return;
                        }
                        link->close();
                        return;
                      }
                      auto c = self.lock();
                      if (!c || c->link_ != link) return;
                      if (ec) {
                        log::fsm().debug("neighbor {}: write failed: {}", c->params_.name, ec.message());
                        c->post(fsm::Event::of(EventType::kTcpConnectionFails));
                        return;
                      }
                      c->flush();
                    });
}

}  // namespace bgp::daemon

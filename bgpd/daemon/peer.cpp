#include "bgpd/daemon/peer.hpp"

#include <algorithm>
#include <utility>

#include <boost/asio/post.hpp>
#include <fmt/chrono.h>

#include "bgpd/daemon/connected_networks.hpp"
#include "bgpd/daemon/next_hop_check.hpp"
#include "bgpd/daemon/session_params.hpp"
#include "bgpd/socket_options.hpp"
#include "libbgp/log/logger.hpp"
#include "libbgp/wire/route_refresh.hpp"
#include "libbgp/wire/update_encoder.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;
using fsm::State;

std::uint8_t state_rank(State s) { return static_cast<std::uint8_t>(s); }

std::size_t prefix_count(const NlriRange& r) {
  std::size_t n = 0;
  for (auto it = r.begin(); it != r.end(); ++it) ++n;
  return n;
}

Json counters_json(const MessageCounters& c) {
  return Json{{"open", c.by_type[1]},         {"update", c.by_type[2]}, {"notification", c.by_type[3]},
              {"keepalive", c.by_type[4]},    {"route_refresh", c.by_type[5]}, {"total", c.total},
              {"bytes", c.bytes}};
}

std::string iso8601(std::chrono::system_clock::time_point t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

// "Cease/Administrative Shutdown (6/2)"; the subcode name is left out when
// the code has none (Hold Timer Expired, subcode 0).
std::string describe(NotifyCode code, std::uint8_t subcode) {
  const auto sub = notify_subcode_name(code, subcode);
  return fmt::format("{}{}{} ({}/{})", notify_code_name(code), sub.empty() ? "" : "/", sub, static_cast<int>(code),
                     static_cast<int>(subcode));
}

std::string router_id_text(std::uint32_t id) { return IpAddress::v4(id).to_string(); }

std::uint64_t next_serial() {
  static std::uint64_t serial = 0;  // session thread only
  return ++serial;
}

}  // namespace

Peer::Peer(asio::io_context& io, const config::Config& config, config::EffectiveNeighbor neighbor, PeerHost& host)
    : io_(io),
      config_(&config),
      neighbor_(std::move(neighbor)),
      host_(host),
      serial_(next_serial()),
      max_prefix_restart_timer_(io),
      bfd_restart_timer_(io) {
  sync_bfd();
}

Peer::~Peer() {
  if (bfd_registered_) {
    if (BfdManager* m = host_.bfd()) m->remove(neighbor_.address, serial_);
  }
  if (primary_) primary_->detach();
  if (secondary_) secondary_->detach();
}

std::shared_ptr<Connection> Peer::make_connection() {
  return std::make_shared<Connection>(io_, connection_params(*config_, neighbor_), *this);
}

void Peer::start() {
  if (admin_down_) {
    log::fsm().info("neighbor {}: administratively shut down (bgpctl neighbor {} enable to start it)", neighbor_.address.to_string(),
                 neighbor_.address.to_string());
    return;
  }
  if (neighbor_.shutdown) {
    log::fsm().info("neighbor {}: administratively shut down in the configuration", neighbor_.address.to_string());
    return;
  }
  stopping_ = false;
  bfd_waiting_ = false;
  bfd_restart_timer_.cancel();
  primary_ = make_connection();
  primary_->start();
}

void Peer::stop(CeaseSubcode subcode, std::string_view text) {
  stopping_ = true;
  max_prefix_restart_timer_.cancel();
  if (secondary_) secondary_->stop(subcode, text);
  if (primary_) primary_->stop(subcode, text);
}

void Peer::clear() {
  log::fsm().info("neighbor {}: cleared by the operator (Cease/Administrative Reset)", neighbor_.address.to_string());
  held_ = !neighbor_.dynamic;
  stop(CeaseSubcode::kAdministrativeReset, "");
  retire(secondary_);
  retire(primary_);
  held_ = false;
  if (neighbor_.dynamic || admin_down_) return;  // a dynamic neighbour goes (on_idle), and comes back by connecting
  start();
}

void Peer::admin_shutdown(std::string_view text) {
  log::fsm().info("neighbor {}: shut down by the operator{}", neighbor_.address.to_string(),
               text.empty() ? std::string() : fmt::format(" \"{}\"", text));
  admin_down_ = true;
  held_ = true;
  stop(CeaseSubcode::kAdministrativeShutdown, text);
  retire(secondary_);
  retire(primary_);
  held_ = false;
}

void Peer::admin_enable() {
  if (!admin_down_) return;
  admin_down_ = false;
  log::fsm().info("neighbor {}: enabled by the operator", neighbor_.address.to_string());
  retire(secondary_);
  retire(primary_);
  start();
}

bool Peer::request_refresh() {
  if (!primary_ || primary_->state() != State::kEstablished || !primary_->negotiated() || !primary_->negotiated()->route_refresh) {
    return false;
  }
  std::array<std::byte, kRouteRefreshSize> buf{};
  for (const Family f : primary_->negotiated()->families) {
    log::update().info("neighbor {}: sending ROUTE-REFRESH for {}", neighbor_.address.to_string(), family_name(f));
    primary_->send_message(Bytes(buf.data(), encode_route_refresh(buf, f, RouteRefreshSubtype::kNormal)));
  }
  return true;
}

std::vector<Family> Peer::established_families() const {
  if (!primary_ || primary_->state() != State::kEstablished || !primary_->negotiated()) return {};
  return primary_->negotiated()->families;
}

void Peer::update_settings(const config::Config& config, config::EffectiveNeighbor neighbor) {
  config_ = &config;
  neighbor_ = std::move(neighbor);
  sync_bfd();
}

fsm::State Peer::state() const {
  State s = primary_ ? primary_->state() : State::kIdle;
  if (secondary_ && state_rank(secondary_->state()) > state_rank(s)) s = secondary_->state();
  return s;
}

// Retires a connection whose last transition is complete: detached now (no
// more callbacks, so it cannot outlive this Peer's attention), destroyed after
// the current handler, since we may be inside one of its methods.
void Peer::retire(std::shared_ptr<Connection>& slot) {
  if (!slot) return;
  std::shared_ptr<Connection> c = std::move(slot);
  c->detach();
  asio::post(io_, [c] {});
}

bool Peer::gtsm_admits(int fd) const {
  if (neighbor_.ttl_security == 0) return true;
  // RFC 5082 §3: accept only TTL >= 255 - (hops - 1). The handshake already
  // completed on the shared listener, so the SYN's TTL (TCP_SAVED_SYN) is
  // checked here; IP_MINTTL on the socket (Connection::configure_socket)
  // then drops any later segment from further away.
  const int min_ttl = 256 - neighbor_.ttl_security;
  const auto ttl = saved_syn_ttl(fd);
  if (!ttl || *ttl >= min_ttl) return true;
  log::fsm().warn("neighbor {}: incoming connection refused by GTSM: SYN arrived with TTL {}, {} required (ttl_security = {})",
               neighbor_.address.to_string(), *ttl, min_ttl, neighbor_.ttl_security);
  return false;
}

void Peer::incoming(asio::ip::tcp::socket socket) {
  const std::string name = neighbor_.address.to_string();
  if (stopping_ || !primary_) {
    log::fsm().info("neighbor {}: incoming connection refused (session administratively down)", name);
    return;  // socket closes as it goes out of scope
  }
  if (!gtsm_admits(socket.native_handle())) return;  // socket closes as it goes out of scope
  switch (primary_->state()) {
    case State::kConnect:
    case State::kActive:
      // RFC 4271 §8.2.2 Connect/Active: TcpConnectionConfirmed.
      primary_->accept_incoming(std::move(socket));
      return;
    case State::kIdle:
      if (primary_->fsm_session().auto_restart) {
        // Deviation from §8.2.2 Idle ("connection attempts are refused"): the
        // IdleHold back-off damps our own attempts (it grows while the peer
        // is unreachable), but a peer that reaches us is evidently up, and a
        // Cilium node may only ever connect actively. End the back-off now
        // and take its connection, as FRR and BIRD do.
        log::fsm().info("neighbor {}: incoming connection ends the restart back-off", name);
        primary_->post(fsm::Event::of(fsm::EventType::kIdleHoldTimerExpires));
        if (primary_->state() == State::kConnect || primary_->state() == State::kActive) {
          primary_->accept_incoming(std::move(socket));
        }
        return;
      }
      log::fsm().info("neighbor {}: incoming connection refused while Idle (stopped)", name);
      return;
    case State::kOpenSent:
    case State::kOpenConfirm:
    case State::kEstablished:
      if (secondary_) {
        log::fsm().info("neighbor {}: incoming connection refused (a collision is already being resolved)", name);
        return;
      }
      // §6.8: keep both until an OPEN tells which one to close.
      log::fsm().info("neighbor {}: incoming connection while {} (possible collision)", name, fsm::state_name(primary_->state()));
      secondary_ = make_connection();
      secondary_->start_with_incoming(std::move(socket));
      return;
  }
}

void Peer::on_transition(Connection& c, const fsm::Transition& t) {
  if (!t.changed()) {
    // Every UPDATE and KEEPALIVE passes here: no address string unless asked for.
    if (spdlog::logger& flog = log::fsm(); flog.should_log(spdlog::level::debug)) {
      flog.debug("neighbor {}: {} in {}", neighbor_.address.to_string(), fsm::event_name(t.event), fsm::state_name(t.to));
    }
    return;
  }
  last_change_at_ = std::chrono::steady_clock::now();
  log::fsm().info("neighbor {}: {} -> {} on {}{}", neighbor_.address.to_string(), fsm::state_name(t.from), fsm::state_name(t.to),
               fsm::event_name(t.event), &c == secondary_.get() ? " (second connection)" : "");
  const bool lost_tcp = (t.from == State::kOpenSent || t.from == State::kOpenConfirm) &&
                        (t.to == State::kActive || t.to == State::kConnect);
  if (&c == secondary_.get() && lost_tcp) {
    // A transient connection whose TCP failed in OpenSent would go back to
    // Active (RFC 4271 §8.2.2) and wait there for ever, and every later
    // incoming connection would be refused as "a collision already being
    // resolved". It never restarts on its own (the primary does): retire it.
    log::fsm().info("neighbor {}: second connection lost before the collision was resolved: dropped",
                    neighbor_.address.to_string());
    retire(secondary_);
  }
}

bool Peer::on_open_received(Connection& c) {
  if (c.negotiated()) remote_router_id_ = c.negotiated()->peer_bgp_identifier;
  if (!primary_ || !secondary_) return true;
  if (replaces_restarted_session(c)) return true;
  Connection* outgoing = nullptr;
  Connection* incoming = nullptr;
  for (Connection* x : {primary_.get(), secondary_.get()}) {
    (x->direction() == fsm::Direction::kOutgoing ? outgoing : incoming) = x;
  }
  Connection* loser = nullptr;
  if (!outgoing || !incoming) {
    // Both connections came from the peer (it reconnected): an Established
    // one is kept (CollisionDetectEstablishedState off), else the newer one.
    loser = primary_->state() == State::kEstablished ? secondary_.get() : primary_.get();
  } else {
    // `c` is judged as if the OPEN were applied (OpenConfirm): its peer's
    // identifier is known, which is what §6.8 needs.
    auto as_after_open = [&](Connection* x) { return x == &c ? State::kOpenConfirm : x->state(); };
    fsm::CollisionInput in;
    in.outgoing_state = as_after_open(outgoing);
    in.incoming_state = as_after_open(incoming);
    in.local_id = config_->bgp.router_id.v4_host_order();
    in.remote_id = remote_router_id_;
    in.local_as = config_->bgp.asn;
    in.remote_as = c.negotiated() ? c.negotiated()->peer_as : 0;
    const auto decision = fsm::connection_to_close(in);
    if (!decision) return true;
    loser = *decision == fsm::Direction::kOutgoing ? outgoing : incoming;
  }
  log::fsm().info("neighbor {}: connection collision (RFC 4271 §6.8): closing the {} connection", neighbor_.address.to_string(),
               loser->direction() == fsm::Direction::kOutgoing ? "outgoing" : "incoming");
  if (loser == primary_.get()) {
    // The transient connection wins and becomes the peer's session; it
    // restarts the way the neighbour is configured from now on.
    std::swap(primary_, secondary_);
    primary_->fsm_session().started_passive = neighbor_.passive || neighbor_.dynamic;
  }
  // Hold the loser: posting the dump retires it from secondary_.
  const std::shared_ptr<Connection> keep = secondary_;
  keep->post(fsm::Event::with(fsm::EventType::kOpenCollisionDump, fsm::collision_notification()));
  retire(secondary_);
  return loser != &c;
}

// RFC 4724 §4.2: a graceful-restart peer that restarted connects again while
// its old session still looks Established here (its TCP connection died
// silently). The Receiving Speaker then treats the old session as terminated
// (its routes are retained, marked stale) and proceeds with the new
// connection, instead of refusing the peer until the old Hold Timer expires.
// True when `c` has just replaced the old session that way.
bool Peer::replaces_restarted_session(Connection& c) {
  Connection* old = &c == primary_.get() ? secondary_.get() : primary_.get();
  if (old->state() != State::kEstablished || c.state() == State::kEstablished) return false;
  // Both sessions must carry the capability: the old one for the helper
  // rules (its routes are kept as stale), the new one for the restart.
  if (!old->negotiated() || !old->negotiated()->peer_graceful_restart) return false;
  if (!c.negotiated() || !c.negotiated()->peer_graceful_restart) return false;
  log::fsm().info("neighbor {}: new connection while the session is Established: the peer restarted (RFC 4724 §4.2), "
                  "the old session is closed and its routes kept as stale",
                  neighbor_.address.to_string());
  if (old == primary_.get()) {
    std::swap(primary_, secondary_);
    primary_->fsm_session().started_passive = neighbor_.passive || neighbor_.dynamic;
  }
  // No NOTIFICATION on the old connection (the peer has gone from it): it
  // ends as a TCP failure, which the route engine handles by the GR helper
  // rules. Hold it while the event runs: its Idle transition retires it.
  const std::shared_ptr<Connection> keep = secondary_;
  keep->post(fsm::Event::of(fsm::EventType::kTcpConnectionFails));
  retire(secondary_);
  return true;
}

void Peer::on_established(Connection& c) {
  established_at_ = std::chrono::steady_clock::now();
  const auto& n = *c.negotiated();
  log::fsm().info("neighbor {}: session established, AS {}, router-id {}, hold {} s, keepalive {} s, families [{}]",
               neighbor_.address.to_string(), n.peer_as, router_id_text(n.peer_bgp_identifier), c.fsm_session().negotiated_hold,
               c.fsm_session().negotiated_keepalive, fmt::join(negotiated_names(n), ", "));
  SessionInfo session;
  if (const auto local = c.local_endpoint()) {
    const auto a = local->address();
    if (a.is_v4()) {
      session.local_address = IpAddress::v4(a.to_v4().to_uint());
    } else {
      const auto b = a.to_v6().to_bytes();
      session.local_address = IpAddress::v6(std::span<const std::byte, 16>(reinterpret_cast<const std::byte*>(b.data()), 16));
    }
  }
  session.negotiated = n;
  local_address_ = session.local_address;
  // The engine sends through the connection as long as it lives.
  std::weak_ptr<Connection> weak = c.shared_from_this();
  host_.routes().session_up(neighbor_, session, [weak](Bytes message) {
    if (auto conn = weak.lock()) conn->send_message(message);
  });
}

void Peer::on_session_down(Connection& c, const fsm::Action& down) {
  (void)c;
  ++flaps_;
  established_at_.reset();
  const std::size_t dropped = host_.routes().accepted(neighbor_.address);
  const bool with_notification = down.reason == fsm::DownReason::kNotificationReceived ||
                                 down.reason == fsm::DownReason::kNotificationSent ||
                                 down.reason == fsm::DownReason::kHoldTimerExpired || down.reason == fsm::DownReason::kFsmError;
  SessionDown how;
  how.bfd_down = std::exchange(bfd_down_pending_, false);
  how.notification = with_notification;
  how.hard_reset = with_notification && down.notification.code == NotifyCode::kCease &&
                   down.notification.subcode == static_cast<std::uint8_t>(CeaseSubcode::kHardReset);
  how.administrative = stopping_ || down.reason == fsm::DownReason::kManualStop || down.reason == fsm::DownReason::kAutomaticStop;
  host_.routes().session_down(neighbor_.address, how);  // withdraws, or keeps as stale (graceful restart)
  log::fsm().warn("neighbor {}: session down ({}{}), {} prefixes dropped", neighbor_.address.to_string(),
               fsm::down_reason_name(down.reason),
               with_notification ? ": " + describe(down.notification.code, down.notification.subcode) : std::string(), dropped);
}

void Peer::on_update(Connection& c, const DecodedUpdate& decoded) {
  // `debug update` (FRR `debug bgp updates in`): counted only when asked for.
  if (spdlog::logger& ulog = log::update(); ulog.should_log(spdlog::level::debug)) {
    const std::size_t announced = prefix_count(decoded.nlri) + (decoded.mp_reach ? prefix_count(decoded.mp_reach->nlri) : 0);
    const std::size_t withdrawn_n =
        prefix_count(decoded.withdrawn) + (decoded.mp_unreach ? prefix_count(decoded.mp_unreach->withdrawn) : 0);
    ulog.debug("neighbor {}: UPDATE received: {} prefixes announced, {} withdrawn", neighbor_.address.to_string(), announced,
               withdrawn_n);
  }
  const DecodedUpdate* u = &decoded;
  std::optional<DecodedUpdate> withdrawn;
  if (decoded.action < ErrorAction::kTreatAsWithdraw) {
    if (const auto why = next_hop_fault(decoded, local_address_); !why.empty()) {
      withdrawn.emplace(decoded);  // rare: copy only when the next hop is unusable
      withdrawn->action = ErrorAction::kTreatAsWithdraw;
      withdrawn->error_reason = why;
      u = &*withdrawn;
    }
  }
  const DecodedUpdate& update = *u;
  if (update.action == ErrorAction::kTreatAsWithdraw || update.action == ErrorAction::kAttributeDiscard) {
    ++(update.action == ErrorAction::kTreatAsWithdraw ? rfc7606_.treat_as_withdraw : rfc7606_.attribute_discard);
    log::update().warn("neighbor {}: UPDATE error handled as {} (RFC 7606): {}", neighbor_.address.to_string(),
                 error_action_name(update.action), update.error_reason);
  }
  const UpdateOutcome r = host_.routes().update(neighbor_.address, update);
  if (r.end_of_rib) log::update().info("neighbor {}: End-of-RIB for {}", neighbor_.address.to_string(), family_name(*r.end_of_rib));
  if (r.max_prefix_exceeded) {
    // RFC 4271 §6.7 / RFC 4486: Cease, Maximum Number of Prefixes Reached.
    log::fsm().error("neighbor {}: more than {} prefixes: closing the session", neighbor_.address.to_string(),
                  neighbor_.max_prefixes ? neighbor_.max_prefixes->limit : 0);
    c.post(fsm::Event::with(fsm::EventType::kAutomaticStop,
                            Notification{NotifyCode::kCease, static_cast<std::uint8_t>(CeaseSubcode::kMaxPrefixesReached), {}}));
    schedule_max_prefix_restart();
  } else if (r.attribute_limit) {
    log::fsm().error("neighbor {}: attribute-set limit reached: resetting the session", neighbor_.address.to_string());
    c.post(fsm::Event::with(fsm::EventType::kAutomaticStop,
                            Notification{NotifyCode::kCease, static_cast<std::uint8_t>(CeaseSubcode::kOutOfResources), {}}));
  }
}

void Peer::schedule_max_prefix_restart() {
  const std::uint32_t minutes = neighbor_.max_prefixes ? neighbor_.max_prefixes->restart_minutes : 0;
  const std::string name = neighbor_.address.to_string();
  if (minutes == 0 || neighbor_.dynamic) {
    // AutomaticStop cleared the automatic restart: down until an operator
    // resets it (a dynamic neighbour simply goes away).
    log::fsm().warn("neighbor {}: stays down until reset (max_prefixes_restart not set)", name);
    return;
  }
  log::fsm().warn("neighbor {}: stays down for {} min (max_prefixes_restart)", name, minutes);
  max_prefix_restart_timer_.expires_after(std::chrono::minutes(minutes));
  max_prefix_restart_timer_.async_wait([this, name](const boost::system::error_code& ec) {
    if (ec || stopping_ || admin_down_ || !primary_ || primary_->state() != State::kIdle) return;
    log::fsm().info("neighbor {}: max_prefixes_restart elapsed: starting the session again", name);
    primary_->start();
  });
}

void Peer::on_route_refresh(Connection& c, const RouteRefreshView& refresh) {
  const auto& n = *c.negotiated();
  if (!n.has_family(refresh.family)) return;  // RFC 2918 §4: ignore a family not negotiated
  if (refresh.subtype == static_cast<std::uint8_t>(RouteRefreshSubtype::kBeginningOfRefresh) ||
      refresh.subtype == static_cast<std::uint8_t>(RouteRefreshSubtype::kEndOfRefresh)) {
    // RFC 7313 §4: the peer frames its re-advertisement; what it does not
    // re-send between BoRR and EoRR is gone from its Adj-RIB-Out.
    if (!n.enhanced_route_refresh) return;  // §5: only when negotiated
    host_.routes().enhanced_refresh(neighbor_.address, refresh.family,
                                    refresh.subtype == static_cast<std::uint8_t>(RouteRefreshSubtype::kBeginningOfRefresh));
    return;
  }
  log::update().info("neighbor {}: ROUTE-REFRESH for {}", neighbor_.address.to_string(), family_name(refresh.family));
  std::array<std::byte, kRouteRefreshSize> buf{};
  if (n.enhanced_route_refresh) {
    c.send_message(Bytes(buf.data(), encode_route_refresh(buf, refresh.family, RouteRefreshSubtype::kBeginningOfRefresh)));
  }
  host_.routes().route_refresh(neighbor_.address, refresh.family);
  if (n.enhanced_route_refresh) {
    c.send_message(Bytes(buf.data(), encode_route_refresh(buf, refresh.family, RouteRefreshSubtype::kEndOfRefresh)));
  }
}

void Peer::on_message(Connection& c, MessageType type, bool received, std::size_t bytes) {
  (void)c;
  MessageCounters& m = received ? in_ : out_;
  const auto index = static_cast<std::size_t>(type);
  if (index < m.by_type.size()) ++m.by_type[index];
  ++m.total;
  m.bytes += bytes;
}

void Peer::on_notification(Connection& c, const Notification& n, bool sent, std::string_view text) {
  (void)c;
  last_error_ = LastError{sent, n.code, n.subcode, std::string(text), std::chrono::system_clock::now()};
  ++(sent ? notifications_sent_ : notifications_received_)[{static_cast<std::uint8_t>(n.code), n.subcode}];
  if (sent && n.code == NotifyCode::kUpdateMessage) ++rfc7606_.session_reset;
  log::fsm().warn("neighbor {}: NOTIFICATION {} {}{}", neighbor_.address.to_string(), sent ? "sent" : "received",
               describe(n.code, n.subcode), text.empty() ? std::string() : fmt::format(" \"{}\"", text));
}

void Peer::prepare_open(OpenMessage& open) {
  auto& gr = open.capabilities.graceful_restart;
  if (!gr) return;
  // RFC 4724 §3: R while our route selection is deferred after a restart;
  // F per family only where the kernel really holds our forwarding state.
  const RouteEngine& routes = host_.routes();
  gr->flags = static_cast<std::uint8_t>((gr->flags & ~GracefulRestartCapability::kRestartFlag) |
                                        (routes.restarting() ? GracefulRestartCapability::kRestartFlag : 0));
  for (GracefulRestartFamily& f : gr->families) f.forwarding_preserved = routes.forwarding_preserved(f.family);
}

void Peer::close_without_notification() {
  // SIGTERM with the routes kept in the kernel: the TCP connection just
  // closes, which a graceful-restart helper treats as our restart (RFC 4724
  // §4.2) and keeps forwarding to us; a Cease would make it withdraw.
  stopping_ = true;
  max_prefix_restart_timer_.cancel();
  if (secondary_) secondary_->detach();
  if (primary_) primary_->detach();
}

void Peer::on_idle(Connection& c, bool restarting) {
  if (&c == secondary_.get()) {
    // A transient connection never restarts: the peer's session is the primary.
    retire(secondary_);
    return;
  }
  if (&c != primary_.get()) return;
  // A dynamic neighbour exists only while its session does (as FRR's listen
  // ranges); a stopped configured one is removed by whoever stopped it.
  if (neighbor_.dynamic || (stopping_ && !restarting && !held_)) host_.peer_finished(*this);
}

bool Peer::receive_paused() const { return host_.routes().fib_congested(); }

const Connection* Peer::reported_connection() const {
  const Connection* c = primary_.get();
  if (secondary_ && (!c || state_rank(secondary_->state()) > state_rank(c->state()))) c = secondary_.get();
  return c;
}

Json Peer::remote_as_json(const Connection* c) const {
  if (c && c->negotiated()) return c->negotiated()->peer_as;
  switch (neighbor_.remote_as.kind) {
    case config::RemoteAs::Kind::kNumber: return neighbor_.remote_as.asn;
    case config::RemoteAs::Kind::kInternal: return config_->bgp.asn;
    default: return neighbor_.remote_as.to_string();
  }
}

NeighborSample Peer::metrics_sample() const {
  const Connection* c = reported_connection();
  NeighborSample n;
  n.address = neighbor_.address.to_string();
  const Json as = remote_as_json(c);
  n.peer_as = as.is_string() ? as.get<std::string>() : as.dump();
  n.state = state();
  if (established_at_) n.uptime_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - *established_at_).count();
  n.flaps = flaps_;
  n.received = in_;
  n.sent = out_;
  const RouteEngine& routes = host_.routes();
  n.prefixes_received = routes.received(neighbor_.address);
  n.prefixes_accepted = routes.accepted(neighbor_.address);
  n.prefixes_advertised = routes.advertised(neighbor_.address);
  n.prefixes_stale = routes.stale(neighbor_.address);
  n.notifications_sent = notifications_sent_;
  n.notifications_received = notifications_received_;
  n.rfc7606 = rfc7606_;
  return n;
}

Json Peer::to_json() const {
  const Connection* c = reported_connection();
  const auto& global = config_->bgp;
  Json j;
  j["address"] = neighbor_.address.to_string();
  const std::optional<NegotiatedSession>* negotiated = c ? &c->negotiated() : nullptr;
  j["remote_as"] = remote_as_json(c);
  j["local_as"] = global.asn;
  j["router_id"] = global.router_id.to_string();
  j["remote_router_id"] = remote_router_id_ ? Json(router_id_text(remote_router_id_)) : Json();
  j["description"] = neighbor_.description;
  j["peer_group"] = neighbor_.peer_group;
  j["dynamic"] = neighbor_.dynamic;
  j["passive"] = neighbor_.passive || neighbor_.dynamic;
  j["shutdown"] = neighbor_.shutdown || admin_down_;  // configured, or bgpctl neighbor shutdown
  j["admin_down"] = admin_down_;
  j["md5"] = !neighbor_.password.empty();  // never the key itself
  j["state"] = std::string(fsm::state_name(state()));
  const auto now = std::chrono::steady_clock::now();
  j["uptime_s"] = established_at_ ? std::chrono::duration_cast<std::chrono::seconds>(now - *established_at_).count() : 0;
  j["last_change_s"] = last_change_at_ ? Json(std::chrono::duration_cast<std::chrono::seconds>(now - *last_change_at_).count()) : Json();
  j["prefixes_received"] = host_.routes().received(neighbor_.address);
  j["prefixes_accepted"] = host_.routes().accepted(neighbor_.address);
  j["prefixes_stale"] = host_.routes().stale(neighbor_.address);
  j["prefixes_advertised"] = host_.routes().advertised(neighbor_.address);
  j["prefixes_not_sent"] = host_.routes().not_sent(neighbor_.address);  // could not be encoded for this peer
  const bool up = c && c->state() == State::kEstablished;
  j["hold_time"] = up ? c->fsm_session().negotiated_hold : neighbor_.hold_time;
  j["keepalive"] = up ? c->fsm_session().negotiated_keepalive : neighbor_.keepalive;
  j["configured_hold_time"] = neighbor_.hold_time;
  j["configured_keepalive"] = neighbor_.keepalive;
  Json caps{{"advertised", capability_names(connection_params(*config_, neighbor_).open.capabilities)},
            {"received", Json::array()},
            {"negotiated", Json::array()}};
  if (c && c->peer_capabilities()) caps["received"] = capability_names(*c->peer_capabilities());
  if (negotiated && *negotiated) caps["negotiated"] = negotiated_names(**negotiated);
  j["capabilities"] = std::move(caps);
  j["messages"] = Json{{"in", counters_json(in_)}, {"out", counters_json(out_)}};
  if (last_error_) {
    j["last_error"] = Json{{"direction", last_error_->sent ? "sent" : "received"},
                           {"code", static_cast<int>(last_error_->code)},
                           {"subcode", last_error_->subcode},
                           {"code_name", notify_code_name(last_error_->code)},
                           {"subcode_name", notify_subcode_name(last_error_->code, last_error_->subcode)},
                           {"text", last_error_->text},
                           {"when", iso8601(last_error_->when)}};
  } else {
    j["last_error"] = nullptr;
  }
  j["flaps"] = flaps_;
  j["rfc7606"] = Json{{"treat_as_withdraw", rfc7606_.treat_as_withdraw},
                      {"attribute_discard", rfc7606_.attribute_discard},
                      {"session_reset", rfc7606_.session_reset}};
  if (c) {
    j["connection"] = c->direction() == fsm::Direction::kOutgoing ? "outgoing" : "incoming";
    if (const auto l = c->local_endpoint()) {
      j["local_address"] = l->address().to_string();
      j["local_port"] = l->port();
    }
    if (const auto r = c->remote_endpoint()) j["remote_port"] = r->port();
  }
  return j;
}

}  // namespace bgp::daemon

namespace bgp::daemon {

// ---- BFD (RFC 5882: how BGP uses it) ----

namespace {

// FRR's rule: a neighbour on a connected network is single hop even when
// ebgp_multihop is set (Cilium sets multihop TTL 4 for directly attached
// nodes), so RFC 5883 is used only for a neighbour that really is further away.
bool bfd_multihop(const config::EffectiveNeighbor& n) {
  if (n.ebgp_multihop <= 1) return false;
  for (const Prefix& p : connected_networks()) {
    if (p.contains(n.address)) return false;
  }
  return true;
}

constexpr std::chrono::seconds kBfdStableTime{60};  // a session up this long clears the hold-down
constexpr std::uint32_t kBfdMaxHoldDownShift = 6;   // 1 s doubling up to 64 s

}  // namespace

void Peer::sync_bfd() {
  BfdManager* m = host_.bfd();
  if (!m) return;
  if (!neighbor_.bfd) {
    if (bfd_registered_) m->remove(neighbor_.address, serial_);
    bfd_registered_ = false;
    bfd_waiting_ = false;
    return;
  }
  BfdPeerConfig c;
  c.peer = neighbor_.address;
  c.local = neighbor_.local_address;
  c.multihop = bfd_multihop(neighbor_);
  c.min_ttl = c.multihop ? 256 - neighbor_.ebgp_multihop : kBfdTtl;
  c.timing = bfd::Timing{neighbor_.bfd_min_tx_ms * 1000, neighbor_.bfd_min_rx_ms * 1000, neighbor_.bfd_multiplier};
  bfd_registered_ = m->add(c, serial_, [this](const bfd::StateChange& change) { on_bfd_change(change); });
}

void Peer::on_bfd_change(const bfd::StateChange& change) {
  const std::string name = neighbor_.address.to_string();
  if (change.to == bfd::State::kUp) {
    if (bfd_waiting_) schedule_bfd_restart();
    return;
  }
  bfd_restart_timer_.cancel();
  if (change.from != bfd::State::kUp) return;
  if (change.remote_state == bfd::State::kAdminDown) {
    // RFC 5882 §3.2: the remote turned BFD off on purpose; not a path failure.
    log::fsm().info("neighbor {}: BFD peer went AdminDown: the BGP session stays up", name);
    return;
  }
  if (change.remote_restarted) {
    // The remote started a new BFD session (FRR does so once its BGP session
    // knows the local address): its packets arrive, so the path is fine.
    log::fsm().info("neighbor {}: the peer restarted its BFD session: the BGP session stays up", name);
    return;
  }
  if (!primary_ || primary_->state() != State::kEstablished) return;
  // RFC 5882 §4.3: the BGP session goes at once, and (§4.3.2) without graceful
  // restart: BFD saw the forwarding path fail, so stale routes would blackhole.
  if (established_at_ && std::chrono::steady_clock::now() - *established_at_ >= kBfdStableTime) bfd_teardowns_ = 0;
  ++bfd_teardowns_;
  bfd_down_pending_ = true;
  bfd_waiting_ = true;
  log::fsm().warn("neighbor {}: BFD down ({}): closing the session (Cease/BFD Down, RFC 9384)", name, bfd::diag_name(change.diag));
  primary_->post(fsm::Event::with(fsm::EventType::kAutomaticStop,
                                  Notification{NotifyCode::kCease, static_cast<std::uint8_t>(CeaseSubcode::kBfdDown), {}}));
}

void Peer::schedule_bfd_restart() {
  // RFC 5882 §4.3 asks for damping so a flapping path does not flap BGP: the
  // session restarts only after BFD has stayed Up for a hold-down of 1 s,
  // doubled for each BFD teardown of a session that did not stay up 60 s.
  const std::uint32_t shift = std::min(bfd_teardowns_ > 0 ? bfd_teardowns_ - 1 : 0, kBfdMaxHoldDownShift);
  const std::chrono::seconds hold(1u << shift);
  const std::string name = neighbor_.address.to_string();
  log::fsm().info("neighbor {}: BFD Up again: restarting the session in {} s", name, hold.count());
  bfd_restart_timer_.expires_after(hold);
  bfd_restart_timer_.async_wait([this, name](const boost::system::error_code& ec) {
    if (ec || !bfd_waiting_ || stopping_ || admin_down_) return;
    BfdManager* m = host_.bfd();
    if (!m || m->state(neighbor_.address) != bfd::State::kUp) return;
    bfd_waiting_ = false;
    if (!primary_ || primary_->state() != State::kIdle) return;
    log::fsm().info("neighbor {}: BFD stable: starting the session again", name);
    primary_->start();
  });
}

}  // namespace bgp::daemon

#include "bgpd/daemon/bfd_manager.hpp"

#include <array>

#include <fmt/format.h>

#include <boost/asio/steady_timer.hpp>

#include "libbgp/log/logger.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;

std::string describe(const BfdPeerConfig& c) {
  return fmt::format("{}{}", c.peer.to_string(), c.multihop ? " (multihop)" : "");
}

}  // namespace

struct BfdManager::Entry {
  Entry(asio::io_context& io, const BfdPeerConfig& c, std::uint32_t discriminator, bfd::Session::Random random)
      : config(c), sender(io, c.peer, c.local, c.multihop), session(discriminator, c.timing, std::move(random)), timer(io) {}
  BfdPeerConfig config;
  BfdSender sender;
  bfd::Session session;
  asio::steady_timer timer;
  Listener listener;
  std::uint64_t owner = 0;
  BfdCounters counters;
  bfd::Diag remote_diag = bfd::Diag::kNone;
  std::optional<std::chrono::steady_clock::time_point> up_since;
  std::optional<std::chrono::system_clock::time_point> last_down_at;
  bfd::Diag last_down_diag = bfd::Diag::kNone;
  bfd::State last_down_remote_state = bfd::State::kDown;
};

BfdManager::BfdManager(asio::io_context& io) : io_(io), rng_(std::random_device{}()) {}

BfdManager::~BfdManager() {
  // Tell every remote we are going away on purpose (AdminDown), so it does
  // not take its BGP session down for a path failure (RFC 5882 §3.2).
  while (!sessions_.empty()) remove(sessions_.begin()->first);
}

std::uint32_t BfdManager::new_discriminator() {
  for (;;) {
    const std::uint32_t d = static_cast<std::uint32_t>(rng_());
    if (d != 0 && !by_discriminator_.count(d)) return d;
  }
}

bool BfdManager::ensure_receiver(Afi family, bool multihop) {
  const auto key = std::pair(family, multihop);
  if (receivers_.count(key)) return true;
  const std::uint16_t port = multihop ? kBfdMultihopPort : kBfdSingleHopPort;
  try {
    receivers_[key] = std::make_unique<BfdReceiver>(io_, family, port, [this](const BfdDatagram& d) { on_datagram(d); });
  } catch (const std::system_error& e) {
    log::fsm().error("BFD: cannot listen on {} port {}: {}", family == Afi::kIpv6 ? "IPv6" : "IPv4", port, e.what());
    return false;
  }
  return true;
}

bool BfdManager::add(const BfdPeerConfig& config, std::uint64_t owner, Listener listener) {
  if (const auto it = sessions_.find(config.peer); it != sessions_.end()) {
    const BfdPeerConfig& old = it->second->config;
    if (old.local == config.local && old.multihop == config.multihop && old.min_ttl == config.min_ttl) {
      it->second->listener = std::move(listener);
      it->second->owner = owner;
      set_timing(config.peer, config.timing);
      return true;
    }
    remove(config.peer);
  }
  if (!ensure_receiver(config.peer.afi(), config.multihop)) return false;
  std::shared_ptr<Entry> e;
  try {
    e = std::make_shared<Entry>(io_, config, new_discriminator(), [this] { return static_cast<std::uint32_t>(rng_()); });
  } catch (const std::system_error& ex) {
    log::fsm().error("BFD {}: cannot open the transmit socket: {}", describe(config), ex.what());
    return false;
  }
  e->listener = std::move(listener);
  e->owner = owner;
  sessions_[config.peer] = e;
  by_discriminator_[e->session.local_discriminator()] = e;
  log::fsm().info("BFD {}: session started, local discriminator {}, source port {}, {} ms / {} ms x {}", describe(config),
                  e->session.local_discriminator(), e->sender.source_port(), config.timing.desired_min_tx_us / 1000,
                  config.timing.required_min_rx_us / 1000, config.timing.detect_mult);
  apply(e, e->session.start(std::chrono::steady_clock::now()));
  return true;
}

void BfdManager::set_timing(const IpAddress& peer, const bfd::Timing& timing) {
  const auto it = sessions_.find(peer);
  if (it == sessions_.end()) return;
  const std::shared_ptr<Entry> e = it->second;
  e->config.timing = timing;
  apply(e, e->session.set_timing(timing, std::chrono::steady_clock::now()));
}

void BfdManager::remove(const IpAddress& peer, std::optional<std::uint64_t> owner) {
  const auto it = sessions_.find(peer);
  if (it == sessions_.end() || (owner && it->second->owner != *owner)) return;
  const std::shared_ptr<Entry> e = it->second;
  sessions_.erase(it);
  by_discriminator_.erase(e->session.local_discriminator());
  e->listener = nullptr;  // no report for our own AdminDown
  const bfd::Output out = e->session.set_admin_down(true, std::chrono::steady_clock::now());
  if (out.send) {
    std::array<std::byte, bfd::kControlPacketSize> buf{};
    (void)e->sender.send(Bytes(buf.data(), bfd::encode(*out.send, buf)));
  }
  e->timer.cancel();
  log::fsm().info("BFD {}: session removed (AdminDown sent)", describe(e->config));
}

std::optional<bfd::State> BfdManager::state(const IpAddress& peer) const {
  const auto it = sessions_.find(peer);
  if (it == sessions_.end()) return std::nullopt;
  return it->second->session.state();
}

void BfdManager::on_datagram(const BfdDatagram& d) {
  const bfd::DecodeResult r = bfd::decode(d.payload);
  if (!r.ok()) {
    ++discards_.malformed[r.error];
    if (auto& l = log::fsm(); l.should_log(spdlog::level::debug)) {
      l.debug("BFD: datagram from {} discarded: {}", d.from.to_string(), bfd::decode_error_name(r.error));
    }
    return;
  }
  // RFC 5880 §6.8.6: Your Discriminator selects the session; when zero, the
  // source address does (RFC 5881 §3, RFC 5883 §4).
  std::shared_ptr<Entry> e;
  if (r.packet.your_discriminator != 0) {
    const auto it = by_discriminator_.find(r.packet.your_discriminator);
    if (it != by_discriminator_.end()) e = it->second.lock();
  } else if (const auto it = sessions_.find(d.from); it != sessions_.end()) {
    e = it->second;
  }
  if (!e || e->config.multihop != d.multihop) {
    ++discards_.no_session;
    return;
  }
  if (e->config.peer != d.from) {
    // A discriminator is a guess away from spoofing: the source must match too.
    ++e->counters.packets_dropped;
    return;
  }
  // RFC 5881 §5: "received BFD Control packets ... MUST be discarded if the
  // received TTL or Hop Limit is not equal to 255" (the GTSM of RFC 5082);
  // RFC 5883 §5 leaves multihop to configuration: 255 minus the hops allowed.
  if (!d.ttl || *d.ttl < e->config.min_ttl) {
    ++e->counters.packets_dropped;
    if (auto& l = log::fsm(); l.should_log(spdlog::level::debug)) {
      l.debug("BFD {}: packet with TTL {} discarded ({} required)", describe(e->config), d.ttl.value_or(-1), e->config.min_ttl);
    }
    return;
  }
  ++e->counters.packets_received;
  e->remote_diag = r.packet.diag;
  apply(e, e->session.receive(r.packet, std::chrono::steady_clock::now()));
}

void BfdManager::apply(const std::shared_ptr<Entry>& e, const bfd::Output& out) {
  if (out.send) {
    std::array<std::byte, bfd::kControlPacketSize> buf{};
    const std::size_t n = bfd::encode(*out.send, buf);
    if (const auto ec = e->sender.send(Bytes(buf.data(), n)); ec) {
      ++e->counters.send_errors;
    } else {
      ++e->counters.packets_sent;
    }
  }
  if (out.change) {
    const bfd::StateChange& c = *out.change;
    if (c.to == bfd::State::kUp) {
      ++e->counters.up_transitions;
      e->up_since = std::chrono::steady_clock::now();
      log::fsm().info("BFD {}: {} -> Up (detection time {} ms)", describe(e->config), bfd::state_name(c.from),
                      e->session.detection_time_us() / 1000);
    } else {
      if (c.from == bfd::State::kUp) {
        ++e->counters.down_transitions;
        e->last_down_at = std::chrono::system_clock::now();
        e->last_down_diag = c.diag;
        e->last_down_remote_state = c.remote_state;
        e->up_since.reset();
      }
      auto& l = log::fsm();
      l.log(c.from == bfd::State::kUp ? spdlog::level::warn : spdlog::level::info, "BFD {}: {} -> {} ({}{})", describe(e->config),
            bfd::state_name(c.from), bfd::state_name(c.to), bfd::diag_name(c.diag),
            c.remote_state == bfd::State::kAdminDown ? ", remote AdminDown"
            : c.remote_restarted                     ? ", remote restarted its session"
                                                     : "");
    }
    if (e->listener) e->listener(c);
  }
  arm(e);
}

void BfdManager::arm(const std::shared_ptr<Entry>& e) {
  if (!sessions_.count(e->config.peer) || sessions_.at(e->config.peer) != e) return;  // removed by the listener
  const bfd::TimePoint deadline = e->session.next_deadline();
  if (deadline == bfd::TimePoint::max()) {
    e->timer.cancel();
    return;
  }
  e->timer.expires_at(deadline);
  std::weak_ptr<Entry> weak = e;
  e->timer.async_wait([this, weak](const boost::system::error_code& ec) {
    if (ec) return;
    const std::shared_ptr<Entry> entry = weak.lock();
    if (!entry) return;
    apply(entry, entry->session.expire(std::chrono::steady_clock::now()));
  });
}

std::vector<BfdSessionView> BfdManager::sessions() const {
  std::vector<BfdSessionView> out;
  const auto now = std::chrono::steady_clock::now();
  for (const auto& [peer, e] : sessions_) {
    BfdSessionView v;
    v.config = e->config;
    v.source_port = e->sender.source_port();
    const bfd::Session& s = e->session;
    v.state = s.state();
    v.remote_state = s.remote_state();
    v.local_diag = s.local_diag();
    v.remote_diag = e->remote_diag;
    v.local_discriminator = s.local_discriminator();
    v.remote_discriminator = s.remote_discriminator();
    v.tx_interval_us = s.tx_interval_us();
    v.rx_interval_us = s.rx_interval_us();
    v.detection_time_us = s.detection_time_us();
    v.remote_detect_mult = s.remote_detect_mult();
    v.remote_desired_min_tx_us = s.remote_desired_min_tx_us();
    v.remote_required_min_rx_us = s.remote_required_min_rx_us();
    if (e->up_since) v.up_for = now - *e->up_since;
    v.last_down_at = e->last_down_at;
    v.last_down_diag = e->last_down_diag;
    v.last_down_remote_state = e->last_down_remote_state;
    v.counters = e->counters;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace bgp::daemon

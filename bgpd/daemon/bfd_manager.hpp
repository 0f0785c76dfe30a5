#pragma once
// The daemon's BFD sessions (RFC 5880 asynchronous mode over RFC 5881 single
// hop / RFC 5883 multihop): one per BGP neighbour with `bfd = true`. Each
// pairs a pure bfd::Session with its transmit socket and one timer; the
// shared receive sockets demultiplex by Your Discriminator, else by source
// address (RFC 5881 §3), and enforce TTL 255 for single hop. State changes go
// to the neighbour's listener as values. Session io_context thread only.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bgpd/daemon/bfd_transport.hpp"
#include "libbgp/bfd/packet.hpp"
#include "libbgp/bfd/session.hpp"
#include "libbgp/wire/address.hpp"

namespace bgp::daemon {

struct BfdPeerConfig {
  IpAddress peer;
  std::optional<IpAddress> local;  // source address; unset: the kernel's choice for the route
  bool multihop = false;           // RFC 5883 (port 4784) instead of RFC 5881 (3784)
  int min_ttl = kBfdTtl;           // received TTL / hop limit below this is discarded
  bfd::Timing timing;
};

struct BfdCounters {
  std::uint64_t packets_sent = 0;
  std::uint64_t packets_received = 0;  // accepted for the session
  std::uint64_t packets_dropped = 0;   // for the session, but TTL or source failed the check
  std::uint64_t send_errors = 0;
  std::uint64_t up_transitions = 0;
  std::uint64_t down_transitions = 0;  // from Up
};

// What `bgpctl show bfd` and the metrics read, as plain values.
struct BfdSessionView {
  BfdPeerConfig config;
  std::uint16_t source_port = 0;
  bfd::State state = bfd::State::kDown;
  bfd::State remote_state = bfd::State::kDown;
  bfd::Diag local_diag = bfd::Diag::kNone;
  bfd::Diag remote_diag = bfd::Diag::kNone;
  std::uint32_t local_discriminator = 0;
  std::uint32_t remote_discriminator = 0;
  std::uint32_t tx_interval_us = 0;      // negotiated, before jitter
  std::uint32_t rx_interval_us = 0;      // expected from the remote
  std::uint64_t detection_time_us = 0;
  std::uint8_t remote_detect_mult = 0;
  std::uint32_t remote_desired_min_tx_us = 0;
  std::uint32_t remote_required_min_rx_us = 0;
  std::optional<std::chrono::steady_clock::duration> up_for;
  std::optional<std::chrono::system_clock::time_point> last_down_at;  // last Up -> Down
  bfd::Diag last_down_diag = bfd::Diag::kNone;
  bfd::State last_down_remote_state = bfd::State::kDown;
  BfdCounters counters;
};

// Datagrams no session took, by reason (RFC 5880 §6.8.6).
struct BfdDiscards {
  std::map<bfd::DecodeError, std::uint64_t> malformed;
  std::uint64_t no_session = 0;  // Your Discriminator or source address matched none
};

class BfdManager {
 public:
  using Listener = std::function<void(const bfd::StateChange&)>;

  explicit BfdManager(boost::asio::io_context& io);
  ~BfdManager();
  BfdManager(const BfdManager&) = delete;
  BfdManager& operator=(const BfdManager&) = delete;

  // Starts (or restarts, when the addressing changed) the session for
  // `config.peer`, reported to `listener` and owned by `owner` (a Peer's
  // serial: a neighbour being replaced must not remove its successor's
  // session). False when its sockets could not be opened (logged).
  bool add(const BfdPeerConfig& config, std::uint64_t owner, Listener listener);
  // New intervals: a Poll Sequence when Up (RFC 5880 §6.8.3).
  void set_timing(const IpAddress& peer, const bfd::Timing& timing);
  // Sends AdminDown (RFC 5880 §6.8.16, so the remote does not see a failure)
  // and forgets the session.
  void remove(const IpAddress& peer, std::optional<std::uint64_t> owner = std::nullopt);
  std::optional<bfd::State> state(const IpAddress& peer) const;
  bool has(const IpAddress& peer) const { return sessions_.count(peer) != 0; }
  std::vector<BfdSessionView> sessions() const;
  const BfdDiscards& discards() const { return discards_; }

 private:
  struct Entry;

  void on_datagram(const BfdDatagram& d);
  // Sends what `out` asks, records and reports a state change, re-arms the timer.
  void apply(const std::shared_ptr<Entry>& e, const bfd::Output& out);
  void arm(const std::shared_ptr<Entry>& e);
  bool ensure_receiver(Afi family, bool multihop);
  std::uint32_t new_discriminator();

  boost::asio::io_context& io_;
  std::map<IpAddress, std::shared_ptr<Entry>> sessions_;
  std::map<std::uint32_t, std::weak_ptr<Entry>> by_discriminator_;
  std::map<std::pair<Afi, bool>, std::unique_ptr<BfdReceiver>> receivers_;
  BfdDiscards discards_;
  std::mt19937 rng_;
};

}  // namespace bgp::daemon

#pragma once
// One BFD session in asynchronous mode (RFC 5880 §6.8): a pure state machine.
// Packets and the passing of time come in as calls; the packet to send and
// the state change come out as values, and next_deadline() says when to call
// expire() next. It never reads a clock or touches a socket (the daemon's
// bfd_* adapter does), and randomness (§6.8.7 jitter) is injected.
//
// Not supported, and not asked for: Demand mode (we never set D; if the
// remote does, we stop periodic transmission as §6.8.7 requires), the Echo
// function (we advertise Required Min Echo RX Interval 0), authentication
// (packets with the A bit are discarded by the codec).
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "libbgp/bfd/packet.hpp"

namespace bgp::bfd {

using TimePoint = std::chrono::steady_clock::time_point;
using Micros = std::chrono::microseconds;

// §6.8.1 bfd.DesiredMinTxInterval, bfd.RequiredMinRxInterval, bfd.DetectMult
// as configured (the session raises the first to 1 s while not Up, §6.8.3).
struct Timing {
  std::uint32_t desired_min_tx_us = 300'000;
  std::uint32_t required_min_rx_us = 300'000;
  std::uint8_t detect_mult = 3;
  friend bool operator==(const Timing&, const Timing&) = default;
};

// §6.8.3: "bfd.DesiredMinTxInterval ... to a value of not less than one
// second (1,000,000 microseconds)" while the session is not Up.
inline constexpr std::uint32_t kSlowTxUs = 1'000'000;

struct StateChange {
  State from = State::kDown;
  State to = State::kDown;
  Diag diag = Diag::kNone;  // bfd.LocalDiag after the change
  State remote_state = State::kDown;  // what the remote last said (AdminDown: RFC 5882 §3.2)
  // The Down came from a new session at the remote (a My Discriminator other
  // than the one we knew, Your Discriminator zero): the remote restarted BFD
  // (FRR re-creates its session once BGP learns its local address), which
  // says nothing about the path. §6.8.6 still takes us Down to handshake again.
  bool remote_restarted = false;
};

// What one input produced. At most one packet: a packet sent out of turn
// (state change, Final) carries everything a periodic one would.
struct Output {
  std::optional<ControlPacket> send;
  std::optional<StateChange> change;
};

class Session {
 public:
  // Uniform 32-bit values (the adapter passes a seeded PRNG, tests a fixed sequence).
  using Random = std::function<std::uint32_t()>;

  // `local_discriminator` must be nonzero and unique among the system's
  // sessions (§6.8.1 bfd.LocalDiscr); the adapter allocates it.
  Session(std::uint32_t local_discriminator, Timing timing, Random random);

  // Starts transmitting: the first packet goes now.
  Output start(TimePoint now);
  // A packet that passed decode() and was selected for this session (§6.8.6).
  Output receive(const ControlPacket& p, TimePoint now);
  // The time is at or past next_deadline(): detection timeout and/or periodic transmission.
  Output expire(TimePoint now);
  // New configured timing; a Poll Sequence when Up (§6.8.3).
  Output set_timing(const Timing& timing, TimePoint now);
  // Local administrative control (§6.8.16): AdminDown stops the session
  // (diag 7, one AdminDown packet now, then periodically); false takes it back to Down.
  Output set_admin_down(bool down, TimePoint now);

  // When expire() must be called next (transmission or detection time).
  // TimePoint::max() when nothing is pending.
  TimePoint next_deadline() const;

  State state() const { return state_; }
  State remote_state() const { return remote_state_; }
  Diag local_diag() const { return local_diag_; }
  std::uint32_t local_discriminator() const { return local_discr_; }
  std::uint32_t remote_discriminator() const { return remote_discr_; }
  const Timing& timing() const { return config_; }
  std::uint8_t remote_detect_mult() const { return remote_detect_mult_; }
  std::uint32_t remote_desired_min_tx_us() const { return remote_desired_tx_us_; }
  std::uint32_t remote_required_min_rx_us() const { return remote_min_rx_us_; }
  bool poll_in_progress() const { return poll_active_; }
  // bfd.DesiredMinTxInterval as now advertised (1 s while not Up).
  std::uint32_t advertised_min_tx_us() const;
  // §6.8.7: the negotiated transmit interval, before jitter:
  // max(bfd.DesiredMinTxInterval in use, bfd.RemoteMinRxInterval).
  std::uint32_t tx_interval_us() const;
  // §6.8.4: the interval at which we expect the remote's packets:
  // max(bfd.RequiredMinRxInterval in use, the remote's last Desired Min TX).
  std::uint32_t rx_interval_us() const;
  // §6.8.4 asynchronous mode: remote Detect Mult x rx_interval_us(); 0 before
  // the first packet from the remote.
  std::uint64_t detection_time_us() const;

 private:
  ControlPacket make_packet(bool final) const;
  // Sends `packet` now and reschedules the next periodic transmission.
  void transmit(Output& out, bool final, TimePoint now);
  void schedule_tx(TimePoint now);
  bool may_transmit_periodically() const;
  void change_state(Output& out, State to, Diag diag);
  // The advertised intervals changed: apply now, or at the end of a Poll
  // Sequence when the session is Up (§6.8.3).
  void timing_changed();
  void finish_poll();

  std::uint32_t local_discr_;
  Timing config_;
  Random random_;
  bool started_ = false;

  State state_ = State::kDown;
  State remote_state_ = State::kDown;
  Diag local_diag_ = Diag::kNone;
  std::uint32_t remote_discr_ = 0;
  // §6.8.1: "bfd.RemoteMinRxInterval ... MUST be initialized to 1".
  std::uint32_t remote_min_rx_us_ = 1;
  std::uint32_t remote_desired_tx_us_ = 0;
  std::uint8_t remote_detect_mult_ = 0;
  bool remote_demand_ = false;

  // The intervals our timers use; they lag the advertised ones while a Poll
  // Sequence is in progress (§6.8.3).
  std::uint32_t tx_in_use_us_ = kSlowTxUs;
  std::uint32_t rx_in_use_us_ = 0;
  bool poll_active_ = false;
  bool poll_again_ = false;  // the timing changed again during a Poll Sequence

  std::optional<TimePoint> last_rx_;  // disarms detection when unset
  TimePoint next_tx_ = TimePoint::max();
};

}  // namespace bgp::bfd

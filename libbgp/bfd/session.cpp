#include "libbgp/bfd/session.hpp"

#include <algorithm>

namespace bgp::bfd {

Session::Session(std::uint32_t local_discriminator, Timing timing, Random random)
    : local_discr_(local_discriminator), config_(timing), random_(std::move(random)) {
  tx_in_use_us_ = advertised_min_tx_us();
  rx_in_use_us_ = config_.required_min_rx_us;
}

std::uint32_t Session::advertised_min_tx_us() const {
  return state_ == State::kUp ? config_.desired_min_tx_us : std::max(config_.desired_min_tx_us, kSlowTxUs);
}

std::uint32_t Session::tx_interval_us() const { return std::max(tx_in_use_us_, remote_min_rx_us_); }

std::uint32_t Session::rx_interval_us() const { return std::max(rx_in_use_us_, remote_desired_tx_us_); }

std::uint64_t Session::detection_time_us() const {
  return static_cast<std::uint64_t>(remote_detect_mult_) * rx_interval_us();
}

TimePoint Session::next_deadline() const {
  TimePoint t = may_transmit_periodically() ? next_tx_ : TimePoint::max();
  if (last_rx_ && state_ != State::kAdminDown) t = std::min(t, *last_rx_ + Micros(detection_time_us()));
  return t;
}

bool Session::may_transmit_periodically() const {
  if (!started_) return false;
  // §6.8.7: "If bfd.RemoteMinRxInterval is zero, the local system MUST NOT
  // periodically transmit", nor while the remote's Demand mode is active.
  if (remote_min_rx_us_ == 0) return false;
  if (remote_demand_ && state_ == State::kUp && remote_state_ == State::kUp) return false;
  return true;
}

ControlPacket Session::make_packet(bool final) const {
  ControlPacket p;
  p.diag = local_diag_;
  p.state = state_;
  // §6.8.7: "A BFD Control packet MUST NOT have both the Poll (P) and Final (F) bits set."
  p.poll = poll_active_ && !final;
  p.final = final;
  p.detect_mult = config_.detect_mult;
  p.my_discriminator = local_discr_;
  p.your_discriminator = remote_discr_;
  p.desired_min_tx_us = advertised_min_tx_us();
  p.required_min_rx_us = config_.required_min_rx_us;
  p.required_min_echo_rx_us = 0;  // no Echo function
  return p;
}

void Session::schedule_tx(TimePoint now) {
  // §6.8.7: the interval is reduced by a random 0-25 %; with Detect Mult 1
  // it is 75-90 % of the negotiated interval.
  constexpr std::uint32_t kMaxReduction = 2500;  // basis points
  const std::uint32_t min_reduction = config_.detect_mult == 1 ? 1000 : 0;
  const std::uint32_t span = kMaxReduction - min_reduction + 1;
  const std::uint32_t reduction_bp = min_reduction + (random_ ? random_() % span : 0);  // basis points of 1/10000
  const std::uint64_t interval = tx_interval_us();
  const std::uint64_t jittered = interval - interval * reduction_bp / 10000;
  next_tx_ = now + Micros(jittered);
}

void Session::transmit(Output& out, bool final, TimePoint now) {
  out.send = make_packet(final);
  schedule_tx(now);
}

void Session::change_state(Output& out, State to, Diag diag) {
  const State from = state_;
  state_ = to;
  local_diag_ = diag;
  out.change = StateChange{from, to, diag, remote_state_};
  // Entering or leaving Up changes the advertised Desired Min TX (§6.8.3).
  if ((from == State::kUp) != (to == State::kUp)) timing_changed();
}

void Session::timing_changed() {
  const std::uint32_t tx = advertised_min_tx_us();
  const std::uint32_t rx = config_.required_min_rx_us;
  if (state_ != State::kUp) {
    // Not Up: nothing rides on the timers, the new values apply at once.
    // A Poll Sequence begun while Up has no meaning any more.
    tx_in_use_us_ = tx;
    rx_in_use_us_ = rx;
    poll_active_ = false;
    poll_again_ = false;
    return;
  }
  // §6.8.3: a faster transmit rate and a longer detection time are safe at
  // once; a slower rate and a shorter detection time wait for the Final.
  if (tx < tx_in_use_us_) tx_in_use_us_ = tx;
  if (rx > rx_in_use_us_) rx_in_use_us_ = rx;
  // §6.8.3 "a Poll Sequence MUST be initiated"; §6.5: one at a time, so a
  // change during one starts the next when it ends.
  if (poll_active_) {
    poll_again_ = true;
  } else {
    poll_active_ = true;
  }
}

void Session::finish_poll() {
  poll_active_ = false;
  tx_in_use_us_ = advertised_min_tx_us();
  rx_in_use_us_ = config_.required_min_rx_us;
  if (poll_again_) {
    poll_again_ = false;
    poll_active_ = true;
  }
}

Output Session::start(TimePoint now) {
  Output out;
  if (started_) return out;
  started_ = true;
  transmit(out, false, now);
  return out;
}

Output Session::receive(const ControlPacket& p, TimePoint now) {
  Output out;
  const ControlPacket before = make_packet(false);
  const bool new_remote_session = remote_discr_ != 0 && p.my_discriminator != remote_discr_ && p.your_discriminator == 0;
  // §6.8.6, after the checks decode() made.
  remote_discr_ = p.my_discriminator;
  remote_state_ = p.state;
  remote_demand_ = p.demand;
  const std::uint32_t old_tx_interval = tx_interval_us();
  remote_min_rx_us_ = p.required_min_rx_us;
  remote_desired_tx_us_ = p.desired_min_tx_us;
  remote_detect_mult_ = p.detect_mult;
  last_rx_ = now;
  // "If a Poll Sequence is being transmitted by the local system and the
  // Final (F) bit in the received packet is set, the Poll Sequence MUST be terminated."
  if (p.final && poll_active_) finish_poll();

  // "If bfd.SessionState is AdminDown: Discard the packet."
  if (state_ == State::kAdminDown) return out;

  if (p.state == State::kAdminDown) {
    if (state_ != State::kDown) change_state(out, State::kDown, Diag::kNeighborSignaledSessionDown);
  } else if (new_remote_session && state_ == State::kUp) {
    // Its next Down packet takes us to Init, as for any Down peer.
    change_state(out, State::kDown, Diag::kNeighborSignaledSessionDown);
    out.change->remote_restarted = true;
  } else if (state_ == State::kDown) {
    if (p.state == State::kDown) {
      change_state(out, State::kInit, local_diag_);
    } else if (p.state == State::kInit) {
      change_state(out, State::kUp, local_diag_);
    }
  } else if (state_ == State::kInit) {
    if (p.state == State::kInit || p.state == State::kUp) change_state(out, State::kUp, local_diag_);
  } else if (p.state == State::kDown) {  // Up
    change_state(out, State::kDown, Diag::kNeighborSignaledSessionDown);
  }

  if (!started_) return out;
  if (p.poll) {
    // §6.8.6: "If the Poll (P) bit is set, send a BFD Control packet to the
    // remote system with the Final (F) bit set" — §6.8.7: without respect to
    // the transmission timer.
    transmit(out, true, now);
  } else {
    // §6.8.7: "A BFD Control packet SHOULD be transmitted during the interval
    // between periodic Control packet transmissions when the contents of that
    // packet would differ from that in the previously transmitted packet
    // (other than the Poll and Final bits)".
    ControlPacket after = make_packet(false);
    after.poll = before.poll;
    if (!(after == before)) {
      transmit(out, false, now);
    } else if (tx_interval_us() < old_tx_interval && may_transmit_periodically()) {
      // The remote wants packets faster: do not sit out the old interval.
      next_tx_ = std::min(next_tx_, now + Micros(tx_interval_us()));
    }
  }
  return out;
}

Output Session::expire(TimePoint now) {
  Output out;
  if (last_rx_ && state_ != State::kAdminDown && now >= *last_rx_ + Micros(detection_time_us())) {
    // §6.8.4: "If a period of a Detection Time passes without the receipt of
    // a valid, authenticated BFD packet from the remote system ... the
    // session has gone down"; §6.8.1 bfd.RemoteDiscr "MUST be set to zero".
    last_rx_.reset();
    remote_discr_ = 0;
    remote_state_ = State::kDown;
    remote_demand_ = false;
    if (state_ == State::kInit || state_ == State::kUp) {
      change_state(out, State::kDown, Diag::kControlDetectionTimeExpired);
      if (started_) transmit(out, false, now);
      return out;
    }
  }
  if (may_transmit_periodically() && now >= next_tx_) transmit(out, false, now);
  return out;
}

Output Session::set_timing(const Timing& timing, TimePoint now) {
  Output out;
  if (timing == config_) return out;
  config_ = timing;
  timing_changed();
  if (started_) transmit(out, false, now);
  return out;
}

Output Session::set_admin_down(bool down, TimePoint now) {
  Output out;
  if (down == (state_ == State::kAdminDown)) return out;
  if (down) {
    change_state(out, State::kAdminDown, Diag::kAdministrativelyDown);
    last_rx_.reset();
  } else {
    change_state(out, State::kDown, Diag::kNone);
  }
  if (started_) transmit(out, false, now);
  return out;
}

}  // namespace bgp::bfd

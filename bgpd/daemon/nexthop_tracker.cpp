#include "bgpd/daemon/nexthop_tracker.hpp"

#include <linux/neighbour.h>
#include <unistd.h>

#include <cstring>

#include "libbgp/log/logger.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;
using Clock = fib::NexthopLiveness::Clock;

}  // namespace

NexthopTracker::NexthopTracker(asio::io_context& io, std::uint8_t own_protocol, Callbacks callbacks)
    : io_(io), callbacks_(std::move(callbacks)), kernel_(own_protocol), descriptor_(io), timer_(io) {
  kernel_.load();
}

NexthopTracker::~NexthopTracker() = default;

void NexthopTracker::start() {
  if (started_) return;
  started_ = true;
  // A duplicate: the socket stays the KernelTracker's, Asio closes its own copy.
  descriptor_.assign(::dup(kernel_.fd()));
  wait_readable();
  // Notifications that arrived between load() and now.
  on_readable();
}

void NexthopTracker::wait_readable() {
  descriptor_.async_wait(asio::posix::stream_descriptor::wait_read, [this](const boost::system::error_code& ec) {
    if (ec) return;
    on_readable();
    wait_readable();
  });
}

void NexthopTracker::on_readable() {
  apply(kernel_.drain());
  arm_timer();
}

void NexthopTracker::apply(const fib::KernelTracker::Changes& c) {
  const auto now = Clock::now();
  if (c.networks) {
    sync_tracked();
    if (callbacks_.networks) callbacks_.networks(kernel_.networks());
  }
  for (const std::uint32_t ifindex : c.links_down) {
    for (const auto& [nh, i] : interface_) {
      if (i == ifindex) emit(liveness_.failed(nh, fib::LivenessCause::kLinkDown, now));
    }
  }
  for (const std::uint32_t bridge : c.ports_down) {
    // A switch port went dark (a cable cut, a node powered off): the nodes
    // on that bridge get a probe now and one interval to answer it.
    for (const auto& [nh, i] : interface_) {
      if (i == bridge) liveness_.suspect(nh, now);
    }
  }
  for (const fib::NeighbourEvent& n : c.neighbours) {
    if (n.deleted || !liveness_.tracked(n.address)) continue;
    if (n.state & NUD_REACHABLE) {
      emit(liveness_.answered(n.address, now));
    } else if (n.state & NUD_FAILED) {
      emit(liveness_.failed(n.address, fib::LivenessCause::kNeighbourFailed, now));
    }
  }
}

void NexthopTracker::set_liveness(const IpAddress& next_hop, std::optional<fib::LivenessSettings> settings) {
  if (settings) {
    wanted_[next_hop] = *settings;
  } else {
    wanted_.erase(next_hop);
  }
  sync_tracked();
  arm_timer();
}

void NexthopTracker::sync_tracked() {
  const auto now = Clock::now();
  // Stop probing what is no longer wanted or no longer on a connected
  // segment (not our business then: the networks decide). A next hop dead
  // when it stops being tracked is released, or it would stay unusable.
  for (auto it = interface_.begin(); it != interface_.end();) {
    const IpAddress nh = it->first;
    const auto w = wanted_.find(nh);
    const auto ifindex = kernel_.connected_interface(nh);
    if (w != wanted_.end() && ifindex) {
      it->second = *ifindex;
      ++it;
      continue;
    }
    if (liveness_.down(nh) && callbacks_.liveness) {
      callbacks_.liveness({nh, fib::Liveness::kDown, fib::Liveness::kUnknown, fib::LivenessCause::kAnswered});
    }
    liveness_.untrack(nh);
    it = interface_.erase(it);
  }
  for (const auto& [nh, settings] : wanted_) {
    const auto ifindex = kernel_.connected_interface(nh);
    if (!ifindex) continue;
    interface_[nh] = *ifindex;
    liveness_.track(nh, settings, now);
  }
}

void NexthopTracker::arm_timer() {
  if (!started_) return;
  const auto at = liveness_.next_event();
  if (at == Clock::time_point::max()) {
    timer_.cancel();
    return;
  }
  if (timer_.expiry() == at) return;
  timer_.expires_at(at);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) on_timer();
  });
}

void NexthopTracker::on_timer() {
  // Answers already queued count before any deadline is judged: a session
  // thread that was busy for a while must not take live next hops down.
  apply(kernel_.drain());
  const fib::NexthopLiveness::Tick t = liveness_.tick(Clock::now());
  emit(t.transitions);
  for (const IpAddress& nh : t.probe) {
    const auto it = interface_.find(nh);
    if (it == interface_.end()) continue;
    const fib::NeighbourEvent* n = kernel_.neighbour(nh);
    const std::uint16_t state = n != nullptr ? n->state : 0;
    // A probe every interval, alive or dead: a unicast request to the known
    // MAC (a node back with another MAC announces it by its own ARP), so a
    // dead node is seen within multiplier x interval (the kernel alone would
    // wait for traffic, delay_first_probe_time and ucast_solicit x
    // retrans_time: seconds) and a live one answers up_after probes in a row.
    const int e = kernel_.probe(nh, it->second, (state & NUD_PROBE) != 0, false);
    if (e != 0) log::fib().debug("liveness: probe of {} not sent: {}", nh.to_string(), std::strerror(e));
  }
  arm_timer();
}

void NexthopTracker::emit(const std::vector<fib::LivenessTransition>& transitions) {
  for (const auto& t : transitions) {
    if (t.to == fib::Liveness::kDown) {
      log::fib().warn("liveness: next hop {} is down ({})", t.next_hop.to_string(), fib::liveness_cause_name(t.cause));
    } else if (t.from == fib::Liveness::kDown) {
      log::fib().info("liveness: next hop {} is up again", t.next_hop.to_string());
    }
    if (callbacks_.liveness) callbacks_.liveness(t);
  }
}

NexthopTracker::Row NexthopTracker::row(const fib::NexthopLiveness::View& v) const {
  Row r;
  r.view = v;
  if (const auto it = interface_.find(v.next_hop); it != interface_.end()) r.ifindex = it->second;
  r.since_wall = std::chrono::system_clock::now() -
                 std::chrono::duration_cast<std::chrono::system_clock::duration>(Clock::now() - v.since);
  return r;
}

std::vector<NexthopTracker::Row> NexthopTracker::liveness() const {
  std::vector<Row> out;
  for (const auto& v : liveness_.view()) out.push_back(row(v));
  return out;
}

std::optional<NexthopTracker::Row> NexthopTracker::liveness(const IpAddress& next_hop) const {
  const auto* v = liveness_.find(next_hop);
  if (v == nullptr) return std::nullopt;
  return row(*v);
}

}  // namespace bgp::daemon

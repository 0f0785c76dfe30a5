#pragma once
// Next-hop liveness: whether a next hop on a directly connected segment still
// answers ARP (IPv4) / Neighbour Discovery (IPv6), decided from the kernel's
// neighbour notifications. A pure state machine in the shape of the BGP FSM:
// no sockets, no clocks. The caller sends the probes it is told to send,
// feeds the neighbour states the kernel reports and the time, and applies
// the transitions it gets back (the RIB makes a dead next hop unresolvable,
// so the decision process drops its paths from every multipath set).
//
// Detection works like BFD's (RFC 5880 §6.8.4): a next hop that has not
// answered for `multiplier` × `interval` is down, probed every `interval`.
// Coming back takes `up_after` consecutive answered probes (hysteresis: a
// node that answers one probe in three is not flapped in and out).
#include <chrono>
#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "libbgp/wire/address.hpp"

namespace bgp::fib {

struct LivenessSettings {
  std::chrono::milliseconds interval{100};
  std::uint32_t multiplier = 3;
  std::uint32_t up_after = 3;
  friend bool operator==(const LivenessSettings&, const LivenessSettings&) = default;
};

enum class Liveness : std::uint8_t {
  kUnknown,  // tracked, no answer yet: usable (a next hop is innocent until it misses its deadline)
  kUp,
  kDown,
};
std::string_view liveness_name(Liveness l);  // "unknown", "up", "down"

// What made a next hop change state.
enum class LivenessCause : std::uint8_t {
  kAnswered,      // answered `up_after` probes in a row (or the first answer)
  kTimeout,       // no answer for multiplier × interval
  kNeighbourFailed,  // the kernel gave up resolving it (NUD_FAILED)
  kLinkDown,      // its interface lost carrier or went down
};
std::string_view liveness_cause_name(LivenessCause c);  // "answered", "timeout", "neighbour_failed", "link_down"

struct LivenessTransition {
  IpAddress next_hop;
  Liveness from = Liveness::kUnknown;
  Liveness to = Liveness::kUnknown;
  LivenessCause cause = LivenessCause::kAnswered;
};

class NexthopLiveness {
 public:
  using Clock = std::chrono::steady_clock;

  struct View {
    IpAddress next_hop;
    Liveness state = Liveness::kUnknown;
    Clock::time_point since{};        // when it entered `state`
    LivenessCause cause = LivenessCause::kAnswered;
    std::uint64_t went_down = 0;      // transitions to down
    std::uint64_t came_up = 0;        // transitions from down to up
    LivenessSettings settings;
  };

  // Starts (or re-configures) tracking `next_hop`; the first probe is due now.
  void track(const IpAddress& next_hop, const LivenessSettings& settings, Clock::time_point now);
  void untrack(const IpAddress& next_hop);
  bool tracked(const IpAddress& next_hop) const { return hops_.contains(next_hop); }

  // The kernel reported the next hop REACHABLE: it answered.
  std::vector<LivenessTransition> answered(const IpAddress& next_hop, Clock::time_point now);
  // Evidence that it is gone now (NUD_FAILED, link down): down at once.
  std::vector<LivenessTransition> failed(const IpAddress& next_hop, LivenessCause cause, Clock::time_point now);
  // A hint that it may be gone (a port of its bridge lost carrier): probe it
  // now and take it down unless it answers within one interval.
  void suspect(const IpAddress& next_hop, Clock::time_point now);

  // Advances time: deadlines that passed take next hops down, and every next
  // hop whose probe is due is listed in `probe` (the caller sends them).
  struct Tick {
    std::vector<LivenessTransition> transitions;
    std::vector<IpAddress> probe;
  };
  Tick tick(Clock::time_point now);
  // When tick() next has something to do (max() when nothing is tracked).
  Clock::time_point next_event() const;

  std::vector<View> view() const;  // in address order
  const View* find(const IpAddress& next_hop) const;
  bool down(const IpAddress& next_hop) const;

 private:
  struct Hop {
    View view;
    Clock::time_point next_probe{};
    Clock::time_point deadline{};    // down when no answer by then
    bool answered_since_probe = false;
    std::uint32_t answered_in_row = 0;  // consecutive answered probes while down
  };
  void enter(Hop& h, Liveness to, LivenessCause cause, Clock::time_point now, std::vector<LivenessTransition>& out);

  std::map<IpAddress, Hop> hops_;
};

}  // namespace bgp::fib

#include "libbgp/fib/nexthop_liveness.hpp"

#include <algorithm>

namespace bgp::fib {

std::string_view liveness_name(Liveness l) {
  switch (l) {
    case Liveness::kUnknown: return "unknown";
    case Liveness::kUp: return "up";
    case Liveness::kDown: return "down";
  }
  return "unknown";
}

std::string_view liveness_cause_name(LivenessCause c) {
  switch (c) {
    case LivenessCause::kAnswered: return "answered";
    case LivenessCause::kTimeout: return "timeout";
    case LivenessCause::kNeighbourFailed: return "neighbour_failed";
    case LivenessCause::kLinkDown: return "link_down";
  }
  return "answered";
}

void NexthopLiveness::track(const IpAddress& next_hop, const LivenessSettings& settings, Clock::time_point now) {
  auto [it, fresh] = hops_.try_emplace(next_hop);
  Hop& h = it->second;
  h.view.settings = settings;
  if (!fresh) return;  // new settings apply from the next probe on
  h.view.next_hop = next_hop;
  h.view.since = now;
  h.next_probe = now;
  h.deadline = now + settings.interval * settings.multiplier;
}

void NexthopLiveness::untrack(const IpAddress& next_hop) { hops_.erase(next_hop); }

void NexthopLiveness::enter(Hop& h, Liveness to, LivenessCause cause, Clock::time_point now,
                            std::vector<LivenessTransition>& out) {
  const Liveness from = h.view.state;
  if (from == to) return;
  h.view.state = to;
  h.view.since = now;
  h.view.cause = cause;
  if (to == Liveness::kDown) ++h.view.went_down;
  if (from == Liveness::kDown && to == Liveness::kUp) ++h.view.came_up;
  h.answered_in_row = 0;
  out.push_back({h.view.next_hop, from, to, cause});
}

std::vector<LivenessTransition> NexthopLiveness::answered(const IpAddress& next_hop, Clock::time_point now) {
  std::vector<LivenessTransition> out;
  const auto it = hops_.find(next_hop);
  if (it == hops_.end()) return out;
  Hop& h = it->second;
  const LivenessSettings& s = h.view.settings;
  h.deadline = now + s.interval * s.multiplier;
  if (h.view.state == Liveness::kDown) {
    // Count answers to distinct probes: several notifications for one probe
    // (PROBE -> REACHABLE, then a refresh) are one answer.
    if (!h.answered_since_probe) ++h.answered_in_row;
    h.answered_since_probe = true;
    if (h.answered_in_row >= s.up_after) enter(h, Liveness::kUp, LivenessCause::kAnswered, now, out);
    return out;
  }
  h.answered_since_probe = true;
  enter(h, Liveness::kUp, LivenessCause::kAnswered, now, out);  // unknown -> up; nothing when up
  return out;
}

std::vector<LivenessTransition> NexthopLiveness::failed(const IpAddress& next_hop, LivenessCause cause,
                                                        Clock::time_point now) {
  std::vector<LivenessTransition> out;
  const auto it = hops_.find(next_hop);
  if (it == hops_.end()) return out;
  enter(it->second, Liveness::kDown, cause, now, out);
  return out;
}

void NexthopLiveness::suspect(const IpAddress& next_hop, Clock::time_point now) {
  const auto it = hops_.find(next_hop);
  if (it == hops_.end() || it->second.view.state == Liveness::kDown) return;
  Hop& h = it->second;
  h.next_probe = now;
  // A probe answered at once moves the deadline back to multiplier x interval.
  h.deadline = std::min(h.deadline, now + h.view.settings.interval);
}

NexthopLiveness::Tick NexthopLiveness::tick(Clock::time_point now) {
  Tick t;
  for (auto& [nh, h] : hops_) {
    if (h.view.state != Liveness::kDown && h.deadline <= now) {
      enter(h, Liveness::kDown, LivenessCause::kTimeout, now, t.transitions);
    }
    if (h.next_probe <= now) {
      // A probe went unanswered: while down, the run of answers starts again.
      if (h.view.state == Liveness::kDown && !h.answered_since_probe) h.answered_in_row = 0;
      h.answered_since_probe = false;
      t.probe.push_back(nh);
      // From the schedule, not from `now`: a late tick does not shift every
      // later probe (the interval is the rate the peer sees).
      h.next_probe += h.view.settings.interval;
      if (h.next_probe <= now) h.next_probe = now + h.view.settings.interval;
    }
  }
  return t;
}

NexthopLiveness::Clock::time_point NexthopLiveness::next_event() const {
  auto t = Clock::time_point::max();
  for (const auto& [nh, h] : hops_) {
    t = std::min(t, h.next_probe);
    if (h.view.state != Liveness::kDown) t = std::min(t, h.deadline);
  }
  return t;
}

std::vector<NexthopLiveness::View> NexthopLiveness::view() const {
  std::vector<View> out;
  out.reserve(hops_.size());
  for (const auto& [nh, h] : hops_) out.push_back(h.view);
  return out;
}

const NexthopLiveness::View* NexthopLiveness::find(const IpAddress& next_hop) const {
  const auto it = hops_.find(next_hop);
  return it == hops_.end() ? nullptr : &it->second.view;
}

bool NexthopLiveness::down(const IpAddress& next_hop) const {
  const View* v = find(next_hop);
  return v != nullptr && v->state == Liveness::kDown;
}

}  // namespace bgp::fib

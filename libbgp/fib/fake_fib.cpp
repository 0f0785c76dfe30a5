#include "libbgp/fib/fake_fib.hpp"

namespace bgp::fib {

SubmitStatus FakeFib::submit(RouteBatch batch) {
  std::vector<RouteUpdate> updates;
  updates.reserve(batch.size());
  for (const auto& r : batch.routes) updates.push_back({r.prefix, batch.sets[r.set]});
  std::vector<FibResult> results;
  ResultHandler handler;
  {
    std::lock_guard lock(mu_);
    ++submit_calls_;
    for (const auto& u : updates) {
      RouteUpdate copy{u.prefix, normalized(u.next_hops)};
      operations_.push_back(copy);
      stale_.erase(u.prefix);
      if (auto it = refuse_.find(u.prefix); it != refuse_.end() && !copy.next_hops.empty()) {
        failed_.insert(u.prefix);
        results.push_back({u.prefix, FibOutcome::kFailed, it->second.first, it->second.second, 1});
        continue;
      }
      failed_.erase(u.prefix);
      if (copy.next_hops.empty()) {
        installed_.erase(u.prefix);
        results.push_back({u.prefix, FibOutcome::kRemoved, 0, {}, 1});
      } else {
        installed_[u.prefix] = std::move(copy.next_hops);
        results.push_back({u.prefix, FibOutcome::kInstalled, 0, {}, 1});
      }
    }
    handler = handler_;
  }
  if (handler && !results.empty()) handler(results);
  return SubmitStatus::kAccepted;
}

FibStatus FakeFib::status() const {
  std::lock_guard lock(mu_);
  FibStatus s;
  s.running = true;
  s.nexthop_objects = true;
  s.routes_installed = installed_.size();
  s.routes_failed = failed_.size();
  s.stale_routes = stale_.size();
  s.netlink_messages = operations_.size();
  return s;
}

void FakeFib::sweep() {
  std::lock_guard lock(mu_);
  stale_.clear();
}

FibSnapshot FakeFib::snapshot() {
  std::lock_guard lock(mu_);
  FibSnapshot snap;
  for (const auto& [p, nh] : installed_) {
    snap.entries.push_back({p, nh, nh, 0, false, "installed"});
  }
  for (const auto& p : failed_) {
    snap.entries.push_back({p, {}, {}, 0, false, "failed: " + refuse_[p].second});
  }
  for (const auto& [p, nh] : stale_) {
    if (!installed_.contains(p)) snap.entries.push_back({p, {}, nh, 0, true, "stale"});
  }
  return snap;
}

void FakeFib::set_result_handler(ResultHandler handler) {
  std::lock_guard lock(mu_);
  handler_ = std::move(handler);
}

void FakeFib::fail_prefix(const Prefix& p, int error, std::string message) {
  std::lock_guard lock(mu_);
  refuse_[p] = {error, std::move(message)};
}

void FakeFib::clear_failures() {
  std::lock_guard lock(mu_);
  refuse_.clear();
}

void FakeFib::add_stale(const Prefix& p, std::vector<NextHop> next_hops) {
  std::lock_guard lock(mu_);
  stale_[p] = normalized(std::move(next_hops));
}

std::vector<RouteUpdate> FakeFib::operations() const {
  std::lock_guard lock(mu_);
  return operations_;
}

std::map<Prefix, std::vector<NextHop>> FakeFib::installed() const {
  std::lock_guard lock(mu_);
  return installed_;
}

std::size_t FakeFib::submit_calls() const {
  std::lock_guard lock(mu_);
  return submit_calls_;
}

}  // namespace bgp::fib

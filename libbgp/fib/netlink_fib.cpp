// NetlinkFib: the worker thread, its queue, socket I/O and reply matching.
// Route planning lives in netlink_fib_routes.cpp.
#include "libbgp/fib/netlink_fib.hpp"

#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "libbgp/fib/netlink_fib_worker.hpp"
#include "libbgp/log/logger.hpp"

namespace bgp::fib {

NetlinkFib::NetlinkFib(NetlinkFibOptions options) : worker_(std::make_unique<Worker>(std::move(options))) {}
NetlinkFib::~NetlinkFib() { worker_->stop(); }

SubmitStatus NetlinkFib::submit(RouteBatch batch) { return worker_->submit(std::move(batch)); }
FibStatus NetlinkFib::status() const { return worker_->status(); }
void NetlinkFib::sweep() {
  // Asynchronous: the caller is the session/RIB thread, which must not wait
  // for the worker to write its backlog first (seconds for a full table).
  // The sweep must see every update submitted before it, so it drains the
  // queue before deciding what is stale.
  worker_->post([w = worker_.get()] {
    w->drain_queue();
    w->sweep_stale();
  });
}
FibSnapshot NetlinkFib::snapshot() {
  FibSnapshot snap;
  worker_->call([&snap, w = worker_.get()] { snap = w->build_snapshot(); });
  return snap;
}
void NetlinkFib::snapshot_async(SnapshotHandler done) {
  // Queued like any other call: the worker builds it when it gets there
  // (after the batches before it), and nobody waits meanwhile.
  worker_->post([w = worker_.get(), done = std::move(done)] { done(w->build_snapshot()); });
}
void NetlinkFib::set_result_handler(ResultHandler handler) { worker_->set_result_handler(std::move(handler)); }
bool NetlinkFib::wait_idle(std::chrono::milliseconds timeout) { return worker_->wait_idle(timeout); }
void NetlinkFib::flush() {
  worker_->call([w = worker_.get()] { w->flush_all(); });
}

NetlinkFib::Worker::Worker(NetlinkFibOptions options)
    : options_(std::move(options)),
      rx_(1 << 20),
      registry_(options_.nexthop_id_base, options_.nexthop_id_count) {
  requests_ = std::make_unique<NetlinkSocket>();
  sync_ = std::make_unique<NetlinkSocket>();
  if (options_.monitor) {
    monitor_ = std::make_unique<NetlinkSocket>(std::initializer_list<unsigned>{
        RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE});
    // Only deletions matter (a route of ours removed by someone else); the
    // kernel then never queues the notification of each route we add.
    if (const int e = monitor_->drop_message_type(RTM_NEWROUTE); e != 0) {
      log::fib().info("fib: no socket filter on the monitor ({}): bulk writes leave the route groups", std::strerror(e));
    } else {
      filtered_ = true;
    }
  }
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
  batch_ = std::make_unique<BatchWriter>(options_.batch_bytes, 64 << 10,
                                         [this](const void* buf, std::size_t len, std::uint32_t barrier) {
                                           return send_batch(buf, len, barrier);
                                         });
  load_initial_state();
  publish();
  thread_ = std::thread([this] { run(); });
}

NetlinkFib::Worker::~Worker() {
  stop();
  if (wake_fd_ >= 0) close(wake_fd_);
}

void NetlinkFib::Worker::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
  // The thread has gone: its state is ours now.
  if (!options_.retain_on_shutdown) flush_all();
}

SubmitStatus NetlinkFib::Worker::submit(RouteBatch batch) {
  if (batch.empty()) return SubmitStatus::kAccepted;
  bool wake = false;
  SubmitStatus result = SubmitStatus::kAccepted;
  {
    std::lock_guard lock(mu_);
    if (queued_ + batch.size() > options_.queue_limit) {
      status_.backpressure = true;
      return SubmitStatus::kRejected;
    }
    wake = queue_.empty();
    queued_ += batch.size();
    queue_.push_back({std::move(batch), Clock::now()});
    busy_ = true;
    if (queued_ > options_.queue_high_water) {
      status_.backpressure = true;
      result = SubmitStatus::kBackpressure;
    }
    status_.queued = queued_;
  }
  if (wake) {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = write(wake_fd_, &one, sizeof one);
  }
  return result;
}

FibStatus NetlinkFib::Worker::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void NetlinkFib::Worker::set_result_handler(ResultHandler handler) {
  std::lock_guard lock(mu_);
  has_handler_ = static_cast<bool>(handler);
  handler_ = std::move(handler);
}

bool NetlinkFib::Worker::wait_idle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return idle_cv_.wait_for(lock, timeout, [this] { return !busy_ && queue_.empty() && calls_.empty(); });
}

void NetlinkFib::Worker::post(std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    if (thread_.joinable() && !stopping_) {
      calls_.push_back(std::move(fn));
      busy_ = true;
      fn = nullptr;
    }
  }
  if (fn) {
    fn();  // the thread has gone: its state is ours
    return;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = write(wake_fd_, &one, sizeof one);
}

void NetlinkFib::Worker::call(std::function<void()> fn) {
  std::promise<void> done;
  auto fut = done.get_future();
  {
    std::lock_guard lock(mu_);
    if (!thread_.joinable() || stopping_) {
      fn();
      return;
    }
    calls_.push_back([&] {
      fn();
      done.set_value();
    });
    busy_ = true;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] auto n = write(wake_fd_, &one, sizeof one);
  fut.wait();
}

void NetlinkFib::Worker::run() {
  for (;;) {
    std::deque<std::function<void()>> calls;
    bool stopping = false;
    {
      std::lock_guard lock(mu_);
      calls.swap(calls_);
      stopping = stopping_;
    }
    for (auto& fn : calls) fn();
    drain_queue();
    retry_due();
    send_pending();
    publish();
    if (bulk_ && in_flight_.empty()) {
      // After publish(): wait_idle() callers need not wait for the check.
      leave_bulk();
      publish();
    }
    if (stopping) {
      std::lock_guard lock(mu_);
      if (queue_.empty() && calls_.empty()) break;
      continue;
    }

    int timeout_ms = 1000;
    {
      std::lock_guard lock(mu_);
      if (!queue_.empty() || !calls_.empty()) timeout_ms = 0;
    }
    if (timeout_ms > 0 && failed_count_ > 0) timeout_ms = 50;  // retry_due checks deadlines
    pollfd fds[3] = {{wake_fd_, POLLIN, 0}, {requests_->fd(), POLLIN, 0}, {-1, POLLIN, 0}};
    if (monitor_) fds[2].fd = monitor_->fd();
    if (poll(fds, 3, timeout_ms) < 0 && errno != EINTR) {
      log::fib().error("fib: poll: {}", std::strerror(errno));
    }
    if (fds[0].revents & POLLIN) {
      std::uint64_t v = 0;
      [[maybe_unused]] auto n = read(wake_fd_, &v, sizeof v);
    }
    if (fds[1].revents & POLLIN) drain_replies(false);
    if (fds[2].revents & POLLIN) drain_monitor();
  }
}

// Every route we write makes the kernel send a notification to each
// listener of the route groups, our own monitor included: for a full table
// that is as much work as the writes themselves. The monitor's socket filter
// drops them in the kernel (`filtered_`). Without one, while a large backlog
// is written we leave those groups, and afterwards compare the kernel's table
// with ours once (a dump), which catches what someone else deleted meanwhile.
// A backlog is "large" when the table dump that ends bulk mode costs no more
// than the notifications it saves: at least as many updates as routes we
// hold (the first load of a table), or kBulkThreshold in any case.
constexpr std::size_t kBulkThreshold = 20000;
constexpr std::size_t kBulkMinimum = 1024;

void NetlinkFib::Worker::enter_bulk() {
  monitor_->set_membership(RTNLGRP_IPV4_ROUTE, false);
  monitor_->set_membership(RTNLGRP_IPV6_ROUTE, false);
  bulk_ = true;
}

void NetlinkFib::Worker::leave_bulk() {
  bulk_ = false;
  monitor_->set_membership(RTNLGRP_IPV4_ROUTE, true);
  monitor_->set_membership(RTNLGRP_IPV6_ROUTE, true);
  verify_installed();
  send_pending();
}

void NetlinkFib::Worker::drain_queue() {
  // A batch is taken whole (a move), then applied in slices so replies and
  // link events are handled between them.
  constexpr std::size_t kSlice = 16384;
  for (;;) {
    RouteBatch batch;
    Clock::time_point submitted;
    std::size_t backlog = 0;
    {
      std::lock_guard lock(mu_);
      if (queue_.empty()) return;
      backlog = queued_;
      batch = std::move(queue_.front().batch);
      submitted = queue_.front().submitted;
      queue_.pop_front();
      queued_ -= batch.size();
      status_.queued = queued_;
      if (queued_ <= options_.queue_high_water / 2) status_.backpressure = false;
    }
    const bool large = backlog >= kBulkThreshold || (backlog >= kBulkMinimum && backlog >= routes_.size());
    if (large && monitor_ && !filtered_ && !bulk_) enter_bulk();
    // One rehash for a large backlog instead of many as it is inserted (not
    // under the lock: submit() and status() must not wait for it).
    if (const auto want = routes_.size() + backlog;
        want > routes_.bucket_count() * static_cast<std::size_t>(routes_.max_load_factor())) {
      routes_.reserve(want);
    }
    // The batch's sets, interned once for all its routes (held until the end).
    std::vector<NexthopSets::Id> ids;
    ids.reserve(batch.sets.size());
    for (auto& set : batch.sets) {
      auto wanted = set.size() > 1 ? normalized(std::move(set)) : std::move(set);
      if (wanted.size() == 1 && wanted[0].weight == 0) wanted[0].weight = 1;
      ids.push_back(sets_.acquire(wanted));
    }
    for (std::size_t begin = 0; begin < batch.size(); begin += kSlice) {
      process(batch, ids, begin, std::min(batch.size(), begin + kSlice), submitted);
      if (monitor_) drain_monitor();
    }
    for (const auto id : ids) sets_.release(id);
  }
}

void NetlinkFib::Worker::track(InFlight::Kind kind, std::uint32_t seq, const Prefix& prefix, std::uint32_t nhid) {
  in_flight_.push_back({kind, seq, prefix, nhid, 0});
  ++messages_;
  ++op_counts_[static_cast<std::size_t>(kind)];
}

void NetlinkFib::Worker::emit_nexthop_ops(const std::vector<NexthopOp>& ops) {
  for (const auto& op : ops) {
    const auto seq = batch_->next_seq();
    auto* nlh = put_nexthop_op(batch_->slot(), seq, op, options_.target.protocol);
    track(op.kind == NexthopOp::Kind::kDelete ? InFlight::Kind::kNexthopDelete : InFlight::Kind::kNexthop, seq, {},
          op.id);
    if (op.kind != NexthopOp::Kind::kDelete) nexthop_errors_.erase(op.id);
    batch_->commit(nlh);
  }
}

void NetlinkFib::Worker::emit_route_add(const Prefix& prefix, Route& route, std::uint32_t nhid,
                                        std::span<const NextHop> gateways) {
  const auto seq = batch_->next_seq();
  auto* nlh = put_route_add(batch_->slot(), seq, prefix, options_.target, nhid, gateways);
  track(InFlight::Kind::kRouteAdd, seq, prefix, nhid);
  route.seq = seq;
  batch_->commit(nlh);
}

void NetlinkFib::Worker::report(FibResult result) {
  if (has_handler_.load(std::memory_order_relaxed)) results_.push_back(std::move(result));
}

std::string NetlinkFib::Worker::take_error_text(std::uint32_t seq) {
  auto it = error_text_.find(seq);
  if (it == error_text_.end()) return {};
  std::string text = std::move(it->second);
  error_text_.erase(it);
  return text;
}

void NetlinkFib::Worker::emit_route_delete(const Prefix& prefix) {
  const auto seq = batch_->next_seq();
  auto* nlh = put_route_delete(batch_->slot(), seq, prefix, options_.target);
  track(InFlight::Kind::kRouteDelete, seq, prefix, 0);
  batch_->commit(nlh);
}

void NetlinkFib::Worker::send_pending() {
  batch_->flush();
  drain_replies(false);
}

int NetlinkFib::Worker::send_batch(const void* buf, std::size_t len, std::uint32_t barrier) {
  ++sendmsgs_;
  barriers_.push_back(barrier);
  const int e = requests_->send(buf, len);
  if (e != 0) {
    // Nothing of the datagram was processed: fail every request in it (they retry).
    log::fib().error("fib: netlink sendmsg of {} bytes failed: {}", len, std::strerror(e));
    for (auto& op : in_flight_) {
      if (op.seq <= barrier && op.error == 0) {
        op.error = e;
        error_text_[op.seq] = "netlink sendmsg failed";
      }
    }
    complete_through(barrier);
    std::erase(barriers_, barrier);
    return e;
  }
  // rtnetlink answers while we are in sendmsg, so the replies are queued now;
  // reading them keeps the receive buffer from overflowing across batches.
  drain_replies(false);
  return 0;
}

void NetlinkFib::Worker::drain_replies(bool wait) {
  while (!in_flight_.empty() || !wait) {
    const long n = requests_->receive(rx_.data(), rx_.size(), wait);
    if (n == -EAGAIN || n == -EWOULDBLOCK) return;
    if (n == -ENOBUFS) {
      // Replies were lost: we cannot tell which requests failed, so treat all
      // outstanding ones as failed; they are re-sent (route adds are replaces).
      log::fib().warn("fib: netlink replies lost (ENOBUFS); re-sending {} requests", in_flight_.size());
      for (auto& op : in_flight_) {
        if (op.error == 0) {
          op.error = ENOBUFS;
          error_text_[op.seq] = "netlink reply lost";
        }
      }
      if (!in_flight_.empty()) complete_through(in_flight_.back().seq);
      barriers_.clear();
      continue;
    }
    if (n < 0) {
      log::fib().error("fib: netlink receive: {}", std::strerror(static_cast<int>(-n)));
      return;
    }
    int len = static_cast<int>(n);
    for (auto* nlh = reinterpret_cast<const nlmsghdr*>(rx_.data()); mnl_nlmsg_ok(nlh, len);
         nlh = mnl_nlmsg_next(nlh, &len)) {
      if (auto e = parse_error(nlh)) on_error(*e);
    }
  }
}

void NetlinkFib::Worker::on_error(const NetlinkError& e) {
  if (e.error != 0) {
    auto it = std::lower_bound(in_flight_.begin(), in_flight_.end(), e.seq,
                               [](const InFlight& op, std::uint32_t s) { return op.seq < s; });
    if (it != in_flight_.end() && it->seq == e.seq) {
      it->error = e.error;
      if (!e.message.empty()) error_text_[e.seq] = e.message;
    }
  }
  if (auto b = std::find(barriers_.begin(), barriers_.end(), e.seq); b != barriers_.end()) {
    barriers_.erase(barriers_.begin(), b + 1);
    complete_through(e.seq);
  }
}

void NetlinkFib::Worker::complete_through(std::uint32_t seq) {
  while (!in_flight_.empty() && in_flight_.front().seq <= seq) {
    InFlight op = std::move(in_flight_.front());
    in_flight_.pop_front();
    finish(op);
  }
}

void NetlinkFib::Worker::publish() {
  FibStatus s;
  s.running = true;
  s.nexthop_objects = nexthop_objects_;
  s.routes_installed = installed_count_;
  s.routes_failed = failed_count_;
  s.stale_routes = stale_.size();
  s.nexthop_objects_count = registry_.object_count();
  s.nexthop_groups_count = registry_.group_count();
  s.netlink_messages = messages_;
  s.netlink_sendmsg = sendmsgs_;
  s.errors_total = errors_;
  s.retries_total = retries_;
  s.netlink_ops = op_counts_;
  s.netlink_op_errors = op_errors_;
  s.install_latency = install_latency_;
  std::vector<FibResult> results;
  results.swap(results_);
  ResultHandler handler;
  {
    std::lock_guard lock(mu_);
    handler = handler_;
  }
  // Deliver before declaring idle, so wait_idle() callers see every result.
  if (handler && !results.empty()) handler(results);
  std::lock_guard lock(mu_);
  s.queued = queued_;
  s.backpressure = status_.backpressure;
  status_ = s;
  if (queue_.empty() && calls_.empty() && in_flight_.empty() && batch_->empty()) {
    busy_ = false;
    idle_cv_.notify_all();
  }
}

}  // namespace bgp::fib

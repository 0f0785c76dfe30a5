#include "bgpd/daemon/metrics_exporter.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <fmt/format.h>
#include <prometheus/collectable.h>
#include <prometheus/exposer.h>

#include "libbgp/log/logger.hpp"

namespace bgp::daemon {

class MetricsExporter::Collector final : public prometheus::Collectable,
                                         public std::enable_shared_from_this<MetricsExporter::Collector> {
 public:
  Collector(boost::asio::io_context& io, std::string version, Sampler sampler, std::chrono::milliseconds timeout)
      : io_(io), version_(std::move(version)), sampler_(std::move(sampler)), timeout_(timeout) {}

  // Scrape thread.
  std::vector<prometheus::MetricFamily> Collect() const override {
    auto slot = std::make_shared<std::optional<MetricsSnapshot>>();
    {
      std::lock_guard lock(mu_);
      if (closing_) return fallback();
    }
    // The posted handler holds the collector and the slot: a scrape that gave
    // up leaves it nothing dangling to write to.
    boost::asio::post(io_, [self = shared_from_this(), slot] {
      {
        std::lock_guard lock(self->mu_);
        if (self->closing_) return;
      }
      MetricsSnapshot snapshot = self->sampler_();  // session thread: the only reader of daemon state
      std::lock_guard lock(self->mu_);
      *slot = std::move(snapshot);
      self->cv_.notify_all();
    });
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, timeout_, [&] { return slot->has_value() || closing_; }) || !slot->has_value()) {
      if (!closing_) {
        ++timeouts_;
        log::control().warn("metrics: the session thread did not answer within {} ms; scrape answered without daemon state",
                     timeout_.count());
      }
      return fallback();
    }
    MetricsSnapshot snapshot = std::move(**slot);
    auto extra = fallback();  // the timeout counter, read under the lock
    lock.unlock();
    auto families = build_metric_families(snapshot);
    families.push_back(std::move(extra.back()));
    return families;
  }

  void close() {
    std::lock_guard lock(mu_);
    closing_ = true;
    cv_.notify_all();
  }

 private:
  // bgpd_build_info and the timeout counter; call with mu_ held.
  std::vector<prometheus::MetricFamily> fallback() const {
    auto families = build_info_family(version_);
    prometheus::MetricFamily f;
    f.name = "bgpd_metrics_sample_timeouts_total";
    f.help = "Scrapes answered without daemon state because the session thread was busy for longer than the timeout";
    f.type = prometheus::MetricType::Counter;
    prometheus::ClientMetric m;
    m.counter.value = static_cast<double>(timeouts_);
    f.metric.push_back(m);
    families.push_back(std::move(f));
    return families;
  }

  boost::asio::io_context& io_;
  const std::string version_;
  const Sampler sampler_;
  const std::chrono::milliseconds timeout_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  mutable std::uint64_t timeouts_ = 0;  // under mu_
  bool closing_ = false;                // under mu_
};

MetricsExporter::MetricsExporter(boost::asio::io_context& io, const std::string& listen, std::string version, Sampler sampler,
                                 std::chrono::milliseconds timeout)
    : collector_(std::make_shared<Collector>(io, std::move(version), std::move(sampler), timeout)) {
  // Where the destructor connects to wake civetweb: the listen address, or
  // loopback for a wildcard one.
  const std::size_t colon = listen.rfind(':');
  std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  wake_host_ = host;
  try {
    // One serving thread: scrapes are rare and each waits on the session thread anyway.
    exposer_ = std::make_unique<prometheus::Exposer>(listen, 1);
  } catch (const std::exception& e) {
    // Debian's libcivetweb1 (under prometheus-cpp pull) is built without
    // IPv6 (mg_check_feature(8) == 0): say so rather than leave the operator
    // with civetweb's "possible problem binding to port".
    const bool v6 = !listen.empty() && listen.front() == '[';
    throw std::runtime_error(fmt::format("metrics: cannot listen on {}: {}{}", listen, e.what(),
                                         v6 ? " (an IPv6 address needs civetweb built with IPv6 support, which "
                                              "Debian's libcivetweb1 is not: use an IPv4 address)"
                                            : ""));
  }
  exposer_->RegisterCollectable(collector_);
}

void MetricsExporter::close() { collector_->close(); }

MetricsExporter::~MetricsExporter() {
  collector_->close();
  // civetweb's master thread polls its listening sockets with a 2 s timeout
  // (SOCKET_TIMEOUT_QUANTUM) and only then sees the stop flag, which made
  // every bgpd exit take over 2 s. A connection to our own listener ends that
  // poll at once: keep making one until the server's threads have stopped.
  std::vector<int> ports = exposer_->GetListeningPorts();
  std::atomic<bool> stopped{false};
  std::thread waker;
  if (!ports.empty()) {
    waker = std::thread([&stopped, host = wake_host_, port = ports.front()] {
      while (!stopped.load()) {
        boost::asio::io_context io;
        boost::asio::ip::tcp::socket s(io);
        boost::system::error_code ec;
        s.connect({boost::asio::ip::make_address(host, ec), static_cast<unsigned short>(port)}, ec);
        s.close(ec);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
  }
  exposer_.reset();
  stopped = true;
  if (waker.joinable()) waker.join();
}

std::vector<int> MetricsExporter::ports() const { return exposer_->GetListeningPorts(); }

}  // namespace bgp::daemon

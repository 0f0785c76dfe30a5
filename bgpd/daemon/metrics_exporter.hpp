#pragma once
// The Prometheus endpoint (`/metrics`, text exposition format) through
// prometheus-cpp's Exposer, which serves from its own (civetweb) threads.
// bgpd's state belongs to the session io_context thread, so a scrape never
// reads it directly: Collect() posts the sampler to the io_context and waits
// (bounded) for the MetricsSnapshot it returns; the MetricFamily values are
// then built on the scrape thread from that plain copy.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "bgpd/daemon/metrics_sample.hpp"

namespace prometheus {
class Exposer;
}

namespace bgp::daemon {

class MetricsExporter {
 public:
  // Runs on the io_context thread, once per scrape.
  using Sampler = std::function<MetricsSnapshot()>;

  // Listens on `listen` ("127.0.0.1:9179", "[::1]:9179"; port 0 picks one).
  // A scrape waits at most `timeout` for the session thread, then answers
  // with bgpd_build_info and bgpd_metrics_sample_timeouts_total only.
  // Throws std::runtime_error when the address cannot be bound (start-up).
  MetricsExporter(boost::asio::io_context& io, const std::string& listen, std::string version, Sampler sampler,
                  std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // From now on scrapes get bgpd_build_info only and none waits for the
  // session thread (shutdown: that thread is about to stop).
  void close();
  // close(), then the server's threads are joined (woken at once: see the
  // definition).
  ~MetricsExporter();
  MetricsExporter(const MetricsExporter&) = delete;
  MetricsExporter& operator=(const MetricsExporter&) = delete;

  std::vector<int> ports() const;

  class Collector;

 private:
  std::shared_ptr<Collector> collector_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::string wake_host_;
};

}  // namespace bgp::daemon

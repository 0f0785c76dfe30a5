// MetricsExporter: a real /metrics endpoint on 127.0.0.1 (port 0), scraped
// over HTTP. The sampler must run on the io_context's thread, and a scrape
// must not hang when that thread is busy.
#include "bgpd/daemon/metrics_exporter.hpp"

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;
using ::testing::HasSubstr;
using ::testing::Not;

std::string http_get(int port, const std::string& path) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  asio::write(s, asio::buffer(request));
  std::string response;
  boost::system::error_code ec;
  asio::read(s, asio::dynamic_buffer(response), ec);  // until the server closes (HTTP/1.0)
  return response;
}

MetricsSnapshot one_neighbor() {
  MetricsSnapshot s;
  s.version = "test";
  NeighborSample n;
  n.address = "10.20.0.2";
  n.peer_as = "65101";
  n.state = fsm::State::kEstablished;
  s.neighbors.push_back(n);
  return s;
}

// An io_context running on its own thread, as the daemon's session thread.
struct SessionThread {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::thread thread{[this] { io.run(); }};
  ~SessionThread() {
    work.reset();
    io.stop();
    thread.join();
  }
};

TEST(MetricsExporter, ScrapeSamplesOnTheSessionThread) {
  SessionThread session;
  std::atomic<bool> on_session_thread{false};
  std::atomic<int> calls{0};
  const auto session_id = session.thread.get_id();
  MetricsExporter exporter(session.io, "127.0.0.1:0", "test", [&] {
    on_session_thread = std::this_thread::get_id() == session_id;
    ++calls;
    return one_neighbor();
  });
  ASSERT_EQ(exporter.ports().size(), 1u);
  const std::string response = http_get(exporter.ports()[0], "/metrics");
  EXPECT_THAT(response, HasSubstr("200 OK"));
  EXPECT_THAT(response, HasSubstr("bgpd_build_info{version=\"test\"} 1"));
  EXPECT_THAT(response, HasSubstr("bgpd_neighbor_up{neighbor=\"10.20.0.2\",peer_as=\"65101\"} 1"));
  EXPECT_THAT(response, HasSubstr("bgpd_metrics_sample_timeouts_total 0"));
  EXPECT_EQ(calls.load(), 1);
  EXPECT_TRUE(on_session_thread.load());
}

TEST(MetricsExporter, BusySessionThreadGivesBuildInfoAfterTheTimeout) {
  asio::io_context io;  // never run: a session thread that does not answer
  bool sampled = false;
  MetricsExporter exporter(io, "127.0.0.1:0", "test", [&] {
    sampled = true;
    return one_neighbor();
  }, std::chrono::milliseconds(200));
  const auto start = std::chrono::steady_clock::now();
  const std::string response = http_get(exporter.ports()[0], "/metrics");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_THAT(response, HasSubstr("bgpd_build_info{version=\"test\"} 1"));
  EXPECT_THAT(response, HasSubstr("bgpd_metrics_sample_timeouts_total 1"));
  EXPECT_THAT(response, Not(HasSubstr("bgpd_neighbor_up")));
  EXPECT_FALSE(sampled);
}

TEST(MetricsExporter, OnlyMetricsIsServed) {
  SessionThread session;
  MetricsExporter exporter(session.io, "127.0.0.1:0", "test", [] { return one_neighbor(); });
  EXPECT_THAT(http_get(exporter.ports()[0], "/"), HasSubstr("404"));
}

TEST(MetricsExporter, AnAddressInUseIsAClearStartUpError) {
  SessionThread session;
  MetricsExporter first(session.io, "127.0.0.1:0", "test", [] { return one_neighbor(); });
  const std::string taken = "127.0.0.1:" + std::to_string(first.ports()[0]);
  try {
    MetricsExporter second(session.io, taken, "test", [] { return one_neighbor(); });
    FAIL() << "second exporter bound " << taken;
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("metrics: cannot listen on " + taken));
  }
}

TEST(MetricsExporter, AnIpv6AddressServesOrTheErrorSaysWhyNot) {
  SessionThread session;
  try {
    MetricsExporter exporter(session.io, "[::1]:0", "test", [] { return one_neighbor(); });
    EXPECT_EQ(exporter.ports().size(), 1u);  // civetweb built with IPv6
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("needs civetweb built with IPv6 support"));
  }
}

}  // namespace
}  // namespace bgp::daemon

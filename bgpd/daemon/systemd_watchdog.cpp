#include "bgpd/daemon/systemd_watchdog.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <string_view>

#include <unistd.h>

#include "bgpd/daemon/daemon.hpp"

namespace bgp::daemon {
namespace {

std::optional<std::uint64_t> parse_u64(const char* text) {
  if (!text || !*text) return std::nullopt;
  const std::string_view s(text);
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::chrono::microseconds> watchdog_interval(const char* usec, const char* pid, long self_pid) {
  const auto u = parse_u64(usec);
  if (!u || *u == 0) return std::nullopt;
  // sd_watchdog_enabled(3): WATCHDOG_PID, when set, names the process meant.
  if (pid && *pid) {
    const auto p = parse_u64(pid);
    if (!p || static_cast<long>(*p) != self_pid) return std::nullopt;
  }
  return std::chrono::microseconds(std::max<std::uint64_t>(*u / 2, 1));
}

std::uint64_t monotonic_usec() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000U + static_cast<std::uint64_t>(ts.tv_nsec) / 1000U;
}

std::string reloading_message() { return "RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec()); }

SystemdWatchdog::SystemdWatchdog(boost::asio::io_context& io) : timer_(io) {}

std::optional<std::chrono::microseconds> SystemdWatchdog::start() {
  const auto interval = watchdog_interval(std::getenv("WATCHDOG_USEC"), std::getenv("WATCHDOG_PID"), static_cast<long>(getpid()));
  if (!interval) return std::nullopt;
  interval_ = *interval;
  running_ = true;
  notify_systemd("WATCHDOG=1");
  arm();
  return interval;
}

void SystemdWatchdog::stop() {
  running_ = false;
  timer_.cancel();
}

void SystemdWatchdog::arm() {
  timer_.expires_after(interval_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || !running_) return;
    notify_systemd("WATCHDOG=1");
    arm();
  });
}

}  // namespace bgp::daemon

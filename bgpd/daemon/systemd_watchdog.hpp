#pragma once
// systemd's service watchdog (sd_watchdog_enabled(3) protocol, hand-written
// like notify_systemd): when the unit sets WatchdogSec=, systemd passes
// WATCHDOG_USEC (and WATCHDOG_PID); bgpd then sends WATCHDOG=1 at half that
// interval from its event loop, so a loop stuck for longer than WatchdogSec
// gets the service restarted (Restart=on-failure).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

namespace bgp::daemon {

// The ping interval for this process: half of WATCHDOG_USEC, or nothing when
// the watchdog is off, malformed, or meant for another process (WATCHDOG_PID).
std::optional<std::chrono::microseconds> watchdog_interval(const char* usec, const char* pid, long self_pid);

// CLOCK_MONOTONIC in microseconds: RELOADING=1 carries it as MONOTONIC_USEC
// (systemd 253+ requires it for Type=notify-reload; older ones ignore it).
std::uint64_t monotonic_usec();
// "RELOADING=1\nMONOTONIC_USEC=N".
std::string reloading_message();

class SystemdWatchdog {
 public:
  explicit SystemdWatchdog(boost::asio::io_context& io);
  // Starts pinging when the environment asks for it; returns the interval.
  std::optional<std::chrono::microseconds> start();
  void stop();

 private:
  void arm();
  boost::asio::steady_timer timer_;
  std::chrono::microseconds interval_{0};
  bool running_ = false;
};

}  // namespace bgp::daemon

#include <gtest/gtest.h>

#include "bgpd/daemon/systemd_watchdog.hpp"

namespace bgp::daemon {
namespace {

using std::chrono::microseconds;

TEST(SystemdWatchdog, PingsAtHalfTheIntervalSystemdGives) {
  EXPECT_EQ(watchdog_interval("30000000", nullptr, 42), microseconds(15'000'000));
  EXPECT_EQ(watchdog_interval("30000000", "42", 42), microseconds(15'000'000));
}

TEST(SystemdWatchdog, OffWhenUnsetZeroMalformedOrForAnotherProcess) {
  EXPECT_EQ(watchdog_interval(nullptr, nullptr, 42), std::nullopt);
  EXPECT_EQ(watchdog_interval("", nullptr, 42), std::nullopt);
  EXPECT_EQ(watchdog_interval("0", nullptr, 42), std::nullopt);
  EXPECT_EQ(watchdog_interval("30s", nullptr, 42), std::nullopt);
  EXPECT_EQ(watchdog_interval("-5", nullptr, 42), std::nullopt);
  // sd_watchdog_enabled(3): WATCHDOG_PID names the process the watchdog is for.
  EXPECT_EQ(watchdog_interval("30000000", "43", 42), std::nullopt);
  EXPECT_EQ(watchdog_interval("30000000", "x", 42), std::nullopt);
}

TEST(SystemdWatchdog, ReloadingCarriesMonotonicUsec) {
  const std::uint64_t before = monotonic_usec();
  const std::string m = reloading_message();
  ASSERT_EQ(m.rfind("RELOADING=1\nMONOTONIC_USEC=", 0), 0U) << m;
  const std::uint64_t stamped = std::stoull(m.substr(m.find('=', 12) + 1));
  EXPECT_GE(stamped, before);
  EXPECT_LE(stamped, monotonic_usec());
}

}  // namespace
}  // namespace bgp::daemon

// [log] and the command line combined: the command line wins for what it
// sets, the file fills in the rest.
#include <gtest/gtest.h>

#include "bgpd/daemon/log_config.hpp"
#include "libbgp/config/load.hpp"

namespace bgp::daemon {
namespace {

config::Log log_table(const std::string& toml) {
  return config::load_string("[bgp]\nasn = 65001\nrouter_id = \"10.0.0.1\"\n" + toml, "t.toml").log;
}

LogOptions command_line(std::string_view spec, std::optional<LogFormat> format = std::nullopt) {
  LogOptions o;
  o.format = format;
  if (!spec.empty()) o.levels = std::get<log::LevelSpec>(log::parse_level_spec(spec));
  return o;
}

spdlog::level::level_enum level(const LogSettings& s, log::Subsystem sub) { return s.levels[log::index(sub)]; }

TEST(LogConfig, WithoutLogTableOrFlagsTextAtInfo) {
  const LogSettings s = log_settings(log_table(""), LogOptions{});
  EXPECT_EQ(s.format, LogFormat::kText);
  for (const auto l : s.levels) EXPECT_EQ(l, spdlog::level::info);
}

TEST(LogConfig, LogTableAppliesLevelFormatAndSubsystems) {
  const LogSettings s =
      log_settings(log_table("[log]\nlevel = \"warn\"\nformat = \"json\"\n[log.subsystems]\nfib = \"debug\"\n"), LogOptions{});
  EXPECT_EQ(s.format, LogFormat::kJson);
  EXPECT_EQ(level(s, log::Subsystem::kFib), spdlog::level::debug);
  EXPECT_EQ(level(s, log::Subsystem::kFsm), spdlog::level::warn);
}

TEST(LogConfig, CommandLineWinsOverLogTable) {
  const auto file = log_table("[log]\nlevel = \"error\"\nformat = \"json\"\n[log.subsystems]\nfsm = \"trace\"\nrib = \"debug\"\n");
  const LogSettings s = log_settings(file, command_line("warn,fsm=info", LogFormat::kText));
  EXPECT_EQ(s.format, LogFormat::kText);
  EXPECT_EQ(level(s, log::Subsystem::kFsm), spdlog::level::info);   // --log-level fsm= over [log.subsystems] fsm
  EXPECT_EQ(level(s, log::Subsystem::kRib), spdlog::level::debug);  // [log.subsystems] rib over the bare --log-level
  EXPECT_EQ(level(s, log::Subsystem::kMain), spdlog::level::warn);  // bare --log-level over [log] level
}

}  // namespace
}  // namespace bgp::daemon

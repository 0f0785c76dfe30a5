#include <array>

#include <gtest/gtest.h>

#include "bgpd/options.hpp"

namespace bgp::daemon {
namespace {

ParsedCommandLine parse(std::vector<const char*> args) {
  // A fixed array: no heap, so GCC 12 sees no (false) null dereference.
  std::array<const char*, 32> argv{"bgpd"};
  std::size_t argc = 1;
  for (const char* a : args) argv.at(argc++) = a;
  return parse_daemon_command_line(static_cast<int>(argc), argv.data(), "9.9.9");
}

TEST(DaemonOptions, ConfigFileAndOverridesAreParsed) {
  const auto parsed = parse({"-c", "/etc/bgpd.toml", "--control-socket", "/tmp/s", "--metrics-listen", "127.0.0.1:9179",
                             "--log-format", "json", "--log-level", "debug"});
  ASSERT_TRUE(std::holds_alternative<DaemonOptions>(parsed));
  const auto& o = std::get<DaemonOptions>(parsed);
  EXPECT_EQ(o.config_path, "/etc/bgpd.toml");
  EXPECT_EQ(o.control_socket, "/tmp/s");
  EXPECT_EQ(o.metrics_listen, "127.0.0.1:9179");
  EXPECT_EQ(o.log.format, LogFormat::kJson);
  EXPECT_EQ(o.log.levels.fallback, spdlog::level::debug);
  EXPECT_FALSE(o.check_config);
}

TEST(DaemonOptions, UserIsOptional) {
  const auto without = parse({"-c", "f.toml"});
  ASSERT_TRUE(std::holds_alternative<DaemonOptions>(without));
  EXPECT_FALSE(std::get<DaemonOptions>(without).user);
  const auto with = parse({"-c", "f.toml", "--user", "bgpd"});
  ASSERT_TRUE(std::holds_alternative<DaemonOptions>(with));
  EXPECT_EQ(std::get<DaemonOptions>(with).user, "bgpd");
}

TEST(DaemonOptions, CheckConfigFlag) {
  const auto parsed = parse({"--check-config", "-c", "x.toml"});
  ASSERT_TRUE(std::holds_alternative<DaemonOptions>(parsed));
  EXPECT_TRUE(std::get<DaemonOptions>(parsed).check_config);
}

TEST(DaemonOptions, MissingConfigIsAUsageError) {
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({})));
}

TEST(DaemonOptions, LogOptionsUnsetLeaveTheConfigInCharge) {
  const auto parsed = parse({"-c", "f.toml"});
  ASSERT_TRUE(std::holds_alternative<DaemonOptions>(parsed));
  const auto& o = std::get<DaemonOptions>(parsed);
  EXPECT_FALSE(o.log.format);
  EXPECT_EQ(o.log.levels, log::LevelSpec{});
}

TEST(DaemonOptions, LogLevelTakesPerSubsystemLevels) {
  const auto parsed = parse({"-c", "f.toml", "--log-level", "info,fsm=debug,fib=trace"});
  ASSERT_TRUE(std::holds_alternative<DaemonOptions>(parsed));
  const auto& l = std::get<DaemonOptions>(parsed).log.levels;
  EXPECT_EQ(l.fallback, spdlog::level::info);
  EXPECT_EQ(l.subsystems[log::index(log::Subsystem::kFsm)], spdlog::level::debug);
  EXPECT_EQ(l.subsystems[log::index(log::Subsystem::kFib)], spdlog::level::trace);
  EXPECT_FALSE(l.subsystems[log::index(log::Subsystem::kRib)]);
}

TEST(DaemonOptions, UnknownLogSubsystemIsAUsageErrorNamingIt) {
  const auto parsed = parse({"-c", "f.toml", "--log-level", "warn,session=debug"});
  ASSERT_TRUE(std::holds_alternative<UsageError>(parsed));
  EXPECT_EQ(std::get<UsageError>(parsed).message,
            "--log-level: unknown subsystem 'session' (expected main, config, fsm, update, rib, fib, control)");
}

TEST(DaemonOptions, HelpDocumentsLogSubsystems) {
  const auto help = parse({"--help"});
  ASSERT_TRUE(std::holds_alternative<PrintAndExit>(help));
  const std::string& text = std::get<PrintAndExit>(help).text;
  EXPECT_NE(text.find("--log-level SPEC"), std::string::npos) << text;
  for (const auto name : log::kSubsystemNames) EXPECT_NE(text.find(std::string("  ") + std::string(name) + " "), std::string::npos) << name;
}

TEST(DaemonOptions, UnknownOptionAndBadLogValuesAreUsageErrors) {
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"-c", "x", "--frobnicate"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"-c", "x", "--log-format", "xml"})));
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse({"-c", "x", "--log-level", "loud"})));
}

TEST(DaemonOptions, VersionAndHelpPrintAndExit) {
  const auto version = parse({"--version"});
  ASSERT_TRUE(std::holds_alternative<PrintAndExit>(version));
  EXPECT_EQ(std::get<PrintAndExit>(version).text, "bgpd 9.9.9\n");
  const auto help = parse({"--help"});
  ASSERT_TRUE(std::holds_alternative<PrintAndExit>(help));
  EXPECT_NE(std::get<PrintAndExit>(help).text.find("--check-config"), std::string::npos);
}

}  // namespace
}  // namespace bgp::daemon

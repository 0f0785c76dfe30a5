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
  EXPECT_EQ(o.log_format, LogFormat::kJson);
  EXPECT_EQ(o.log_level, spdlog::level::debug);
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

// bgpd's log records: text lines name the subsystem as [fsm]; JSON lines are
// one object each with the fields log pipelines read (ts, level, logger, msg)
// and "subsystem".
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "bgpd/logging.hpp"
#include "libbgp/log/logger.hpp"

namespace bgp::daemon {
namespace {

class LogRecord : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = log::current_levels();
    log::Levels all{};
    all.fill(spdlog::level::trace);
    log::set_levels(all);
  }
  void TearDown() override {
    log::set_levels(saved_);
    log::set_output(std::make_shared<spdlog::sinks::ostream_sink_mt>(sink_), make_log_formatter(LogFormat::kText));
  }
  std::string capture(LogFormat format, log::Subsystem s, std::string_view message) {
    std::ostringstream out;
    log::set_output(std::make_shared<spdlog::sinks::ostream_sink_mt>(out), make_log_formatter(format));
    log::logger(s).warn("{}", message);
    return out.str();
  }
  std::ostringstream sink_;
  log::Levels saved_{};
};

TEST_F(LogRecord, JsonRecordCarriesSubsystemAndKeepsItsFields) {
  const std::string line = capture(LogFormat::kJson, log::Subsystem::kFsm, "neighbor 10.0.0.2: OpenConfirm -> Established");
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  const auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j.at("subsystem"), "fsm");
  EXPECT_EQ(j.at("logger"), "bgpd");
  EXPECT_EQ(j.at("level"), "warning");
  EXPECT_EQ(j.at("msg"), "neighbor 10.0.0.2: OpenConfirm -> Established");
  EXPECT_TRUE(j.at("ts").is_string());
  EXPECT_EQ(j.size(), 5u);
}

TEST_F(LogRecord, JsonRecordEscapesTheMessage) {
  const std::string text = "shutdown: \"maintenance\"\\ \n\t\x01";
  const auto j = nlohmann::json::parse(capture(LogFormat::kJson, log::Subsystem::kUpdate, text));
  EXPECT_EQ(j.at("msg"), text);
  EXPECT_EQ(j.at("subsystem"), "update");
}

TEST_F(LogRecord, TextRecordNamesSubsystemInBrackets) {
  const std::string line = capture(LogFormat::kText, log::Subsystem::kRib, "3 stale paths removed");
  EXPECT_NE(line.find(" [rib] 3 stale paths removed\n"), std::string::npos) << line;
  EXPECT_NE(line.find("warning"), std::string::npos) << line;
}

}  // namespace
}  // namespace bgp::daemon

// The subsystem loggers: named after their subsystem, levels set per
// subsystem, one output shared by all and replaceable.
#include <gtest/gtest.h>

#include <sstream>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/ostream_sink.h>

#include "libbgp/log/logger.hpp"

namespace bgp::log {
namespace {

class LoggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_ = current_levels();
    set_output(std::make_shared<spdlog::sinks::ostream_sink_mt>(out_), std::make_unique<spdlog::pattern_formatter>("%n %l %v"));
  }
  void TearDown() override { set_levels(saved_); }
  std::ostringstream out_;
  Levels saved_{};
};

TEST_F(LoggerTest, EachSubsystemLogsUnderItsName) {
  Levels l{};
  l.fill(spdlog::level::info);
  set_levels(l);
  fsm().info("a");
  fib().info("b");
  EXPECT_EQ(out_.str(), "fsm info a\nfib info b\n");
}

TEST_F(LoggerTest, LevelsArePerSubsystem) {
  Levels l{};
  l.fill(spdlog::level::warn);
  l[index(Subsystem::kFsm)] = spdlog::level::debug;
  set_levels(l);
  fsm().debug("state change");
  rib().debug("best path");
  update().info("received");
  rib().warn("limit");
  EXPECT_EQ(out_.str(), "fsm debug state change\nrib warning limit\n");
  EXPECT_EQ(current_levels(), l);
}

TEST_F(LoggerTest, LevelsChangeWhileRunning) {
  Levels l{};
  l.fill(spdlog::level::info);
  set_levels(l);
  update().debug("hidden");
  l[index(Subsystem::kUpdate)] = spdlog::level::debug;
  set_levels(l);
  update().debug("shown");
  EXPECT_EQ(out_.str(), "update debug shown\n");
}

}  // namespace
}  // namespace bgp::log

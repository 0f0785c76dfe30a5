// The level spec of --log-level ("warn,fsm=debug") and how the command line
// and the [log] table combine into one level per subsystem.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "libbgp/log/level_spec.hpp"

namespace bgp::log {
namespace {

using spdlog::level::debug;
using spdlog::level::err;
using spdlog::level::info;
using spdlog::level::off;
using spdlog::level::trace;
using spdlog::level::warn;

LevelSpec ok(std::string_view text) {
  auto r = parse_level_spec(text);
  if (const auto* e = std::get_if<LevelSpecError>(&r)) ADD_FAILURE() << text << ": " << e->message;
  return std::holds_alternative<LevelSpec>(r) ? std::get<LevelSpec>(r) : LevelSpec{};
}

std::string error(std::string_view text) {
  auto r = parse_level_spec(text);
  if (std::holds_alternative<LevelSpec>(r)) return "(accepted)";
  return std::get<LevelSpecError>(r).message;
}

Level of(const Levels& levels, Subsystem s) { return levels[index(s)]; }

TEST(LevelSpec, BareLevelSetsTheDefaultOnly) {
  const LevelSpec s = ok("debug");
  EXPECT_EQ(s.fallback, debug);
  for (const auto& l : s.subsystems) EXPECT_FALSE(l);
}

TEST(LevelSpec, DefaultAndSubsystemsInAnyOrder) {
  const LevelSpec s = ok("fib=trace,info,fsm=debug");
  EXPECT_EQ(s.fallback, info);
  EXPECT_EQ(s.subsystems[index(Subsystem::kFsm)], debug);
  EXPECT_EQ(s.subsystems[index(Subsystem::kFib)], trace);
  EXPECT_FALSE(s.subsystems[index(Subsystem::kRib)]);
}

TEST(LevelSpec, SubsystemsWithoutDefaultLeaveItUnset) {
  const LevelSpec s = ok("update=debug");
  EXPECT_FALSE(s.fallback);
  EXPECT_EQ(s.subsystems[index(Subsystem::kUpdate)], debug);
}

TEST(LevelSpec, SpacesAroundItemsAndLongLevelNamesAreAccepted) {
  const LevelSpec s = ok(" warning , rib = error, control=off ");
  EXPECT_EQ(s.fallback, warn);
  EXPECT_EQ(s.subsystems[index(Subsystem::kRib)], err);
  EXPECT_EQ(s.subsystems[index(Subsystem::kControl)], off);
}

TEST(LevelSpec, EverySubsystemNameParses) {
  for (const auto name : kSubsystemNames) {
    const auto s = parse_subsystem(name);
    ASSERT_TRUE(s) << name;
    EXPECT_EQ(log::name(*s), name);
  }
  EXPECT_FALSE(parse_subsystem("bgp"));
}

TEST(LevelSpec, UnknownSubsystemIsAnErrorListingTheNames) {
  EXPECT_EQ(error("info,fsmm=debug"), "unknown subsystem 'fsmm' (expected main, config, fsm, update, rib, fib, control)");
}

TEST(LevelSpec, MalformedSpecsAreErrors) {
  EXPECT_EQ(error("loud"), "unknown level 'loud' (expected trace, debug, info, warn, error, critical, off)");
  EXPECT_EQ(error("fsm=loud"), "unknown level 'loud' (expected trace, debug, info, warn, error, critical, off)");
  EXPECT_EQ(error("fsm="), "unknown level '' (expected trace, debug, info, warn, error, critical, off)");
  EXPECT_EQ(error(""), "empty level (expected LEVEL[,SUBSYSTEM=LEVEL...])");
  EXPECT_EQ(error("info,"), "empty item in 'info,'");
  EXPECT_EQ(error(",info"), "empty item in ',info'");
  EXPECT_EQ(error("info,debug"), "more than one default level in 'info,debug'");
  EXPECT_EQ(error("fsm=debug,fsm=trace"), "subsystem 'fsm' given twice in 'fsm=debug,fsm=trace'");
  EXPECT_EQ(error("=debug"), "unknown subsystem '' (expected main, config, fsm, update, rib, fib, control)");
}

TEST(ResolveLevels, NothingSaidIsInfoEverywhere) {
  for (const Level l : resolve_levels({}, {})) EXPECT_EQ(l, info);
}

TEST(ResolveLevels, CommandLineDefaultWinsOverConfigDefault) {
  const Levels l = resolve_levels(ok("error"), ok("warn,fsm=debug"));
  EXPECT_EQ(of(l, Subsystem::kFsm), debug);
  EXPECT_EQ(of(l, Subsystem::kRib), warn);
  EXPECT_EQ(of(l, Subsystem::kUpdate), warn);
}

TEST(ResolveLevels, CommandLineSubsystemWinsOverConfigSubsystem) {
  const Levels l = resolve_levels(ok("info,fsm=trace,fib=debug"), ok("fsm=warn"));
  EXPECT_EQ(of(l, Subsystem::kFsm), warn);
  EXPECT_EQ(of(l, Subsystem::kFib), debug);
  EXPECT_EQ(of(l, Subsystem::kMain), info);
}

TEST(ResolveLevels, ConfigSubsystemWinsOverCommandLineDefault) {
  // More specific first: [log.subsystems] rib beats a bare --log-level.
  const Levels l = resolve_levels(ok("rib=trace"), ok("warn"));
  EXPECT_EQ(of(l, Subsystem::kRib), trace);
  EXPECT_EQ(of(l, Subsystem::kFsm), warn);
}

TEST(ResolveLevels, ConfigAloneApplies) {
  const Levels l = resolve_levels(ok("error,update=debug"), {});
  EXPECT_EQ(of(l, Subsystem::kUpdate), debug);
  EXPECT_EQ(of(l, Subsystem::kControl), err);
}

}  // namespace
}  // namespace bgp::log

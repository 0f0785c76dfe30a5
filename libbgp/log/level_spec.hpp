#pragma once
// Log levels: one default and optional per-subsystem overrides, written as
// `--log-level info,fsm=debug,fib=trace` on the command line and as
// `level` plus `[log.subsystems]` in the configuration.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <spdlog/common.h>

#include "libbgp/log/subsystem.hpp"

namespace bgp::log {

using Level = spdlog::level::level_enum;
using Levels = std::array<Level, kSubsystemCount>;  // indexed by index(Subsystem)

// trace, debug, info, warn (warning), error (err), critical, off.
std::optional<Level> parse_level(std::string_view text);
inline constexpr std::string_view kLevelList = "trace, debug, info, warn, error, critical, off";

// What one source (command line or configuration) says; unset = not said.
struct LevelSpec {
  std::optional<Level> fallback;  // the default for subsystems not named
  std::array<std::optional<Level>, kSubsystemCount> subsystems{};
  friend bool operator==(const LevelSpec&, const LevelSpec&) = default;
};
struct LevelSpecError {
  std::string message;
};

// "LEVEL", "SUBSYSTEM=LEVEL" or both, comma separated, at most one bare
// LEVEL and one setting per subsystem: "warn,fsm=debug", "fib=trace".
std::variant<LevelSpec, LevelSpecError> parse_level_spec(std::string_view text);

// The level of each subsystem: the most specific setting wins, and between
// equally specific ones the command line: `SUBSYSTEM=` on the command line,
// then [log.subsystems], then the command line's default, then [log] level,
// then info. So `--log-level debug` turns up everything the configuration
// does not name, and `--log-level fsm=trace` overrides [log.subsystems] fsm.
Levels resolve_levels(const LevelSpec& config, const LevelSpec& command_line);

}  // namespace bgp::log

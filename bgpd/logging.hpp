#pragma once
// spdlog set-up for the daemon: human-readable lines by default, JSON lines
// (one object per record, message JSON-escaped) with --log-format json. Every
// record names its subsystem (libbgp/log/subsystem.hpp): `[fsm]` in text, a
// "subsystem" field in JSON.
#include <memory>
#include <optional>
#include <string_view>

#include <spdlog/formatter.h>

#include "libbgp/log/level_spec.hpp"

namespace bgp::daemon {

enum class LogFormat { kText, kJson };

std::optional<LogFormat> parse_log_format(std::string_view text);

// text: `2026-12-04 13:45:01.123 info  [fsm] neighbor ...`
// json: {"ts":"...","level":"info","logger":"bgpd","subsystem":"fsm","msg":"neighbor ..."}
std::unique_ptr<spdlog::formatter> make_log_formatter(LogFormat format);

// What the command line says about logging; what it leaves unset comes from
// the [log] table (the command line wins, see log::resolve_levels).
struct LogOptions {
  std::optional<LogFormat> format;
  log::LevelSpec levels;
};

// Every subsystem to stderr (journald captures it) in `format` with its
// level; the main subsystem's logger becomes spdlog's default. May be called
// again (reload): levels and format change for the records that follow.
void setup_logging(LogFormat format, const log::Levels& levels);

}  // namespace bgp::daemon

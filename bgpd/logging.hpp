#pragma once
// spdlog set-up for the daemon: human-readable lines by default, JSON lines
// (one object per record, message JSON-escaped) with --log-format json.
#include <optional>
#include <string_view>

#include <spdlog/common.h>

namespace bgp::daemon {

enum class LogFormat { kText, kJson };

std::optional<LogFormat> parse_log_format(std::string_view text);
std::optional<spdlog::level::level_enum> parse_log_level(std::string_view text);

// Installs a stderr logger as spdlog's default (journald captures stderr).
void setup_logging(LogFormat format, spdlog::level::level_enum level);

}  // namespace bgp::daemon

#pragma once
// The [log] table and the command line, combined: applied at start-up and
// again on every reload, so a changed level takes effect at once.
#include "bgpd/logging.hpp"
#include "libbgp/config/config.hpp"
#include "libbgp/log/level_spec.hpp"

namespace bgp::daemon {

struct LogSettings {
  LogFormat format = LogFormat::kText;
  log::Levels levels{};
  friend bool operator==(const LogSettings&, const LogSettings&) = default;
};

// [log] as a level spec. The configuration loader has validated every name.
log::LevelSpec level_spec_of(const config::Log& file);
// The command line wins over the file for what it sets (log::resolve_levels).
LogSettings log_settings(const config::Log& file, const LogOptions& command_line);
void apply_log_config(const config::Log& file, const LogOptions& command_line);

}  // namespace bgp::daemon

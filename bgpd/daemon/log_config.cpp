#include "bgpd/daemon/log_config.hpp"

#include "libbgp/log/subsystem.hpp"

namespace bgp::daemon {

log::LevelSpec level_spec_of(const config::Log& file) {
  log::LevelSpec spec;
  spec.fallback = log::parse_level(file.level);
  for (const auto& [name, level] : file.subsystems) {
    if (const auto s = log::parse_subsystem(name)) spec.subsystems[log::index(*s)] = log::parse_level(level);
  }
  return spec;
}

LogSettings log_settings(const config::Log& file, const LogOptions& command_line) {
  LogSettings s;
  s.format = command_line.format.value_or(parse_log_format(file.format).value_or(LogFormat::kText));
  s.levels = log::resolve_levels(level_spec_of(file), command_line.levels);
  return s;
}

void apply_log_config(const config::Log& file, const LogOptions& command_line) {
  const LogSettings s = log_settings(file, command_line);
  setup_logging(s.format, s.levels);
}

}  // namespace bgp::daemon

#pragma once
// One spdlog logger per subsystem, named after it (the %n of a pattern), all
// writing to one replaceable output (stderr until set_output). Levels are per
// logger and may change while the daemon runs (reload). Call sites guard
// arguments that cost something to build (to_string) with should_log.
#include <memory>

#include <spdlog/formatter.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

#include "libbgp/log/level_spec.hpp"
#include "libbgp/log/subsystem.hpp"

namespace bgp::log {

spdlog::logger& logger(Subsystem s);
// Shorthands for call sites: log::fsm().info("neighbor {}: ...", ...).
inline spdlog::logger& main() { return logger(Subsystem::kMain); }
inline spdlog::logger& config() { return logger(Subsystem::kConfig); }
inline spdlog::logger& fsm() { return logger(Subsystem::kFsm); }
inline spdlog::logger& update() { return logger(Subsystem::kUpdate); }
inline spdlog::logger& rib() { return logger(Subsystem::kRib); }
inline spdlog::logger& fib() { return logger(Subsystem::kFib); }
inline spdlog::logger& control() { return logger(Subsystem::kControl); }
// The same logger, shared (spdlog::set_default_logger wants one).
std::shared_ptr<spdlog::logger> shared_logger(Subsystem s);

// Where every subsystem's records go from now on, formatted by `formatter`.
void set_output(spdlog::sink_ptr sink, std::unique_ptr<spdlog::formatter> formatter);
void set_levels(const Levels& levels);
Levels current_levels();

}  // namespace bgp::log

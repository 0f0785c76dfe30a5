#include "libbgp/log/logger.hpp"

#include <array>
#include <string>
#include <vector>

#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace bgp::log {
namespace {

// The loggers share a dist_sink so the output can be replaced under its
// mutex while other threads (the FIB's) log.
struct Loggers {
  std::shared_ptr<spdlog::sinks::dist_sink_mt> out = std::make_shared<spdlog::sinks::dist_sink_mt>(
      std::vector<spdlog::sink_ptr>{std::make_shared<spdlog::sinks::stderr_sink_mt>()});
  std::array<std::shared_ptr<spdlog::logger>, kSubsystemCount> by_subsystem;

  Loggers() {
    for (std::size_t i = 0; i < kSubsystemCount; ++i) {
      auto l = std::make_shared<spdlog::logger>(std::string(kSubsystemNames[i]), out);
      l->set_level(spdlog::level::info);
      l->flush_on(spdlog::level::info);
      by_subsystem[i] = std::move(l);
    }
  }
};

Loggers& loggers() {
  static Loggers l;
  return l;
}

}  // namespace

spdlog::logger& logger(Subsystem s) { return *loggers().by_subsystem[index(s)]; }

std::shared_ptr<spdlog::logger> shared_logger(Subsystem s) { return loggers().by_subsystem[index(s)]; }

void set_output(spdlog::sink_ptr sink, std::unique_ptr<spdlog::formatter> formatter) {
  sink->set_formatter(std::move(formatter));
  loggers().out->set_sinks({std::move(sink)});
}

void set_levels(const Levels& levels) {
  for (std::size_t i = 0; i < kSubsystemCount; ++i) loggers().by_subsystem[i]->set_level(levels[i]);
}

Levels current_levels() {
  Levels out{};
  for (std::size_t i = 0; i < kSubsystemCount; ++i) out[i] = loggers().by_subsystem[i]->level();
  return out;
}

}  // namespace bgp::log

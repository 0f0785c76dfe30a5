#include "libbgp/log/level_spec.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace bgp::log {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Level> parse_level(std::string_view text) {
  // spdlog::level::from_str maps unknown names to "off"; accept only real ones.
  static constexpr std::pair<std::string_view, Level> kNames[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},   {"info", spdlog::level::info},
      {"warn", spdlog::level::warn},   {"warning", spdlog::level::warn},  {"error", spdlog::level::err},
      {"err", spdlog::level::err},     {"critical", spdlog::level::critical}, {"off", spdlog::level::off}};
  for (const auto& [name, level] : kNames) {
    if (text == name) return level;
  }
  return std::nullopt;
}

std::variant<LevelSpec, LevelSpecError> parse_level_spec(std::string_view text) {
  LevelSpec spec;
  if (trim(text).empty()) return LevelSpecError{fmt::format("empty level (expected LEVEL[,SUBSYSTEM=LEVEL...])")};
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = trim(text.substr(start, comma - start));
    start = comma + 1;
    if (item.empty()) return LevelSpecError{fmt::format("empty item in '{}'", text)};
    const std::size_t eq = item.find('=');
    const std::string_view level_text = trim(eq == std::string_view::npos ? item : item.substr(eq + 1));
    const auto level = parse_level(level_text);
    if (!level) return LevelSpecError{fmt::format("unknown level '{}' (expected {})", level_text, kLevelList)};
    if (eq == std::string_view::npos) {
      if (spec.fallback) return LevelSpecError{fmt::format("more than one default level in '{}'", text)};
      spec.fallback = level;
      continue;
    }
    const std::string_view name_text = trim(item.substr(0, eq));
    const auto subsystem = parse_subsystem(name_text);
    if (!subsystem) {
      return LevelSpecError{fmt::format("unknown subsystem '{}' (expected {})", name_text, subsystem_list())};
    }
    auto& slot = spec.subsystems[index(*subsystem)];
    if (slot) return LevelSpecError{fmt::format("subsystem '{}' given twice in '{}'", name_text, text)};
    slot = level;
  }
  return spec;
}

Levels resolve_levels(const LevelSpec& config, const LevelSpec& command_line) {
  Levels out{};
  const Level fallback = command_line.fallback.value_or(config.fallback.value_or(spdlog::level::info));
  for (std::size_t i = 0; i < kSubsystemCount; ++i) {
    out[i] = command_line.subsystems[i].value_or(config.subsystems[i].value_or(fallback));
  }
  return out;
}

}  // namespace bgp::log

#include "libbgp/log/subsystem.hpp"

namespace bgp::log {

std::optional<Subsystem> parse_subsystem(std::string_view text) {
  for (std::size_t i = 0; i < kSubsystemCount; ++i) {
    if (kSubsystemNames[i] == text) return static_cast<Subsystem>(i);
  }
  return std::nullopt;
}

const std::vector<std::string>& subsystem_names() {
  static const std::vector<std::string> names(kSubsystemNames.begin(), kSubsystemNames.end());
  return names;
}

std::string subsystem_list() {
  std::string out;
  for (const auto n : kSubsystemNames) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace bgp::log

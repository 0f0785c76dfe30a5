#pragma once
// The daemon's log subsystems. Each has its own logger and level, so an
// operator turns up one part of the daemon (`fsm=debug`, as FRR's `debug bgp
// neighbor-events` or BIRD's per-protocol `debug states`) without drowning in
// the rest. Every record carries its subsystem's name.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bgp::log {

enum class Subsystem : std::uint8_t {
  kMain,     // start-up, listeners, signals, shutdown, privileges
  kConfig,   // loading and reloading the configuration
  kFsm,      // sessions: connections, state changes, OPEN, NOTIFICATION, collisions
  kUpdate,   // UPDATEs received and sent, RFC 7606 handling, End-of-RIB, ROUTE-REFRESH
  kRib,      // decision process, graceful-restart stale paths, prefix limits, next hops, policy defaults
  kFib,      // kernel routes (netlink)
  kControl,  // the control socket (bgpctl)
};
inline constexpr std::size_t kSubsystemCount = 7;

inline constexpr std::array<std::string_view, kSubsystemCount> kSubsystemNames{"main", "config", "fsm", "update",
                                                                                "rib",  "fib",    "control"};

constexpr std::size_t index(Subsystem s) { return static_cast<std::size_t>(s); }
constexpr std::string_view name(Subsystem s) { return kSubsystemNames[index(s)]; }
std::optional<Subsystem> parse_subsystem(std::string_view text);
// The names in order, for error messages and did-you-mean suggestions.
const std::vector<std::string>& subsystem_names();
std::string subsystem_list();  // "main, config, fsm, ..."

}  // namespace bgp::log

#pragma once
// bgpctl's command line:
//   bgpctl [-s PATH] show summary|neighbors [ADDR]|routes [PREFIX]|fib [--json]
//   bgpctl show mrt file FILE [--format bgpdump]       (offline, no daemon)
#include <optional>
#include <string>
#include <variant>

#include "bgpd/control_protocol.hpp"

namespace bgp::bgpctl {

enum class Command { kShowSummary, kShowNeighbors, kShowRoutes, kShowFib, kShowMrtFile };

struct Invocation {
  std::string socket_path{daemon::kDefaultControlSocket};
  bool json = false;
  Command command = Command::kShowSummary;
  std::optional<std::string> argument;  // ADDR, PREFIX or FILE (already validated)
  std::string mrt_format = "bgpdump";
};

struct Help {
  std::string text;
};
struct UsageError {
  std::string message;
};
using ParsedArgs = std::variant<Invocation, Help, UsageError>;

ParsedArgs parse_args(int argc, const char* const argv[]);

// The control request for a daemon command (not for kShowMrtFile).
daemon::Json to_request(const Invocation& invocation);

}  // namespace bgp::bgpctl

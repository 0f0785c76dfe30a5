#pragma once
// bgpctl's command line (see kUsage in bgpctl_args.cpp for the grammar).
// Daemon commands become a daemon::ControlRequest, the same type the daemon
// parses the socket request into, so both sides agree on every field.
#include <optional>
#include <string>
#include <variant>

#include "bgpd/control_protocol.hpp"
#include "bgpd/control_request.hpp"

namespace bgp::bgpctl {

struct Invocation {
  std::string socket_path{daemon::kDefaultControlSocket};
  bool json = false;
  daemon::ControlRequest request;        // daemon commands
  std::optional<std::string> mrt_file;   // set: `show mrt file FILE`, offline (no daemon)
  std::string mrt_format = "bgpdump";
  bool offline() const { return mrt_file.has_value(); }
};

struct Help {
  std::string text;
};
struct UsageError {
  std::string message;
};
using ParsedArgs = std::variant<Invocation, Help, UsageError>;

ParsedArgs parse_args(int argc, const char* const argv[]);

// The control request for a daemon command (not for an offline one).
daemon::Json to_request(const Invocation& invocation);

}  // namespace bgp::bgpctl

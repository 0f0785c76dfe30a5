#pragma once
// bgpd's command line (DESIGN.md public contract):
//   bgpd -c FILE.toml [--control-socket PATH] [--metrics-listen ADDR:PORT]
//        [--user USER] [--check-config] [--version] [--help] [--log-format text|json]
//        [--log-level LEVEL[,SUBSYSTEM=LEVEL...]]
#include <optional>
#include <string>
#include <variant>

#include "bgpd/logging.hpp"

namespace bgp::daemon {

struct DaemonOptions {
  std::string config_path;
  std::optional<std::string> control_socket;  // overrides [control] socket
  std::optional<std::string> metrics_listen;  // overrides [metrics] listen
  std::optional<std::string> user;            // run as this user (started as root)
  bool check_config = false;
  LogOptions log;  // unset parts come from [log]
};

// What the command line asks for: run (or check) with options, print text and
// exit 0 (--help, --version), or a usage error (exit 2).
struct PrintAndExit {
  std::string text;
};
struct UsageError {
  std::string message;
};
using ParsedCommandLine = std::variant<DaemonOptions, PrintAndExit, UsageError>;

ParsedCommandLine parse_daemon_command_line(int argc, const char* const argv[], std::string_view version);

}  // namespace bgp::daemon

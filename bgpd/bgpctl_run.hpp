#pragma once
// Runs one bgpctl invocation and returns its exit status. Exit codes are
// distinct per kind of failure so scripts can tell them apart.
#include <ostream>
#include <string_view>

#include "bgpd/bgpctl_args.hpp"

namespace bgp::bgpctl {

enum ExitCode : int {
  kExitOk = 0,
  kExitDaemonError = 1,       // bgpd answered with an error (e.g. unknown neighbour)
  kExitUsage = 2,             // malformed command line
  kExitNotRunning = 3,        // no control socket
  kExitRefused = 4,           // socket exists, connection refused
  kExitPermissionDenied = 5,  // not allowed to use the socket
  kExitProtocol = 6,          // timeout or malformed response
  kExitOffline = 7,           // an offline command (show mrt) failed
  kExitNotFound = 8,          // bgpd answered: no such neighbour / no route for the prefix
  kExitInternal = 9,          // bgpctl itself failed (an exception: a bug, or out of memory)
};

int run(const Invocation& invocation, std::ostream& out, std::ostream& err);

// The whole command line: parse, run, and turn every failure, including an
// exception from anywhere, into a message and an exit code. With --json an
// error is one JSON object on `out`: {"error": TEXT, "code": EXIT_CODE}.
int run_command_line(int argc, const char* const argv[], std::ostream& out, std::ostream& err);

// How an error is reported: "bgpctl: TEXT" on err, or the JSON object on out.
int report_error(bool json, std::string_view message, int code, std::ostream& out, std::ostream& err);

}  // namespace bgp::bgpctl

#pragma once
// Runs one bgpctl invocation and returns its exit status. Exit codes are
// distinct per kind of failure so scripts can tell them apart.
#include <ostream>

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
};

int run(const Invocation& invocation, std::ostream& out, std::ostream& err);

}  // namespace bgp::bgpctl

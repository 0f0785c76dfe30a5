#pragma once
// What would make `bgpd -c FILE` fail at start although FILE parses, checked
// by `--check-config` so ExecStartPre (and an operator) learns it before the
// daemon is started: the run-as user, the control socket's group, the
// metrics and BGP listen addresses (can a socket bind there?), and, as
// warnings, interface names that do not exist now.
#include <optional>
#include <string>
#include <vector>

#include "libbgp/config/config.hpp"

namespace bgp::daemon {

struct PreflightResult {
  std::vector<std::string> errors;    // bgpd would exit at start
  std::vector<std::string> warnings;  // it would start, but something will not work
};

// `user` and `metrics_listen` are the command line's overrides (--user,
// --metrics-listen); unset means the file's [daemon] user / [metrics] listen.
PreflightResult preflight(const config::Config& config, const std::optional<std::string>& user,
                          const std::optional<config::Endpoint>& metrics_listen);

}  // namespace bgp::daemon

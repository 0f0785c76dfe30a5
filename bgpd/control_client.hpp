#pragma once
// The client side of the control socket: one request, one response, with a
// timeout. Failures are classified so bgpctl can exit with a distinct code
// for "daemon not running", "connection refused" and so on.
#include <chrono>
#include <string>
#include <variant>

#include "bgpd/control_protocol.hpp"

namespace bgp::daemon {

enum class ControlFailure {
  kNotRunning,        // no socket file at the path
  kRefused,           // a socket file, but nobody accepts (stale, or daemon stopping)
  kPermissionDenied,  // the socket is 0660 and we are not in its group
  kTimeout,           // connected, no full response in time
  kProtocol,          // the response is not one JSON object line
};

struct ControlCallError {
  ControlFailure kind;
  std::string message;
};

using ControlCallResult = std::variant<Json, ControlCallError>;

ControlCallResult control_call(const std::string& socket_path, const Json& request,
                               std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace bgp::daemon

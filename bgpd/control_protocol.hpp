#pragma once
// The control-socket protocol shared by bgpd and bgpctl: a Unix stream socket
// carrying newline-delimited JSON. Each request is one JSON object on one line
// and gets exactly one response line:
//   request : {"command": "show", "what": "neighbors", "address": "10.0.0.1"}
//   response: {"ok": true, "result": ...}  or  {"ok": false, "error": "..."}
// Keeping both sides on one header means the field names cannot drift apart.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace bgp::daemon {

using Json = nlohmann::json;

inline constexpr std::string_view kDefaultControlSocket = "/run/bgpd/bgpd.sock";
// A request line larger than this is refused and the connection closed: a
// client cannot make the daemon buffer without bound.
inline constexpr std::size_t kMaxControlRequestBytes = 64 * 1024;
// A response larger than this is truncated by nobody: responses are produced
// by the daemon itself; bgpctl accepts up to this size (a full table dump).
inline constexpr std::size_t kMaxControlResponseBytes = 256 * 1024 * 1024;

inline Json control_ok(Json result) { return Json{{"ok", true}, {"result", std::move(result)}}; }
inline Json control_error(std::string message) { return Json{{"ok", false}, {"error", std::move(message)}}; }
// An error meaning "no such neighbour / route": bgpctl exits with its own code.
inline Json control_not_found(std::string message) {
  return Json{{"ok", false}, {"error", std::move(message)}, {"not_found", true}};
}

}  // namespace bgp::daemon

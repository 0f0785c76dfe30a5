#pragma once
// The typed form of a control-socket request, and its parser: a pure
// function of the request line (no sockets, no daemon state), so the daemon,
// bgpctl and the fuzz target (fuzz/fuzz_control.cpp) share one definition of
// what a valid request is. Field names (see bgpd/README.md):
//   {"command":"show","what":"summary|neighbors|routes|route|fib|anycast|bfd",
//    "address":ADDR, "prefix":PREFIX, "longer":bool, "family":"ipv4|ipv6"}
//   {"command":"neighbor","address":ADDR,"action":"clear|shutdown|enable",
//    "soft":"in|out", "message":TEXT}
//   {"command":"reload"}
// Every field is type-checked here: the handler never sees a wrong type.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "bgpd/control_protocol.hpp"
#include "libbgp/wire/address.hpp"

namespace bgp::daemon {

enum class ControlCommand {
  kShowSummary,
  kShowNeighbors,  // all, or `address`
  kShowRoutes,     // all, `prefix` exactly, or covered by it (`longer`); `family` restricts
  kShowRoute,      // longest match for `prefix` (a host prefix for an address)
  kShowFib,
  kShowAnycast,    // host routes with their next hops, RIB vs kernel
  kShowBfd,        // BFD sessions (RFC 5880)
  kNeighborClear,
  kNeighborShutdown,
  kNeighborEnable,
  kReload,
};

enum class ClearKind { kHard, kSoftIn, kSoftOut };

struct ControlRequest {
  ControlCommand command = ControlCommand::kShowSummary;
  std::optional<IpAddress> address;
  std::optional<Prefix> prefix;
  bool longer = false;
  std::optional<Family> family;
  ClearKind clear = ClearKind::kHard;
  std::string message;  // RFC 9003 shutdown communication (at most 255 octets)
  friend bool operator==(const ControlRequest&, const ControlRequest&) = default;
};

using ParsedControlRequest = std::variant<ControlRequest, std::string>;  // the request, or why it is malformed

// One request line (JSON object) -> request or error message.
ParsedControlRequest parse_control_request(std::string_view line);
// An already-parsed JSON value -> request or error message.
ParsedControlRequest control_request_from_json(const Json& request);
// The wire form (what bgpctl sends); parse_control_request(to_json(r).dump()) == r.
Json to_json(const ControlRequest& request);

std::string_view family_keyword(Family f);  // "ipv4" / "ipv6"
std::optional<Family> parse_family_keyword(std::string_view word);
// A prefix, or a bare address meaning its host route ("172.30.0.10" -> /32).
std::optional<Prefix> parse_prefix_or_address(std::string_view text);

}  // namespace bgp::daemon

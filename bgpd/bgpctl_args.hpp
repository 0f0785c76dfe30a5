#pragma once
// bgpctl's command line (see kUsage in bgpctl_args.cpp for the grammar).
// Daemon commands become a daemon::ControlRequest, the same type the daemon
// parses the socket request into, so both sides agree on every field.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
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

// Whether --json / -j is on the command line, even one parse_args rejects:
// its error is then printed as JSON too.
bool wants_json(int argc, const char* const argv[]);

// Unique-prefix abbreviation (birdc, OpenBGPD's bgpctl): `word` names the
// keyword it is a prefix of. An exact keyword wins ("route" over "routes");
// aliases (neighbor/neighbors) resolve to their canonical word. The result
// is the canonical keyword, or the error text (unknown or ambiguous, with
// the candidates).
struct Keyword {
  const char* name;
  const char* canonical;
};
// Messages read "SCOPE: unknown NOUN 'w' (all keywords)" and "SCOPE: ambiguous
// NOUN 'w' (candidates)".
std::variant<std::string, UsageError> resolve_keyword(std::string_view word, std::initializer_list<Keyword> keywords,
                                                      std::string_view scope, std::string_view noun);

// The control request for a daemon command (not for an offline one).
daemon::Json to_request(const Invocation& invocation);

}  // namespace bgp::bgpctl

#include "bgpd/control_request.hpp"

#include <fmt/format.h>

#include "libbgp/wire/notification.hpp"

namespace bgp::daemon {
namespace {

// Field accessors that never throw: a wrong type is a malformed request.
// `error` is set (and the result empty) when the field is present but wrong.
std::optional<std::string> string_field(const Json& j, const char* key, std::string& error) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    error = fmt::format("field '{}' must be a string", key);
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<bool> bool_field(const Json& j, const char* key, std::string& error) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) {
    error = fmt::format("field '{}' must be true or false", key);
    return std::nullopt;
  }
  return it->get<bool>();
}

struct Fields {
  std::optional<std::string> command, what, address, prefix, family, action, soft, message;
  std::optional<bool> longer;
};

ParsedControlRequest parse_show(const Fields& f, ControlRequest r) {
  if (!f.what) return std::string("show: missing 'what'");
  const std::string& what = *f.what;
  if (what == "summary") {
    r.command = ControlCommand::kShowSummary;
  } else if (what == "neighbors") {
    r.command = ControlCommand::kShowNeighbors;
  } else if (what == "routes") {
    r.command = ControlCommand::kShowRoutes;
    if (r.longer && !r.prefix) return std::string("show routes: 'longer' needs a prefix");
  } else if (what == "route") {
    r.command = ControlCommand::kShowRoute;
    if (!r.prefix) return std::string("show route: missing prefix or address");
  } else if (what == "fib") {
    r.command = ControlCommand::kShowFib;
  } else if (what == "anycast") {
    r.command = ControlCommand::kShowAnycast;
  } else if (what == "bfd") {
    r.command = ControlCommand::kShowBfd;
  } else {
    return fmt::format("show: unknown object '{}'", what);
  }
  if (r.prefix && r.family && (r.prefix->afi() == Afi::kIpv6) != (*r.family == kIpv6Unicast)) {
    return std::string("the prefix is not of the requested family");
  }
  return r;
}

ParsedControlRequest parse_neighbor(const Fields& f, ControlRequest r) {
  if (!r.address) return std::string("neighbor: missing 'address'");
  if (!f.action) return std::string("neighbor: missing 'action' (clear, shutdown, enable)");
  if (*f.action == "clear") {
    r.command = ControlCommand::kNeighborClear;
    if (f.soft) {
      if (*f.soft == "in") {
        r.clear = ClearKind::kSoftIn;
      } else if (*f.soft == "out") {
        r.clear = ClearKind::kSoftOut;
      } else {
        return fmt::format("neighbor clear: 'soft' must be 'in' or 'out', not '{}'", *f.soft);
      }
    }
  } else if (*f.action == "shutdown") {
    r.command = ControlCommand::kNeighborShutdown;
    // RFC 9003 §2: the Shutdown Communication is at most 255 octets of UTF-8.
    if (f.message && f.message->size() > kMaxShutdownCommunication) {
      return fmt::format("neighbor shutdown: message longer than {} octets (RFC 9003)", kMaxShutdownCommunication);
    }
    r.message = f.message.value_or("");
  } else if (*f.action == "enable") {
    r.command = ControlCommand::kNeighborEnable;
  } else {
    return fmt::format("neighbor: unknown action '{}'", *f.action);
  }
  if (f.soft && r.command != ControlCommand::kNeighborClear) return std::string("'soft' applies to clear only");
  return r;
}

}  // namespace

std::string_view family_keyword(Family f) { return f == kIpv6Unicast ? "ipv6" : "ipv4"; }

std::optional<Family> parse_family_keyword(std::string_view word) {
  if (word == "ipv4") return kIpv4Unicast;
  if (word == "ipv6") return kIpv6Unicast;
  return std::nullopt;
}

std::optional<Prefix> parse_prefix_or_address(std::string_view text) {
  if (text.find('/') != std::string_view::npos) return Prefix::parse(text);
  const auto addr = IpAddress::parse(text);
  if (!addr) return std::nullopt;
  return Prefix(*addr, address_bits(addr->afi()));
}

ParsedControlRequest control_request_from_json(const Json& j) {
  if (!j.is_object()) return std::string("malformed request: expected one JSON object per line");
  std::string error;
  Fields f;
  f.command = string_field(j, "command", error);
  f.what = string_field(j, "what", error);
  f.address = string_field(j, "address", error);
  f.prefix = string_field(j, "prefix", error);
  f.family = string_field(j, "family", error);
  f.action = string_field(j, "action", error);
  f.soft = string_field(j, "soft", error);
  f.message = string_field(j, "message", error);
  f.longer = bool_field(j, "longer", error);
  if (!error.empty()) return error;
  if (!f.command) return std::string("missing 'command'");

  ControlRequest r;
  if (f.address) {
    r.address = IpAddress::parse(*f.address);
    if (!r.address) return fmt::format("malformed address '{}'", *f.address);
  }
  if (f.prefix) {
    r.prefix = parse_prefix_or_address(*f.prefix);
    if (!r.prefix) return fmt::format("malformed prefix '{}'", *f.prefix);
  }
  if (f.family) {
    r.family = parse_family_keyword(*f.family);
    if (!r.family) return fmt::format("unknown family '{}' (ipv4, ipv6)", *f.family);
  }
  r.longer = f.longer.value_or(false);

  if (*f.command == "show") return parse_show(f, std::move(r));
  if (*f.command == "neighbor") return parse_neighbor(f, std::move(r));
  if (*f.command == "reload") {
    r.command = ControlCommand::kReload;
    return r;
  }
  return fmt::format("unknown command '{}'", *f.command);
}

ParsedControlRequest parse_control_request(std::string_view line) {
  const Json j = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::string("malformed request: expected one JSON object per line");
  return control_request_from_json(j);
}

Json to_json(const ControlRequest& r) {
  Json j = Json::object();
  auto show = [&](const char* what) {
    j["command"] = "show";
    j["what"] = what;
  };
  auto neighbor = [&](const char* action) {
    j["command"] = "neighbor";
    j["action"] = action;
  };
  switch (r.command) {
    case ControlCommand::kShowSummary: show("summary"); break;
    case ControlCommand::kShowNeighbors: show("neighbors"); break;
    case ControlCommand::kShowRoutes: show("routes"); break;
    case ControlCommand::kShowRoute: show("route"); break;
    case ControlCommand::kShowFib: show("fib"); break;
    case ControlCommand::kShowAnycast: show("anycast"); break;
    case ControlCommand::kShowBfd: show("bfd"); break;
    case ControlCommand::kNeighborClear:
      neighbor("clear");
      if (r.clear == ClearKind::kSoftIn) j["soft"] = "in";
      if (r.clear == ClearKind::kSoftOut) j["soft"] = "out";
      break;
    case ControlCommand::kNeighborShutdown:
      neighbor("shutdown");
      if (!r.message.empty()) j["message"] = r.message;
      break;
    case ControlCommand::kNeighborEnable: neighbor("enable"); break;
    case ControlCommand::kReload: j["command"] = "reload"; break;
  }
  if (r.address) j["address"] = r.address->to_string();
  if (r.prefix) j["prefix"] = r.prefix->to_string();
  if (r.longer) j["longer"] = true;
  if (r.family) j["family"] = std::string(family_keyword(*r.family));
  return j;
}

}  // namespace bgp::daemon

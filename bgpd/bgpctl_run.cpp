#include "bgpd/bgpctl_run.hpp"

#include <fmt/format.h>

#include "bgpd/bgpctl_format.hpp"
#include "bgpd/control_client.hpp"

#ifdef BGPD_HAVE_MRT
#include "libbgp/mrt/bgpdump.hpp"
#endif

namespace bgp::bgpctl {
namespace {

int exit_code_for(daemon::ControlFailure failure) {
  switch (failure) {
    case daemon::ControlFailure::kNotRunning: return kExitNotRunning;
    case daemon::ControlFailure::kRefused: return kExitRefused;
    case daemon::ControlFailure::kPermissionDenied: return kExitPermissionDenied;
    case daemon::ControlFailure::kTimeout:
    case daemon::ControlFailure::kProtocol: return kExitProtocol;
  }
  return kExitProtocol;
}

int show_mrt_file(const Invocation& inv, std::ostream& out, std::ostream& err) {
#ifdef BGPD_HAVE_MRT
  return bgp::mrt::print_bgpdump(*inv.mrt_file, out, err) == 0 ? kExitOk : kExitOffline;
#else
  (void)inv;
  (void)out;
  err << "bgpctl: show mrt: this build has no MRT reader (libbgp/mrt)\n";
  return kExitOffline;
#endif
}

std::string render(const Invocation& inv, const daemon::Json& result) {
  using daemon::ControlCommand;
  switch (inv.request.command) {
    case ControlCommand::kShowSummary: return format_summary(result);
    case ControlCommand::kShowNeighbors: return format_neighbors(result);
    case ControlCommand::kShowRoutes: return format_routes(result);
    case ControlCommand::kShowRoute: return format_route_detail(result);
    case ControlCommand::kShowFib: return format_fib(result);
    case ControlCommand::kShowAnycast: return format_anycast(result);
    case ControlCommand::kShowBfd: return format_bfd(result);
    case ControlCommand::kNeighborClear:
    case ControlCommand::kNeighborShutdown:
    case ControlCommand::kNeighborEnable:
    case ControlCommand::kReload: return format_action(result);
  }
  return result.dump(2) + "\n";
}

}  // namespace

int report_error(bool json, std::string_view message, int code, std::ostream& out, std::ostream& err) {
  if (json) {
    // error_handler replace: a message quoting invalid UTF-8 (a file name)
    // must not make the error report itself throw.
    out << daemon::Json{{"error", std::string(message)}, {"code", code}}.dump(-1, ' ', false, daemon::Json::error_handler_t::replace) << '\n';
  } else {
    err << "bgpctl: " << message << '\n';
  }
  return code;
}

int run_command_line(int argc, const char* const argv[], std::ostream& out, std::ostream& err) {
  bool json = false;
  try {
    json = wants_json(argc, argv);
    const auto parsed = parse_args(argc, argv);
    if (const auto* help = std::get_if<Help>(&parsed)) {
      out << help->text;
      return kExitOk;
    }
    if (const auto* usage = std::get_if<UsageError>(&parsed)) return report_error(json, usage->message, kExitUsage, out, err);
    return run(std::get<Invocation>(parsed), out, err);
  } catch (const std::exception& e) {
    // Never an abort: whatever the daemon sent or the system did, the
    // operator gets a message and a documented status.
    return report_error(json, fmt::format("internal error: {}", e.what()), kExitInternal, out, err);
  } catch (...) {
    return report_error(json, "internal error: unknown exception", kExitInternal, out, err);
  }
}

int run(const Invocation& inv, std::ostream& out, std::ostream& err) {
  if (inv.offline()) return show_mrt_file(inv, out, err);

  const auto result = daemon::control_call(inv.socket_path, to_request(inv));
  if (const auto* failure = std::get_if<daemon::ControlCallError>(&result)) {
    return report_error(inv.json, failure->message, exit_code_for(failure->kind), out, err);
  }
  const auto& response = std::get<daemon::Json>(result);
  auto flag = [&](const char* key) { return response.contains(key) && response[key].is_boolean() && response[key].get<bool>(); };
  if (!flag("ok")) {
    const auto& e = response.contains("error") && response["error"].is_string() ? response["error"].get<std::string>()
                                                                                : std::string("unspecified error");
    // "not found" (an unknown neighbour, no route) is told apart from other
    // refusals so scripts can test for it (the daemon sets "not_found").
    const int code = flag("not_found") ? kExitNotFound : kExitDaemonError;
    if (inv.json) {
      // The daemon's details (a rejected reload's every error and warning) too.
      daemon::Json report{{"error", e}, {"code", code}};
      if (response.contains("details")) report["details"] = response["details"];
      out << report.dump(2, ' ', false, daemon::Json::error_handler_t::replace) << '\n';
      return code;
    }
    return report_error(false, e, code, out, err);
  }
  const daemon::Json& payload = response.contains("result") ? response["result"] : daemon::Json();
  if (inv.json) {
    out << payload.dump(2, ' ', false, daemon::Json::error_handler_t::replace) << '\n';
  } else {
    out << render(inv, payload);
  }
  return kExitOk;
}

}  // namespace bgp::bgpctl

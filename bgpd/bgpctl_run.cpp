#include "bgpd/bgpctl_run.hpp"

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

int run(const Invocation& inv, std::ostream& out, std::ostream& err) {
  if (inv.offline()) return show_mrt_file(inv, out, err);

  const auto result = daemon::control_call(inv.socket_path, to_request(inv));
  if (const auto* failure = std::get_if<daemon::ControlCallError>(&result)) {
    err << "bgpctl: " << failure->message << '\n';
    return exit_code_for(failure->kind);
  }
  const auto& response = std::get<daemon::Json>(result);
  auto flag = [&](const char* key) { return response.contains(key) && response[key].is_boolean() && response[key].get<bool>(); };
  if (!flag("ok")) {
    const auto& e = response.contains("error") && response["error"].is_string() ? response["error"].get<std::string>()
                                                                                : std::string("unspecified error");
    err << "bgpctl: " << e << '\n';
    // "not found" (an unknown neighbour, no route) is told apart from other
    // refusals so scripts can test for it (the daemon sets "not_found").
    return flag("not_found") ? kExitNotFound : kExitDaemonError;
  }
  const daemon::Json& payload = response.contains("result") ? response["result"] : daemon::Json();
  if (inv.json) {
    out << payload.dump(2) << '\n';
  } else {
    out << render(inv, payload);
  }
  return kExitOk;
}

}  // namespace bgp::bgpctl

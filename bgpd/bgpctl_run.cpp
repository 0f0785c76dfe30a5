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
  return bgp::mrt::print_bgpdump(*inv.argument, out, err) == 0 ? kExitOk : kExitOffline;
#else
  (void)inv;
  (void)out;
  err << "bgpctl: show mrt: this build has no MRT reader (libbgp/mrt)\n";
  return kExitOffline;
#endif
}

std::string render(const Invocation& inv, const daemon::Json& result) {
  switch (inv.command) {
    case Command::kShowSummary: return format_summary(result);
    case Command::kShowNeighbors: return format_neighbors(result);
    case Command::kShowRoutes: return format_routes(result);
    case Command::kShowFib: return format_generic_list(result.is_object() ? result.value("routes", daemon::Json::array()) : result);
    case Command::kShowMrtFile: break;
  }
  return result.dump(2) + "\n";
}

}  // namespace

int run(const Invocation& inv, std::ostream& out, std::ostream& err) {
  if (inv.command == Command::kShowMrtFile) return show_mrt_file(inv, out, err);

  const auto result = daemon::control_call(inv.socket_path, to_request(inv));
  if (const auto* failure = std::get_if<daemon::ControlCallError>(&result)) {
    err << "bgpctl: " << failure->message << '\n';
    return exit_code_for(failure->kind);
  }
  const auto& response = std::get<daemon::Json>(result);
  if (!response.value("ok", false)) {
    err << "bgpctl: " << response.value("error", std::string("unspecified error")) << '\n';
    return kExitDaemonError;
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

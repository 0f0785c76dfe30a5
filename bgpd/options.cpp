#include "bgpd/options.hpp"

#include <sstream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

namespace bgp::daemon {

namespace po = boost::program_options;

ParsedCommandLine parse_daemon_command_line(int argc, const char* const argv[], std::string_view version) {
  po::options_description desc("Usage: bgpd -c FILE.toml [options]\n\nOptions");
  std::string log_format;
  std::string log_level;
  std::string config_path;
  std::string control_socket;
  std::string metrics_listen;
  std::string user;
  // clang-format off
  desc.add_options()
    ("help,h", "print this help and exit")
    ("version,V", "print the version and exit")
    ("config,c", po::value<std::string>(&config_path)->value_name("FILE"), "configuration file (TOML)")
    ("check-config", "validate the configuration and exit (non-zero on error)")
    ("control-socket", po::value<std::string>(&control_socket)->value_name("PATH"), "control socket path (overrides [control] socket)")
    ("metrics-listen", po::value<std::string>(&metrics_listen)->value_name("ADDR:PORT"), "Prometheus /metrics listen address (overrides [metrics] listen)")
    ("user", po::value<std::string>(&user)->value_name("USER"), "started as root: switch to USER, keeping only CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, CAP_NET_RAW")
    ("log-format", po::value<std::string>(&log_format)->value_name("text|json"), "log record format (overrides [log] format; default text)")
    ("log-level", po::value<std::string>(&log_level)->value_name("SPEC"),
     "LEVEL[,SUBSYSTEM=LEVEL...], e.g. warn,fsm=debug; combined with [log] as below (default info)");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    return UsageError{e.what()};
  }
  if (vm.count("help")) {
    std::ostringstream out;
    out << desc << fmt::format(R"(
Logging (to stderr):
  levels      {}
  subsystems  main     start-up, listeners, signals, shutdown
              config   loading and reloading the configuration
              fsm      sessions: connections, state changes, OPEN, NOTIFICATION
              update   UPDATEs received and sent, RFC 7606 errors, End-of-RIB
              rib      best paths, graceful-restart stale paths, prefix limits
              fib      kernel routes (netlink)
              control  the control socket (bgpctl)
  A subsystem's level is, most specific first: --log-level SUBSYSTEM=LEVEL,
  [log.subsystems] SUBSYSTEM, the default of --log-level, [log] level, info.
  A reload (SIGHUP, bgpctl reload) applies a changed [log] table at once.
  Text records read "TIME LEVEL [SUBSYSTEM] MESSAGE"; JSON records are one
  object per line: {{"ts", "level", "logger": "bgpd", "subsystem", "msg"}}.
)",
                               log::kLevelList);
    return PrintAndExit{out.str()};
  }
  if (vm.count("version")) return PrintAndExit{fmt::format("bgpd {}\n", version)};

  DaemonOptions options;
  if (!vm.count("config")) return UsageError{"missing -c FILE.toml"};
  options.config_path = config_path;
  if (vm.count("control-socket")) options.control_socket = control_socket;
  if (vm.count("metrics-listen")) options.metrics_listen = metrics_listen;
  if (vm.count("user")) options.user = user;
  options.check_config = vm.count("check-config") > 0;
  if (vm.count("log-format")) {
    options.log.format = parse_log_format(log_format);
    if (!options.log.format) return UsageError{fmt::format("--log-format: expected text or json, got '{}'", log_format)};
  }
  if (vm.count("log-level")) {
    auto spec = log::parse_level_spec(log_level);
    if (const auto* error = std::get_if<log::LevelSpecError>(&spec)) return UsageError{"--log-level: " + error->message};
    options.log.levels = std::get<log::LevelSpec>(spec);
  }
  return options;
}

}  // namespace bgp::daemon

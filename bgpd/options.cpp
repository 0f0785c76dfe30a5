#include "bgpd/options.hpp"

#include <sstream>

#include <boost/program_options.hpp>
#include <fmt/format.h>

namespace bgp::daemon {

namespace po = boost::program_options;

ParsedCommandLine parse_daemon_command_line(int argc, const char* const argv[], std::string_view version) {
  po::options_description desc("Usage: bgpd -c FILE.toml [options]\n\nOptions");
  std::string log_format = "text";
  std::string log_level = "info";
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
    ("log-format", po::value<std::string>(&log_format)->value_name("text|json"), "log record format (default text)")
    ("log-level", po::value<std::string>(&log_level)->value_name("LEVEL"), "trace, debug, info, warn, error, critical, off (default info)");
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
    out << desc;
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
  const auto format = parse_log_format(log_format);
  if (!format) return UsageError{fmt::format("--log-format: expected text or json, got '{}'", log_format)};
  options.log_format = *format;
  const auto level = parse_log_level(log_level);
  if (!level) return UsageError{fmt::format("--log-level: unknown level '{}'", log_level)};
  options.log_level = *level;
  return options;
}

}  // namespace bgp::daemon

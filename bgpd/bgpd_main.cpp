// bgpd: the BGP-4 daemon. Parses the command line, loads and validates the
// configuration (errors name file:line:column), then runs the session loop.
#include <iostream>

#include <boost/asio/io_context.hpp>

#include "bgpd/build_info.hpp"
#include "bgpd/daemon/daemon.hpp"
#include "bgpd/daemon/log_config.hpp"
#include "bgpd/daemon/preflight.hpp"
#include "bgpd/logging.hpp"
#include "bgpd/options.hpp"
#include "bgpd/privileges.hpp"
#include "libbgp/config/load.hpp"
#include "libbgp/config/warnings.hpp"
#include "libbgp/log/logger.hpp"

int main(int argc, char* argv[]) {
  using namespace bgp::daemon;
  // --version names the source commit too (bgpd/build_info.hpp).
  const std::string version_text = std::string(bgp::build::kVersion) + " (commit " + bgp::build::kCommit + ")";
  const auto parsed = parse_daemon_command_line(argc, argv, version_text);
  if (const auto* print = std::get_if<PrintAndExit>(&parsed)) {
    std::cout << print->text;
    return 0;
  }
  if (const auto* usage = std::get_if<UsageError>(&parsed)) {
    std::cerr << "bgpd: " << usage->message << " (see bgpd --help)\n";
    return 2;
  }
  const auto& options = std::get<DaemonOptions>(parsed);
  // The command line alone until the configuration is read, then both.
  setup_logging(options.log.format.value_or(LogFormat::kText),
                bgp::log::resolve_levels(bgp::log::LevelSpec{}, options.log.levels));
  std::optional<bgp::config::Endpoint> metrics_listen;
  if (options.metrics_listen) {
    metrics_listen = bgp::config::parse_endpoint(*options.metrics_listen);
    if (!metrics_listen) {
      std::cerr << "bgpd: --metrics-listen must be ADDRESS:PORT such as 127.0.0.1:9179 or [::1]:9179, not '"
                << *options.metrics_listen << "' (see bgpd --help)\n";
      return 2;
    }
  }

  bgp::config::Config config;
  try {
    config = bgp::config::load_file(options.config_path);
  } catch (const bgp::config::ConfigError& e) {
    for (const std::string& error : e.all()) std::cerr << "error: " << error << '\n';
    if (options.check_config) std::cerr << options.config_path << ": " << e.all().size() << " error(s), configuration rejected\n";
    return 1;
  }
  apply_log_config(config.log, options.log);
  if (options.check_config) {
    // Everything bgpd would refuse at start, and everything that would run
    // but exchange nothing, before systemd starts it (ExecStartPre).
    const PreflightResult pre = preflight(config, options.user, metrics_listen);
    std::vector<std::string> warnings = bgp::config::warnings(config);
    warnings.insert(warnings.end(), pre.warnings.begin(), pre.warnings.end());
    for (const std::string& error : pre.errors) std::cerr << "error: " << error << '\n';
    for (const std::string& warning : warnings) std::cerr << "warning: " << warning << '\n';
    if (!pre.errors.empty()) {
      std::cerr << options.config_path << ": " << pre.errors.size() << " error(s): bgpd would not start\n";
      return 1;
    }
    std::cout << options.config_path << ": configuration OK (" << config.neighbors.size() << " neighbors, "
              << config.listen_ranges.size() << " listen ranges, " << warnings.size() << " warnings)\n";
    return 0;
  }
  // --user wins over [daemon] user.
  const std::string user = options.user.value_or(config.daemon.user);
  if (!user.empty()) {
    // Before any socket or thread: the kept capabilities bind port 179 and
    // program routes; nothing else of root's survives (bgpd/privileges.hpp).
    try {
      const UserIds ids = lookup_user(user);
      prepare_socket_directory(options.control_socket.value_or(config.control.socket), ids);
      drop_privileges(ids);
      bgp::log::main().info("running as user {} (uid {}, gid {}) with {}", ids.name, ids.uid, ids.gid, kept_capabilities_text());
    } catch (const std::exception& e) {
      bgp::log::main().critical("bgpd: {}", e.what());
      return 1;
    }
  }

  try {
    boost::asio::io_context io;
    Daemon daemon(io, DaemonSettings{options.config_path, options.control_socket, options.log, metrics_listen, BGPD_VERSION},
                  std::move(config));
    daemon.start();
    io.run();
  } catch (const std::exception& e) {
    bgp::log::main().critical("bgpd: {}", e.what());
    return 1;
  }
  bgp::log::main().info("bgpd stopped");
  return 0;
}

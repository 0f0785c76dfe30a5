// bgpd: the BGP-4 daemon. Parses the command line, loads and validates the
// configuration (errors name file:line:column), then runs the session loop.
#include <iostream>

#include <boost/asio/io_context.hpp>
#include <spdlog/spdlog.h>

#include "bgpd/daemon/daemon.hpp"
#include "bgpd/logging.hpp"
#include "bgpd/options.hpp"
#include "bgpd/privileges.hpp"
#include "libbgp/config/load.hpp"

int main(int argc, char* argv[]) {
  using namespace bgp::daemon;
  const auto parsed = parse_daemon_command_line(argc, argv, BGPD_VERSION);
  if (const auto* print = std::get_if<PrintAndExit>(&parsed)) {
    std::cout << print->text;
    return 0;
  }
  if (const auto* usage = std::get_if<UsageError>(&parsed)) {
    std::cerr << "bgpd: " << usage->message << " (see bgpd --help)\n";
    return 2;
  }
  const auto& options = std::get<DaemonOptions>(parsed);
  setup_logging(options.log_format, options.log_level);

  bgp::config::Config config;
  try {
    config = bgp::config::load_file(options.config_path);
  } catch (const bgp::config::ConfigError& e) {
    std::cerr << e.what() << '\n';
    return 1;
  }
  if (options.check_config) {
    std::cout << options.config_path << ": configuration OK (" << config.neighbors.size() << " neighbors, "
              << config.listen_ranges.size() << " listen ranges)\n";
    return 0;
  }
  if (options.metrics_listen) spdlog::warn("--metrics-listen: the metrics endpoint is not part of this build yet");

  // --user wins over [daemon] user.
  const std::string user = options.user.value_or(config.daemon.user);
  if (!user.empty()) {
    // Before any socket or thread: the kept capabilities bind port 179 and
    // program routes; nothing else of root's survives (bgpd/privileges.hpp).
    try {
      const UserIds ids = lookup_user(user);
      prepare_socket_directory(options.control_socket.value_or(config.control.socket), ids);
      drop_privileges(ids);
      spdlog::info("running as user {} (uid {}, gid {}) with {}", ids.name, ids.uid, ids.gid, kept_capabilities_text());
    } catch (const std::exception& e) {
      spdlog::critical("bgpd: {}", e.what());
      return 1;
    }
  }

  try {
    boost::asio::io_context io;
    Daemon daemon(io, DaemonSettings{options.config_path, options.control_socket}, std::move(config));
    daemon.start();
    io.run();
  } catch (const std::exception& e) {
    spdlog::critical("bgpd: {}", e.what());
    return 1;
  }
  spdlog::info("bgpd stopped");
  return 0;
}

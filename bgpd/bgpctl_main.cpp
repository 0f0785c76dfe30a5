// bgpctl: the operator's client for bgpd's control socket.
#include <iostream>

#include "bgpd/bgpctl_args.hpp"
#include "bgpd/bgpctl_run.hpp"

int main(int argc, char* argv[]) {
  const auto parsed = bgp::bgpctl::parse_args(argc, argv);
  if (const auto* help = std::get_if<bgp::bgpctl::Help>(&parsed)) {
    std::cout << help->text;
    return bgp::bgpctl::kExitOk;
  }
  if (const auto* usage = std::get_if<bgp::bgpctl::UsageError>(&parsed)) {
    std::cerr << "bgpctl: " << usage->message << '\n';
    return bgp::bgpctl::kExitUsage;
  }
  return bgp::bgpctl::run(std::get<bgp::bgpctl::Invocation>(parsed), std::cout, std::cerr);
}

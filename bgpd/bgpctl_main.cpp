// bgpctl: the operator's client for bgpd's control socket.
#include <iostream>

#include "bgpd/bgpctl_run.hpp"

int main(int argc, char* argv[]) { return bgp::bgpctl::run_command_line(argc, argv, std::cout, std::cerr); }

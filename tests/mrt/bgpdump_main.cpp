// mrt_bgpdump FILE: `bgpdump -m FILE` through libbgp/mrt, for manual
// comparison and timing (bgpctl show mrt file is the user-facing command).
#include <cstdio>
#include <iostream>

#include "libbgp/mrt/bgpdump.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: mrt_bgpdump FILE\n";
    return 2;
  }
  std::ios::sync_with_stdio(false);
  return bgp::mrt::print_bgpdump(argv[1], std::cout, std::cerr);
}

#pragma once
// `bgpctl show fib [--json]`: a FibSnapshot as JSON (for scripts) or as an
// aligned text table (for people). Kept here so the daemon and bgpctl share
// one rendering of what the kernel has next to what the RIB wants.
#include <nlohmann/json.hpp>
#include <string>

#include "libbgp/fib/fib_sink.hpp"

namespace bgp::fib {

// [{"prefix", "state", "stale", "differs", "nexthop_id",
//   "wanted": [{"gateway","ifindex","weight"}...], "kernel": [...]}, ...]
nlohmann::json snapshot_to_json(const FibSnapshot& snapshot);
std::string snapshot_to_text(const FibSnapshot& snapshot);

}  // namespace bgp::fib

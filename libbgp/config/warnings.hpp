#pragma once
// Non-fatal findings about a valid Config, for bgpd to log at start-up and on
// reload (and for --check-config to print). Each is "file:line:col: text".
#include <string>
#include <vector>

#include "libbgp/config/config.hpp"

namespace bgp::config {

// - RFC 8212: an eBGP neighbor (or listen range) without an import or export
//   policy while ebgp_requires_policy is true accepts/announces nothing.
// - a [[neighbor]] inside a [[listen_range]]: the static neighbor wins.
// - an import/export policy with no accepting term: it rejects every route.
// - a neighbor with shutdown = true: no session at all.
std::vector<std::string> warnings(const Config& config);

}  // namespace bgp::config

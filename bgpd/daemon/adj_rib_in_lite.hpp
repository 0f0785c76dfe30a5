#pragma once
// A per-neighbour record of what the peer announced, kept until libbgp/rib
// takes over: prefix (and ADD-PATH id) -> next hop, AS path, and whether the
// route would be accepted (RFC 7606 action, AS-path loop, RFC 8212). It makes
// the counts of `bgpctl show neighbors` real. The Rib replaces it later; the
// seam is Peer::on_update.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "libbgp/wire/update.hpp"

namespace bgp::daemon {

struct ImportRules {
  std::uint32_t local_as = 0;
  // RFC 8212 §3: an eBGP session with no import policy accepts nothing.
  bool import_allowed = true;
  // Anything a peer can make grow has a limit: 0 = none.
  std::size_t max_routes = 0;
};

struct RouteSummary {
  std::optional<IpAddress> next_hop;
  std::string as_path;  // "65101 65200 {1 2}"
  bool accepted = false;
};

struct ApplyResult {
  std::size_t announced = 0;
  std::size_t withdrawn = 0;
  std::optional<Family> end_of_rib;
  bool limit_exceeded = false;  // more routes than ImportRules::max_routes
};

class AdjRibInLite {
 public:
  using Key = std::pair<Prefix, std::uint32_t>;  // prefix, ADD-PATH path id

  // `update` has an action below kAfiSafiDisable (worse ones reset the session).
  ApplyResult apply(const DecodedUpdate& update, const ImportRules& rules);
  void clear();

  std::size_t received() const { return routes_.size(); }
  std::size_t accepted() const { return accepted_; }
  const std::map<Key, RouteSummary>& routes() const { return routes_; }

 private:
  void erase(const Key& key);
  void insert(const Key& key, RouteSummary route);

  std::map<Key, RouteSummary> routes_;
  std::size_t accepted_ = 0;
};

// "65101 {65200 65201}" — AS_SETs in braces, confederation segments in ( ) / [ ].
std::string format_as_path(const MergedAsPath& path);

}  // namespace bgp::daemon

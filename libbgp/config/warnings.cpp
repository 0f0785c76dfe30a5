#include "libbgp/config/warnings.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "libbgp/config/effective.hpp"

namespace bgp::config {
namespace {

void rfc8212(std::vector<std::string>& out, const Config& c, const EffectiveNeighbor& e, const SourcePos& pos,
             const std::string& who) {
  if (!c.bgp.ebgp_requires_policy || !e.remote_as.is_ebgp(c.bgp.asn)) return;
  std::string missing;
  if (e.import_policy.empty()) missing = "import";
  if (e.export_policy.empty()) missing += missing.empty() ? "export" : " or export";
  if (missing.empty()) return;
  out.push_back(pos.to_string() + ": " + who + " is eBGP without an " + missing +
                " policy: by RFC 8212 nothing is " +
                (e.import_policy.empty() && e.export_policy.empty() ? "accepted from or announced to it"
                 : e.import_policy.empty()                          ? "accepted from it"
                                                                    : "announced to it") +
                " (set import/export, or ebgp_requires_policy = false in [bgp])");
}

// A policy that no term accepts rejects every route (policy.hpp: as an FRR
// route-map denies at its end), so the direction using it carries nothing.
bool accepts_nothing(const Policy& p) {
  return std::none_of(p.terms.begin(), p.terms.end(), [](const PolicyTerm& t) { return t.action == PolicyAction::kAccept; });
}

void policy_uses(std::vector<std::string>& out, const Config& c, const EffectiveNeighbor& e, const SourcePos& pos,
                 const std::string& who) {
  for (const auto& [name, direction] : {std::pair{e.import_policy, "import"}, std::pair{e.export_policy, "export"}}) {
    if (name.empty()) continue;
    // A named copy: clang 14 does not let a lambda capture a structured binding (C++20 P1091 came later).
    const std::string& wanted = name;
    const auto it = std::find_if(c.policies.begin(), c.policies.end(), [&](const Policy& p) { return p.name == wanted; });
    if (it == c.policies.end() || !accepts_nothing(*it)) continue;
    out.push_back(pos.to_string() + ": " + who + ": " + direction + " policy '" + name +
                  "' has no term that accepts, so it rejects every route: nothing is " +
                  (std::string_view(direction) == "import" ? "accepted from" : "announced to") + " it");
  }
}

}  // namespace

std::vector<std::string> warnings(const Config& config) {
  std::vector<std::string> out;
  for (const Neighbor& n : config.neighbors) {
    const EffectiveNeighbor e = effective(config, n);
    const std::string who = "neighbor " + n.address.to_string();
    rfc8212(out, config, e, n.pos, who);
    policy_uses(out, config, e, n.pos, who);
    if (e.shutdown) out.push_back(n.pos.to_string() + ": " + who + " is shut down (shutdown = true): no session is started");
    if (const ListenRange* r = config.find_listen_range(n.address)) {
      out.push_back(n.pos.to_string() + ": neighbor " + n.address.to_string() + " is inside listen_range " +
                    r->prefix.to_string() + "; its own settings apply, not the range's");
    }
  }
  for (const ListenRange& r : config.listen_ranges) {
    const EffectiveNeighbor e = effective(config, r, r.prefix.address());
    rfc8212(out, config, e, r.pos, "listen_range " + r.prefix.to_string());
    policy_uses(out, config, e, r.pos, "listen_range " + r.prefix.to_string());
  }
  return out;
}

}  // namespace bgp::config

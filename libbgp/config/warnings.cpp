#include "libbgp/config/warnings.hpp"

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

}  // namespace

std::vector<std::string> warnings(const Config& config) {
  std::vector<std::string> out;
  for (const Neighbor& n : config.neighbors) {
    rfc8212(out, config, effective(config, n), n.pos, "neighbor " + n.address.to_string());
    if (const ListenRange* r = config.find_listen_range(n.address)) {
      out.push_back(n.pos.to_string() + ": neighbor " + n.address.to_string() + " is inside listen_range " +
                    r->prefix.to_string() + "; its own settings apply, not the range's");
    }
  }
  for (const ListenRange& r : config.listen_ranges) {
    rfc8212(out, config, effective(config, r, r.prefix.address()), r.pos, "listen_range " + r.prefix.to_string());
  }
  return out;
}

}  // namespace bgp::config

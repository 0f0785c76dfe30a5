#include "libbgp/rib/decision.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace bgp::rib {
namespace {

bool is_ebgp(const PeerInfo& p) { return !p.ibgp && !p.local; }

// RFC 4271 §9.1.2.2 (c) / FRR: MED is compared between two paths when they
// come from the same neighbouring AS, when both AS paths are empty (routes
// from our own AS), or always with med_always_compare. `group` returns a key
// equal for comparable paths.
struct MedGroup {
  int kind = 0;  // 0 always-compare, 1 empty path, 2 neighbour AS, 3 not comparable (leading AS_SET)
  std::uint32_t asn = 0;
  std::size_t unique = 0;
  friend auto operator<=>(const MedGroup&, const MedGroup&) = default;
};
MedGroup med_group(const Candidate& c, const DecisionOptions& opts, std::size_t unique) {
  if (opts.med_always_compare) return {0, 0, 0};
  if (as_path_length(c.attrs->as_path) == 0) return {1, 0, 0};
  if (auto n = neighbor_as(c.attrs->as_path)) return {2, *n, 0};
  return {3, 0, unique};
}

template <class T>
int cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Keeps the candidates whose key is minimal.
template <class KeyFn>
void keep_min(std::vector<std::size_t>& alive, KeyFn key) {
  if (alive.size() < 2) return;
  auto best = key(alive.front());
  for (std::size_t i : alive) best = std::min(best, key(i));
  std::erase_if(alive, [&](std::size_t i) { return best < key(i); });
}

}  // namespace

std::string_view decision_step_name(DecisionStep s) {
  switch (s) {
    case DecisionStep::kWeight: return "weight";
    case DecisionStep::kLocalPref: return "local-pref";
    case DecisionStep::kLocalOrigin: return "locally originated";
    case DecisionStep::kAsPathLength: return "as-path length";
    case DecisionStep::kOrigin: return "origin";
    case DecisionStep::kMed: return "med";
    case DecisionStep::kEbgpOverIbgp: return "ebgp over ibgp";
    case DecisionStep::kRouterId: return "router-id";
    case DecisionStep::kClusterListLength: return "cluster-list length";
    case DecisionStep::kPeerAddress: return "peer address";
    case DecisionStep::kEqual: return "equal";
  }
  return "unknown";
}

std::uint32_t effective_local_pref(const PathAttributes& a) { return a.local_pref.value_or(kDefaultLocalPref); }

std::uint32_t effective_med(const PathAttributes& a, const DecisionOptions& opts) {
  if (a.med) return *a.med;
  return opts.med_missing_as_worst ? std::numeric_limits<std::uint32_t>::max() : 0;
}

IpAddress effective_router_id(const Candidate& c) {
  return c.attrs->originator_id ? *c.attrs->originator_id : c.peer->router_id;
}

Comparison compare(const Candidate& a, const Candidate& b, const DecisionOptions& opts) {
  const PathAttributes& x = *a.attrs;
  const PathAttributes& y = *b.attrs;
  auto decided = [](int o, DecisionStep s) { return Comparison{o, s}; };
  if (int o = cmp(b.peer->weight, a.peer->weight)) return decided(o, DecisionStep::kWeight);
  if (int o = cmp(effective_local_pref(y), effective_local_pref(x))) return decided(o, DecisionStep::kLocalPref);
  if (int o = cmp(b.peer->local, a.peer->local)) return decided(o, DecisionStep::kLocalOrigin);
  if (int o = cmp(as_path_length(x.as_path), as_path_length(y.as_path))) return decided(o, DecisionStep::kAsPathLength);
  if (int o = cmp(static_cast<int>(x.origin), static_cast<int>(y.origin))) return decided(o, DecisionStep::kOrigin);
  if (med_group(a, opts, 0) == med_group(b, opts, 1)) {
    if (int o = cmp(effective_med(x, opts), effective_med(y, opts))) return decided(o, DecisionStep::kMed);
  }
  if (int o = cmp(is_ebgp(*b.peer), is_ebgp(*a.peer))) return decided(o, DecisionStep::kEbgpOverIbgp);
  if (int o = cmp(effective_router_id(a), effective_router_id(b))) return decided(o, DecisionStep::kRouterId);
  if (int o = cmp(x.cluster_list.size(), y.cluster_list.size())) return decided(o, DecisionStep::kClusterListLength);
  if (int o = cmp(a.peer->address, b.peer->address)) return decided(o, DecisionStep::kPeerAddress);
  return {0, DecisionStep::kEqual};
}

Selection select(std::span<const Candidate> c, const DecisionOptions& opts, Family family) {
  Selection sel;
  if (c.empty()) return sel;
  std::vector<std::size_t> alive(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) alive[i] = i;

  keep_min(alive, [&](std::size_t i) { return ~c[i].peer->weight; });
  keep_min(alive, [&](std::size_t i) { return ~effective_local_pref(*c[i].attrs); });
  keep_min(alive, [&](std::size_t i) { return !c[i].peer->local; });
  keep_min(alive, [&](std::size_t i) { return as_path_length(c[i].attrs->as_path); });
  keep_min(alive, [&](std::size_t i) { return static_cast<int>(c[i].attrs->origin); });
  // MED: within each group of comparable paths keep the lowest (RFC 4271 §9.1.2.2 (c)).
  if (alive.size() > 1) {
    std::map<MedGroup, std::uint32_t> lowest;
    for (std::size_t i : alive) {
      const MedGroup g = med_group(c[i], opts, i);
      const std::uint32_t m = effective_med(*c[i].attrs, opts);
      auto [it, fresh] = lowest.emplace(g, m);
      if (!fresh) it->second = std::min(it->second, m);
    }
    std::erase_if(alive, [&](std::size_t i) { return effective_med(*c[i].attrs, opts) > lowest[med_group(c[i], opts, i)]; });
  }
  keep_min(alive, [&](std::size_t i) { return !is_ebgp(*c[i].peer); });
  // Step 8 (IGP metric) is equal for every path: no IGP. The survivors tie
  // through the steps that make paths multipath-equal.

  auto final_key = [&](std::size_t i) {
    return std::tuple(effective_router_id(c[i]), c[i].attrs->cluster_list.size(), c[i].peer->address, i);
  };
  std::sort(alive.begin(), alive.end(), [&](std::size_t a, std::size_t b) { return final_key(a) < final_key(b); });
  const std::size_t best = alive.front();
  sel.best = best;
  sel.multipath.push_back(best);

  // FRR bgp_path_info_cmp step "maximum path check": with multipath-relax any
  // path tied so far merges; otherwise iBGP paths need an identical AS path
  // and eBGP paths the same neighbour AS as the best.
  const MultipathConfig& mp = opts.multipath(family);
  const bool best_ebgp = is_ebgp(*c[best].peer);
  const std::uint32_t limit = best_ebgp ? mp.maximum_paths : mp.maximum_paths_ibgp;
  if (c[best].peer->local) return sel;  // locally originated routes are not load-shared
  for (std::size_t k = 1; k < alive.size() && sel.multipath.size() < limit; ++k) {
    const std::size_t i = alive[k];
    bool equal = false;
    if (mp.multipath_relax) {
      equal = true;
    } else if (!best_ebgp) {
      equal = c[i].attrs->as_path == c[best].attrs->as_path;
    } else {
      equal = c[i].peer->asn == c[best].peer->asn;
    }
    if (equal) sel.multipath.push_back(i);
  }
  return sel;
}

}  // namespace bgp::rib

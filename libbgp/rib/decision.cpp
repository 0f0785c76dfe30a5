#include "libbgp/rib/decision.hpp"

#include <algorithm>
#include <compare>
#include <limits>
#include <map>
#include <memory>

namespace bgp::rib {
namespace {

bool is_ebgp(const PeerInfo& p) { return !p.ibgp && !p.local; }

// RFC 4271 §9.1.2.2 (c) / FRR: MED is compared between two paths when they
// come from the same neighbouring AS, when both AS paths are empty (routes
// from our own AS), or always with med_always_compare. `group` returns a key
// equal for comparable paths.
struct MedGroup {
  // No member initialisers: select() keeps an uninitialised stack array of Keys.
  int kind;  // 0 always-compare, 1 empty path, 2 neighbour AS, 3 not comparable (leading AS_SET)
  std::uint32_t asn;
  std::size_t unique;
  friend auto operator<=>(const MedGroup&, const MedGroup&) = default;
};
MedGroup med_group(const Candidate& c, const DecisionOptions& opts, std::size_t unique) {
  if (opts.med_always_compare) return {0, 0, 0};
  if (as_path_length(c.attrs->as_path) == 0) return {1, 0, 0};
  if (auto n = neighbor_as(c.attrs->as_path)) return {2, *n, 0};
  return {3, 0, unique};
}

// One three-way comparison (for addresses: one memcmp, not two).
template <class T>
int cmp(const T& a, const T& b) {
  const auto o = a <=> b;
  return o < 0 ? -1 : (o > 0 ? 1 : 0);
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
  select(c, opts, family, sel);
  return sel;
}

namespace {

// What the elimination compares, computed once per candidate (the AS path
// walks especially) rather than once per step and comparison.
// Trivially constructible: the stack array in select() costs nothing until filled.
struct Keys {
  std::uint32_t weight;
  std::uint32_t local_pref;
  std::uint32_t path_length;
  std::uint32_t med;
  MedGroup group;
  const IpAddress* router_id;
  int origin;
  bool local;
  bool ebgp;
};

// Keeps the candidates in alive[0..n) whose key is minimal; returns the new n.
template <class KeyFn>
std::size_t keep_min(std::uint32_t* alive, std::size_t n, KeyFn key) {
  if (n < 2) return n;
  auto best = key(alive[0]);
  for (std::size_t k = 1; k < n; ++k) best = std::min(best, key(alive[k]));
  std::size_t out = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (!(best < key(alive[k]))) alive[out++] = alive[k];
  }
  return out;
}

// Candidate sets up to this size are handled in stack buffers (no allocation).
constexpr std::size_t kInline = 16;

}  // namespace

void select(std::span<const Candidate> c, const DecisionOptions& opts, Family family, Selection& sel) {
  sel.best.reset();
  sel.multipath.clear();
  if (c.empty()) return;
  const std::size_t count = c.size();
  Keys inline_keys[kInline];
  std::uint32_t inline_alive[kInline];
  std::unique_ptr<Keys[]> heap_keys;
  std::unique_ptr<std::uint32_t[]> heap_alive;
  Keys* keys = inline_keys;
  std::uint32_t* alive = inline_alive;
  if (count > kInline) {
    heap_keys = std::make_unique<Keys[]>(count);
    heap_alive = std::make_unique<std::uint32_t[]>(count);
    keys = heap_keys.get();
    alive = heap_alive.get();
  }
  for (std::size_t i = 0; i < count; ++i) {
    const PathAttributes& a = *c[i].attrs;
    Keys& k = keys[i];
    k.weight = c[i].peer->weight;
    k.local_pref = effective_local_pref(a);
    k.local = c[i].peer->local;
    k.path_length = as_path_length(a.as_path);
    k.origin = static_cast<int>(a.origin);
    k.med = effective_med(a, opts);
    if (opts.med_always_compare) {
      k.group = {0, 0, 0};
    } else if (k.path_length == 0) {
      k.group = {1, 0, 0};
    } else if (auto n = neighbor_as(a.as_path)) {
      k.group = {2, *n, 0};
    } else {
      k.group = {3, 0, i};
    }
    k.ebgp = is_ebgp(*c[i].peer);
    k.router_id = a.originator_id ? &*a.originator_id : &c[i].peer->router_id;
    alive[i] = static_cast<std::uint32_t>(i);
  }

  std::size_t n = count;
  n = keep_min(alive, n, [&](std::uint32_t i) { return ~keys[i].weight; });
  n = keep_min(alive, n, [&](std::uint32_t i) { return ~keys[i].local_pref; });
  n = keep_min(alive, n, [&](std::uint32_t i) { return !keys[i].local; });
  n = keep_min(alive, n, [&](std::uint32_t i) { return keys[i].path_length; });
  n = keep_min(alive, n, [&](std::uint32_t i) { return keys[i].origin; });
  // MED: within each group of comparable paths keep the lowest (RFC 4271 §9.1.2.2 (c)).
  if (n > 1) {
    std::size_t out = 0;
    if (n <= kInline) {
      for (std::size_t x = 0; x < n; ++x) {
        const Keys& kx = keys[alive[x]];
        bool beaten = false;
        for (std::size_t y = 0; y < n && !beaten; ++y) {
          const Keys& ky = keys[alive[y]];
          beaten = ky.med < kx.med && ky.group == kx.group;
        }
        if (!beaten) alive[out++] = alive[x];
      }
    } else {
      std::map<MedGroup, std::uint32_t> lowest;
      for (std::size_t x = 0; x < n; ++x) {
        auto [it, fresh] = lowest.emplace(keys[alive[x]].group, keys[alive[x]].med);
        if (!fresh) it->second = std::min(it->second, keys[alive[x]].med);
      }
      for (std::size_t x = 0; x < n; ++x) {
        if (keys[alive[x]].med <= lowest[keys[alive[x]].group]) alive[out++] = alive[x];
      }
    }
    n = out;
  }
  n = keep_min(alive, n, [&](std::uint32_t i) { return !keys[i].ebgp; });
  // Step 8 (IGP metric) is equal for every path: no IGP. The survivors tie
  // through the steps that make paths multipath-equal.

  auto final_less = [&](std::uint32_t a, std::uint32_t b) {
    if (int o = cmp(*keys[a].router_id, *keys[b].router_id)) return o < 0;
    if (int o = cmp(c[a].attrs->cluster_list.size(), c[b].attrs->cluster_list.size())) return o < 0;
    if (int o = cmp(c[a].peer->address, c[b].peer->address)) return o < 0;
    return a < b;
  };
  if (n == 2) {
    if (final_less(alive[1], alive[0])) std::swap(alive[0], alive[1]);
  } else if (n > 2) {
    std::sort(alive, alive + n, final_less);
  }
  const std::size_t best = alive[0];
  sel.best = best;
  sel.multipath.push_back(best);

  // FRR bgp_path_info_cmp step "maximum path check": with multipath-relax any
  // path tied so far merges; otherwise iBGP paths need an identical AS path
  // and eBGP paths the same neighbour AS as the best.
  const MultipathConfig& mp = opts.multipath(family);
  const bool best_ebgp = keys[best].ebgp;
  const std::uint32_t limit = best_ebgp ? mp.maximum_paths : mp.maximum_paths_ibgp;
  if (c[best].peer->local) return;  // locally originated routes are not load-shared
  for (std::size_t k = 1; k < n && sel.multipath.size() < limit; ++k) {
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
}

}  // namespace bgp::rib

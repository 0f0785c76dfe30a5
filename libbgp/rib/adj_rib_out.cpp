#include "libbgp/rib/adj_rib_out.hpp"

#include <algorithm>
#include <unordered_map>

namespace bgp::rib {

std::size_t OutBatch::size() const {
  std::size_t n = withdrawn.size();
  for (const auto& g : announced) n += g.nlri.size();
  return n;
}

bool exportable(const PathAttributes& in, PeerId from_id, const PeerInfo& from, const ExportSettings& to) {
  if (from_id == to.peer && from_id != kLocalPeer) return false;
  if (from.ibgp && !to.ebgp) return false;  // RFC 4271 §9.2 split horizon (no route reflection)
  if (in.has_community(kNoAdvertise)) return false;
  if (to.ebgp && (in.has_community(kNoExport) || in.has_community(kNoExportSubconfed))) return false;
  return true;
}

std::optional<PathAttributes> export_attributes(const PathAttributes& in, PeerId from_id, const PeerInfo& from,
                                                const Prefix& prefix, const ExportSettings& to) {
  if (!exportable(in, from_id, from, to)) return std::nullopt;
  PathAttributes out = in;
  const IpAddress& self = prefix.afi() == Afi::kIpv6 ? to.self_v6 : to.self_v4;
  if (to.ebgp) {
    as_path_prepend(out.as_path, to.local_as);
    out.next_hop = self;
    out.next_hop_link_local.reset();
    out.local_pref.reset();
    if (!from.local) out.med.reset();
    out.originator_id.reset();
    out.cluster_list.clear();
  } else {
    out.local_pref = effective_local_pref(in);
    if (to.next_hop_self || from.local || out.next_hop.is_unspecified()) {
      out.next_hop = self;
      out.next_hop_link_local.reset();
    }
  }
  return out;
}

AdjRibOut::AdjRibOut(const Rib& rib, AttrStore& store, ExportSettings settings)
    : rib_(rib), store_(store), settings_(std::move(settings)), rejects_all_(settings_.policy.rejects_everything()) {}

void AdjRibOut::set_settings(const ExportSettings& s) {
  settings_ = s;
  rejects_all_ = settings_.policy.rejects_everything();
  memo_ = {};  // built under the previous settings
}

AttrRef AdjRibOut::export_path(const Prefix& prefix, Family family, const SelectedPath& s) {
  const PeerInfo& from = rib_.peer(s.peer);
  if (!exportable(*s.attrs, s.peer, from, settings_)) return {};
  // Filter first (as BIRD does): the policy decides on the Loc-RIB
  // attributes as the peer would see them (our AS prepended towards eBGP)
  // before anything is built; only accepted routes, and routes whose policy
  // rewrites them, pay for the exported set and its interning.
  const std::optional<std::uint32_t> prepend = settings_.ebgp ? std::optional(settings_.local_as) : std::nullopt;
  const std::optional<policy::Verdict> early =
      settings_.policy.decide_unchanged(prefix, policy::PendingPrepend{*s.attrs, prepend}, family);
  if (early && *early != policy::Verdict::kAccept) return {};
  // The exported set depends only on the source set, the family (our next
  // hop) and whether the route is ours; the prefixes of one UPDATE share
  // their set, so most routes reuse the previous route's.
  if (!(memo_.source == s.attrs && memo_.family == family && memo_.local == from.local)) {
    auto attrs = export_attributes(*s.attrs, s.peer, from, prefix, settings_);
    if (!attrs) return {};
    auto interned = store_.intern(std::move(*attrs));
    if (!interned.ok()) return {};  // attribute limit: not advertised (the daemon sees the limit on import too)
    memo_ = ExportMemo{s.attrs, family, from.local, std::move(interned.ref)};
  }
  if (early) return memo_.exported;  // accepted unchanged: what evaluate() would return
  const IpAddress& self = family == kIpv6Unicast ? settings_.self_v6 : settings_.self_v4;
  const policy::Context ctx{family, settings_.local_as, self};
  policy::Result r = settings_.policy.evaluate(prefix, memo_.exported, store_, ctx);
  if (!r.accepted()) return {};
  return std::move(r.attrs);
}

void AdjRibOut::update_prefix(const Prefix& prefix, std::span<const SelectedPath> selected) {
  // A session whose policy rejects everything has nothing here unless its
  // policy just changed (refresh() then withdraws what is left).
  if (rejects_all_) {
    if (advertised_.empty() && pending_.empty()) return;
    selected = {};
  }
  // Desired state for this prefix (reused buffer: no allocation per prefix).
  want_.clear();
  const Family family = prefix.afi() == Afi::kIpv6 ? kIpv6Unicast : kIpv4Unicast;
  const bool add_path = settings_.add_path(family);
  const std::size_t n = add_path ? selected.size() : std::min<std::size_t>(1, selected.size());
  for (std::size_t i = 0; i < n; ++i) {
    const SelectedPath& s = selected[i];
    AttrRef attrs = export_path(prefix, family, s);
    if (!attrs) continue;
    // One stable id per source peer (RFC 7911 §3: unique per prefix on the session).
    const std::uint32_t path_id = add_path ? static_cast<std::uint32_t>(s.peer) + 1 : 0;
    want_.emplace_back(path_id, std::move(attrs));
  }
  if (want_.empty() && advertised_.empty() && pending_.empty()) return;
  // Diff against what is advertised (or already pending) for the prefix:
  // one search per map, since a prefix's entries are adjacent (OutKey
  // orders by prefix, then path id) and insertion keeps iterators valid.
  const OutKey first{prefix, 0};
  adv_.clear();
  for (auto it = advertised_.lower_bound(first); it != advertised_.end() && it->first.prefix == prefix; ++it) {
    adv_.emplace_back(it->first.path_id, it);
  }
  pend_.clear();
  auto after = pending_.lower_bound(first);
  for (; after != pending_.end() && after->first.prefix == prefix; ++after) pend_.emplace_back(after->first.path_id, after);
  auto find = [](const auto& entries, std::uint32_t id, OutMap::iterator none) {
    for (const auto& [eid, it] : entries) {
      if (eid == id) return it;
    }
    return none;
  };
  auto settle = [&](std::uint32_t id, const AttrRef& v) {
    const auto a = find(adv_, id, advertised_.end());
    const bool same_as_advertised = a != advertised_.end() ? (v == a->second) : !v;
    auto slot = std::find_if(pend_.begin(), pend_.end(), [&](const auto& e) { return e.first == id; });
    if (same_as_advertised) {
      if (slot != pend_.end() && slot->second != pending_.end()) {
        pending_.erase(slot->second);  // a flap inside one batch cancels out
        slot->second = pending_.end();
      }
    } else if (slot != pend_.end() && slot->second != pending_.end()) {
      slot->second->second = v;
    } else {
      const auto it = pending_.emplace_hint(after, OutKey{prefix, id}, v);
      if (slot != pend_.end()) slot->second = it;
    }
  };
  auto wanted = [&](std::uint32_t id) {
    return std::any_of(want_.begin(), want_.end(), [&](const auto& w) { return w.first == id; });
  };
  const AttrRef nothing;
  for (const auto& [id, attrs] : want_) {
    const auto p = find(pend_, id, pending_.end());
    const auto a = find(adv_, id, advertised_.end());
    const AttrRef& cur = p != pending_.end() ? p->second : a != advertised_.end() ? a->second : nothing;
    if (!(cur == attrs)) settle(id, attrs);
  }
  // Withdraw path ids no longer wanted, each once (it may be advertised and pending).
  for (const auto& [id, it] : adv_) {
    if (!wanted(id)) settle(id, nothing);
  }
  for (const auto& [id, it] : pend_) {
    if (!wanted(id) && find(adv_, id, advertised_.end()) == advertised_.end()) settle(id, nothing);
  }
  want_.clear();  // drop the references now, not at the next prefix
}

void AdjRibOut::refresh() {
  std::vector<Prefix> gone;
  if (rejects_all_) {
    // Nothing is wanted: withdraw what is advertised, drop what is pending.
    for (const auto& [k, v] : advertised_) gone.push_back(k.prefix);
    for (const auto& [k, v] : pending_) gone.push_back(k.prefix);
    for (const Prefix& p : gone) update_prefix(p, {});
    return;
  }
  // Recompute every prefix of the Loc-RIB against what is advertised (the
  // full walk a policy change on reload needs) ...
  std::vector<SelectedPath> selected;
  for (Family f : {kIpv4Unicast, kIpv6Unicast}) {
    rib_.walk(f, [&](const Prefix& prefix, std::span<const Path> paths) {
      // Best first, then the multipath set in table order. Appending only
      // (no insert at the front, which shifted every element) is also what
      // keeps GCC 12 at -O3 from seeing a possibly-null element in
      // vector::insert's move path (-Wnull-dereference).
      selected.clear();
      for (const Path& p : paths) {
        if (p.has(path_flag::kBest)) selected.push_back(SelectedPath{p.peer, store_.ref(p.attr)});
      }
      for (const Path& p : paths) {
        if (!p.has(path_flag::kBest) && p.has(path_flag::kMultipath)) {
          selected.push_back(SelectedPath{p.peer, store_.ref(p.attr)});
        }
      }
      update_prefix(prefix, selected);
    });
  }
  selected.clear();
  // ... withdraw what is advertised but gone from the Loc-RIB ...
  for (const auto& [k, v] : advertised_) {
    const auto ps = rib_.paths(k.prefix);
    if (std::none_of(ps.begin(), ps.end(), [](const Path& p) { return p.has(path_flag::kBest); })) gone.push_back(k.prefix);
  }
  for (const Prefix& p : gone) update_prefix(p, {});
  // ... and send the unchanged rest again (ROUTE-REFRESH, RFC 2918 §4).
  for (const auto& [k, v] : advertised_) {
    if (!pending_.contains(k)) pending_.emplace(k, v);
  }
}

OutBatch AdjRibOut::drain(std::size_t max_routes) {
  OutBatch batch;
  std::unordered_map<std::uint32_t, std::size_t> group_of;  // attribute set -> group
  std::size_t taken = 0;
  // Pending keys come in ascending order, so their places in advertised_
  // do too: `at` is past every key handled so far, and is the place of the
  // next one unless a larger advertised key lies before it (then search).
  // A table sent to a new session thus costs no tree search per route.
  auto at = advertised_.begin();
  auto place = [&](const OutKey& k) {
    if (at != advertised_.end() && at->first < k) at = advertised_.lower_bound(k);
    return at;
  };
  auto it = pending_.begin();
  for (; it != pending_.end() && taken < max_routes; ++it, ++taken) {
    const auto& [k, v] = *it;
    const auto a = place(k);
    const bool known = a != advertised_.end() && a->first == k;
    if (!v) {
      batch.withdrawn.push_back(k);
      if (known) at = advertised_.erase(a);
      continue;
    }
    if (known) {
      a->second = v;
      at = std::next(a);
    } else {
      at = std::next(advertised_.emplace_hint(a, k, v));
    }
    auto [g, fresh] = group_of.try_emplace(v.index(), batch.announced.size());
    if (fresh) batch.announced.push_back(OutBatch::Group{v, {}, {}});
    batch.announced[g->second].nlri.push_back(k);
    batch.announced[g->second].replaces.push_back(known);
  }
  pending_.erase(pending_.begin(), it);
  return batch;
}

std::vector<OutKey> AdjRibOut::not_sent(const OutBatch::Group& group, Family family) {
  std::vector<OutKey> withdraw;
  for (std::size_t i = 0; i < group.nlri.size(); ++i) {
    const OutKey& k = group.nlri[i];
    if ((k.prefix.afi() == Afi::kIpv6 ? kIpv6Unicast : kIpv4Unicast) != family) continue;
    // drain() recorded the new version as advertised; only a newer change
    // queued since then (none on the session thread) would differ from it.
    if (const auto it = advertised_.find(k); it != advertised_.end() && it->second == group.attrs) advertised_.erase(it);
    if (i < group.replaces.size() && group.replaces[i]) withdraw.push_back(k);
  }
  return withdraw;
}

void AdjRibOut::clear() {
  advertised_.clear();
  pending_.clear();
  memo_ = {};
}

}  // namespace bgp::rib

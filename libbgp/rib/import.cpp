#include "libbgp/rib/import.hpp"

#include <algorithm>

namespace bgp::rib {

std::string_view import_status_name(ImportStatus s) {
  switch (s) {
    case ImportStatus::kAccepted: return "accepted";
    case ImportStatus::kFiltered: return "filtered by import policy";
    case ImportStatus::kNoPolicy: return "no import policy (RFC 8212)";
    case ImportStatus::kLoop: return "loop detected";
    case ImportStatus::kAttrLimit: return "attribute set limit exceeded";
  }
  return "unknown";
}

InternResult network_route_attributes(AttrStore& store) {
  PathAttributes a;
  a.origin = Origin::kIgp;
  return store.intern(std::move(a));
}

PeerImporter::PeerImporter(Rib& rib, PeerId peer, ImportSettings settings)
    : rib_(rib), peer_(peer), settings_(std::move(settings)) {}

PeerImporter::~PeerImporter() = default;

ImportStatus PeerImporter::classify(const PathAttributes& a) const {
  if (as_path_contains(a.as_path, settings_.local_as)) return ImportStatus::kLoop;  // RFC 4271 §9.1.2
  if (!settings_.ebgp) {
    // RFC 4456 §8: a reflected route that carries our own id came back to us.
    if (a.originator_id && *a.originator_id == settings_.router_id) return ImportStatus::kLoop;
    if (settings_.cluster_id &&
        std::find(a.cluster_list.begin(), a.cluster_list.end(), *settings_.cluster_id) != a.cluster_list.end()) {
      return ImportStatus::kLoop;
    }
  }
  return ImportStatus::kAccepted;
}

ImportResult PeerImporter::announce(std::span<const Prefix> prefixes, const PathAttributes& received) {
  ImportResult result;
  if (prefixes.empty()) return result;
  const ImportStatus pre = classify(received);
  InternResult interned;
  if (settings_.ebgp && received.local_pref) {
    PathAttributes copy = received;
    copy.local_pref.reset();  // RFC 4271 §5.1.5: not meaningful across ASes
    interned = rib_.attr_store().intern(std::move(copy));
  } else {
    interned = rib_.attr_store().intern(received);
  }
  if (!interned.ok()) {
    withdraw(prefixes);
    result.status = ImportStatus::kAttrLimit;
    return result;
  }
  for (const Prefix& p : prefixes) {
    const ImportResult r = import_one(p, interned.ref, pre);
    result.status = r.status;  // the same attributes: one status for the UPDATE
    result.max_prefix = std::max(result.max_prefix, r.max_prefix);
  }
  return result;
}

ImportResult PeerImporter::import_one(const Prefix& prefix, const AttrRef& pre_policy, ImportStatus pre_status) {
  ImportResult r;
  const Family family = prefix.afi() == Afi::kIpv6 ? kIpv6Unicast : kIpv4Unicast;
  if (pre_status != ImportStatus::kAccepted) {
    // Treat as withdraw (RFC 4271 §9.1.2, RFC 7606 §2).
    pre_policy_.erase(prefix);
    rib_.withdraw(peer_, prefix);
    r.status = pre_status;
    return r;
  }
  if (settings_.soft_reconfiguration) pre_policy_.insert_or_assign(prefix, pre_policy);
  const policy::Context ctx{family, settings_.local_as, settings_.local_address};
  const policy::Result pr = settings_.policy.evaluate(prefix, pre_policy, rib_.attr_store(), ctx);
  switch (pr.verdict) {
    case policy::Verdict::kAccept:
      rib_.announce(peer_, prefix, pr.attrs);
      r.max_prefix = check_max_prefix(family);
      return r;
    case policy::Verdict::kReject: r.status = ImportStatus::kFiltered; break;
    case policy::Verdict::kNoPolicy: r.status = ImportStatus::kNoPolicy; break;
    case policy::Verdict::kAttrLimit: r.status = ImportStatus::kAttrLimit; break;
  }
  ++filtered_total_;
  rib_.withdraw(peer_, prefix);  // an earlier accepted version no longer stands
  r.max_prefix = check_max_prefix(family);
  return r;
}

void PeerImporter::withdraw(std::span<const Prefix> prefixes) {
  // Without soft reconfiguration the map is empty: skip a tree call per prefix.
  if (!pre_policy_.empty()) {
    for (const Prefix& p : prefixes) pre_policy_.erase(p);
  }
  rib_.withdraw(peer_, prefixes);
  for (Family f : {kIpv4Unicast, kIpv6Unicast}) check_max_prefix(f);  // re-arms the warning
}

MaxPrefixEvent PeerImporter::check_max_prefix(Family f) {
  if (!settings_.max_prefixes || settings_.max_prefixes->limit == 0) return MaxPrefixEvent::kNone;
  const std::size_t limit = settings_.max_prefixes->limit;
  const std::size_t count = accepted(f);
  const std::size_t i = f == kIpv6Unicast ? 1 : 0;
  if (count > limit) return MaxPrefixEvent::kExceeded;
  const bool above = count * 100 >= limit * settings_.max_prefixes->warning_percent;
  if (above && !warned_[i]) {
    warned_[i] = true;
    return MaxPrefixEvent::kWarning;
  }
  if (!above) warned_[i] = false;
  return MaxPrefixEvent::kNone;
}

bool PeerImporter::soft_reset(const ImportSettings& settings) {
  const bool had_copy = settings_.soft_reconfiguration;
  settings_ = settings;
  if (!had_copy) return false;
  // Copy first: import_one updates pre_policy_ while we walk it.
  const std::vector<std::pair<Prefix, AttrRef>> routes(pre_policy_.begin(), pre_policy_.end());
  for (const auto& [prefix, attrs] : routes) import_one(prefix, attrs, classify(*attrs));
  return true;
}

void PeerImporter::clear() { pre_policy_.clear(); }

std::size_t PeerImporter::received(Family f) const {
  if (!settings_.soft_reconfiguration) return accepted(f);
  return static_cast<std::size_t>(std::count_if(pre_policy_.begin(), pre_policy_.end(), [&](const auto& e) {
    return (e.first.afi() == Afi::kIpv6) == (f == kIpv6Unicast);
  }));
}

}  // namespace bgp::rib

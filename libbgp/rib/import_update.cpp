#include "libbgp/rib/import_update.hpp"

#include <vector>

namespace bgp::rib {
namespace {

ImportStatus worse(ImportStatus a, ImportStatus b) {
  // Accepted < filtered/no-policy/loop < attribute limit (the one that needs action).
  auto rank = [](ImportStatus s) {
    switch (s) {
      case ImportStatus::kAccepted: return 0;
      case ImportStatus::kFiltered: return 1;
      case ImportStatus::kNoPolicy: return 2;
      case ImportStatus::kLoop: return 3;
      case ImportStatus::kAttrLimit: return 4;
    }
    return 0;
  };
  return rank(b) > rank(a) ? b : a;
}

void collect(const NlriRange& range, std::vector<Prefix>& out) {
  out.clear();
  for (const NlriEntry& e : range) out.push_back(e.prefix);
}

}  // namespace

PathAttributes attributes_from_update(const DecodedUpdate& u) {
  PathAttributes a;
  a.origin = u.origin.value_or(Origin::kIncomplete);
  a.as_path = as_path_from_wire(u.as_path());
  a.med = u.med;
  a.local_pref = u.local_pref;
  a.atomic_aggregate = u.atomic_aggregate;
  a.aggregator = u.aggregator;
  for (std::size_t i = 0; i < u.communities.size(); ++i) a.communities.push_back(u.communities[i]);
  for (std::size_t i = 0; i < u.extended_communities.size(); ++i) a.ext_communities.push_back(u.extended_communities[i]);
  for (std::size_t i = 0; i < u.large_communities.size(); ++i) a.large_communities.push_back(u.large_communities[i]);
  a.originator_id = u.originator_id;
  for (std::size_t i = 0; i < u.cluster_list.size(); ++i) a.cluster_list.push_back(u.cluster_list[i]);
  if (u.has_unknown_transitive()) {
    // RFC 7606 §3 (g): of an attribute that appears more than once only the
    // first occurrence counts (the decoder reported attribute-discard for
    // the rest, which the session counts). attributes() walks the raw field,
    // repeats included, so they are skipped here: stored once, passed on once.
    AttrTypeSet kept;
    for (const RawAttribute& raw : u.attributes()) {
      if (!DecodedUpdate::is_unknown_transitive(raw) || kept.contains(raw.type)) continue;
      kept.insert(raw.type);
      a.unknown.push_back(UnknownAttribute{raw.flags, raw.type, std::vector<std::byte>(raw.value.begin(), raw.value.end())});
    }
  }
  return a;
}

UpdateImport import_update(PeerImporter& importer, const DecodedUpdate& u) {
  UpdateImport out;
  if (u.action == ErrorAction::kSessionReset || u.action == ErrorAction::kAfiSafiDisable) {
    out.ignored = true;
    return out;
  }
  out.end_of_rib = u.end_of_rib();
  std::vector<Prefix> prefixes;
  auto withdraw = [&](const NlriRange& r) {
    collect(r, prefixes);
    importer.withdraw(prefixes);
    out.withdrawn += prefixes.size();
  };
  // The RIB holds unicast routes only; other SAFIs (multicast) are not imported.
  const bool mp_reach = u.mp_reach && u.mp_reach->family.safi == Safi::kUnicast;
  const bool mp_unreach = u.mp_unreach && u.mp_unreach->family.safi == Safi::kUnicast;
  withdraw(u.withdrawn);
  if (mp_unreach) withdraw(u.mp_unreach->withdrawn);
  if (!u.has_announcements()) return out;

  if (u.action == ErrorAction::kTreatAsWithdraw) {  // RFC 7606 §2
    withdraw(u.nlri);
    if (mp_reach) withdraw(u.mp_reach->nlri);
    return out;
  }
  PathAttributes attrs = attributes_from_update(u);
  auto announce = [&](const NlriRange& r) {
    collect(r, prefixes);
    if (prefixes.empty()) return;
    const ImportResult res = importer.announce(prefixes, attrs);
    out.announced += prefixes.size();
    out.result.status = worse(out.result.status, res.status);
    out.result.max_prefix = std::max(out.result.max_prefix, res.max_prefix);
  };
  if (!u.nlri.empty()) {
    attrs.next_hop = u.next_hop.value_or(IpAddress());
    attrs.next_hop_link_local.reset();
    announce(u.nlri);
  }
  if (mp_reach && !u.mp_reach->nlri.empty()) {
    attrs.next_hop = u.mp_reach->next_hop;
    attrs.next_hop_link_local = u.mp_reach->link_local;
    announce(u.mp_reach->nlri);
  }
  return out;
}

}  // namespace bgp::rib

#include "bgpd/daemon/adj_rib_in_lite.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace bgp::daemon {

std::string format_as_path(const MergedAsPath& path) {
  std::string out;
  for (const AsSegment& seg : path) {
    if (!out.empty()) out += ' ';
    const char* open = "";
    const char* close = "";
    switch (seg.type()) {
      case AsSegmentType::kSequence: break;
      case AsSegmentType::kSet: open = "{", close = "}"; break;
      case AsSegmentType::kConfedSequence: open = "(", close = ")"; break;
      case AsSegmentType::kConfedSet: open = "[", close = "]"; break;
    }
    out += open;
    bool first = true;
    for (const std::uint32_t asn : seg) {
      if (!first) out += ' ';
      out += std::to_string(asn);
      first = false;
    }
    out += close;
  }
  return out;
}

void AdjRibInLite::erase(const Key& key) {
  const auto it = routes_.find(key);
  if (it == routes_.end()) return;
  if (it->second.accepted) --accepted_;
  routes_.erase(it);
}

void AdjRibInLite::insert(const Key& key, RouteSummary route) {
  erase(key);
  if (route.accepted) ++accepted_;
  routes_.emplace(key, std::move(route));
}

void AdjRibInLite::clear() {
  routes_.clear();
  accepted_ = 0;
}

ApplyResult AdjRibInLite::apply(const DecodedUpdate& u, const ImportRules& rules) {
  ApplyResult result;
  result.end_of_rib = u.end_of_rib();
  if (result.end_of_rib) return result;

  // Withdrawals first (RFC 4271 §9: an UPDATE may withdraw and re-announce).
  for (const NlriEntry& e : u.withdrawn) {
    erase({e.prefix, e.path_id});
    ++result.withdrawn;
  }
  if (u.mp_unreach) {
    for (const NlriEntry& e : u.mp_unreach->withdrawn) {
      erase({e.prefix, e.path_id});
      ++result.withdrawn;
    }
  }

  // RFC 7606 §2 treat-as-withdraw: every prefix the UPDATE announces is withdrawn.
  const bool treat_as_withdraw = u.action == ErrorAction::kTreatAsWithdraw;
  const MergedAsPath as_path = u.as_path();
  bool loop = false;
  for (const AsSegment& seg : as_path) {
    // RFC 4271 §9.1.2: a route whose AS_PATH contains our AS is not used.
    if (std::find(seg.begin(), seg.end(), rules.local_as) != seg.end()) loop = true;
  }
  const std::string path_text = treat_as_withdraw ? std::string() : format_as_path(as_path);
  auto announce = [&](const NlriEntry& e, const std::optional<IpAddress>& next_hop) {
    const Key key{e.prefix, e.path_id};
    if (treat_as_withdraw) {
      erase(key);
      ++result.withdrawn;
      return;
    }
    if (rules.max_routes > 0 && !routes_.contains(key) && routes_.size() >= rules.max_routes) {
      result.limit_exceeded = true;
      return;
    }
    insert(key, RouteSummary{next_hop, path_text, !loop && rules.import_allowed});
    ++result.announced;
  };
  for (const NlriEntry& e : u.nlri) announce(e, u.next_hop);
  if (u.mp_reach) {
    for (const NlriEntry& e : u.mp_reach->nlri) announce(e, u.mp_reach->next_hop);
  }
  return result;
}

}  // namespace bgp::daemon

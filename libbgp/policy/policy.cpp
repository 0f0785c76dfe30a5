#include "libbgp/policy/policy.hpp"

#include <algorithm>

namespace bgp::policy {
namespace {

bool same(const config::LargeCommunity& c, const LargeCommunity& w) {
  return c.global == w.global && c.local1 == w.local1 && c.local2 == w.local2;
}

}  // namespace

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kAccept: return "accept";
    case Verdict::kReject: return "reject";
    case Verdict::kNoPolicy: return "no policy (RFC 8212)";
    case Verdict::kAttrLimit: return "attribute set limit";
  }
  return "unknown";
}

bool prefix_matches(const config::PrefixMatch& m, const Prefix& p) {
  if (p.afi() != m.prefix.afi() || !m.prefix.contains(p)) return false;
  const std::uint8_t lo = m.ge.value_or(m.prefix.length());
  const std::uint8_t hi = m.le.value_or(m.ge ? address_bits(m.prefix.afi()) : m.prefix.length());
  return p.length() >= lo && p.length() <= hi;
}

bool matches(const config::PolicyMatch& m, const Prefix& prefix, Family family, const rib::PathAttributes& a) {
  return matches(m, prefix, family, PendingPrepend{a, std::nullopt});
}

bool matches(const config::PolicyMatch& m, const Prefix& prefix, Family family, const PendingPrepend& pa) {
  const rib::PathAttributes& a = pa.attrs;
  if (!m.families.empty() && std::find(m.families.begin(), m.families.end(), family) == m.families.end()) return false;
  if (!m.prefixes.empty() &&
      std::none_of(m.prefixes.begin(), m.prefixes.end(), [&](const auto& pm) { return prefix_matches(pm, prefix); })) {
    return false;
  }
  if (!m.communities.empty() &&
      std::none_of(m.communities.begin(), m.communities.end(), [&](std::uint32_t c) { return a.has_community(c); })) {
    return false;
  }
  if (!m.large_communities.empty() &&
      std::none_of(m.large_communities.begin(), m.large_communities.end(), [&](const config::LargeCommunity& c) {
        return std::any_of(a.large_communities.begin(), a.large_communities.end(),
                           [&](const LargeCommunity& w) { return same(c, w); });
      })) {
    return false;
  }
  if (m.as_path_length_min || m.as_path_length_max) {
    const std::uint32_t len = rib::as_path_length(a.as_path) + (pa.prepended_as ? 1 : 0);
    if (m.as_path_length_min && len < *m.as_path_length_min) return false;
    if (m.as_path_length_max && len > *m.as_path_length_max) return false;
  }
  if (!m.as_path_contains.empty() &&
      std::none_of(m.as_path_contains.begin(), m.as_path_contains.end(), [&](std::uint32_t asn) {
        return asn == pa.prepended_as || rib::as_path_contains(a.as_path, asn);
      })) {
    return false;
  }
  return true;
}

std::optional<Verdict> decide_unchanged(const config::Policy* policy, const Prefix& prefix, const PendingPrepend& a,
                                        Family family) {
  if (policy == nullptr) return Verdict::kAccept;
  for (const config::PolicyTerm& term : policy->terms) {
    if (!matches(term.match, prefix, family, a)) continue;
    if (term.action == config::PolicyAction::kReject) return Verdict::kReject;
    // Accept or next with set actions: later conditions and the result
    // depend on the rewritten attributes.
    if (!(term.set == config::PolicySet{})) return std::nullopt;
    if (term.action == config::PolicyAction::kAccept) return Verdict::kAccept;
  }
  return Verdict::kReject;  // no term accepted
}

bool rejects_everything(const config::Policy* policy) {
  if (policy == nullptr) return false;
  for (const config::PolicyTerm& term : policy->terms) {
    if (term.action == config::PolicyAction::kAccept) return false;
    if (term.action == config::PolicyAction::kReject && term.match == config::PolicyMatch{}) return true;
  }
  return true;  // no term accepts
}

void apply(const config::PolicySet& s, rib::PathAttributes& a, const Context& ctx) {
  if (s.local_pref) a.local_pref = *s.local_pref;
  if (s.med) a.med = *s.med;
  for (std::uint32_t c : s.communities_add) {
    if (!a.has_community(c)) a.communities.push_back(c);
  }
  // Kept sorted as FRR does, so the same set of communities interns to one attribute set.
  std::sort(a.communities.begin(), a.communities.end());
  for (const auto& c : s.large_communities_add) {
    const LargeCommunity w{c.global, c.local1, c.local2};
    if (!a.has_large_community(w)) a.large_communities.push_back(w);
  }
  std::sort(a.large_communities.begin(), a.large_communities.end());
  if (s.next_hop_self) {
    a.next_hop = ctx.self;
    a.next_hop_link_local.reset();
  }
  if (s.as_path_prepend > 0) rib::as_path_prepend(a.as_path, ctx.local_as, s.as_path_prepend);
}

Result evaluate(const config::Policy* policy, const Prefix& prefix, const rib::AttrRef& attrs, rib::AttrStore& store,
                const Context& ctx) {
  Result r;
  if (policy == nullptr) {
    r.verdict = Verdict::kAccept;
    r.attrs = attrs;
    return r;
  }
  std::optional<rib::PathAttributes> work;  // copied on the first set action only
  auto current = [&]() -> const rib::PathAttributes& { return work ? *work : *attrs; };
  for (std::size_t i = 0; i < policy->terms.size(); ++i) {
    const config::PolicyTerm& term = policy->terms[i];
    if (!matches(term.match, prefix, ctx.family, current())) continue;
    if (!(term.set == config::PolicySet{})) {
      if (!work) work = *attrs;
      apply(term.set, *work, ctx);
    }
    if (term.action == config::PolicyAction::kNext) continue;
    r.term = i;
    if (term.action == config::PolicyAction::kReject) {
      r.verdict = Verdict::kReject;
      return r;
    }
    break;
  }
  if (!r.term) {
    r.verdict = Verdict::kReject;  // no term accepted
    return r;
  }
  if (!work || *work == *attrs) {
    r.verdict = Verdict::kAccept;
    r.attrs = attrs;
    return r;
  }
  auto interned = store.intern(std::move(*work));
  if (!interned.ok()) {
    r.verdict = Verdict::kAttrLimit;
    return r;
  }
  r.verdict = Verdict::kAccept;
  r.attrs = std::move(interned.ref);
  r.modified = true;
  return r;
}

Result SessionPolicy::evaluate(const Prefix& prefix, const rib::AttrRef& attrs, rib::AttrStore& store,
                               const Context& ctx) const {
  if (blocks_everything()) {
    Result r;
    r.verdict = Verdict::kNoPolicy;
    return r;
  }
  return policy::evaluate(policy, prefix, attrs, store, ctx);
}

std::optional<Verdict> SessionPolicy::decide_unchanged(const Prefix& prefix, const PendingPrepend& a, Family family) const {
  if (blocks_everything()) return Verdict::kNoPolicy;
  return policy::decide_unchanged(policy, prefix, a, family);
}

}  // namespace bgp::policy

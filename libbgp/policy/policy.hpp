#pragma once
// Import/export policy evaluation over the RIB's owned attributes. Pure
// functions: a route (prefix + interned attributes) goes in, a verdict and the
// possibly rewritten attributes (interned again when a term changed them) come
// out. Policies are the validated config::Policy values ([[policy]] terms):
// terms are tried in order; a matching term applies its sets and then
// accepts, rejects, or ("next") goes on to the next term; a route no term
// accepts is rejected, as an FRR route-map denies at its end.
#include <cstdint>
#include <optional>
#include <string_view>

#include "libbgp/config/config.hpp"
#include "libbgp/rib/attr_store.hpp"
#include "libbgp/rib/path_attributes.hpp"
#include "libbgp/wire/address.hpp"

namespace bgp::policy {

enum class Verdict : std::uint8_t {
  kAccept,
  kReject,           // a term rejected it, or no term accepted it
  kNoPolicy,         // RFC 8212: eBGP session without a policy; nothing is accepted or announced
  kAttrLimit,        // the rewritten attribute set could not be interned (limit reached)
};
std::string_view verdict_name(Verdict v);

// What set actions need to know about the session.
struct Context {
  Family family = kIpv4Unicast;
  std::uint32_t local_as = 0;  // prepended by as_path_prepend
  IpAddress self;              // our address on the session: "next-hop self"
};

struct Result {
  Verdict verdict = Verdict::kReject;
  rib::AttrRef attrs;   // set when accepted: the input set or a rewritten one
  bool modified = false;
  std::optional<std::size_t> term;  // index of the deciding term
  bool accepted() const { return verdict == Verdict::kAccept; }
};

// FRR/Cisco prefix-list semantics, see config::PrefixMatch.
bool prefix_matches(const config::PrefixMatch& m, const Prefix& p);
// Every condition given in `m` holds (each list matches when any element does).
bool matches(const config::PolicyMatch& m, const Prefix& prefix, Family family, const rib::PathAttributes& a);

// The attributes a route will have once `prepended_as` (when set) is
// prepended once to its AS path, without building them: the export side
// evaluates a policy on what the peer would receive (our AS prepended towards
// eBGP, RFC 4271 §5.1.2) before it builds and interns that set, as BIRD runs
// its export filter before it encodes anything. Prepending one ASN adds
// exactly one to the path length (it always lands in an AS_SEQUENCE) and
// makes the path contain that ASN; the other conditions read attributes the
// export rules leave alone (communities, large communities). A condition on
// an attribute they rewrite (next hop, MED, LOCAL_PREF) would have to be
// adjusted here as well.
struct PendingPrepend {
  const rib::PathAttributes& attrs;
  std::optional<std::uint32_t> prepended_as;
};
bool matches(const config::PolicyMatch& m, const Prefix& prefix, Family family, const PendingPrepend& a);

// The verdict of `policy` for such a route when it can be given without
// running a set action: a term accepts or rejects before any matching term
// with set actions would have to rewrite the attributes (a rejecting term's
// sets do not matter). kAccept then means "accepted unchanged", exactly what
// evaluate() returns for those attributes. nullopt: a set action runs first;
// the caller builds the attributes and calls evaluate().
std::optional<Verdict> decide_unchanged(const config::Policy* policy, const Prefix& prefix, const PendingPrepend& a,
                                        Family family);

// True when `policy` rejects every route whatever its attributes: no term
// accepts before the first term that matches everything and rejects (or no
// term accepts at all). A null policy accepts everything.
bool rejects_everything(const config::Policy* policy);
// Applies the set actions of one term in place.
void apply(const config::PolicySet& s, rib::PathAttributes& a, const Context& ctx);

// Evaluates `policy` for one route. A null policy accepts unchanged.
Result evaluate(const config::Policy* policy, const Prefix& prefix, const rib::AttrRef& attrs, rib::AttrStore& store,
                const Context& ctx);

// The policy of one direction of a session, with RFC 8212's default: on an
// eBGP session without a policy (and ebgp_requires_policy on) every route is
// refused with Verdict::kNoPolicy; the daemon logs the warning once.
struct SessionPolicy {
  const config::Policy* policy = nullptr;
  bool ebgp = false;
  bool ebgp_requires_policy = true;
  bool blocks_everything() const { return ebgp && ebgp_requires_policy && policy == nullptr; }
  // RFC 8212's default or a policy that rejects every route: the export side
  // does no per-route work for such a session.
  bool rejects_everything() const { return blocks_everything() || policy::rejects_everything(policy); }
  Result evaluate(const Prefix& prefix, const rib::AttrRef& attrs, rib::AttrStore& store, const Context& ctx) const;
  // decide_unchanged() with RFC 8212's default (kNoPolicy).
  std::optional<Verdict> decide_unchanged(const Prefix& prefix, const PendingPrepend& a, Family family) const;
};

}  // namespace bgp::policy

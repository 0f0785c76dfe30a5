#pragma once
// Owned path attributes (RFC 4271 §5) as the RIB keeps them: decoded once from
// an UPDATE (or built by policy / `network` statements), then interned in an
// AttrStore so every prefix announced with the same attributes shares one copy.
// Nothing here refers to a message buffer.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/as_path.hpp"
#include "libbgp/wire/attribute.hpp"

namespace bgp::rib {

// One AS_PATH segment with 4-octet ASNs (RFC 6793: the RIB always holds the
// merged AS_PATH/AS4_PATH).
struct AsPathSegment {
  AsSegmentType type = AsSegmentType::kSequence;
  std::vector<std::uint32_t> asns;
  friend bool operator==(const AsPathSegment&, const AsPathSegment&) = default;
};

// An optional transitive attribute this speaker does not know, passed on with
// the Partial bit set when re-advertised (RFC 4271 §5).
struct UnknownAttribute {
  std::uint8_t flags = 0;
  std::uint8_t type = 0;
  std::vector<std::byte> value;
  friend bool operator==(const UnknownAttribute&, const UnknownAttribute&) = default;
};

using AsPath = std::vector<AsPathSegment>;

// RFC 4271 §9.1.2.2 (a): AS_SET counts 1, confederation segments 0 (RFC 5065 §5.3).
std::uint32_t as_path_length(const AsPath& path);
// First ASN of the first AS_SEQUENCE, skipping confederation segments: the
// neighbouring AS of RFC 4271 §9.1.2.2 (c). nullopt for an empty path.
std::optional<std::uint32_t> neighbor_as(const AsPath& path);
// True when `asn` appears anywhere in the path (RFC 4271 §9.1.2 loop detection).
bool as_path_contains(const AsPath& path, std::uint32_t asn);
// Prepends `asn` `times` times to the leading AS_SEQUENCE (a new one when the
// path starts with a set or is empty; splits at 255 ASNs per segment).
void as_path_prepend(AsPath& path, std::uint32_t asn, std::size_t times = 1);
// "65101 65102 {1 2} (65000)" — bgpdump / FRR notation.
std::string as_path_to_string(const AsPath& path);
// Parses the notation above (sequence ASNs space-separated, {set}, (confed seq), [confed set]).
std::optional<AsPath> parse_as_path(std::string_view text);
// Builds from a decoded wire path (merged AS_PATH/AS4_PATH).
AsPath as_path_from_wire(const MergedAsPath& path);

struct PathAttributes {
  Origin origin = Origin::kIgp;
  AsPath as_path;
  // NEXT_HOP or the MP_REACH_NLRI global next hop (RFC 4760, RFC 8950). An
  // unspecified address means "this speaker" (locally originated routes).
  IpAddress next_hop;
  std::optional<IpAddress> next_hop_link_local;  // RFC 2545 §3
  std::optional<std::uint32_t> med;
  std::optional<std::uint32_t> local_pref;
  bool atomic_aggregate = false;
  std::optional<Aggregator> aggregator;
  std::vector<std::uint32_t> communities;          // RFC 1997
  std::vector<std::uint64_t> ext_communities;      // RFC 4360
  std::vector<LargeCommunity> large_communities;   // RFC 8092
  std::optional<IpAddress> originator_id;          // RFC 4456
  std::vector<std::uint32_t> cluster_list;         // RFC 4456
  std::vector<UnknownAttribute> unknown;           // optional transitive, unrecognised

  bool has_community(std::uint32_t c) const;
  bool has_large_community(const LargeCommunity& c) const;

  friend bool operator==(const PathAttributes&, const PathAttributes&) = default;
};

std::size_t hash_value(const PathAttributes& a);

}  // namespace bgp::rib

#pragma once
// ROUTE-REFRESH (RFC 2918 §3) with the RFC 7313 §3 message subtype:
// AFI (2), subtype (1, formerly reserved), SAFI (1).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/message.hpp"

namespace bgp {

enum class RouteRefreshSubtype : std::uint8_t {
  kNormal = 0,              // RFC 2918 request
  kBeginningOfRefresh = 1,  // BoRR, RFC 7313 §4
  kEndOfRefresh = 2,        // EoRR, RFC 7313 §4
};

struct RouteRefreshView {
  Family family{};
  std::uint8_t subtype = 0;  // raw: values other than 0..2 are kept
  // RFC 7313 §5: a ROUTE-REFRESH with a subtype other than 0, 1, 2 MUST be ignored.
  bool ignorable() const { return subtype > 2; }
};

// `body` must be exactly 4 octets (framing guarantees it); otherwise 7/1
// Invalid Message Length with `body` as data.
Decoded<RouteRefreshView> decode_route_refresh(Bytes body) noexcept;
Decoded<RouteRefreshView> decode_route_refresh(std::vector<std::byte>&& body) = delete;  // error data would dangle

// Whole ROUTE-REFRESH (23 octets). Returns 23, or 0 when `out` is too small.
std::size_t encode_route_refresh(MutableBytes out, Family family,
                                 RouteRefreshSubtype subtype = RouteRefreshSubtype::kNormal);

}  // namespace bgp

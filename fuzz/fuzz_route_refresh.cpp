// libFuzzer target for ROUTE-REFRESH alone (RFC 2918 §3, RFC 7313 §3).
// Input: a ROUTE-REFRESH body (after the 19-octet header). Invariants that
// trap: exactly four octets decode, anything else gives 7/1 Invalid Message
// Length with the body as data; a decoded request encodes back to the input.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "libbgp/wire/errors.hpp"
#include "libbgp/wire/route_refresh.hpp"

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace bgp;
  const Bytes body(reinterpret_cast<const std::byte*>(data), size);
  const auto rr = decode_route_refresh(body);
  if (!rr) {
    check(size != 4);
    check(rr.error().data.data() == body.data() && rr.error().data.size() == size);
    return 0;
  }
  check(size == 4);
  check(rr->ignorable() == (rr->subtype > 2));
  std::array<std::byte, kRouteRefreshSize> out{};
  const std::size_t len = encode_route_refresh(out, rr->family, static_cast<RouteRefreshSubtype>(rr->subtype));
  check(len == kRouteRefreshSize && std::equal(body.begin(), body.end(), out.begin() + kHeaderSize));
  return 0;
}

#include "libbgp/wire/route_refresh.hpp"

namespace bgp {

Decoded<RouteRefreshView> decode_route_refresh(Bytes body) noexcept {
  if (body.size() != kRouteRefreshSize - kHeaderSize) {
    return Notification{NotifyCode::kRouteRefresh, static_cast<std::uint8_t>(RouteRefreshSubcode::kInvalidMessageLength),
                        body};
  }
  RouteRefreshView v;
  v.family = Family{static_cast<Afi>(load_u16(body)), static_cast<Safi>(std::to_integer<std::uint8_t>(body[3]))};
  v.subtype = std::to_integer<std::uint8_t>(body[2]);
  return v;
}

std::size_t encode_route_refresh(MutableBytes out, Family family, RouteRefreshSubtype subtype) {
  ByteWriter w(out);
  w.placeholder(kHeaderSize);
  w.u16(static_cast<std::uint16_t>(family.afi));
  w.u8(static_cast<std::uint8_t>(subtype));
  w.u8(static_cast<std::uint8_t>(family.safi));
  if (!w.ok()) return 0;
  write_header(out, MessageType::kRouteRefresh, kRouteRefreshSize);
  return kRouteRefreshSize;
}

}  // namespace bgp

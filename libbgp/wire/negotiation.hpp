#pragma once
// What a session runs with once both OPENs are known: the intersection of our
// capabilities and the peer's (RFC 4271 §4.2 hold time, RFC 4760 families,
// RFC 6793, RFC 7911, RFC 8654, RFC 2918/7313, RFC 4724).
#include <cstdint>
#include <optional>
#include <vector>

#include "libbgp/wire/open.hpp"

namespace bgp {

struct NegotiatedAddPath {
  Family family{};
  bool send = false;     // we may send path identifiers for this family
  bool receive = false;  // the peer sends path identifiers for this family
  friend bool operator==(const NegotiatedAddPath&, const NegotiatedAddPath&) = default;
};

struct NegotiatedSession {
  std::uint32_t peer_as = 0;
  std::uint32_t peer_bgp_identifier = 0;
  std::uint16_t hold_time = 0;       // min(ours, theirs); 0 = no keepalives, no hold timer
  std::uint16_t keepalive_time = 0;  // hold_time / 3 (RFC 4271 §10 suggestion)
  bool four_octet_as = false;        // both advertised RFC 6793: AS_PATH carries 4-octet ASNs
  std::vector<Family> families;      // both sides support (in our order)
  std::vector<NegotiatedAddPath> add_path;  // only families with send or receive
  bool route_refresh = false;
  bool enhanced_route_refresh = false;
  bool extended_message = false;  // both advertised RFC 8654
  std::optional<GracefulRestartInfo> peer_graceful_restart;  // when both advertised GR
  // RFC 8538 §2: NOTIFICATION messages keep graceful restart only when both
  // capabilities carry the N bit.
  bool graceful_notification = false;
  std::optional<BgpRole> peer_role;

  std::size_t max_message_size() const { return extended_message ? kMaxExtendedMessageSize : kMaxMessageSize; }
  bool has_family(Family f) const;
  bool add_path_send(Family f) const;
  bool add_path_receive(Family f) const;
};

// RFC 9234 §4.2: when we have a role, the peer's must be its counterpart
// (Provider/Customer, RS/RS-Client, Peer/Peer); in strict mode the peer must
// also advertise one. Returns 2/11 Role Mismatch otherwise, nullopt when fine.
std::optional<Notification> check_roles(std::optional<BgpRole> ours, std::optional<BgpRole> theirs, bool strict);

// `ours` is what we advertised (our OpenMessage); `peer` the parsed OPEN and its summary.
NegotiatedSession negotiate(const OpenMessage& ours, const OpenView& peer, const PeerCapabilities& peer_caps);

}  // namespace bgp

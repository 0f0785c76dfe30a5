#pragma once
// From the codec to the RIB: turns a decoded UPDATE (views into the message)
// into owned attributes and applies it to one peer's Adj-RIB-In through its
// PeerImporter. Withdrawals first, then announcements (OpenBGPD's order);
// RFC 7606 treat-as-withdraw turns every announced prefix into a withdrawal.
#include <cstddef>
#include <optional>

#include "libbgp/rib/import.hpp"
#include "libbgp/wire/update.hpp"

namespace bgp::rib {

// The attributes the RIB keeps, without the next hop (it depends on the
// section: NEXT_HOP for the base NLRI, MP_REACH_NLRI's for the MP NLRI).
PathAttributes attributes_from_update(const DecodedUpdate& u);

struct UpdateImport {
  ImportResult result;             // worst status / max-prefix event of the UPDATE
  std::size_t announced = 0;       // prefixes offered for import
  std::size_t withdrawn = 0;       // prefixes withdrawn (incl. treat-as-withdraw)
  std::optional<Family> end_of_rib;  // RFC 4724 End-of-RIB marker: the caller calls Rib::end_of_rib
  bool ignored = false;            // session reset / AFI-SAFI disable: the daemon acts, nothing imported
};

// Applies `u` (decoded with the session's DecodeContext). ADD-PATH receive
// path ids are not kept apart: the RIB holds one path per peer and prefix.
UpdateImport import_update(PeerImporter& importer, const DecodedUpdate& u);

}  // namespace bgp::rib

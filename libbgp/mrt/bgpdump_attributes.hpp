#pragma once
// The path attributes of one UPDATE or RIB entry, reduced to the fields a
// `bgpdump -m` line prints and rendered the way bgpdump renders them.
// Decoding is bgp_wire's (decode_update); this file only formats.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libbgp/wire/update.hpp"

namespace bgp::mrt {

// Attribute-only blocks (TABLE_DUMP entries, TABLE_DUMP_V2 RIB entries,
// BGP4MP_ENTRY) are decoded by wrapping them in an UPDATE body with no
// withdrawn routes and no NLRI: one memcpy into a reused scratch buffer, so
// the one attribute decoder stays the only one. Views in the result point
// into the scratch buffer and live until the next decode().
class AttributeBlockDecoder {
 public:
  const DecodedUpdate& decode(Bytes attributes, const DecodeContext& ctx);

 private:
  std::vector<std::byte> scratch_;
  DecodedUpdate result_;
};

// What bgpdump prints for a route, as strings ready to paste into a line.
struct DumpAttributes {
  std::string as_path;           // "1 2 {3,4}", "" when AS_PATH is absent
  std::string_view origin;       // "IGP", "EGP", "INCOMPLETE" (also when absent)
  std::string next_hop;          // NEXT_HOP attribute; "255.255.255.255" when absent
  std::uint32_t local_pref = 0;  // 0 when absent
  std::uint32_t med = 0;         // 0 when absent
  std::string communities;       // "65000:1 no-export", "" when absent
  bool atomic_aggregate = false;
  std::string aggregator;        // "AS a.b.c.d", "" when absent
};

// `four_octet_as`: the AS size of the record the attributes came from.
DumpAttributes summarize(const DecodedUpdate& u, bool four_octet_as);

// bgpdump's AS path text: sequences space-separated, AS_SET "{a,b}",
// AS_CONFED_SEQUENCE "(a b)", AS_CONFED_SET "[a,b]", segments separated by
// one space. Appends to `out`.
template <class SegmentRange>
void append_as_path(std::string& out, const SegmentRange& segments);

// RFC 1997 communities as bgpdump prints them: "AS:VALUE" with the
// well-known ones by name, space-separated.
std::string format_communities(const CommunityList& communities);

}  // namespace bgp::mrt

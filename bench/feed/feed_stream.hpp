#pragma once
// The UPDATE streams the feed benchmark sends, encoded in memory before any
// session opens so that only the receiver is measured. A stream is the exact
// bytes written to one peer's socket: UPDATE messages back to back, then the
// IPv4 End-of-RIB marker (RFC 4724 §2).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/nlri.hpp"

namespace bgp::feed {

struct PeerStream {
  std::vector<std::byte> announce;  // UPDATEs + End-of-RIB
  std::vector<std::byte> withdraw;  // UPDATEs withdrawing every announced prefix
  std::size_t prefixes = 0;
  std::size_t messages = 0;
};

// What one sending peer announces.
struct PeerSpec {
  IpAddress local;         // the peer's address: NEXT_HOP
  std::uint32_t local_as;  // prepended to every AS_PATH (eBGP, RFC 4271 §5.1.2)
};

// `count` IPv4 /24s starting at 16.0.0.0 + first * 256, in `attr_sets` runs of
// consecutive prefixes, run k carrying AS_PATH [local_as, 64600+k], MED k and
// community 65535:k (equal path lengths, so peers announcing the same
// prefixes are multipath candidates).
PeerStream synthetic_stream(const PeerSpec& peer, std::size_t first, std::size_t count, std::size_t attr_sets);

// The prefixes of an MRT RIB dump (TABLE_DUMP or TABLE_DUMP_V2, IPv4 unicast;
// for a prefix seen from several collector peers the first entry wins), their
// attributes kept except LOCAL_PREF and NEXT_HOP (ours), local_as prepended.
// Returns false and sets `why` on a read error.
bool mrt_stream(const std::string& path, const PeerSpec& peer, PeerStream& out, std::string& why);

}  // namespace bgp::feed

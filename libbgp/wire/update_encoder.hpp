#pragma once
// UPDATE encoding into caller-provided buffers (RFC 4271 §4.3, RFC 4760 for
// IPv6, RFC 7911 path ids, RFC 6793 AS4_PATH on 2-octet sessions, RFC 8654
// extended messages). UpdatePacker fills each message with as many prefixes
// sharing one attribute set as fit, so a caller with N prefixes sends the
// fewest UPDATEs. Nothing on the encode path throws or allocates.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/as_path.hpp"
#include "libbgp/wire/attribute.hpp"
#include "libbgp/wire/byte_reader.hpp"
#include "libbgp/wire/message.hpp"
#include "libbgp/wire/nlri.hpp"

namespace bgp {

struct DecodedUpdate;

// kMaxMessageSize / kMaxExtendedMessageSize live in message.hpp (one definition).
inline constexpr std::size_t kBgpHeaderSize = kHeaderSize;  // RFC 4271 §4.1

struct EncodeContext {
  bool four_octet_as = true;  // RFC 6793: else ASNs > 65535 become AS_TRANS plus AS4_PATH/AS4_AGGREGATOR
  bool add_path_ipv4 = false;
  bool add_path_ipv6 = false;
  bool extended_message = false;  // RFC 8654 negotiated
  std::size_t max_message_size() const { return extended_message ? kMaxExtendedMessageSize : kMaxMessageSize; }
  bool add_path(Afi afi) const { return afi == Afi::kIpv4 ? add_path_ipv4 : add_path_ipv6; }
};

struct AsPathSegmentSpec {
  AsSegmentType type = AsSegmentType::kSequence;
  std::vector<std::uint32_t> asns;
  friend bool operator==(const AsPathSegmentSpec&, const AsPathSegmentSpec&) = default;
};

struct UnknownAttribute {
  std::uint8_t flags = 0;
  std::uint8_t type = 0;
  std::vector<std::byte> value;
  friend bool operator==(const UnknownAttribute&, const UnknownAttribute&) = default;
};

// An owned description of the attributes to send. AS paths hold 4-octet
// ASNs; the encoder converts for 2-octet sessions.
struct UpdateAttributes {
  Origin origin = Origin::kIgp;
  std::vector<AsPathSegmentSpec> as_path;
  // IPv4 unicast: the NEXT_HOP attribute; other families: the MP_REACH next hop.
  std::optional<IpAddress> next_hop;
  std::optional<IpAddress> link_local_next_hop;  // IPv6 MP_REACH only (RFC 2545 §3)
  std::optional<std::uint32_t> med;
  std::optional<std::uint32_t> local_pref;
  bool atomic_aggregate = false;
  std::optional<Aggregator> aggregator;
  std::vector<std::uint32_t> communities;
  std::vector<std::uint64_t> extended_communities;
  std::vector<LargeCommunity> large_communities;
  std::optional<IpAddress> originator_id;
  std::vector<std::uint32_t> cluster_list;
  std::vector<UnknownAttribute> unknown;  // sent with the Partial bit set (RFC 4271 §5)

  // Owned copy of a decoded UPDATE's attributes (merged AS path, unknown
  // transitive ones kept). Allocates; not for the per-message decode path.
  static UpdateAttributes from(const DecodedUpdate& u);
  friend bool operator==(const UpdateAttributes&, const UpdateAttributes&) = default;
};

// Writes the path attributes except MP_REACH/MP_UNREACH, in type-code order.
// with_next_hop: include NEXT_HOP (IPv4 unicast NLRI). Returns bytes written,
// nullopt when `out` is too small.
std::optional<std::size_t> encode_attributes(std::span<std::byte> out, const UpdateAttributes& attrs,
                                             const EncodeContext& ctx, bool with_next_hop);

class UpdatePacker {
 public:
  // `buffer` receives each message; it must hold ctx.max_message_size() octets.
  UpdatePacker(const EncodeContext& ctx, std::span<std::byte> buffer) : ctx_(ctx), buffer_(buffer) {}

  struct Packed {
    Bytes message;          // the whole message, header included; valid until the next call
    std::size_t consumed;   // prefixes taken from the front of the input
  };

  // One UPDATE announcing as many of `prefixes` (all of `family`) as fit, with
  // `attrs`. IPv4 unicast uses the NLRI field, other families MP_REACH_NLRI.
  // nullopt when prefixes is empty, a prefix is of another family, the next
  // hop is missing, or the attributes alone do not fit a message.
  std::optional<Packed> announce(const UpdateAttributes& attrs, Family family, std::span<const NlriEntry> prefixes);
  // One UPDATE withdrawing as many of `prefixes` as fit (IPv4: withdrawn
  // routes field; others: MP_UNREACH_NLRI).
  std::optional<Packed> withdraw(Family family, std::span<const NlriEntry> prefixes);
  // RFC 4724 §2 End-of-RIB marker for the family.
  Bytes end_of_rib(Family family);

  // Calls sink(Bytes message) for each UPDATE needed to carry all prefixes;
  // returns the number of messages, or nullopt on the errors above.
  template <class Sink>
  std::optional<std::size_t> announce_all(const UpdateAttributes& attrs, Family family,
                                          std::span<const NlriEntry> prefixes, Sink&& sink) {
    std::size_t messages = 0;
    while (!prefixes.empty()) {
      auto p = announce(attrs, family, prefixes);
      if (!p) return std::nullopt;
      sink(p->message);
      prefixes = prefixes.subspan(p->consumed);
      ++messages;
    }
    return messages;
  }
  template <class Sink>
  std::optional<std::size_t> withdraw_all(Family family, std::span<const NlriEntry> prefixes, Sink&& sink) {
    std::size_t messages = 0;
    while (!prefixes.empty()) {
      auto p = withdraw(family, prefixes);
      if (!p) return std::nullopt;
      sink(p->message);
      prefixes = prefixes.subspan(p->consumed);
      ++messages;
    }
    return messages;
  }

 private:
  std::span<std::byte> message_span() const;
  EncodeContext ctx_;
  std::span<std::byte> buffer_;
};

}  // namespace bgp

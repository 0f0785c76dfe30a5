#pragma once
// UPDATE message decoding (RFC 4271 §4.3) with RFC 7606 revised error
// handling. Two passes, BIRD style: UpdateView::split records the three
// sections as views; decode_update then walks the attributes once through a
// table of descriptors and checks every prefix field. The result is a set of
// views into the message body: no allocation, no copy, no exception.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/as_path.hpp"
#include "libbgp/wire/attribute.hpp"
#include "libbgp/wire/byte_reader.hpp"
#include "libbgp/wire/errors.hpp"
#include "libbgp/wire/nlri.hpp"

namespace bgp {

// What the decoder must know about the session (negotiated capabilities).
struct DecodeContext {
  bool four_octet_as = true;   // RFC 6793 negotiated: AS_PATH/AGGREGATOR carry 4-octet ASNs
  bool add_path_ipv4 = false;  // RFC 7911: path ids present in IPv4 unicast prefix fields
  bool add_path_ipv6 = false;  // RFC 7911: path ids present in IPv6 unicast prefix fields
  // RFC 8950 negotiated for IPv4 unicast: an MP_REACH_NLRI of AFI 1 may carry
  // a 16- or 32-octet IPv6 next hop. Without it only 4 octets fit the AFI.
  bool extended_next_hop_ipv4 = false;
  // RFC 6396 §4.3.4: TABLE_DUMP_V2 RIB entries abbreviate MP_REACH_NLRI to
  // next-hop length + next hop. Like bgpdump, a value whose first octet is 0
  // (an AFI high byte) is still read in the full RFC 4760 form.
  bool mrt_abbreviated_mp_reach = false;
  Family mrt_family = kIpv6Unicast;  // family of the RIB entry, for the abbreviated form
  bool ibgp = false;  // LOCAL_PREF expected (RFC 4271 §5.1.5); ignored from eBGP (RFC 7606 §7.5)
  // A live internal session: an announcement without LOCAL_PREF is treat-as-
  // withdraw (RFC 4271 §5.1.5 makes it mandatory towards internal peers; RFC
  // 7606 §3 (d)). Separate from `ibgp` because MRT readers set `ibgp` only to
  // keep whatever LOCAL_PREF a collector recorded, present or not.
  bool local_pref_required = false;
  // AS_CONFED_* segments are legal only within a confederation (RFC 7606 §7.2, RFC 5065 §5.1).
  bool confederation_peer = false;

  bool add_path(Afi afi) const { return afi == Afi::kIpv4 ? add_path_ipv4 : add_path_ipv6; }
};

// An UPDATE body (after the 19-octet header) split into its three sections.
struct UpdateView {
  Bytes withdrawn_raw{};
  Bytes attributes_raw{};
  Bytes nlri_raw{};
  // nullopt when the withdrawn-routes or total-attribute lengths overrun the
  // body (RFC 4271 §6.3 / RFC 7606 §4: Malformed Attribute List, session reset).
  // Inline: its result is consumed at once by decode_update.
  static std::optional<UpdateView> split(Bytes body) {
    // RFC 4271 §4.3: withdrawn length, withdrawn routes, total path attribute
    // length, path attributes, NLRI (the rest of the message).
    if (body.size() < 4) return std::nullopt;
    const std::size_t withdrawn_len = load_u16(body);
    if (body.size() - 2 < withdrawn_len + 2) return std::nullopt;
    const std::size_t attr_len = load_u16(body, 2 + withdrawn_len);
    const std::size_t attr_start = 4 + withdrawn_len;
    if (body.size() - attr_start < attr_len) return std::nullopt;
    return UpdateView{body.subspan(2, withdrawn_len), body.subspan(attr_start, attr_len),
                      body.subspan(attr_start + attr_len)};
  }
};

// The fully validated UPDATE: everything is a view into the body passed to decode_update.
struct DecodedUpdate {
  struct MpReach {
    Family family = kIpv4Unicast;
    IpAddress next_hop;                     // global next hop (IPv4 or IPv6, RFC 8950)
    std::optional<IpAddress> link_local;    // RFC 2545 §3: second IPv6 next hop
    NlriRange nlri;                         // empty in the MRT abbreviated form
  };
  struct MpUnreach {
    Family family = kIpv4Unicast;
    NlriRange withdrawn;
  };

  // RFC 7606: the worst action over every error found (§3 (j)). When it is
  // kTreatAsWithdraw every prefix of the UPDATE (nlri, mp_reach->nlri) must
  // be handled as withdrawn; kAfiSafiDisable names error_family.
  // User-provided and not constexpr on purpose: with the implicit constexpr
  // constructor GCC folds the member initialisers into one constant aggregate
  // and clears all ~530 bytes with `rep stos` before storing the non-zero
  // members (about a sixth of full-decode time). Here each member is
  // initialised by its own small stores and the payloads of the
  // std::optional members are left alone (only their engaged flags are set).
  DecodedUpdate() noexcept {}  // NOLINT(modernize-use-equals-default): see above

  ErrorAction action = ErrorAction::kNone;
  // Set for kSessionReset (and kAfiSafiDisable, for a speaker that resets
  // instead): code 3, RFC 4271 §6.3 subcode, data = offending attribute.
  Notification notification{};
  std::string_view error_reason{};   // human-readable reason of the worst error (static text)
  std::uint8_t error_attribute = 0;  // type code of the attribute at fault (0: none / message level)
  Family error_family = kIpv4Unicast;  // for kAfiSafiDisable

  NlriRange withdrawn;  // IPv4 unicast, from the base message
  NlriRange nlri;       // IPv4 unicast, from the base message

  std::optional<Origin> origin;
  AsPathView as_path_attr;   // AS_PATH as received (2- or 4-octet ASNs)
  AsPathView as4_path_attr;  // AS4_PATH (2-octet sessions only; empty otherwise or when discarded)
  std::optional<IpAddress> next_hop;
  std::optional<std::uint32_t> med;
  std::optional<std::uint32_t> local_pref;
  bool atomic_aggregate = false;
  std::optional<Aggregator> aggregator;  // AS4_AGGREGATOR applied (RFC 6793 §4.2.3)
  CommunityList communities;
  ExtendedCommunityList extended_communities;
  LargeCommunityList large_communities;
  std::optional<IpAddress> originator_id;
  ClusterList cluster_list;
  std::optional<MpReach> mp_reach;
  std::optional<MpUnreach> mp_unreach;

  AttrTypeSet present;    // attributes seen (first occurrence)
  AttrTypeSet discarded;  // attributes dropped by attribute-discard (RFC 7606 §2)
  Bytes attributes_raw{};
  // Unknown optional transitive attributes seen (first occurrences): when 0,
  // callers need not walk attributes() looking for them.
  std::uint16_t unknown_transitive_count = 0;

  // The AS path to use: AS_PATH merged with AS4_PATH (RFC 6793 §4.2.3).
  MergedAsPath as_path() const { return MergedAsPath::merge(as_path_attr, as4_path_attr); }
  // Unknown optional transitive attributes, to be passed on with the Partial
  // bit set (RFC 4271 §5; the encoder sets it). Iterate and filter:
  //   for (const RawAttribute& a : u.attributes()) if (u.is_unknown_transitive(a)) ...
  AttributeRange attributes() const { return AttributeRange(attributes_raw); }
  static bool is_unknown_transitive(const RawAttribute& a) {
    return a.optional() && a.transitive() && !is_known_attr_type(a.type);
  }
  bool has_unknown_transitive() const { return unknown_transitive_count != 0; }

  // True when the UPDATE announces at least one prefix (base NLRI or MP_REACH NLRI).
  bool has_announcements() const { return !nlri.empty() || (mp_reach && !mp_reach->nlri.empty()); }
  // RFC 4724 §2 End-of-RIB: an UPDATE with no withdrawn routes, no NLRI and
  // no attributes (IPv4 unicast), or whose only attribute is an empty
  // MP_UNREACH_NLRI (other families).
  std::optional<Family> end_of_rib() const;
};

// Decodes an UPDATE body (the bytes after the 19-octet message header).
// Never throws, never allocates; the result views `body`.
DecodedUpdate decode_update(Bytes body, const DecodeContext& ctx);
// The result views the body, so decoding a temporary buffer would dangle.
DecodedUpdate decode_update(std::vector<std::byte>&& body, const DecodeContext& ctx) = delete;

}  // namespace bgp

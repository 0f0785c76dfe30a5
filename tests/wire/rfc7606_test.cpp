// RFC 7606 revised error handling: one malformed UPDATE per rule, each with
// the action the RFC prescribes and, where a NOTIFICATION would be sent, the
// RFC 4271 §6.3 subcode and data.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "libbgp/wire/update.hpp"
#include "tests/wire/update_test_util.hpp"

namespace bgp {
namespace {

using testing::ByteVec;
using testing::concat;
using testing::hex;
using testing::to_hex;
using testing::update_body;

const ByteVec kOrigin = hex("40 01 01 00");
const ByteVec kAsPath = hex("40 02 06 02 01 00 00 fd e9");  // AS_SEQUENCE 65001, 4-octet
const ByteVec kNextHop = hex("40 03 04 c0 00 02 01");
const ByteVec kLocalPref = hex("40 05 04 00 00 00 64");  // 100
const ByteVec kNlri = hex("18 0a 00 00");  // 10.0.0.0/24
// MP_REACH_NLRI IPv6 unicast, next hop 2001:db8::1, NLRI 2001:db8::/32.
const ByteVec kMpReachV6 = hex("80 0e 1a 00 02 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 20 20 01 0d b8");
const ByteVec kMpUnreachV6 = hex("80 0f 08 00 02 01 20 20 01 0d b8");

DecodeContext ebgp() { return DecodeContext{}; }
DecodeContext ibgp() {
  DecodeContext c;
  c.ibgp = true;
  return c;
}
// A live iBGP session, as bgpd's connection decodes with.
DecodeContext ibgp_session() {
  DecodeContext c = ibgp();
  c.local_pref_required = true;
  return c;
}
// A session with RFC 8950 extended next hop negotiated for IPv4 unicast.
DecodeContext extended_next_hop() {
  DecodeContext c;
  c.extended_next_hop_ipv4 = true;
  return c;
}
DecodeContext two_octet() {
  DecodeContext c;
  c.four_octet_as = false;
  return c;
}

struct Case {
  std::string name;
  ByteVec body;
  DecodeContext ctx;
  ErrorAction action;
  std::optional<UpdateSubcode> subcode{};
  std::optional<ByteVec> data{};  // expected NOTIFICATION data
};

// An IPv4 announcement of 10.0.0.0/24 with the given attributes.
ByteVec announce(const ByteVec& attrs) { return update_body({}, attrs, kNlri); }
ByteVec with_base(const ByteVec& extra) { return announce(concat({kOrigin, kAsPath, kNextHop, extra})); }

std::vector<Case> cases() {
  using A = ErrorAction;
  using S = UpdateSubcode;
  const ByteVec as2 = hex("40 02 04 02 01 fd e9");  // AS_SEQUENCE 65001, 2-octet
  return {
      // §7.1 ORIGIN
      {"OriginLengthNotOneIsTreatAsWithdraw", announce(concat({hex("40 01 02 00 00"), kAsPath, kNextHop})), ebgp(),
       A::kTreatAsWithdraw, S::kAttributeLengthError, hex("40 01 02 00 00")},
      {"OriginUndefinedValueIsTreatAsWithdraw", announce(concat({hex("40 01 01 03"), kAsPath, kNextHop})), ebgp(),
       A::kTreatAsWithdraw, S::kInvalidOriginAttribute, hex("40 01 01 03")},
      // §3 (c): flag conflicts take the attribute's own action
      {"OriginMarkedOptionalIsTreatAsWithdraw", announce(concat({hex("c0 01 01 00"), kAsPath, kNextHop})), ebgp(),
       A::kTreatAsWithdraw, S::kAttributeFlagsError, hex("c0 01 01 00")},
      // §7.2 AS_PATH
      {"AsPathUnknownSegmentTypeIsTreatAsWithdraw",
       announce(concat({kOrigin, hex("40 02 06 05 01 00 00 fd e9"), kNextHop})), ebgp(), A::kTreatAsWithdraw,
       S::kMalformedAsPath, hex("40 02 06 05 01 00 00 fd e9")},
      {"AsPathZeroLengthSegmentIsTreatAsWithdraw", announce(concat({kOrigin, hex("40 02 02 02 00"), kNextHop})),
       ebgp(), A::kTreatAsWithdraw, S::kMalformedAsPath, hex("40 02 02 02 00")},
      {"AsPathSegmentOverrunIsTreatAsWithdraw",
       announce(concat({kOrigin, hex("40 02 06 02 02 00 00 fd e9"), kNextHop})), ebgp(), A::kTreatAsWithdraw,
       S::kMalformedAsPath, hex("40 02 06 02 02 00 00 fd e9")},
      {"AsPathConfedSegmentFromExternalPeerIsTreatAsWithdraw",
       announce(concat({kOrigin, hex("40 02 06 03 01 00 00 fd e9"), kNextHop})), ebgp(), A::kTreatAsWithdraw,
       S::kMalformedAsPath, hex("40 02 06 03 01 00 00 fd e9")},
      {"AsPathConfedSegmentFromInternalPeerIsAccepted",
       announce(concat({kOrigin, hex("40 02 06 03 01 00 00 fd e9"), kNextHop})), ibgp(), A::kNone},
      {"AsPathFlagsOptionalIsTreatAsWithdraw", announce(concat({kOrigin, hex("c0 02 00"), kNextHop})), ebgp(),
       A::kTreatAsWithdraw, S::kAttributeFlagsError, hex("c0 02 00")},
      // §7.3 NEXT_HOP
      {"NextHopLengthFiveIsTreatAsWithdraw", announce(concat({kOrigin, kAsPath, hex("40 03 05 c0 00 02 01 01")})),
       ebgp(), A::kTreatAsWithdraw, S::kAttributeLengthError, hex("40 03 05 c0 00 02 01 01")},
      // §7.4 MED
      {"MedLengthThreeIsTreatAsWithdraw", with_base(hex("80 04 03 00 00 01")), ebgp(), A::kTreatAsWithdraw,
       S::kAttributeLengthError, hex("80 04 03 00 00 01")},
      {"MedMarkedTransitiveIsTreatAsWithdraw", with_base(hex("c0 04 04 00 00 00 01")), ebgp(), A::kTreatAsWithdraw,
       S::kAttributeFlagsError, hex("c0 04 04 00 00 00 01")},
      // §7.5 LOCAL_PREF
      {"LocalPrefFromExternalPeerIsDiscarded", with_base(hex("40 05 04 00 00 00 64")), ebgp(), A::kAttributeDiscard},
      {"LocalPrefLengthThreeFromExternalPeerIsDiscarded", with_base(hex("40 05 03 00 00 64")), ebgp(),
       A::kAttributeDiscard, S::kAttributeLengthError, hex("40 05 03 00 00 64")},
      {"LocalPrefMarkedOptionalFromExternalPeerIsDiscarded", with_base(hex("c0 05 04 00 00 00 64")), ebgp(),
       A::kAttributeDiscard, S::kAttributeFlagsError, hex("c0 05 04 00 00 00 64")},
      {"LocalPrefLengthThreeFromInternalPeerIsTreatAsWithdraw", with_base(hex("40 05 03 00 00 64")), ibgp(),
       A::kTreatAsWithdraw, S::kAttributeLengthError, hex("40 05 03 00 00 64")},
      // §7.6 ATOMIC_AGGREGATE
      {"AtomicAggregateWithValueIsDiscarded", with_base(hex("40 06 01 00")), ebgp(), A::kAttributeDiscard,
       S::kAttributeLengthError, hex("40 06 01 00")},
      // §7.7 AGGREGATOR
      {"AggregatorTwoOctetFormOnFourOctetSessionIsDiscarded", with_base(hex("c0 07 06 fd e9 c0 00 02 01")), ebgp(),
       A::kAttributeDiscard, S::kAttributeLengthError, hex("c0 07 06 fd e9 c0 00 02 01")},
      {"AggregatorFourOctetFormOnTwoOctetSessionIsDiscarded",
       announce(concat({kOrigin, as2, kNextHop, hex("c0 07 08 00 00 fd e9 c0 00 02 01")})), two_octet(),
       A::kAttributeDiscard, S::kAttributeLengthError, hex("c0 07 08 00 00 fd e9 c0 00 02 01")},
      // §7.8 COMMUNITIES
      {"CommunitiesLengthNotMultipleOfFourIsTreatAsWithdraw", with_base(hex("c0 08 03 00 00 01")), ebgp(),
       A::kTreatAsWithdraw, S::kAttributeLengthError, hex("c0 08 03 00 00 01")},
      {"CommunitiesEmptyIsTreatAsWithdraw", with_base(hex("c0 08 00")), ebgp(), A::kTreatAsWithdraw,
       S::kAttributeLengthError, hex("c0 08 00")},
      // §7.9 ORIGINATOR_ID, §7.10 CLUSTER_LIST
      {"OriginatorIdLengthThreeIsTreatAsWithdraw", with_base(hex("80 09 03 01 02 03")), ibgp(), A::kTreatAsWithdraw,
       S::kAttributeLengthError, hex("80 09 03 01 02 03")},
      {"ClusterListLengthFiveIsTreatAsWithdraw", with_base(hex("80 0a 05 01 02 03 04 05")), ibgp(),
       A::kTreatAsWithdraw, S::kAttributeLengthError, hex("80 0a 05 01 02 03 04 05")},
      // §7.14 EXTENDED_COMMUNITIES, RFC 8092 §5 LARGE_COMMUNITY
      {"ExtendedCommunitiesLengthFourIsTreatAsWithdraw", with_base(hex("c0 10 04 00 02 fd e9")), ebgp(),
       A::kTreatAsWithdraw, S::kAttributeLengthError, hex("c0 10 04 00 02 fd e9")},
      {"LargeCommunitiesLengthEightIsTreatAsWithdraw", with_base(hex("c0 20 08 00 00 fd e9 00 00 00 01")), ebgp(),
       A::kTreatAsWithdraw, S::kAttributeLengthError, hex("c0 20 08 00 00 fd e9 00 00 00 01")},
      // RFC 6793 §6: AS4_PATH / AS4_AGGREGATOR errors discard the attribute
      {"As4PathMalformedIsDiscarded", announce(concat({kOrigin, as2, kNextHop, hex("c0 11 03 02 01 00")})),
       two_octet(), A::kAttributeDiscard, S::kOptionalAttributeError, hex("c0 11 03 02 01 00")},
      {"As4PathWithConfedSegmentIsDiscarded",
       announce(concat({kOrigin, as2, kNextHop, hex("c0 11 06 03 01 00 01 00 00")})), two_octet(),
       A::kAttributeDiscard, S::kOptionalAttributeError, hex("c0 11 06 03 01 00 01 00 00")},
      {"As4AggregatorLengthSixIsDiscarded", announce(concat({kOrigin, as2, kNextHop, hex("c0 12 06 fd e9 c0 00 02 01")})),
       two_octet(), A::kAttributeDiscard, S::kAttributeLengthError, hex("c0 12 06 fd e9 c0 00 02 01")},
      // RFC 4271 §6.3 / §5: unknown attributes
      {"UnknownWellKnownAttributeResetsSession", with_base(hex("40 63 01 00")), ebgp(), A::kSessionReset,
       S::kUnrecognizedWellKnownAttribute, hex("40 63 01 00")},
      {"UnknownOptionalNonTransitiveAttributeIsIgnored", with_base(hex("80 63 01 00")), ebgp(), A::kNone},
      {"UnknownOptionalTransitiveAttributeIsAccepted", with_base(hex("c0 63 01 00")), ebgp(), A::kNone},
      // §3 (g) duplicates
      {"RepeatedMedKeepsFirstAndDiscardsRest", with_base(hex("80 04 04 00 00 00 01 80 04 04 00 00 00 02")), ebgp(),
       A::kAttributeDiscard, S::kMalformedAttributeList, hex("80 04 04 00 00 00 02")},
      {"RepeatedMpReachResetsSession", update_body({}, concat({kMpReachV6, kOrigin, kAsPath, kMpReachV6}), {}),
       ebgp(), A::kSessionReset, S::kMalformedAttributeList, ByteVec{}},
      {"RepeatedMpUnreachResetsSession", update_body({}, concat({kMpUnreachV6, kMpUnreachV6}), {}), ebgp(),
       A::kSessionReset, S::kMalformedAttributeList, ByteVec{}},
      // §4 attribute length overrunning the attribute field
      {"AttributeOverrunningFieldIsTreatAsWithdraw", with_base(hex("c0 08 08 00 00 00 01")), ebgp(),
       A::kTreatAsWithdraw, S::kMalformedAttributeList, ByteVec{}},
      {"TruncatedAttributeHeaderIsTreatAsWithdraw", with_base(hex("c0")), ebgp(), A::kTreatAsWithdraw,
       S::kMalformedAttributeList, ByteVec{}},
      // §3 (d) missing well-known mandatory attributes; data = the type code
      {"MissingOriginIsTreatAsWithdraw", announce(concat({kAsPath, kNextHop})), ebgp(), A::kTreatAsWithdraw,
       S::kMissingWellKnownAttribute, hex("01")},
      {"MissingAsPathIsTreatAsWithdraw", announce(concat({kOrigin, kNextHop})), ebgp(), A::kTreatAsWithdraw,
       S::kMissingWellKnownAttribute, hex("02")},
      {"MissingNextHopIsTreatAsWithdraw", announce(concat({kOrigin, kAsPath})), ebgp(), A::kTreatAsWithdraw,
       S::kMissingWellKnownAttribute, hex("03")},
      // RFC 4271 §5.1.5: LOCAL_PREF is mandatory from internal peers only
      {"MissingLocalPrefFromInternalPeerIsTreatAsWithdraw", with_base({}), ibgp_session(), A::kTreatAsWithdraw,
       S::kMissingWellKnownAttribute, hex("05")},
      {"MpReachWithoutLocalPrefFromInternalPeerIsTreatAsWithdraw",
       update_body({}, concat({kMpReachV6, kOrigin, kAsPath}), {}), ibgp_session(), A::kTreatAsWithdraw,
       S::kMissingWellKnownAttribute, hex("05")},
      {"MissingLocalPrefFromExternalPeerIsValid", with_base({}), ebgp(), A::kNone},
      {"MissingLocalPrefInMrtRecordIsKept", with_base({}), ibgp(), A::kNone},
      {"LocalPrefFromInternalPeerIsValid", with_base(kLocalPref), ibgp_session(), A::kNone},
      {"WithdrawalFromInternalPeerNeedsNoLocalPref", update_body(kNlri, {}, {}), ibgp_session(), A::kNone},
      {"MissingOriginFromInternalPeerIsReportedBeforeLocalPref", announce(concat({kAsPath, kNextHop})), ibgp_session(),
       A::kTreatAsWithdraw, S::kMissingWellKnownAttribute, hex("01")},
      {"MpReachWithoutNextHopAttributeIsValid", update_body({}, concat({kMpReachV6, kOrigin, kAsPath}), {}), ebgp(),
       A::kNone},
      {"MpReachWithoutOriginIsTreatAsWithdraw", update_body({}, concat({kMpReachV6, kAsPath}), {}), ebgp(),
       A::kTreatAsWithdraw, S::kMissingWellKnownAttribute, hex("01")},
      {"WithdrawalOnlyNeedsNoAttributes", update_body(kNlri, {}, {}), ebgp(), A::kNone},
      // §5.3 prefix fields that cannot be parsed reset the session (Invalid Network Field, no data)
      {"NlriPrefixLongerThan32BitsResetsSession", update_body({}, concat({kOrigin, kAsPath, kNextHop}),
                                                              hex("21 0a 00 00 00 00")),
       ebgp(), A::kSessionReset, S::kInvalidNetworkField, ByteVec{}},
      {"NlriTruncatedPrefixResetsSession", update_body({}, concat({kOrigin, kAsPath, kNextHop}), hex("18 0a 00")),
       ebgp(), A::kSessionReset, S::kInvalidNetworkField, ByteVec{}},
      {"WithdrawnTruncatedPrefixResetsSession", update_body(hex("18 0a"), {}, {}), ebgp(), A::kSessionReset,
       S::kInvalidNetworkField, ByteVec{}},
      // RFC 4271 §6.3: section lengths overrunning the message
      {"WithdrawnLengthOverrunResetsSession", hex("00 05 18 0a"), ebgp(), A::kSessionReset,
       S::kMalformedAttributeList, ByteVec{}},
      {"TotalAttributeLengthOverrunResetsSession", hex("00 00 00 30 40 01 01 00"), ebgp(), A::kSessionReset,
       S::kMalformedAttributeList, ByteVec{}},
      {"BodyShorterThanLengthFieldsResetsSession", hex("00"), ebgp(), A::kSessionReset, S::kMalformedAttributeList,
       ByteVec{}},
      // §7.11 / §5.3 MP_REACH / MP_UNREACH: AFI/SAFI disable when the family is known
      {"MpReachNextHopLengthFiveDisablesFamily",
       update_body({}, concat({hex("80 0e 0b 00 02 01 05 01 02 03 04 05 00 00"), kOrigin, kAsPath}), {}), ebgp(),
       A::kAfiSafiDisable, S::kOptionalAttributeError, hex("80 0e 0b 00 02 01 05 01 02 03 04 05 00 00")},
      // §7.11 / RFC 4760 §3: the next-hop length must fit the AFI (IPv6: 16 or
      // 32; IPv4: 4, or 16/32 only with RFC 8950 negotiated)
      {"MpReachIpv6WithFourOctetNextHopDisablesFamily",
       update_body({}, concat({hex("80 0e 0e 00 02 01 04 c0 00 02 01 00 20 20 01 0d b8"), kOrigin, kAsPath}), {}),
       ebgp(), A::kAfiSafiDisable, S::kOptionalAttributeError,
       hex("80 0e 0e 00 02 01 04 c0 00 02 01 00 20 20 01 0d b8")},
      {"MpReachIpv4WithSixteenOctetNextHopWithoutRfc8950DisablesFamily",
       update_body({}, concat({hex("80 0e 19 00 01 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 18 0a 00 00"),
                               kOrigin, kAsPath}),
                   {}),
       ebgp(), A::kAfiSafiDisable, S::kOptionalAttributeError,
       hex("80 0e 19 00 01 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 18 0a 00 00")},
      {"MpReachIpv4WithSixteenOctetNextHopUnderRfc8950IsValid",
       update_body({}, concat({hex("80 0e 19 00 01 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 18 0a 00 00"),
                               kOrigin, kAsPath}),
                   {}),
       extended_next_hop(), A::kNone},
      {"MpReachIpv4WithFourOctetNextHopIsValid",
       update_body({}, concat({hex("80 0e 0d 00 01 01 04 c0 00 02 01 00 18 0a 00 00"), kOrigin, kAsPath}), {}), ebgp(),
       A::kNone},
      {"MpReachIpv6WithThirtyTwoOctetNextHopIsValid",
       update_body({}, concat({hex("80 0e 2a 00 02 01 20 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"
                                   " fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 20 20 01 0d b8"),
                               kOrigin, kAsPath}),
                   {}),
       ebgp(), A::kNone},
      // §7.3: NEXT_HOP is an IPv4 address; 16 octets is a length error
      {"NextHopLengthSixteenIsTreatAsWithdraw",
       announce(concat({kOrigin, kAsPath, hex("40 03 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01")})), ebgp(),
       A::kTreatAsWithdraw, S::kAttributeLengthError,
       hex("40 03 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01")},
      {"MpReachPrefixLongerThan128BitsDisablesFamily",
       update_body({}, concat({hex("80 0e 16 00 02 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 81"),
                               kOrigin, kAsPath}),
                   {}),
       ebgp(), A::kAfiSafiDisable, S::kOptionalAttributeError,
       hex("80 0e 16 00 02 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 81")},
      {"MpReachTooShortToNameFamilyResetsSession", update_body({}, hex("80 0e 02 00 02"), {}), ebgp(),
       A::kSessionReset, S::kOptionalAttributeError, hex("80 0e 02 00 02")},
      {"MpUnreachMalformedPrefixDisablesFamily", update_body({}, hex("80 0f 05 00 02 01 81 20"), {}), ebgp(),
       A::kAfiSafiDisable, S::kOptionalAttributeError, hex("80 0f 05 00 02 01 81 20")},
      {"MpReachMarkedTransitiveDisablesFamily",
       update_body({}, concat({hex("c0 0e 1a 00 02 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 20 20 01 0d b8"),
                               kOrigin, kAsPath}),
                   {}),
       ebgp(), A::kAfiSafiDisable, S::kAttributeFlagsError,
       hex("c0 0e 1a 00 02 01 10 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 00 20 20 01 0d b8")},
      {"MpReachUnsupportedFamilyIsIgnored", update_body({}, concat({hex("80 0e 09 00 19 46 04 01 02 03 04 00"), kOrigin}), {}),
       ebgp(), A::kNone},
      // §3 (j): the most severe action wins, and its NOTIFICATION is the one kept
      {"WorstActionWins", with_base(concat({hex("40 06 01 00"), hex("80 04 03 00 00 01"), hex("40 63 01 00")})), ebgp(),
       A::kSessionReset, S::kUnrecognizedWellKnownAttribute, hex("40 63 01 00")},
  };
}

class Rfc7606 : public ::testing::TestWithParam<Case> {};

TEST_P(Rfc7606, MalformationGetsPrescribedAction) {
  const Case& c = GetParam();
  const DecodedUpdate u = decode_update(c.body, c.ctx);
  EXPECT_EQ(error_action_name(u.action), error_action_name(c.action)) << u.error_reason;
  if (c.subcode) {
    EXPECT_EQ(u.notification.code, NotifyCode::kUpdateMessage);
    EXPECT_EQ(u.notification.subcode, static_cast<std::uint8_t>(*c.subcode)) << u.error_reason;
  }
  if (c.data) {
    EXPECT_EQ(to_hex(u.notification.data), to_hex(*c.data));
  }
  if (c.action != ErrorAction::kNone) {
    EXPECT_FALSE(u.error_reason.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Rules, Rfc7606, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) { return param_info.param.name; });

TEST(Rfc7606Effects, DiscardedAttributeIsAbsentAndRecorded) {
  const auto body = with_base(hex("40 06 01 00 c0 07 06 fd e9 c0 00 02 01"));
  const DecodedUpdate u = decode_update(body, ebgp());
  EXPECT_FALSE(u.atomic_aggregate);
  EXPECT_FALSE(u.aggregator);
  EXPECT_TRUE(u.discarded.contains(AttrType::kAtomicAggregate));
  EXPECT_TRUE(u.discarded.contains(AttrType::kAggregator));
  EXPECT_EQ(u.origin, Origin::kIgp);  // the rest of the UPDATE is intact
}

TEST(Rfc7606Effects, RepeatedAttributeKeepsFirstValue) {
  const ByteVec u_body = with_base(hex("80 04 04 00 00 00 01 80 04 04 00 00 00 02"));
  const DecodedUpdate u = decode_update(u_body, ebgp());
  EXPECT_EQ(u.med, 1u);
  EXPECT_FALSE(u.discarded.contains(AttrType::kMed));
}

TEST(Rfc7606Effects, LocalPrefFromExternalPeerIsDropped) {
  const ByteVec u_body = with_base(hex("40 05 04 00 00 00 64"));
  const DecodedUpdate u = decode_update(u_body, ebgp());
  EXPECT_FALSE(u.local_pref);
  EXPECT_TRUE(u.discarded.contains(AttrType::kLocalPref));
  const ByteVec i_body = with_base(hex("40 05 04 00 00 00 64"));
  const DecodedUpdate i = decode_update(i_body, ibgp());
  EXPECT_EQ(i.local_pref, 100u);
}

TEST(Rfc7606Effects, AfiSafiDisableNamesTheFamily) {
  const auto body = update_body({}, hex("80 0f 05 00 02 01 81 20"), {});
  const DecodedUpdate u = decode_update(body, ebgp());
  EXPECT_EQ(u.error_family, kIpv6Unicast);
  EXPECT_EQ(u.error_attribute, static_cast<std::uint8_t>(AttrType::kMpUnreachNlri));
  EXPECT_FALSE(u.mp_unreach);
}

TEST(Rfc7606Effects, TreatAsWithdrawStillExposesPrefixesToWithdraw) {
  const ByteVec u_body = announce(concat({kAsPath, kNextHop}));
  const DecodedUpdate u = decode_update(u_body, ebgp());
  ASSERT_EQ(u.action, ErrorAction::kTreatAsWithdraw);
  std::vector<std::string> prefixes;
  for (const auto& e : u.nlri) prefixes.push_back(e.prefix.to_string());
  EXPECT_EQ(prefixes, std::vector<std::string>{"10.0.0.0/24"});
}

}  // namespace
}  // namespace bgp

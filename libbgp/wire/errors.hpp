#pragma once
// The error vocabulary of the codec: NOTIFICATION codes (RFC 4271 §4.5 and
// later registrations) and the RFC 7606 ordered error actions. Every decode
// error maps to one Notification in one place (notification_for()).
#include <cstdint>
#include <span>
#include <string_view>

namespace bgp {

enum class NotifyCode : std::uint8_t {
  kMessageHeader = 1,
  kOpenMessage = 2,
  kUpdateMessage = 3,
  kHoldTimerExpired = 4,
  kFsm = 5,
  kCease = 6,
  kRouteRefresh = 7,  // RFC 7313
};

// RFC 4271 §6.1
enum class HeaderSubcode : std::uint8_t { kConnectionNotSynchronized = 1, kBadMessageLength = 2, kBadMessageType = 3 };
// RFC 4271 §6.2, RFC 9234 (role mismatch)
enum class OpenSubcode : std::uint8_t {
  kUnsupportedVersion = 1,
  kBadPeerAs = 2,
  kBadBgpIdentifier = 3,
  kUnsupportedOptionalParameter = 4,
  kUnacceptableHoldTime = 6,
  kUnsupportedCapability = 7,  // RFC 5492
  kRoleMismatch = 11,          // RFC 9234
};
// RFC 4271 §6.3
enum class UpdateSubcode : std::uint8_t {
  kMalformedAttributeList = 1,
  kUnrecognizedWellKnownAttribute = 2,
  kMissingWellKnownAttribute = 3,
  kAttributeFlagsError = 4,
  kAttributeLengthError = 5,
  kInvalidOriginAttribute = 6,
  kInvalidNextHopAttribute = 8,
  kOptionalAttributeError = 9,
  kInvalidNetworkField = 10,
  kMalformedAsPath = 11,
};
// RFC 6608
enum class FsmSubcode : std::uint8_t {
  kUnspecified = 0,
  kUnexpectedInOpenSent = 1,
  kUnexpectedInOpenConfirm = 2,
  kUnexpectedInEstablished = 3,
};
// RFC 4486, RFC 8203/9003
enum class CeaseSubcode : std::uint8_t {
  kMaxPrefixesReached = 1,
  kAdministrativeShutdown = 2,
  kPeerDeconfigured = 3,
  kAdministrativeReset = 4,
  kConnectionRejected = 5,
  kOtherConfigurationChange = 6,
  kConnectionCollisionResolution = 7,
  kOutOfResources = 8,
  kHardReset = 9,  // RFC 8538
  kBfdDown = 10,   // RFC 9384
};
// RFC 7313 §5
enum class RouteRefreshSubcode : std::uint8_t { kInvalidMessageLength = 1 };

// A NOTIFICATION to send: data is a view (into the offending message) that must
// stay valid until encoded.
struct Notification {
  NotifyCode code = NotifyCode::kCease;
  std::uint8_t subcode = 0;
  std::span<const std::byte> data{};
};

std::string_view notify_code_name(NotifyCode code);
std::string_view notify_subcode_name(NotifyCode code, std::uint8_t subcode);

// RFC 7606 §2: what to do with an UPDATE that has an error, ordered by
// severity; when several errors are found the most severe one wins (§3 (j)).
enum class ErrorAction : std::uint8_t {
  kNone = 0,
  kAttributeDiscard = 1,  // drop the attribute, keep the route (§2)
  kTreatAsWithdraw = 2,   // every NLRI in the UPDATE is withdrawn (§2)
  kAfiSafiDisable = 3,    // RFC 4760 §7: disable the family for the session
  kSessionReset = 4,      // RFC 4271: NOTIFICATION and close
};
constexpr ErrorAction worst(ErrorAction a, ErrorAction b) { return a > b ? a : b; }
std::string_view error_action_name(ErrorAction a);

}  // namespace bgp

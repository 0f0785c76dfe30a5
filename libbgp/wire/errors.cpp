#include "libbgp/wire/errors.hpp"

namespace bgp {

std::string_view notify_code_name(NotifyCode code) {
  switch (code) {
    case NotifyCode::kMessageHeader: return "Message Header Error";
    case NotifyCode::kOpenMessage: return "OPEN Message Error";
    case NotifyCode::kUpdateMessage: return "UPDATE Message Error";
    case NotifyCode::kHoldTimerExpired: return "Hold Timer Expired";
    case NotifyCode::kFsm: return "Finite State Machine Error";
    case NotifyCode::kCease: return "Cease";
    case NotifyCode::kRouteRefresh: return "ROUTE-REFRESH Message Error";
  }
  return "Unknown";
}

std::string_view notify_subcode_name(NotifyCode code, std::uint8_t subcode) {
  switch (code) {
    case NotifyCode::kMessageHeader:
      switch (subcode) {
        case 1: return "Connection Not Synchronized";
        case 2: return "Bad Message Length";
        case 3: return "Bad Message Type";
      }
      break;
    case NotifyCode::kOpenMessage:
      switch (subcode) {
        case 1: return "Unsupported Version Number";
        case 2: return "Bad Peer AS";
        case 3: return "Bad BGP Identifier";
        case 4: return "Unsupported Optional Parameter";
        case 6: return "Unacceptable Hold Time";
        case 7: return "Unsupported Capability";
        case 11: return "Role Mismatch";
      }
      break;
    case NotifyCode::kUpdateMessage:
      switch (subcode) {
        case 1: return "Malformed Attribute List";
        case 2: return "Unrecognized Well-known Attribute";
        case 3: return "Missing Well-known Attribute";
        case 4: return "Attribute Flags Error";
        case 5: return "Attribute Length Error";
        case 6: return "Invalid ORIGIN Attribute";
        case 8: return "Invalid NEXT_HOP Attribute";
        case 9: return "Optional Attribute Error";
        case 10: return "Invalid Network Field";
        case 11: return "Malformed AS_PATH";
      }
      break;
    case NotifyCode::kHoldTimerExpired: return "";
    case NotifyCode::kFsm:
      switch (subcode) {
        case 0: return "Unspecified Error";
        case 1: return "Unexpected Message in OpenSent";
        case 2: return "Unexpected Message in OpenConfirm";
        case 3: return "Unexpected Message in Established";
      }
      break;
    case NotifyCode::kCease:
      switch (subcode) {
        case 1: return "Maximum Number of Prefixes Reached";
        case 2: return "Administrative Shutdown";
        case 3: return "Peer De-configured";
        case 4: return "Administrative Reset";
        case 5: return "Connection Rejected";
        case 6: return "Other Configuration Change";
        case 7: return "Connection Collision Resolution";
        case 8: return "Out of Resources";
        case 9: return "Hard Reset";
        case 10: return "BFD Down";
      }
      break;
    case NotifyCode::kRouteRefresh:
      if (subcode == 1) return "Invalid Message Length";
      break;
  }
  return "Unknown Subcode";
}

std::string_view error_action_name(ErrorAction a) {
  switch (a) {
    case ErrorAction::kNone: return "none";
    case ErrorAction::kAttributeDiscard: return "attribute-discard";
    case ErrorAction::kTreatAsWithdraw: return "treat-as-withdraw";
    case ErrorAction::kAfiSafiDisable: return "afi-safi-disable";
    case ErrorAction::kSessionReset: return "session-reset";
  }
  return "unknown";
}

}  // namespace bgp

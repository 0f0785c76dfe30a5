#include "libbgp/bfd/packet.hpp"

namespace bgp::bfd {

std::string_view state_name(State s) {
  switch (s) {
    case State::kAdminDown: return "AdminDown";
    case State::kDown: return "Down";
    case State::kInit: return "Init";
    case State::kUp: return "Up";
  }
  return "Unknown";
}

std::string_view diag_name(Diag d) {
  switch (d) {
    case Diag::kNone: return "No Diagnostic";
    case Diag::kControlDetectionTimeExpired: return "Control Detection Time Expired";
    case Diag::kEchoFunctionFailed: return "Echo Function Failed";
    case Diag::kNeighborSignaledSessionDown: return "Neighbor Signaled Session Down";
    case Diag::kForwardingPlaneReset: return "Forwarding Plane Reset";
    case Diag::kPathDown: return "Path Down";
    case Diag::kConcatenatedPathDown: return "Concatenated Path Down";
    case Diag::kAdministrativelyDown: return "Administratively Down";
    case Diag::kReverseConcatenatedPathDown: return "Reverse Concatenated Path Down";
  }
  return "Reserved";
}

std::string_view decode_error_name(DecodeError e) {
  switch (e) {
    case DecodeError::kNone: return "none";
    case DecodeError::kTruncated: return "shorter than 24 bytes";
    case DecodeError::kBadVersion: return "version is not 1";
    case DecodeError::kLengthTooSmall: return "Length below the minimum";
    case DecodeError::kLengthExceedsPayload: return "Length exceeds the datagram";
    case DecodeError::kZeroDetectMult: return "Detect Mult is zero";
    case DecodeError::kMultipoint: return "Multipoint bit set";
    case DecodeError::kZeroMyDiscriminator: return "My Discriminator is zero";
    case DecodeError::kZeroYourDiscriminator: return "Your Discriminator is zero outside Down/AdminDown";
    case DecodeError::kAuthenticationNotInUse: return "authentication present but not in use";
  }
  return "unknown";
}

}  // namespace bgp::bfd

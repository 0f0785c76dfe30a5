#pragma once
// BGP capabilities (RFC 5492) carried in OPEN: the raw view, typed decoders of
// each capability bgpd understands, and the encoder of one capability. Views
// point into the OPEN message; nothing here allocates.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/byte_reader.hpp"
#include "libbgp/wire/byte_writer.hpp"

namespace bgp {

// IANA "Capability Codes".
enum class CapabilityCode : std::uint8_t {
  kMultiprotocol = 1,          // RFC 4760 §8
  kRouteRefresh = 2,           // RFC 2918
  kExtendedMessage = 6,        // RFC 8654
  kRole = 9,                   // RFC 9234
  kGracefulRestart = 64,       // RFC 4724
  kFourOctetAs = 65,           // RFC 6793
  kAddPath = 69,               // RFC 7911
  kEnhancedRouteRefresh = 70,  // RFC 7313
  kLongLivedGracefulRestart = 71,  // RFC 9494; kept raw
  kFqdn = 73,                  // draft-walton-bgp-hostname-capability
  kRouteRefreshCisco = 128,    // pre-standard route refresh, same meaning as 2
};
std::string_view capability_name(std::uint8_t code);  // "multiprotocol", ...; "unknown"

// One capability TLV (RFC 5492 §4): code, then `value` (length bytes).
// `whole` is the TLV including code and length, for NOTIFICATION data.
struct CapabilityView {
  std::uint8_t code = 0;
  Bytes value{};
  Bytes whole{};
};

// Builds the Family of an (AFI, SAFI) pair as found on the wire; unknown
// values are kept (Afi/Safi are plain enums over the wire integers).
constexpr Family make_family(std::uint16_t afi, std::uint8_t safi) {
  return Family{static_cast<Afi>(afi), static_cast<Safi>(safi)};
}

// --- typed decoders: nullopt when the value has the wrong length/shape ---

// RFC 4760 §8: AFI (2), reserved (1), SAFI (1).
std::optional<Family> decode_multiprotocol(Bytes value);

// RFC 6793 §3: the speaker's 4-octet AS number.
std::optional<std::uint32_t> decode_four_octet_as(Bytes value);

// RFC 9234 §4.1: one octet.
enum class BgpRole : std::uint8_t { kProvider = 0, kRouteServer = 1, kRouteServerClient = 2, kCustomer = 3, kPeer = 4 };
std::string_view role_name(BgpRole r);
std::optional<BgpRole> decode_role(Bytes value);  // any octet value is returned; unknown roles are the caller's call

// RFC 4724 §3: restart flags (R = restarting, N = notification support,
// RFC 8538), 12-bit restart time, then (AFI, SAFI, flags) per family with the
// F bit (forwarding state preserved).
struct GracefulRestartFamily {
  Family family{};
  bool forwarding_preserved = false;
  friend bool operator==(const GracefulRestartFamily&, const GracefulRestartFamily&) = default;
};
class GracefulRestartCapability {
 public:
  static constexpr std::uint8_t kRestartFlag = 0x8;       // R
  static constexpr std::uint8_t kNotificationFlag = 0x4;  // N (RFC 8538)
  static constexpr std::uint8_t kForwardingFlag = 0x80;   // per-family F

  static std::optional<GracefulRestartCapability> decode(Bytes value);
  static std::optional<GracefulRestartCapability> decode(std::vector<std::byte>&&) = delete;  // would dangle
  std::uint8_t flags() const { return flags_; }  // the 4 high bits, shifted down
  bool restarting() const { return flags_ & kRestartFlag; }
  bool notification() const { return flags_ & kNotificationFlag; }
  std::uint16_t restart_time() const { return restart_time_; }
  std::size_t family_count() const { return entries_.size() / 4; }
  GracefulRestartFamily family(std::size_t i) const;

 private:
  std::uint8_t flags_ = 0;
  std::uint16_t restart_time_ = 0;
  Bytes entries_{};
};

// RFC 7911 §4: (AFI, SAFI, Send/Receive) per family.
enum class AddPathMode : std::uint8_t { kNone = 0, kReceive = 1, kSend = 2, kBoth = 3 };
constexpr bool can_receive(AddPathMode m) { return static_cast<std::uint8_t>(m) & 1; }
constexpr bool can_send(AddPathMode m) { return static_cast<std::uint8_t>(m) & 2; }
struct AddPathFamily {
  Family family{};
  AddPathMode mode = AddPathMode::kNone;
  friend bool operator==(const AddPathFamily&, const AddPathFamily&) = default;
};
class AddPathCapability {
 public:
  // nullopt when the length is not a multiple of 4 or a mode is not 1..3 (RFC 7911 §4).
  static std::optional<AddPathCapability> decode(Bytes value);
  static std::optional<AddPathCapability> decode(std::vector<std::byte>&&) = delete;  // would dangle
  std::size_t family_count() const { return entries_.size() / 4; }
  AddPathFamily family(std::size_t i) const;

 private:
  Bytes entries_{};
};

// FQDN capability: hostname length + hostname, domain length + domain.
struct FqdnCapability {
  std::string_view hostname;
  std::string_view domain;
};
std::optional<FqdnCapability> decode_fqdn(Bytes value);
std::optional<FqdnCapability> decode_fqdn(std::vector<std::byte>&&) = delete;  // the text would dangle

// --- encoders: write one capability TLV; false (writer failed) when it does not fit ---
bool write_capability(ByteWriter& w, std::uint8_t code, Bytes value);
bool write_multiprotocol(ByteWriter& w, Family f);
bool write_empty_capability(ByteWriter& w, CapabilityCode code);  // route refresh, extended message, enhanced RR
bool write_four_octet_as(ByteWriter& w, std::uint32_t asn);
bool write_role(ByteWriter& w, BgpRole role);
bool write_graceful_restart(ByteWriter& w, std::uint8_t flags, std::uint16_t restart_time,
                            std::span<const GracefulRestartFamily> families);
bool write_add_path(ByteWriter& w, std::span<const AddPathFamily> families);
bool write_fqdn(ByteWriter& w, std::string_view hostname, std::string_view domain);  // each <= 255 bytes

}  // namespace bgp

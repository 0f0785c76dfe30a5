#pragma once
// OPEN (RFC 4271 §4.2, §6.2) with optional parameters (RFC 5492 capabilities,
// RFC 9072 extended optional parameters length): a zero-copy view, lazy
// iteration over parameters and capabilities, the summary of what the peer
// advertised, the RFC 4271 §6.2 checks, and the encoder.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "libbgp/wire/capability.hpp"
#include "libbgp/wire/message.hpp"

namespace bgp {

inline constexpr std::uint8_t kBgpVersion = 4;
inline constexpr std::uint8_t kCapabilitiesParameter = 2;  // RFC 5492 §4
// RFC 9072 §2: "Non-Ext OP Type" value marking the extended form.
inline constexpr std::uint8_t kExtendedParametersMarker = 255;
// OPEN subcode 0 (RFC 4271 §4.5 "Unspecific"), used for malformed optional
// parameters as RFC 9072 §3 prescribes.
inline constexpr std::uint8_t kOpenUnspecific = 0;

// One optional parameter: type and value (RFC 4271 §4.2, RFC 9072 §2).
struct OptionalParameterView {
  std::uint8_t type = 0;
  Bytes value{};
};

// Lazily walks the optional parameters field. Valid only over a field that
// OpenView::parse accepted (it stops at the first parameter that does not fit).
class ParameterRange {
 public:
  class iterator {
   public:
    using value_type = OptionalParameterView;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(Bytes field, bool extended) : reader_(field), extended_(extended), done_(false) { advance(); }
    const OptionalParameterView& operator*() const { return current_; }
    const OptionalParameterView* operator->() const { return &current_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    iterator operator++(int) {
      auto copy = *this;
      advance();
      return copy;
    }
    friend bool operator==(const iterator& a, const iterator& b) {
      return a.done_ == b.done_ && (a.done_ || a.reader_.position() == b.reader_.position());
    }

   private:
    void advance();
    ByteReader reader_{};
    OptionalParameterView current_{};
    bool extended_ = false;
    bool done_ = true;
  };
  ParameterRange() = default;
  ParameterRange(Bytes field, bool extended) : field_(field), extended_(extended) {}
  iterator begin() const { return iterator(field_, extended_); }
  iterator end() const { return iterator(); }

 private:
  Bytes field_{};
  bool extended_ = false;
};

// Lazily yields every capability of every Capabilities parameter, in order
// (a parameter may hold several capabilities, and there may be several
// parameters; RFC 5492 §4). Other parameter types are skipped.
class CapabilityRange {
 public:
  class iterator {
   public:
    using value_type = CapabilityView;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(ParameterRange::iterator param, ParameterRange::iterator end) : param_(param), end_(end), done_(false) {
      enter_parameter();
    }
    const CapabilityView& operator*() const { return current_; }
    const CapabilityView* operator->() const { return &current_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    iterator operator++(int) {
      auto copy = *this;
      advance();
      return copy;
    }
    friend bool operator==(const iterator& a, const iterator& b) {
      return a.done_ == b.done_ && (a.done_ || a.current_.whole.data() == b.current_.whole.data());
    }

   private:
    void enter_parameter();
    void advance();
    ParameterRange::iterator param_{};
    ParameterRange::iterator end_{};
    ByteReader caps_{};
    CapabilityView current_{};
    bool done_ = true;
  };
  CapabilityRange() = default;
  explicit CapabilityRange(ParameterRange params) : params_(params) {}
  iterator begin() const { return iterator(params_.begin(), params_.end()); }
  iterator end() const { return iterator(); }

 private:
  ParameterRange params_{};
};

// A decoded OPEN body (after the 19-byte header).
class OpenView {
 public:
  // Checks the structure: version 4 (else 2/1 with data = 2-octet highest
  // supported version, RFC 4271 §6.2, as the rest of the layout is
  // version-specific), a 10-octet fixed part, optional parameter lengths
  // that add up exactly, every capability TLV inside its parameter
  // (else 2/0 Unspecific, RFC 9072 §3). Field values are judged by validate_open().
  static Decoded<OpenView> parse(Bytes body) noexcept;
  static Decoded<OpenView> parse(std::vector<std::byte>&& body) = delete;  // the view would dangle

  std::uint8_t version() const { return static_cast<std::uint8_t>(body_[0]); }
  std::uint16_t my_as() const { return load_u16(body_, 1); }
  std::uint16_t hold_time() const { return load_u16(body_, 3); }
  std::uint32_t bgp_identifier() const { return load_u32(body_, 5); }
  bool extended_parameters() const { return extended_; }  // RFC 9072 form was used
  Bytes parameters_field() const { return params_; }
  ParameterRange parameters() const { return {params_, extended_}; }
  CapabilityRange capabilities() const { return CapabilityRange(parameters()); }
  Bytes body() const { return body_; }

 private:
  Bytes body_{};
  Bytes params_{};
  bool extended_ = false;
};

// What a speaker advertises in OPEN, as values that outlive the message.
// Used both for the peer's OPEN (summarize_capabilities) and for our own
// (encode_open). Built once per session, so it may allocate.
struct GracefulRestartInfo {
  std::uint8_t flags = 0;  // GracefulRestartCapability::kRestartFlag | kNotificationFlag
  std::uint16_t restart_time = 0;
  std::vector<GracefulRestartFamily> families;
  bool restarting() const { return flags & GracefulRestartCapability::kRestartFlag; }
  bool forwarding_preserved(Family f) const;
  friend bool operator==(const GracefulRestartInfo&, const GracefulRestartInfo&) = default;
};
struct RawCapability {
  std::uint8_t code = 0;
  std::vector<std::byte> value;
  friend bool operator==(const RawCapability&, const RawCapability&) = default;
};
struct PeerCapabilities {
  std::optional<std::uint32_t> four_octet_as;  // RFC 6793 capability value
  std::vector<Family> families;                // Multiprotocol capabilities, in order
  bool route_refresh = false;                  // code 2 (or 128)
  bool enhanced_route_refresh = false;
  bool extended_message = false;
  std::optional<GracefulRestartInfo> graceful_restart;
  std::vector<AddPathFamily> add_path;
  std::optional<BgpRole> role;
  std::optional<std::string> hostname;  // FQDN capability
  std::string domain;
  std::vector<RawCapability> other;  // long-lived GR and unknown codes, kept raw

  // RFC 4760 §8 / RFC 4271: a speaker without Multiprotocol capabilities
  // supports IPv4 unicast only.
  std::vector<Family> effective_families() const;
  bool supports(Family f) const;
  AddPathMode add_path_mode(Family f) const;
  friend bool operator==(const PeerCapabilities&, const PeerCapabilities&) = default;
};

// The AS a speaker really has: the 4-octet capability's value when present
// (RFC 6793 §4.1: the 2-octet field then carries AS_TRANS or the same AS),
// else the 2-octet My Autonomous System field.
std::uint32_t real_peer_as(const OpenView& open, const PeerCapabilities& caps);

// Summarizes every capability. A malformed Multiprotocol, 4-octet AS,
// graceful restart, ADD-PATH or role capability gives 2/0 Unspecific with the
// capability TLV as data; Role capabilities that disagree give 2/11 Role
// Mismatch (RFC 9234 §4.2); a malformed FQDN capability (informational only) is ignored.
Decoded<PeerCapabilities> summarize_capabilities(const OpenView& open);

// What we expect of the peer's OPEN (RFC 4271 §6.2).
struct OpenExpectations {
  std::uint32_t local_as = 0;
  std::uint32_t local_bgp_identifier = 0;
  std::optional<std::uint32_t> peer_as;  // nullopt accepts any AS except 0
  bool ibgp() const { return peer_as && *peer_as == local_as; }
};

// Checks the field values of a parsed OPEN in the order of RFC 4271 §6.2:
//  - optional parameter other than Capabilities       -> 2/4 Unsupported Optional Parameter
//  - real AS (see real_peer_as) 0 (RFC 7607) or not the expected one,
//    or a 2-octet field that is neither AS_TRANS nor (for a small AS) the AS itself
//                                                        -> 2/2 Bad Peer AS
//  - hold time 1 or 2 seconds                          -> 2/6 Unacceptable Hold Time
//  - BGP Identifier 0, or (iBGP) equal to ours (RFC 6286 §2.2) -> 2/3 Bad BGP Identifier
// Returns nullopt when acceptable. (Version was checked by parse.)
std::optional<Notification> validate_open(const OpenView& open, const PeerCapabilities& caps,
                                          const OpenExpectations& expect);

// Our OPEN. `my_as` > 65535 is sent as AS_TRANS in the 2-octet field with the
// real AS in the 4-octet capability (RFC 6793 §4.1); capabilities.four_octet_as
// is written when set (or forced by such an AS). Capabilities are written in
// code order (multiprotocol per family, route refresh, extended message, role,
// graceful restart, 4-octet AS, ADD-PATH, enhanced route refresh, FQDN), then
// `capabilities.other` verbatim, all in one Capabilities parameter as GoBGP does.
struct OpenMessage {
  std::uint32_t my_as = 0;
  std::uint16_t hold_time = 90;
  std::uint32_t bgp_identifier = 0;
  PeerCapabilities capabilities;
};
// Writes the whole OPEN (header included). Uses the RFC 9072 extended form
// only when the optional parameters exceed 255 octets. Returns bytes written,
// or 0 when `out` is too small or the message would exceed 4096 octets.
std::size_t encode_open(MutableBytes out, const OpenMessage& open);
// The same with the capability TLVs given as bytes, in the caller's order
// (written with the write_* helpers of capability.hpp).
std::size_t encode_open_with_capabilities(MutableBytes out, std::uint32_t my_as, std::uint16_t hold_time,
                                          std::uint32_t bgp_identifier, Bytes capability_tlvs);

}  // namespace bgp

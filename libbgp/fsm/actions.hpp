#pragma once
// Effects of one FSM transition, as values. The daemon's session adapter
// executes them in order; the FSM itself performs no I/O.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "libbgp/wire/errors.hpp"

namespace bgp::fsm {

enum class ActionType : std::uint8_t {
  kStartConnectRetryTimer,  // (re)arm for `seconds`
  kStopConnectRetryTimer,
  kStartHoldTimer,          // (re)arm for `seconds` (never 0: a zero hold time emits kStopHoldTimer)
  kStopHoldTimer,
  kStartKeepaliveTimer,     // (re)arm for `seconds`; re-arm also whenever an UPDATE is sent (§8.2.2 Established)
  kStopKeepaliveTimer,
  kStartDelayOpenTimer,     // (re)arm for `seconds`
  kStopDelayOpenTimer,
  kStartIdleHoldTimer,      // back-off before the automatic restart; 0 s = post IdleHoldTimer_Expires at once
  kStopIdleHoldTimer,
  kStartStableTimer,        // on entering Established; its expiry resets the back-off
  kStopStableTimer,
  kInitiateTcpConnection,   // active open towards the peer (never emitted in passive mode)
  kDropTcpConnection,       // close this connection's socket
  kSendOpen,
  kSendKeepalive,
  kSendNotification,        // `notification` (then the adapter closes after flushing)
  kProcessUpdate,           // hand the UPDATE that caused Event 27 to the RIB
  kSessionEstablished,      // the session came up (start sending routes, count uptime)
  kSessionDown,             // left Established: withdraw/stale the peer's routes; `reason`, `notification`
  kReleaseResources,        // back to Idle: free per-connection state (buffers, capabilities)
};
std::string_view action_name(ActionType a);

// Why an Established session went down (kSessionDown), for logs and metrics.
enum class DownReason : std::uint8_t {
  kNone,
  kManualStop,             // operator (Event 2)
  kAutomaticStop,          // local policy such as max-prefix (Event 8)
  kHoldTimerExpired,       // Event 10: we sent Hold Timer Expired
  kNotificationReceived,   // Events 24/25: `notification` is what the peer sent
  kNotificationSent,       // Events 21/22/28: `notification` is what we sent
  kFsmError,               // an event not valid in Established; we sent an FSM Error
  kTcpConnectionFails,     // Event 18
  kCollision,              // Event 23 (CollisionDetectEstablishedState)
};
std::string_view down_reason_name(DownReason r);

struct Action {
  ActionType type = ActionType::kReleaseResources;
  std::uint32_t seconds = 0;          // timer actions
  Notification notification{};        // kSendNotification, kSessionDown (code/subcode)
  DownReason reason = DownReason::kNone;  // kSessionDown

  // Equality ignores the notification's data span (it is a view, not a value).
  friend bool operator==(const Action& a, const Action& b) {
    return a.type == b.type && a.seconds == b.seconds && a.reason == b.reason &&
           a.notification.code == b.notification.code && a.notification.subcode == b.notification.subcode;
  }
};

// A fixed-capacity list (no allocation on the FSM path). The longest
// transition emits 10 actions; the capacity leaves headroom.
class ActionList {
 public:
  static constexpr std::size_t kCapacity = 16;
  void push(const Action& a) {
    if (size_ < kCapacity) items_[size_++] = a;  // cannot overflow: transitions are bounded (tested)
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Action& operator[](std::size_t i) const { return items_[i]; }
  const Action* begin() const { return items_.data(); }
  const Action* end() const { return items_.data() + size_; }
  bool contains(ActionType t) const {
    for (const Action& a : *this) {
      if (a.type == t) return true;
    }
    return false;
  }

 private:
  std::array<Action, kCapacity> items_{};
  std::size_t size_ = 0;
};

}  // namespace bgp::fsm

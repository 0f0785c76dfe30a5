// Printable names of FSM states, events, actions and reasons (logs, bgpctl,
// metrics labels). Event names use the RFC 4271 §8.1 spelling.
#include "libbgp/fsm/actions.hpp"
#include "libbgp/fsm/events.hpp"

namespace bgp::fsm {

std::string_view state_name(State s) {
  switch (s) {
    case State::kIdle: return "Idle";
    case State::kConnect: return "Connect";
    case State::kActive: return "Active";
    case State::kOpenSent: return "OpenSent";
    case State::kOpenConfirm: return "OpenConfirm";
    case State::kEstablished: return "Established";
  }
  return "Unknown";
}

std::string_view event_name(EventType e) {
  switch (e) {
    case EventType::kManualStart: return "ManualStart";
    case EventType::kManualStop: return "ManualStop";
    case EventType::kAutomaticStart: return "AutomaticStart";
    case EventType::kManualStartWithPassiveTcpEstablishment: return "ManualStart_with_PassiveTcpEstablishment";
    case EventType::kAutomaticStartWithPassiveTcpEstablishment: return "AutomaticStart_with_PassiveTcpEstablishment";
    case EventType::kAutomaticStartWithDampPeerOscillations: return "AutomaticStart_with_DampPeerOscillations";
    case EventType::kAutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment:
      return "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment";
    case EventType::kAutomaticStop: return "AutomaticStop";
    case EventType::kConnectRetryTimerExpires: return "ConnectRetryTimer_Expires";
    case EventType::kHoldTimerExpires: return "HoldTimer_Expires";
    case EventType::kKeepaliveTimerExpires: return "KeepaliveTimer_Expires";
    case EventType::kDelayOpenTimerExpires: return "DelayOpenTimer_Expires";
    case EventType::kIdleHoldTimerExpires: return "IdleHoldTimer_Expires";
    case EventType::kTcpConnectionValid: return "TcpConnection_Valid";
    case EventType::kTcpCrInvalid: return "Tcp_CR_Invalid";
    case EventType::kTcpCrAcked: return "Tcp_CR_Acked";
    case EventType::kTcpConnectionConfirmed: return "TcpConnectionConfirmed";
    case EventType::kTcpConnectionFails: return "TcpConnectionFails";
    case EventType::kBgpOpen: return "BGPOpen";
    case EventType::kBgpOpenWithDelayOpenTimerRunning: return "BGPOpen with DelayOpenTimer running";
    case EventType::kBgpHeaderErr: return "BGPHeaderErr";
    case EventType::kBgpOpenMsgErr: return "BGPOpenMsgErr";
    case EventType::kOpenCollisionDump: return "OpenCollisionDump";
    case EventType::kNotifMsgVerErr: return "NotifMsgVerErr";
    case EventType::kNotifMsg: return "NotifMsg";
    case EventType::kKeepAliveMsg: return "KeepAliveMsg";
    case EventType::kUpdateMsg: return "UpdateMsg";
    case EventType::kUpdateMsgErr: return "UpdateMsgErr";
    case EventType::kStableTimerExpires: return "StableTimer_Expires";
  }
  return "Unknown";
}

std::string_view action_name(ActionType a) {
  switch (a) {
    case ActionType::kStartConnectRetryTimer: return "StartConnectRetryTimer";
    case ActionType::kStopConnectRetryTimer: return "StopConnectRetryTimer";
    case ActionType::kStartHoldTimer: return "StartHoldTimer";
    case ActionType::kStopHoldTimer: return "StopHoldTimer";
    case ActionType::kStartKeepaliveTimer: return "StartKeepaliveTimer";
    case ActionType::kStopKeepaliveTimer: return "StopKeepaliveTimer";
    case ActionType::kStartDelayOpenTimer: return "StartDelayOpenTimer";
    case ActionType::kStopDelayOpenTimer: return "StopDelayOpenTimer";
    case ActionType::kStartIdleHoldTimer: return "StartIdleHoldTimer";
    case ActionType::kStopIdleHoldTimer: return "StopIdleHoldTimer";
    case ActionType::kStartStableTimer: return "StartStableTimer";
    case ActionType::kStopStableTimer: return "StopStableTimer";
    case ActionType::kInitiateTcpConnection: return "InitiateTcpConnection";
    case ActionType::kDropTcpConnection: return "DropTcpConnection";
    case ActionType::kSendOpen: return "SendOpen";
    case ActionType::kSendKeepalive: return "SendKeepalive";
    case ActionType::kSendNotification: return "SendNotification";
    case ActionType::kProcessUpdate: return "ProcessUpdate";
    case ActionType::kSessionEstablished: return "SessionEstablished";
    case ActionType::kSessionDown: return "SessionDown";
    case ActionType::kReleaseResources: return "ReleaseResources";
  }
  return "Unknown";
}

std::string_view down_reason_name(DownReason r) {
  switch (r) {
    case DownReason::kNone: return "none";
    case DownReason::kManualStop: return "manual stop";
    case DownReason::kAutomaticStop: return "automatic stop";
    case DownReason::kHoldTimerExpired: return "hold timer expired";
    case DownReason::kNotificationReceived: return "notification received";
    case DownReason::kNotificationSent: return "notification sent";
    case DownReason::kFsmError: return "unexpected event (FSM error)";
    case DownReason::kTcpConnectionFails: return "TCP connection failed";
    case DownReason::kCollision: return "connection collision";
  }
  return "unknown";
}

}  // namespace bgp::fsm

#pragma once
// BFD's UDP side (RFC 5881 single hop, RFC 5883 multihop): the receive
// sockets on 3784/4784 that hand each datagram on with its source and the
// TTL / hop limit it arrived with, and one transmit socket per session, bound
// to a source port in 49152-65535 and sending with TTL 255. Asio sockets;
// recvmsg(2) on the native handle because Asio does not expose the
// IP_RECVTTL / IPV6_RECVHOPLIMIT control messages.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <system_error>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "libbgp/wire/address.hpp"
#include "libbgp/wire/byte_reader.hpp"

namespace bgp::daemon {

inline constexpr std::uint16_t kBfdSingleHopPort = 3784;  // RFC 5881 §4
inline constexpr std::uint16_t kBfdMultihopPort = 4784;   // RFC 5883 §5
inline constexpr int kBfdTtl = 255;                        // RFC 5881 §5 / GTSM

struct BfdDatagram {
  IpAddress from;
  std::uint16_t from_port = 0;
  bool multihop = false;       // arrived on 4784
  std::optional<int> ttl;      // TTL / hop limit, when the kernel reported it
  Bytes payload;               // valid during the callback only
};

// One receive socket: [::]:port or 0.0.0.0:port.
class BfdReceiver {
 public:
  using Handler = std::function<void(const BfdDatagram&)>;
  // Throws std::system_error when the port cannot be bound.
  BfdReceiver(boost::asio::io_context& io, Afi family, std::uint16_t port, Handler handler);
  ~BfdReceiver();
  BfdReceiver(const BfdReceiver&) = delete;
  BfdReceiver& operator=(const BfdReceiver&) = delete;

 private:
  void wait();
  void drain();

  boost::asio::ip::udp::socket socket_;
  Afi family_;
  bool multihop_;
  Handler handler_;
  std::shared_ptr<bool> alive_;
};

// One session's transmit socket.
class BfdSender {
 public:
  // Binds to `local` (unspecified: any) and a free port in 49152-65535 (RFC
  // 5881 §4: "The source port MUST be in the range 49152 through 65535"),
  // TTL 255. Throws std::system_error when no port is free.
  BfdSender(boost::asio::io_context& io, const IpAddress& peer, const std::optional<IpAddress>& local, bool multihop);
  // Sends one datagram now (non-blocking; a full socket buffer drops it, as
  // a lost packet would be: BFD tolerates loss by design).
  std::error_code send(Bytes payload);
  std::uint16_t source_port() const { return source_port_; }

 private:
  boost::asio::ip::udp::socket socket_;
  boost::asio::ip::udp::endpoint to_;
  std::uint16_t source_port_ = 0;
};

}  // namespace bgp::daemon

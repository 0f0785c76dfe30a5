#pragma once
// A BGP listening socket (one per listen address: 0.0.0.0 and [::] with
// IPV6_V6ONLY by default). TCP MD5 keys for configured neighbours and listen
// ranges are installed on the listening socket, so the kernel verifies the
// SYN before the connection is ever accepted (RFC 2385).
#include <functional>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "libbgp/wire/address.hpp"

namespace bgp::daemon {

class Listener {
 public:
  using tcp = boost::asio::ip::tcp;
  using AcceptHandler = std::function<void(tcp::socket)>;

  // Binds and listens; throws std::system_error when it cannot (start-up).
  Listener(boost::asio::io_context& io, const IpAddress& address, std::uint16_t port, AcceptHandler on_accept);

  Afi family() const { return family_; }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  // Installs (or, with an empty key, removes) the MD5 key for a peer or a
  // prefix of peers. Returns false (and logs) when the kernel refuses.
  bool set_md5(const IpAddress& peer, std::uint8_t prefix_len, std::string_view key);
  void close();

 private:
  void accept_next();

  tcp::acceptor acceptor_;
  Afi family_;
  AcceptHandler on_accept_;
};

}  // namespace bgp::daemon

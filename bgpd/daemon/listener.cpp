#include "bgpd/daemon/listener.hpp"

#include <system_error>

#include "bgpd/socket_options.hpp"
#include "libbgp/log/logger.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;

asio::ip::address to_asio(const IpAddress& a) {
  if (a.is_v4()) return asio::ip::address_v4(a.v4_host_order());
  asio::ip::address_v6::bytes_type b;
  std::copy(a.bytes().begin(), a.bytes().end(), b.begin());
  return asio::ip::address_v6(b);
}

}  // namespace

Listener::Listener(asio::io_context& io, const IpAddress& address, std::uint16_t port, AcceptHandler on_accept)
    : acceptor_(io), family_(address.afi()), on_accept_(std::move(on_accept)) {
  const tcp::endpoint endpoint(to_asio(address), port);
  boost::system::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec && address.is_v6()) {
    // [::] must not take IPv4 connections too: 0.0.0.0 has its own listener.
    if (auto v6 = set_v6only(acceptor_.native_handle())) ec.assign(v6.value(), boost::system::system_category());
  }
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  // GTSM (RFC 5082) for passive connections checks the SYN's TTL on accept.
  if (!ec) {
    if (const auto save = set_save_syn(acceptor_.native_handle())) {
      log::main().warn("TCP_SAVE_SYN unavailable ({}): GTSM on incoming connections filters only after the handshake",
                   save.message());
    }
  }
  if (ec) throw std::system_error(ec, fmt::format("listen on {}:{}", address.to_string(), port));
  const std::string shown = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  log::main().info("listening for BGP on {}:{}", shown, this->port());
  accept_next();
}

bool Listener::set_md5(const IpAddress& peer, std::uint8_t prefix_len, std::string_view key) {
  if (peer.afi() != family_) return true;  // the other listener's business
  if (const auto ec = set_tcp_md5(acceptor_.native_handle(), peer, prefix_len, key)) {
    log::fsm().error("cannot install the TCP MD5 key for {}/{} on the listener: {}", peer.to_string(), prefix_len, ec.message());
    return false;
  }
  return true;
}

void Listener::close() {
  boost::system::error_code ec;
  acceptor_.close(ec);
}

void Listener::accept_next() {
  acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      on_accept_(std::move(socket));
    } else {
      log::fsm().warn("accept failed: {}", ec.message());
    }
    accept_next();
  });
}

}  // namespace bgp::daemon

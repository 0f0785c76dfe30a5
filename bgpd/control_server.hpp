#pragma once
// The daemon side of the control socket (see control_protocol.hpp).
// Runs on the daemon's io_context, so the handler may read session state
// without locks. Bounded: request size (kMaxControlRequestBytes) and the number
// of concurrent clients; the socket file is created with mode 0660.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "bgpd/control_protocol.hpp"

namespace bgp::daemon {

using ControlHandler = std::function<Json(const Json& request)>;
// A handler that answers later: it calls `reply` exactly once, on the
// io_context thread, possibly after other handlers have run (e.g. once the
// FIB thread has built a kernel snapshot). The client's next request is read
// only after the reply.
using ControlReply = std::function<void(Json response)>;
using AsyncControlHandler = std::function<void(const Json& request, ControlReply reply)>;

struct ControlServerLimits {
  std::size_t max_request_bytes = kMaxControlRequestBytes;
  std::size_t max_clients = 16;
};

class ControlServer {
 public:
  // Binds and listens; throws std::system_error when the path cannot be used
  // (start-up may throw). A stale socket file left by a dead daemon is
  // replaced; a live one (something accepts connections) is an error.
  // `group`, when not empty, becomes the socket's group (issue 7: root and
  // that group may connect, nobody else); an unknown group is an error.
  ControlServer(boost::asio::io_context& io, std::string path, ControlHandler handler,
                ControlServerLimits limits = {}, const std::string& group = {});
  ControlServer(boost::asio::io_context& io, std::string path, AsyncControlHandler handler,
                ControlServerLimits limits = {}, const std::string& group = {});
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  const std::string& path() const { return path_; }
  std::size_t client_count() const { return *clients_; }
  // Stops accepting and closes the listening socket; connected clients finish
  // their current request.
  void stop();

 private:
  void accept_next();

  boost::asio::io_context& io_;
  std::string path_;
  AsyncControlHandler handler_;
  ControlServerLimits limits_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  // Shared with the per-client coroutines so they may outlive a stopped server.
  std::shared_ptr<std::size_t> clients_ = std::make_shared<std::size_t>(0);
};

}  // namespace bgp::daemon

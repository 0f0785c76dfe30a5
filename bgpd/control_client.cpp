#include "bgpd/control_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;
using Local = asio::local::stream_protocol;

ControlCallError classify_connect_error(const boost::system::error_code& ec, const std::string& path) {
  if (ec == asio::error::not_found || ec == boost::system::errc::no_such_file_or_directory) {
    return {ControlFailure::kNotRunning, fmt::format("bgpd is not running (no control socket at {})", path)};
  }
  if (ec == asio::error::connection_refused) {
    return {ControlFailure::kRefused, fmt::format("connection refused on {} (bgpd not running or stopping)", path)};
  }
  if (ec == asio::error::access_denied || ec == boost::system::errc::operation_not_permitted) {
    return {ControlFailure::kPermissionDenied, fmt::format("permission denied on {} (need to be root or in the socket's group)", path)};
  }
  return {ControlFailure::kRefused, fmt::format("cannot connect to {}: {}", path, ec.message())};
}

}  // namespace

ControlCallResult control_call(const std::string& socket_path, const Json& request, std::chrono::milliseconds timeout) {
  asio::io_context io;
  Local::socket socket(io);
  boost::system::error_code ec;
  socket.connect(Local::endpoint(socket_path), ec);  // Unix connect does not block on a listening socket
  if (ec) return classify_connect_error(ec, socket_path);

  std::string out = request.dump() + "\n";
  asio::streambuf in(kMaxControlResponseBytes);
  boost::system::error_code read_error;
  boost::system::error_code write_error;
  bool done = false;
  // Read and write at once: a daemon refusing us (too many clients) answers
  // and closes without reading, and our write may then fail while its answer
  // is already waiting to be read.
  asio::async_write(socket, asio::buffer(out), [&](const boost::system::error_code& wec, std::size_t) { write_error = wec; });
  asio::async_read_until(socket, in, '\n', [&](const boost::system::error_code& rec, std::size_t) {
    read_error = rec;
    done = true;
  });
  io.run_for(timeout);
  if (!done) return ControlCallError{ControlFailure::kTimeout, fmt::format("no answer from bgpd within {} ms", timeout.count())};
  if (read_error) {
    const auto& failed = write_error ? write_error : read_error;
    return ControlCallError{ControlFailure::kProtocol, fmt::format("control connection failed: {}", failed.message())};
  }

  std::string line(asio::buffers_begin(in.data()), asio::buffers_end(in.data()));
  Json response = Json::parse(line, nullptr, false);
  if (response.is_discarded() || !response.is_object() || !response.contains("ok")) {
    return ControlCallError{ControlFailure::kProtocol, "malformed response from bgpd"};
  }
  return response;
}

}  // namespace bgp::daemon

#include "bgpd/control_server.hpp"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <filesystem>
#include <istream>
#include <system_error>
#include <utility>

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "libbgp/log/logger.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;
using Local = asio::local::stream_protocol;

// One connected bgpctl: reads a line, answers a line, until the client closes.
class ControlConnection : public std::enable_shared_from_this<ControlConnection> {
 public:
  ControlConnection(Local::socket socket, AsyncControlHandler handler, std::size_t max_request,
                    std::shared_ptr<std::size_t> clients)
      : socket_(std::move(socket)), handler_(std::move(handler)), in_(max_request), clients_(std::move(clients)) {
    ++*clients_;
  }
  ~ControlConnection() { --*clients_; }

  void read_next() {
    asio::async_read_until(socket_, in_, '\n', [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
      self->on_line(ec, n);
    });
  }

  // Refuses the client with one error line, then closes.
  void refuse(std::string why) { respond(control_error(std::move(why)), /*then_close=*/true); }

 private:
  void on_line(const boost::system::error_code& ec, std::size_t n) {
    if (ec == asio::error::not_found) {
      // The line did not fit in the bounded buffer.
      log::control().warn("control: request larger than {} bytes refused", in_.max_size());
      refuse(fmt::format("request exceeds {} bytes", in_.max_size()));
      return;
    }
    if (ec) return;  // EOF or error: the client is gone.
    std::string line(asio::buffers_begin(in_.data()), asio::buffers_begin(in_.data()) + static_cast<std::ptrdiff_t>(n));
    in_.consume(n);
    answer(line);
  }

  void answer(const std::string& line) {
    Json request = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (request.is_discarded() || !request.is_object()) {
      respond(control_error("malformed request: expected one JSON object per line"), /*then_close=*/false);
      return;
    }
    auto replied = std::make_shared<bool>(false);
    try {
      handler_(request, [self = shared_from_this(), replied](Json response) {
        if (std::exchange(*replied, true)) return;
        self->respond(response, /*then_close=*/false);
      });
    } catch (const std::exception& e) {
      // The control plane is not the data path: a handler that throws on an
      // unexpected field type answers with the error instead of dying.
      if (!std::exchange(*replied, true)) respond(control_error(e.what()), /*then_close=*/false);
    }
  }

  void respond(const Json& response, bool then_close) {
    out_ = response.dump(-1, ' ', false, Json::error_handler_t::replace);
    out_.push_back('\n');
    asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this(), then_close](const boost::system::error_code& ec, std::size_t) {
      if (ec || then_close) {
        boost::system::error_code ignored;
        self->socket_.shutdown(Local::socket::shutdown_both, ignored);
        return;
      }
      self->read_next();
    });
  }

  Local::socket socket_;
  AsyncControlHandler handler_;
  asio::streambuf in_;
  std::string out_;
  std::shared_ptr<std::size_t> clients_;
};

// Removes a socket file left behind by a daemon that died; refuses to touch a
// live socket or anything that is not a socket.
void clear_stale_socket(asio::io_context& io, const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return;
  if (!S_ISSOCK(st.st_mode)) {
    throw std::system_error(std::make_error_code(std::errc::file_exists), "control socket path " + path + " exists and is not a socket");
  }
  Local::socket probe(io);
  boost::system::error_code ec;
  probe.connect(Local::endpoint(path), ec);
  if (!ec) {
    throw std::system_error(std::make_error_code(std::errc::address_in_use), "control socket " + path + " is in use by a running daemon");
  }
  std::filesystem::remove(path);
}

}  // namespace

ControlServer::ControlServer(asio::io_context& io, std::string path, ControlHandler handler, ControlServerLimits limits,
                             const std::string& group)
    : ControlServer(io, std::move(path),
                    AsyncControlHandler([h = std::move(handler)](const Json& request, ControlReply reply) { reply(h(request)); }),
                    limits, group) {}

ControlServer::ControlServer(asio::io_context& io, std::string path, AsyncControlHandler handler, ControlServerLimits limits,
                             const std::string& group)
    : io_(io), path_(std::move(path)), handler_(std::move(handler)), limits_(limits), acceptor_(io) {
  const auto parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  clear_stale_socket(io_, path_);
  acceptor_.open(Local());
  // Created 0660: bind under a umask that leaves no access for others, so
  // there is no window in which the socket is world-accessible.
  const mode_t old_mask = ::umask(0117);
  boost::system::error_code ec;
  acceptor_.bind(Local::endpoint(path_), ec);
  ::umask(old_mask);
  if (ec) throw std::system_error(ec, "bind control socket " + path_);
  ::chmod(path_.c_str(), 0660);
  if (!group.empty()) {
    std::array<char, 4096> buf{};
    struct group entry {};
    struct group* found = nullptr;
    if (::getgrnam_r(group.c_str(), &entry, buf.data(), buf.size(), &found) != 0 || found == nullptr) {
      std::filesystem::remove(path_);
      throw std::system_error(std::make_error_code(std::errc::invalid_argument), "control socket group '" + group + "' does not exist");
    }
    if (::chown(path_.c_str(), static_cast<uid_t>(-1), found->gr_gid) != 0) {
      const std::error_code chown_error(errno, std::generic_category());
      std::filesystem::remove(path_);
      throw std::system_error(chown_error, "chown control socket to group " + group);
    }
  }
  acceptor_.listen(static_cast<int>(limits_.max_clients));
  accept_next();
}

ControlServer::~ControlServer() { stop(); }

void ControlServer::stop() {
  if (!acceptor_.is_open()) return;
  boost::system::error_code ec;
  acceptor_.close(ec);
  std::error_code remove_ec;
  std::filesystem::remove(path_, remove_ec);
}

void ControlServer::accept_next() {
  acceptor_.async_accept([this](const boost::system::error_code& ec, Local::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      auto conn = std::make_shared<ControlConnection>(std::move(socket), handler_, limits_.max_request_bytes, clients_);
      if (*clients_ > limits_.max_clients) {
        log::control().warn("control: client refused, {} clients already connected", limits_.max_clients);
        conn->refuse("too many control clients");
      } else {
        conn->read_next();
      }
    }
    accept_next();
  });
}

}  // namespace bgp::daemon

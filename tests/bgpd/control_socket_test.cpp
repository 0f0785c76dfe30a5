#include <grp.h>
#include <sys/stat.h>

#include <filesystem>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "bgpd/bgpctl_run.hpp"
#include "bgpd/control_client.hpp"
#include "bgpd/control_server.hpp"

namespace bgp::daemon {
namespace {

namespace asio = boost::asio;
using Local = asio::local::stream_protocol;

std::string temp_socket_path(const char* name) {
  return (std::filesystem::temp_directory_path() / fmt::format("bgpd-test-{}-{}.sock", name, ::getpid())).string();
}

// A control server on its own io_context thread, torn down in the destructor.
class RunningServer {
 public:
  RunningServer(const std::string& path, ControlHandler handler, ControlServerLimits limits = {})
      : server_(io_, path, std::move(handler), limits), thread_([this] { io_.run(); }) {}
  ~RunningServer() {
    asio::post(io_, [this] { server_.stop(); });
    work_.reset();
    io_.stop();
    thread_.join();
  }
  ControlServer& server() { return server_; }

 private:
  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_{asio::make_work_guard(io_)};
  ControlServer server_;
  std::thread thread_;
};

Json echo(const Json& request) { return control_ok(Json{{"echo", request}}); }

TEST(ControlSocket, AnswersOneJsonLinePerRequest) {
  const auto path = temp_socket_path("echo");
  RunningServer running(path, echo);
  const auto result = control_call(path, Json{{"command", "show"}, {"what", "summary"}});
  ASSERT_TRUE(std::holds_alternative<Json>(result));
  const auto& response = std::get<Json>(result);
  EXPECT_TRUE(response["ok"].get<bool>());
  EXPECT_EQ(response["result"]["echo"]["what"], "summary");
}

TEST(ControlSocket, SocketFileIsCreatedWithMode0660) {
  const auto path = temp_socket_path("mode");
  RunningServer running(path, echo);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0660u);
}

TEST(ControlSocket, SocketFileIsRemovedOnStop) {
  const auto path = temp_socket_path("remove");
  { RunningServer running(path, echo); }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ControlSocket, MalformedRequestGetsAnErrorAndConnectionStaysUsable) {
  const auto path = temp_socket_path("malformed");
  RunningServer running(path, echo);
  asio::io_context io;
  Local::socket s(io);
  s.connect(Local::endpoint(path));
  asio::write(s, asio::buffer(std::string("this is not json\n{\"command\":\"x\"}\n")));
  asio::streambuf in;
  auto read_line = [&] {
    const std::size_t n = asio::read_until(s, in, '\n');
    std::string line(asio::buffers_begin(in.data()), asio::buffers_begin(in.data()) + static_cast<std::ptrdiff_t>(n));
    in.consume(n);
    return line;
  };
  const Json bad = Json::parse(read_line());
  EXPECT_FALSE(bad["ok"].get<bool>());
  EXPECT_NE(bad["error"].get<std::string>().find("malformed"), std::string::npos);
  EXPECT_TRUE(Json::parse(read_line())["ok"].get<bool>());
}

TEST(ControlSocket, OversizedRequestIsRefusedAndClosed) {
  const auto path = temp_socket_path("big");
  RunningServer running(path, echo, ControlServerLimits{.max_request_bytes = 128, .max_clients = 4});
  asio::io_context io;
  Local::socket s(io);
  s.connect(Local::endpoint(path));
  asio::write(s, asio::buffer(std::string(4096, 'x')));
  asio::streambuf in;
  asio::read_until(s, in, '\n');
  std::istream lines(&in);
  std::string line;
  std::getline(lines, line);
  const Json response = Json::parse(line);
  EXPECT_FALSE(response["ok"].get<bool>());
  EXPECT_NE(response["error"].get<std::string>().find("exceeds 128 bytes"), std::string::npos);
  boost::system::error_code ec;
  asio::read_until(s, in, '\n', ec);
  // Closed: EOF, or a reset because the rest of the request was never read.
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
}

TEST(ControlSocket, ClientsBeyondTheLimitAreRefused) {
  const auto path = temp_socket_path("clients");
  RunningServer running(path, echo, ControlServerLimits{.max_request_bytes = 1024, .max_clients = 1});
  asio::io_context io;
  Local::socket first(io);
  first.connect(Local::endpoint(path));
  // The first client is registered once the server accepted it: prove it
  // with a round trip.
  asio::write(first, asio::buffer(std::string("{}\n")));
  asio::streambuf in1;
  asio::read_until(first, in1, '\n');
  const auto second = control_call(path, Json::object());
  ASSERT_TRUE(std::holds_alternative<Json>(second));
  EXPECT_FALSE(std::get<Json>(second)["ok"].get<bool>());
  EXPECT_EQ(std::get<Json>(second)["error"], "too many control clients");
}

TEST(ControlSocket, HandlerExceptionBecomesAnErrorResponse) {
  const auto path = temp_socket_path("throw");
  RunningServer running(path, [](const Json& r) -> Json { return control_ok(r.at("missing")); });
  const auto result = control_call(path, Json::object());
  ASSERT_TRUE(std::holds_alternative<Json>(result));
  EXPECT_FALSE(std::get<Json>(result)["ok"].get<bool>());
}

TEST(ControlSocket, StaleSocketFileIsReplaced) {
  const auto path = temp_socket_path("stale");
  {
    // A socket file nobody listens on, as a crashed daemon leaves behind.
    asio::io_context io;
    Local::acceptor a(io, Local::endpoint(path));
    a.close();
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  RunningServer running(path, echo);
  EXPECT_TRUE(std::holds_alternative<Json>(control_call(path, Json::object())));
}

TEST(ControlSocket, LiveSocketOfAnotherDaemonIsNotStolen) {
  const auto path = temp_socket_path("live");
  RunningServer running(path, echo);
  asio::io_context io;
  EXPECT_THROW(ControlServer(io, path, echo), std::system_error);
}

TEST(ControlClient, MissingSocketIsReportedAsNotRunning) {
  const auto result = control_call("/nonexistent/bgpd.sock", Json::object());
  ASSERT_TRUE(std::holds_alternative<ControlCallError>(result));
  EXPECT_EQ(std::get<ControlCallError>(result).kind, ControlFailure::kNotRunning);
}

TEST(ControlClient, SocketWithoutListenerIsReportedAsRefused) {
  const auto path = temp_socket_path("refused");
  {
    asio::io_context io;
    Local::acceptor a(io, Local::endpoint(path));
  }
  const auto result = control_call(path, Json::object());
  std::filesystem::remove(path);
  ASSERT_TRUE(std::holds_alternative<ControlCallError>(result));
  EXPECT_EQ(std::get<ControlCallError>(result).kind, ControlFailure::kRefused);
}

TEST(Bgpctl, ExitCodesDistinguishNotRunningRefusedAndDaemonError) {
  std::ostringstream out, err;
  bgpctl::Invocation inv;
  inv.socket_path = "/nonexistent/bgpd.sock";
  EXPECT_EQ(bgpctl::run(inv, out, err), bgpctl::kExitNotRunning);
  EXPECT_NE(err.str().find("not running"), std::string::npos);

  const auto path = temp_socket_path("exit");
  {
    asio::io_context io;
    Local::acceptor a(io, Local::endpoint(path));
  }
  inv.socket_path = path;
  EXPECT_EQ(bgpctl::run(inv, out, err), bgpctl::kExitRefused);
  std::filesystem::remove(path);

  RunningServer running(path, [](const Json&) { return control_error("no such neighbor"); });
  err.str("");
  EXPECT_EQ(bgpctl::run(inv, out, err), bgpctl::kExitDaemonError);
  EXPECT_EQ(err.str(), "bgpctl: no such neighbor\n");
}

TEST(Bgpctl, NotFoundHasItsOwnExitCode) {
  const auto path = temp_socket_path("notfound");
  RunningServer running(path, [](const Json&) { return control_not_found("no such neighbor 10.0.0.9"); });
  bgpctl::Invocation inv;
  inv.socket_path = path;
  std::ostringstream out, err;
  EXPECT_EQ(bgpctl::run(inv, out, err), bgpctl::kExitNotFound);
  EXPECT_EQ(err.str(), "bgpctl: no such neighbor 10.0.0.9\n");
}

TEST(Bgpctl, JsonFlagPrintsTheDaemonsResultVerbatim) {
  const auto path = temp_socket_path("json");
  RunningServer running(path, [](const Json&) { return control_ok(Json::array({Json{{"address", "10.0.0.1"}}})); });
  bgpctl::Invocation inv;
  inv.socket_path = path;
  inv.json = true;
  inv.request.command = daemon::ControlCommand::kShowNeighbors;
  std::ostringstream out, err;
  ASSERT_EQ(bgpctl::run(inv, out, err), bgpctl::kExitOk) << err.str();
  EXPECT_EQ(Json::parse(out.str())[0]["address"], "10.0.0.1");
}

}  // namespace
}  // namespace bgp::daemon

namespace bgp::daemon {
namespace {

TEST(ControlSocket, SocketBelongsToTheConfiguredGroup) {
  const auto path = temp_socket_path("group");
  boost::asio::io_context io;
  ControlServer server(io, path, echo, ControlServerLimits{}, "daemon");  // a group every Debian system has
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_gid, ::getgrnam("daemon")->gr_gid);
}

TEST(ControlSocket, UnknownGroupIsAStartupError) {
  const auto path = temp_socket_path("nogroup");
  boost::asio::io_context io;
  EXPECT_THROW(ControlServer(io, path, echo, ControlServerLimits{}, "no-such-group-bgpd"), std::system_error);
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace bgp::daemon

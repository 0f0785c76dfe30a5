// feed_sender: the sending side of the feed benchmark (bench/feed/run.sh).
// Encodes every peer's UPDATE stream in memory first, then opens one BGP
// session per --local address to the receiver (OPEN/KEEPALIVE exchange), and
// once every session is Established writes each stream with large writes,
// printing on stdout the CLOCK_REALTIME time of the first UPDATE byte. On
// SIGUSR1 it writes the pre-encoded withdrawals the same way. The sessions
// stay up (KEEPALIVE every 30 s) until SIGTERM/SIGINT.
//
//   feed_sender --remote 10.0.0.1 --remote-as 65000 --local-as 65100
//               --local 10.0.0.2 [--local 10.0.0.3 ...]
//               (--prefixes N [--attr-sets 50] [--same-prefixes] | --mrt FILE)
//
// Output lines: "encoded PEERS PREFIXES MESSAGES BYTES", "established",
// "first_update_ns NS", "sent_ns NS", "first_withdraw_ns NS".
// Hand-written blocking sockets: a benchmark tool with one thread per peer,
// where Asio's machinery would only add to what is measured on the sender.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/feed/feed_stream.hpp"
#include "libbgp/wire/message.hpp"
#include "libbgp/wire/open.hpp"

namespace {

using bgp::feed::PeerStream;

struct Options {
  std::string remote;
  std::uint32_t remote_as = 65000;
  std::uint32_t local_as = 65100;
  std::vector<std::string> locals;
  std::size_t prefixes = 0;
  std::size_t attr_sets = 50;
  bool same_prefixes = false;
  std::string mrt;
  std::uint16_t hold_time = 240;
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "feed_sender: %s\n", what.c_str());
  std::exit(2);
}

std::int64_t now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value for " + a);
      return argv[++i];
    };
    if (a == "--remote") o.remote = value();
    else if (a == "--remote-as") o.remote_as = static_cast<std::uint32_t>(std::stoul(value()));
    else if (a == "--local-as") o.local_as = static_cast<std::uint32_t>(std::stoul(value()));
    else if (a == "--local") o.locals.push_back(value());
    else if (a == "--prefixes") o.prefixes = std::stoul(value());
    else if (a == "--attr-sets") o.attr_sets = std::stoul(value());
    else if (a == "--same-prefixes") o.same_prefixes = true;
    else if (a == "--mrt") o.mrt = value();
    else die("unknown argument " + a);
  }
  if (o.remote.empty() || o.locals.empty()) die("--remote and at least one --local are required");
  if (o.prefixes == 0 && o.mrt.empty()) die("--prefixes N or --mrt FILE is required");
  return o;
}

bool write_all(int fd, const std::byte* p, std::size_t n) {
  constexpr std::size_t kChunk = 1 << 20;  // large writes: the kernel fills the socket buffer at once
  while (n > 0) {
    const ssize_t w = ::write(fd, p, std::min(n, kChunk));
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool read_exact(int fd, std::byte* p, std::size_t n) {
  while (n > 0) {
    const ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

// One whole message: type and body. False on EOF/error.
bool read_message(int fd, std::uint8_t& type, std::vector<std::byte>& body) {
  std::byte header[bgp::kHeaderSize];
  if (!read_exact(fd, header, sizeof header)) return false;
  const std::size_t length = (std::to_integer<std::size_t>(header[16]) << 8) | std::to_integer<std::size_t>(header[17]);
  if (length < bgp::kHeaderSize) return false;
  type = std::to_integer<std::uint8_t>(header[18]);
  body.resize(length - bgp::kHeaderSize);
  return read_exact(fd, body.data(), body.size());
}

void report_notification(const std::string& peer, const std::vector<std::byte>& body) {
  std::fprintf(stderr, "feed_sender: %s sent NOTIFICATION %d/%d\n", peer.c_str(),
               body.size() > 0 ? std::to_integer<int>(body[0]) : -1, body.size() > 1 ? std::to_integer<int>(body[1]) : -1);
}

class Session {
 public:
  Session(const Options& o, std::string local, PeerStream stream)
      : options_(o), local_(std::move(local)), stream_(std::move(stream)) {}

  // TCP connect from our address (retrying while the receiver starts), then
  // OPEN, the receiver's OPEN, KEEPALIVE both ways (RFC 4271 §8.2.2).
  void establish() {
    sockaddr_in src{}, dst{};
    src.sin_family = dst.sin_family = AF_INET;
    dst.sin_port = htons(179);
    if (inet_pton(AF_INET, local_.c_str(), &src.sin_addr) != 1 || inet_pton(AF_INET, options_.remote.c_str(), &dst.sin_addr) != 1) {
      die("bad address");
    }
    for (int attempt = 0;; ++attempt) {
      fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      const int one = 1, sndbuf = 4 << 20;
      setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
      if (::bind(fd_, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) die("bind " + local_ + ": " + std::strerror(errno));
      if (::connect(fd_, reinterpret_cast<sockaddr*>(&dst), sizeof dst) == 0) break;
      ::close(fd_);
      if (attempt > 600) die("cannot connect from " + local_ + ": " + std::strerror(errno));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    bgp::OpenMessage open;
    open.my_as = options_.local_as;
    open.hold_time = options_.hold_time;
    sockaddr_in self{};
    inet_pton(AF_INET, local_.c_str(), &self.sin_addr);
    open.bgp_identifier = ntohl(self.sin_addr.s_addr);
    open.capabilities.four_octet_as = options_.local_as;
    open.capabilities.families = {bgp::kIpv4Unicast};
    open.capabilities.route_refresh = true;
    std::vector<std::byte> out(bgp::kMaxMessageSize);
    const std::size_t n = bgp::encode_open(out, open);
    if (n == 0 || !write_all(fd_, out.data(), n)) die("cannot send OPEN from " + local_);
    bool got_open = false;
    std::uint8_t type = 0;
    std::vector<std::byte> body;
    while (true) {
      if (!read_message(fd_, type, body)) die("session from " + local_ + " closed during OPEN exchange");
      if (type == static_cast<std::uint8_t>(bgp::MessageType::kNotification)) {
        report_notification(local_, body);
        std::exit(3);
      }
      if (type == static_cast<std::uint8_t>(bgp::MessageType::kOpen) && !got_open) {
        got_open = true;
        send_keepalive();
      } else if (type == static_cast<std::uint8_t>(bgp::MessageType::kKeepalive) && got_open) {
        return;
      }
    }
  }

  // Drains whatever the receiver sends (KEEPALIVEs) so it never blocks on us.
  void drain() {
    std::uint8_t type = 0;
    std::vector<std::byte> body;
    while (read_message(fd_, type, body)) {
      if (type == static_cast<std::uint8_t>(bgp::MessageType::kNotification)) {
        report_notification(local_, body);
        std::exit(3);
      }
    }
    if (!stopping_.load()) {
      std::fprintf(stderr, "feed_sender: %s: session closed by the receiver\n", local_.c_str());
      std::exit(3);
    }
  }

  void send_announce() { send(stream_.announce); }
  void send_withdraw() { send(stream_.withdraw); }
  void send_keepalive() {
    std::byte k[bgp::kHeaderSize];
    bgp::encode_keepalive(k);
    send({k, sizeof k});
  }
  void stop() { stopping_.store(true); }
  const PeerStream& stream() const { return stream_; }

 private:
  void send(std::span<const std::byte> bytes) {
    std::lock_guard lock(write_mutex_);  // keepalives go between whole streams
    if (!write_all(fd_, bytes.data(), bytes.size()) && !stopping_.load()) die("write to receiver failed from " + local_);
  }

  const Options& options_;
  std::string local_;
  PeerStream stream_;
  int fd_ = -1;
  std::mutex write_mutex_;
  std::atomic<bool> stopping_{false};
};

void line(const char* fmt, long long v) {
  std::printf(fmt, v);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGUSR1);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // inherited by every thread; main waits with sigwait
  signal(SIGPIPE, SIG_IGN);

  std::vector<std::unique_ptr<Session>> sessions;
  std::size_t total_prefixes = 0, total_messages = 0, total_bytes = 0;
  for (std::size_t i = 0; i < o.locals.size(); ++i) {
    const auto local = bgp::IpAddress::parse(o.locals[i]);
    if (!local) die("bad --local " + o.locals[i]);
    const bgp::feed::PeerSpec spec{*local, o.local_as};
    PeerStream s;
    if (!o.mrt.empty()) {
      std::string why;
      if (!bgp::feed::mrt_stream(o.mrt, spec, s, why)) die(o.mrt + ": " + why);
    } else {
      s = bgp::feed::synthetic_stream(spec, o.same_prefixes ? 0 : i * o.prefixes, o.prefixes, o.attr_sets);
    }
    total_prefixes += s.prefixes;
    total_messages += s.messages;
    total_bytes += s.announce.size();
    sessions.push_back(std::make_unique<Session>(o, o.locals[i], std::move(s)));
  }
  std::printf("encoded %zu %zu %zu %zu\n", sessions.size(), total_prefixes, total_messages, total_bytes);
  std::fflush(stdout);

  std::atomic<std::int64_t> first_update{0};
  std::atomic<std::int64_t> first_withdraw{0};
  std::atomic<std::size_t> sent{0};
  std::barrier ready(static_cast<std::ptrdiff_t>(sessions.size() + 1));
  std::barrier withdraw_go(static_cast<std::ptrdiff_t>(sessions.size() + 1));
  std::vector<std::thread> threads;
  for (auto& s : sessions) {
    threads.emplace_back([&, session = s.get()] {
      session->establish();
      std::thread([session] { session->drain(); }).detach();
      ready.arrive_and_wait();  // every session Established before the first UPDATE
      std::int64_t zero = 0;
      first_update.compare_exchange_strong(zero, now_ns());
      session->send_announce();
      if (sent.fetch_add(1) + 1 == sessions.size()) line("sent_ns %lld\n", now_ns());
      withdraw_go.arrive_and_wait();
      zero = 0;
      first_withdraw.compare_exchange_strong(zero, now_ns());
      session->send_withdraw();
    });
  }
  ready.arrive_and_wait();
  std::printf("established\n");
  std::fflush(stdout);
  // The first thread to pass the barrier stamps the time just before its first write.
  while (first_update.load() == 0) std::this_thread::yield();
  line("first_update_ns %lld\n", first_update.load());

  bool withdrawn = false;
  while (true) {
    timespec keepalive_interval{30, 0};
    const int sig = sigtimedwait(&signals, nullptr, &keepalive_interval);
    if (sig == SIGUSR1 && !withdrawn) {
      withdrawn = true;
      withdraw_go.arrive_and_wait();
      while (first_withdraw.load() == 0) std::this_thread::yield();
      line("first_withdraw_ns %lld\n", first_withdraw.load());
    } else if (sig == SIGTERM || sig == SIGINT) {
      for (auto& s : sessions) s->stop();
      std::_Exit(0);  // the receiver side is torn down by the driver
    } else if (sig < 0) {
      for (auto& s : sessions) s->send_keepalive();
    }
  }
}

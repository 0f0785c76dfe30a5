#include "bgpd/daemon/preflight.hpp"

#include <cerrno>
#include <cstring>
#include <vector>

#include <arpa/inet.h>
#include <grp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include "libbgp/config/effective.hpp"

namespace bgp::daemon {
namespace {

bool user_exists(const std::string& name) {
  std::vector<char> buf(16384);
  passwd entry{};
  passwd* found = nullptr;
  return ::getpwnam_r(name.c_str(), &entry, buf.data(), buf.size(), &found) == 0 && found != nullptr;
}

bool group_exists(const std::string& name) {
  std::vector<char> buf(16384);
  group entry{};
  group* found = nullptr;
  return ::getgrnam_r(name.c_str(), &entry, buf.data(), buf.size(), &found) == 0 && found != nullptr;
}

// Binds a TCP socket to address:port and closes it: 0 when bgpd could listen
// there now, else the errno (EADDRNOTAVAIL: not an address of this host;
// EADDRINUSE: taken; EACCES: a privileged port without the capability).
int bind_errno(const IpAddress& address, std::uint16_t port) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  const std::string text = address.to_string();
  if (address.is_v4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&ss);
    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    ::inet_pton(AF_INET, text.c_str(), &sin->sin_addr);
    len = sizeof(sockaddr_in);
  } else {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&ss);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    ::inet_pton(AF_INET6, text.c_str(), &sin6->sin6_addr);
    len = sizeof(sockaddr_in6);
  }
  const int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  const int one = 1;
  (void)::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (ss.ss_family == AF_INET6) (void)::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  const int rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&ss), len);
  const int err = rc == 0 ? 0 : errno;
  ::close(fd);
  return err;
}

}  // namespace

PreflightResult preflight(const config::Config& c, const std::optional<std::string>& user,
                          const std::optional<config::Endpoint>& metrics_listen) {
  PreflightResult out;
  const std::string run_as = user.value_or(c.daemon.user);
  if (!run_as.empty() && !user_exists(run_as)) {
    out.errors.push_back(fmt::format("user '{}' ({}) does not exist", run_as, user ? "--user" : "[daemon] user"));
  }
  if (!c.control.group.empty() && !group_exists(c.control.group)) {
    out.errors.push_back(fmt::format("group '{}' ([control] group) does not exist", c.control.group));
  }
  if (const auto m = metrics_listen ? metrics_listen : c.metrics.listen) {
    const char* source = metrics_listen ? "--metrics-listen" : "[metrics] listen";
    if (const int err = bind_errno(m->address, m->port); err == EADDRINUSE) {
      // Most often the running bgpd itself, while an edit is checked before
      // a reload: only a warning.
      out.warnings.push_back(fmt::format("metrics listen address {} ({}) is in use (by the running bgpd?): a new bgpd "
                                         "would fail to start while it is",
                                         m->to_string(), source));
    } else if (err != 0) {
      out.errors.push_back(fmt::format("metrics listen address {} ({}): cannot bind: {}", m->to_string(), source, std::strerror(err)));
    }
  }
  // Port 0: whether the address is this host's; port 179 itself may need a
  // capability the checking user lacks, and that is not a fault of the file.
  for (const IpAddress& a : c.bgp.listen_addresses) {
    if (a.is_unspecified()) continue;
    if (const int err = bind_errno(a, 0)) {
      out.errors.push_back(fmt::format("listen address {} ([bgp] listen_addresses): cannot bind: {}", a.to_string(), std::strerror(err)));
    }
  }
  auto check_interface = [&](const std::string& name, const std::string& who) {
    if (name.empty() || ::if_nametoindex(name.c_str()) != 0) return;
    out.warnings.push_back(fmt::format("{}: interface '{}' does not exist (now): the session cannot connect until it does", who, name));
  };
  for (const config::Neighbor& n : c.neighbors) {
    check_interface(config::effective(c, n).interface, n.pos.to_string() + ": neighbor " + n.address.to_string());
  }
  for (const config::ListenRange& r : c.listen_ranges) {
    check_interface(config::effective(c, r, r.prefix.address()).interface, r.pos.to_string() + ": listen_range " + r.prefix.to_string());
  }
  return out;
}

}  // namespace bgp::daemon

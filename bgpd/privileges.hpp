#pragma once
// Running bgpd as an unprivileged user (issue 9): started as root with
// --user USER, bgpd switches to USER's uid, primary group and supplementary
// groups before it opens any socket or thread, keeping only the capabilities
// a BGP speaker needs:
//   CAP_NET_ADMIN         routes over rtnetlink (FIB)
//   CAP_NET_BIND_SERVICE  port 179, also for listeners added by a reload
//   CAP_NET_RAW           SO_BINDTODEVICE for neighbours with `interface`
// Everything else leaves the permitted, effective and bounding sets, so the
// process can never regain root. Threads created afterwards (the netlink FIB
// worker) inherit exactly these capabilities, which is why this runs while
// the process is still single-threaded: capabilities are per thread, and a
// uid change without PR_SET_KEEPCAPS in every thread would strip them from
// threads already running.
#include <string>
#include <sys/types.h>

namespace bgp::daemon {

struct UserIds {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
};

// Looks USER up in the password database; throws std::runtime_error naming it
// when there is no such user.
UserIds lookup_user(const std::string& user);

// Creates the directory of the control socket when it does not exist, owned
// by the user (mode 0750), the way systemd's RuntimeDirectory= does. Call as
// root, before drop_privileges.
void prepare_socket_directory(const std::string& socket_path, const UserIds& ids);

// Switches to the user and trims the capabilities as described above. Throws
// std::system_error / std::runtime_error when any step fails (start-up), and
// std::logic_error when called with more than one thread. A no-op when
// already running as that user; an error when not root and not that user.
void drop_privileges(const UserIds& ids);

// The capabilities kept, for logs and the README ("cap_net_admin,...").
std::string kept_capabilities_text();

}  // namespace bgp::daemon

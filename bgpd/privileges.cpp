#include "bgpd/privileges.hpp"

#include <array>
#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include <grp.h>
#include <pwd.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace bgp::daemon {
namespace {

constexpr std::array<cap_value_t, 3> kKeptCapabilities = {CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, CAP_NET_RAW};

[[noreturn]] void fail_errno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

bool kept(cap_value_t c) {
  for (cap_value_t k : kKeptCapabilities) {
    if (k == c) return true;
  }
  return false;
}

std::string cap_name(cap_value_t c) {
  char* name = cap_to_name(c);
  std::string out = name != nullptr ? name : fmt::format("cap_{}", c);
  cap_free(name);
  return out;
}

std::size_t thread_count() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

// Empties the bounding set except for the kept capabilities (needs
// CAP_SETPCAP, so before the uid change): no later execve can gain more.
void trim_bounding_set() {
  for (cap_value_t c = 0; c <= CAP_LAST_CAP; ++c) {
    if (kept(c) || !CAP_IS_SUPPORTED(c)) continue;
    if (cap_drop_bound(c) != 0) fail_errno(fmt::format("dropping {} from the bounding set", cap_name(c)));
  }
}

void set_kept_capabilities() {
  cap_t caps = cap_init();  // all flags clear
  if (caps == nullptr) fail_errno("cap_init");
  const bool ok = cap_set_flag(caps, CAP_PERMITTED, kKeptCapabilities.size(), kKeptCapabilities.data(), CAP_SET) == 0 &&
                  cap_set_flag(caps, CAP_EFFECTIVE, kKeptCapabilities.size(), kKeptCapabilities.data(), CAP_SET) == 0 &&
                  cap_set_proc(caps) == 0;
  const int saved = errno;
  cap_free(caps);
  errno = saved;
  if (!ok) fail_errno("setting capabilities " + kept_capabilities_text());
}

}  // namespace

UserIds lookup_user(const std::string& user) {
  errno = 0;
  const passwd* pw = getpwnam(user.c_str());
  if (pw == nullptr) {
    if (errno != 0) fail_errno(fmt::format("--user {}: looking up the user", user));
    throw std::runtime_error(fmt::format("--user {}: no such user", user));
  }
  return UserIds{pw->pw_name, pw->pw_uid, pw->pw_gid};
}

void prepare_socket_directory(const std::string& socket_path, const UserIds& ids) {
  const std::filesystem::path dir = std::filesystem::path(socket_path).parent_path();
  if (dir.empty() || std::filesystem::exists(dir)) return;
  std::filesystem::create_directories(dir);
  if (chown(dir.c_str(), ids.uid, ids.gid) != 0) fail_errno(fmt::format("chown {} to {}", dir.string(), ids.name));
  if (chmod(dir.c_str(), 0750) != 0) fail_errno(fmt::format("chmod 0750 {}", dir.string()));
}

void drop_privileges(const UserIds& ids) {
  if (geteuid() != 0) {
    if (geteuid() == ids.uid) return;
    throw std::runtime_error(fmt::format("--user {}: bgpd must be started as root to switch users", ids.name));
  }
  if (thread_count() != 1) throw std::logic_error("drop_privileges must run before any thread is started");
  trim_bounding_set();
  // Keep the permitted set across setresuid (capabilities(7), "Effect of
  // user ID changes on capabilities"); the effective set is cleared by the
  // switch and raised again below.
  if (prctl(PR_SET_KEEPCAPS, 1L, 0L, 0L, 0L) != 0) fail_errno("prctl(PR_SET_KEEPCAPS)");
  if (initgroups(ids.name.c_str(), ids.gid) != 0) fail_errno(fmt::format("initgroups for {}", ids.name));
  if (setresgid(ids.gid, ids.gid, ids.gid) != 0) fail_errno(fmt::format("setresgid {}", ids.gid));
  if (setresuid(ids.uid, ids.uid, ids.uid) != 0) fail_errno(fmt::format("setresuid {}", ids.uid));
  set_kept_capabilities();
  if (prctl(PR_SET_KEEPCAPS, 0L, 0L, 0L, 0L) != 0) fail_errno("prctl(PR_SET_KEEPCAPS, 0)");
  // No execve may raise them again (setuid binaries, file capabilities).
  if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) != 0) fail_errno("prctl(PR_SET_NO_NEW_PRIVS)");
  // Paranoia: the switch must be irreversible.
  if (ids.uid != 0 && setuid(0) == 0) throw std::runtime_error("privilege drop failed: could switch back to root");
}

std::string kept_capabilities_text() {
  std::string out;
  for (cap_value_t c : kKeptCapabilities) {
    if (!out.empty()) out += ',';
    out += cap_name(c);
  }
  return out;
}

}  // namespace bgp::daemon

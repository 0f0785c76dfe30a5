#include "netns_fixture.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <random>
#include <thread>

namespace bgp::fib::testing {
namespace {

std::pair<int, std::string> run(const std::string& cmd) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (p == nullptr) return {-1, out};
  std::array<char, 4096> buf;
  while (std::fgets(buf.data(), buf.size(), p) != nullptr) out += buf.data();
  const int rc = pclose(p);
  return {rc, out};
}

}  // namespace

void NetnsTest::SetUp() {
  if (geteuid() != 0) GTEST_SKIP() << "network namespace tests need root";
  std::random_device rd;
  ns_ = "fibtest-" + std::to_string(getpid()) + "-" + std::to_string(rd() % 100000);
  auto [rc, out] = run("ip netns add " + ns_);
  ASSERT_EQ(rc, 0) << out;
  original_ns_ = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(original_ns_, 0);
  const int fd = open(("/var/run/netns/" + ns_).c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(setns(fd, CLONE_NEWNET), 0);
  close(fd);
  ip("link set lo up");
}

void NetnsTest::TearDown() {
  if (original_ns_ >= 0) {
    EXPECT_EQ(setns(original_ns_, CLONE_NEWNET), 0);
    close(original_ns_);
    original_ns_ = -1;
  }
  if (!ns_.empty()) run("ip netns del " + ns_);
}

std::string NetnsTest::ip(const std::string& args, bool must_succeed) {
  auto [rc, out] = run("ip -n " + ns_ + " " + args);
  if (must_succeed) {
    EXPECT_EQ(rc, 0) << "ip " << args << ": " << out;
  }
  return out;
}

std::uint32_t NetnsTest::add_link(int n) {
  const std::string a = "fib" + std::to_string(n), b = a + "p";
  ip("link add " + a + " type veth peer name " + b);
  ip("link set " + b + " up");
  ip("link set " + a + " up");
  ip("addr add 10." + std::to_string(n) + ".0.1/24 dev " + a);
  ip("addr add 2001:db8:" + std::to_string(n) + "::1/64 dev " + a + " nodad");
  return ifindex(a);
}

std::uint32_t NetnsTest::ifindex(const std::string& name) {
  const auto out = ip("-o link show dev " + name);
  return static_cast<std::uint32_t>(std::stoul(out));
}

bool NetnsTest::wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

int NetnsTest::count_of(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
  return n;
}

}  // namespace bgp::fib::testing

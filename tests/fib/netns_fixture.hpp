#pragma once
// A fresh network namespace per test: created in SetUp, entered by the test
// thread with setns() (threads and netlink sockets created afterwards live
// in it), left and deleted in TearDown even when the test fails.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace bgp::fib::testing {

class NetnsTest : public ::testing::Test {
 public:
  void SetUp() override;
  void TearDown() override;

  // Runs `ip -n <ns> ARGS`, returns stdout; fails the test on a non-zero exit.
  std::string ip(const std::string& args, bool must_succeed = true);
  // A veth pair "fibN" (ours, with 10.N.0.1/24 and 2001:db8:N::1/64) and
  // "fibNp" (its peer, up, so our side has carrier). Returns our ifindex.
  std::uint32_t add_link(int n);
  std::uint32_t ifindex(const std::string& name);
  static bool wait_until(const std::function<bool()>& pred,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(3000));
  static int count_of(const std::string& haystack, const std::string& needle);

  std::string ns_;

 private:
  int original_ns_ = -1;
};

}  // namespace bgp::fib::testing

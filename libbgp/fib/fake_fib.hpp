#pragma once
// FakeFib: an in-memory FibSink that records every update it receives and
// "installs" it synchronously, for unit tests of the RIB and the daemon.
// It can be told to refuse prefixes, so error paths are testable too.
#include <map>
#include <mutex>
#include <set>

#include "libbgp/fib/fib_sink.hpp"

namespace bgp::fib {

class FakeFib final : public FibSink {
 public:
  using FibSink::submit;
  SubmitStatus submit(RouteBatch batch) override;
  FibStatus status() const override;
  void sweep() override;
  FibSnapshot snapshot() override;
  void set_result_handler(ResultHandler handler) override;

  // Test controls and inspection.
  void fail_prefix(const Prefix& p, int error, std::string message);  // refuse until cleared
  void clear_failures();
  void add_stale(const Prefix& p, std::vector<NextHop> next_hops);    // as if left by a previous run
  std::vector<RouteUpdate> operations() const;  // every update, in submission order
  std::map<Prefix, std::vector<NextHop>> installed() const;
  std::size_t submit_calls() const;

 private:
  mutable std::mutex mu_;
  std::vector<RouteUpdate> operations_;
  std::map<Prefix, std::vector<NextHop>> installed_;
  std::map<Prefix, std::vector<NextHop>> stale_;
  std::map<Prefix, std::pair<int, std::string>> refuse_;
  std::set<Prefix> failed_;
  std::size_t submit_calls_ = 0;
  ResultHandler handler_;
};

}  // namespace bgp::fib

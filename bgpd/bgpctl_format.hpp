#pragma once
// Human output of bgpctl: aligned tables and FRR-like detail blocks rendered
// from the daemon's JSON (the same JSON --json prints, so both views agree).
#include <cstdint>
#include <string>
#include <vector>

#include "bgpd/control_protocol.hpp"

namespace bgp::bgpctl {

// A table with left-aligned text columns and right-aligned numeric ones.
class Table {
 public:
  struct Column {
    std::string header;
    bool right_aligned = false;
  };
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string render() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// "00:01:02" under a day, "3d04h05m" beyond (FRR's Up/Down column).
std::string format_duration(std::uint64_t seconds);

std::string format_summary(const daemon::Json& summary);
std::string format_neighbors(const daemon::Json& neighbors);
std::string format_routes(const daemon::Json& routes);
// `show route X`: the matching route (longest match) with its paths in detail.
std::string format_route_detail(const daemon::Json& route);
std::string format_fib(const daemon::Json& fib);
// `show anycast`: one row per host route with its next hops and ASes, RIB vs kernel.
std::string format_anycast(const daemon::Json& anycast);
// `show bfd`: one row per BFD session.
std::string format_bfd(const daemon::Json& bfd);
// clear / shutdown / enable / reload: the daemon's one-line outcome.
std::string format_action(const daemon::Json& result);
// Any list of flat objects as a table, columns in first-seen key order.
std::string format_generic_list(const daemon::Json& list);

}  // namespace bgp::bgpctl

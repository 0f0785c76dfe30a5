#pragma once
// Next-hop sets interned by the FIB worker: every route refers to its wanted
// and resolved sets by a 32-bit id, so a table of 300 000 routes over a
// handful of distinct sets holds a handful of vectors, not two per route.
// Reference counted: a set goes when the last route using it does.
#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "libbgp/fib/fib_sink.hpp"

namespace bgp::fib {

class NexthopSets {
 public:
  using Id = std::uint32_t;
  static constexpr Id kEmpty = 0;  // the empty set; never counted, never freed

  NexthopSets() : entries_(1) {}

  // Takes a reference on `set` (as given: callers normalize), adding it if new.
  Id acquire(const std::vector<NextHop>& set);
  void acquire(Id id);
  void release(Id id);
  // Points `slot` at `id`: a reference on the new set, the old one dropped.
  void assign(Id& slot, Id id);

  // Valid until the set is released (acquiring others does not move it).
  const std::vector<NextHop>& get(Id id) const { return entries_[id].set; }
  std::size_t size() const { return index_.size(); }  // distinct non-empty sets held

 private:
  struct Entry {
    std::vector<NextHop> set;
    std::uint32_t refs = 0;
  };
  std::deque<Entry> entries_;  // index = id; a deque so get()'s references survive acquire()
  std::vector<Id> free_;
  std::map<std::vector<NextHop>, Id> index_;
};

}  // namespace bgp::fib

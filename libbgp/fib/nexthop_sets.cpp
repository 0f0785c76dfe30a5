#include "libbgp/fib/nexthop_sets.hpp"

namespace bgp::fib {

NexthopSets::Id NexthopSets::acquire(const std::vector<NextHop>& set) {
  if (set.empty()) return kEmpty;
  auto it = index_.find(set);
  if (it == index_.end()) {
    Id id = 0;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      id = static_cast<Id>(entries_.size());
      entries_.emplace_back();
    }
    entries_[id].set = set;
    it = index_.emplace(set, id).first;
  }
  ++entries_[it->second].refs;
  return it->second;
}

void NexthopSets::acquire(Id id) {
  if (id != kEmpty) ++entries_[id].refs;
}

void NexthopSets::release(Id id) {
  if (id == kEmpty) return;
  Entry& e = entries_[id];
  if (--e.refs > 0) return;
  index_.erase(e.set);
  e.set = {};
  free_.push_back(id);
}

void NexthopSets::assign(Id& slot, Id id) {
  acquire(id);
  release(slot);
  slot = id;
}

}  // namespace bgp::fib

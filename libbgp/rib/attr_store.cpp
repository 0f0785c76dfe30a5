#include "libbgp/rib/attr_store.hpp"

namespace bgp::rib {

std::string_view intern_error_name(InternError e) {
  switch (e) {
    case InternError::kNone: return "ok";
    case InternError::kLimitExceeded: return "attribute set limit exceeded";
  }
  return "unknown";
}

AttrNode* AttrStore::find(const PathAttributes& attrs, std::size_t h) const {
  auto [first, last] = by_hash_.equal_range(h);
  for (auto it = first; it != last; ++it) {
    AttrNode* n = nodes_[it->second].get();
    if (n->attrs == attrs) return n;
  }
  return nullptr;
}

InternResult AttrStore::intern(const PathAttributes& attrs) {
  const std::size_t h = hash_value(attrs);
  if (AttrNode* n = find(attrs, h)) return {AttrRef(this, n), InternError::kNone};
  return insert(PathAttributes(attrs), h);
}

InternResult AttrStore::intern(PathAttributes&& attrs) {
  const std::size_t h = hash_value(attrs);
  if (AttrNode* n = find(attrs, h)) return {AttrRef(this, n), InternError::kNone};
  return insert(std::move(attrs), h);
}

InternResult AttrStore::insert(PathAttributes&& attrs, std::size_t h) {
  if (live_ >= max_sets_) return {AttrRef(), InternError::kLimitExceeded};
  std::uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(nodes_.size());
    nodes_.emplace_back();
  }
  nodes_[index] = std::make_unique<AttrNode>(AttrNode{std::move(attrs), h, 0, index});
  by_hash_.emplace(h, index);
  ++live_;
  return {AttrRef(this, nodes_[index].get()), InternError::kNone};
}

void AttrStore::erase(AttrNode* node) {
  auto [first, last] = by_hash_.equal_range(node->hash);
  for (auto it = first; it != last; ++it) {
    if (it->second == node->index) {
      by_hash_.erase(it);
      break;
    }
  }
  const std::uint32_t index = node->index;
  nodes_[index].reset();
  free_.push_back(index);
  --live_;
}

}  // namespace bgp::rib

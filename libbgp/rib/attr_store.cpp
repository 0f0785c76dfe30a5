#include "libbgp/rib/attr_store.hpp"

namespace bgp::rib {

AttrRef::AttrRef(AttrStore* store, AttrNode* node) : store_(store), node_(node) {
  if (node_) ++node_->refs;
}
AttrRef::AttrRef(const AttrRef& o) : AttrRef(o.store_, o.node_) {}
AttrRef& AttrRef::operator=(const AttrRef& o) {
  if (this != &o) {
    if (o.node_) ++o.node_->refs;
    reset();
    store_ = o.store_;
    node_ = o.node_;
  }
  return *this;
}
AttrRef& AttrRef::operator=(AttrRef&& o) noexcept {
  if (this != &o) {
    reset();
    store_ = o.store_;
    node_ = o.node_;
    o.node_ = nullptr;
  }
  return *this;
}
AttrRef::~AttrRef() { reset(); }
void AttrRef::reset() {
  if (node_ && --node_->refs == 0) store_->erase(node_);
  node_ = nullptr;
}

std::string_view intern_error_name(InternError e) {
  switch (e) {
    case InternError::kNone: return "ok";
    case InternError::kLimitExceeded: return "attribute set limit exceeded";
  }
  return "unknown";
}

InternResult AttrStore::intern(PathAttributes attrs) {
  const std::size_t h = hash_value(attrs);
  auto [first, last] = by_hash_.equal_range(h);
  for (auto it = first; it != last; ++it) {
    AttrNode* n = nodes_[it->second].get();
    if (n->attrs == attrs) return {AttrRef(this, n), InternError::kNone};
  }
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

void AttrStore::release(std::uint32_t index) {
  AttrNode* n = nodes_[index].get();
  if (--n->refs == 0) erase(n);
}

AttrRef AttrStore::ref(std::uint32_t index) { return AttrRef(this, nodes_[index].get()); }

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

#pragma once
// Interned (hash-consed) path attribute sets. Every distinct PathAttributes
// value is stored once; routes hold a 32-bit index (compact tables) or an
// AttrRef handle, both counted in the node's intrusive reference count, so a
// million prefixes announced with the same attributes cost one copy. The set
// is freed when its last reference goes.
//
// The number of distinct sets is bounded (config): a peer that sends a new
// attribute set per prefix cannot grow memory without limit (DESIGN.md
// principle: anything a peer can make grow has a limit). Single-threaded, like
// the rest of the RIB.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "libbgp/rib/path_attributes.hpp"

namespace bgp::rib {

class AttrStore;

struct AttrNode {
  PathAttributes attrs;
  std::size_t hash = 0;
  std::uint32_t refs = 0;
  std::uint32_t index = 0;
};

// A counted reference to one interned attribute set. Equality is identity,
// which for interned values is value equality.
class AttrRef {
 public:
  // Inline: one copy per RouteChange and per policy evaluation, so the
  // count update should not cost a call.
  AttrRef() = default;
  AttrRef(const AttrRef& o) : AttrRef(o.store_, o.node_) {}
  AttrRef(AttrRef&& o) noexcept : store_(o.store_), node_(o.node_) { o.node_ = nullptr; }
  AttrRef& operator=(const AttrRef& o) {
    if (this != &o) {
      if (o.node_) ++o.node_->refs;
      reset();
      store_ = o.store_;
      node_ = o.node_;
    }
    return *this;
  }
  AttrRef& operator=(AttrRef&& o) noexcept {
    if (this != &o) {
      reset();
      store_ = o.store_;
      node_ = o.node_;
      o.node_ = nullptr;
    }
    return *this;
  }
  ~AttrRef() { reset(); }

  explicit operator bool() const { return node_ != nullptr; }
  const PathAttributes& operator*() const { return node_->attrs; }
  const PathAttributes* operator->() const { return &node_->attrs; }
  const PathAttributes& get() const { return node_->attrs; }
  std::uint32_t index() const { return node_->index; }
  friend bool operator==(const AttrRef& a, const AttrRef& b) { return a.node_ == b.node_; }

 private:
  friend class AttrStore;
  AttrRef(AttrStore* store, AttrNode* node) : store_(store), node_(node) {  // takes a new reference
    if (node_) ++node_->refs;
  }
  inline void reset();
  AttrStore* store_ = nullptr;
  AttrNode* node_ = nullptr;
};

enum class InternError : std::uint8_t {
  kNone,
  kLimitExceeded,  // the configured maximum of distinct attribute sets is reached
};
std::string_view intern_error_name(InternError e);

struct InternResult {
  AttrRef ref;  // empty on error
  InternError error = InternError::kNone;
  bool ok() const { return error == InternError::kNone; }
};

class AttrStore {
 public:
  static constexpr std::size_t kDefaultMaxSets = 1'000'000;
  explicit AttrStore(std::size_t max_sets = kDefaultMaxSets) : max_sets_(max_sets) {}
  AttrStore(const AttrStore&) = delete;
  AttrStore& operator=(const AttrStore&) = delete;

  // Returns the shared copy of `attrs`, adding it when new. Fails (without
  // adding) when it is new and the store already holds max_sets() sets.
  // The const& form copies only when the set is new: the daemon interns the
  // decoded attributes of every UPDATE, and most repeat a known set.
  InternResult intern(const PathAttributes& attrs);
  InternResult intern(PathAttributes&& attrs);

  // Compact references used by the prefix tables: an index plus a count.
  void retain(std::uint32_t index) { ++nodes_[index]->refs; }
  void release(std::uint32_t index) {
    AttrNode* n = nodes_[index].get();
    if (--n->refs == 0) erase(n);
  }
  const PathAttributes& get(std::uint32_t index) const { return nodes_[index]->attrs; }
  AttrRef ref(std::uint32_t index) { return AttrRef(this, nodes_[index].get()); }  // a handle (new reference)

  std::size_t size() const { return live_; }
  std::size_t max_sets() const { return max_sets_; }
  void set_max_sets(std::size_t n) { max_sets_ = n; }
  std::uint32_t refs(std::uint32_t index) const { return nodes_[index]->refs; }

 private:
  friend class AttrRef;
  void erase(AttrNode* node);
  // The node holding a value equal to `attrs` (hash `h`), or null.
  AttrNode* find(const PathAttributes& attrs, std::size_t h) const;
  InternResult insert(PathAttributes&& attrs, std::size_t h);

  std::size_t max_sets_;
  std::size_t live_ = 0;
  std::vector<std::unique_ptr<AttrNode>> nodes_;  // by index; null = free slot
  std::vector<std::uint32_t> free_;
  std::unordered_multimap<std::size_t, std::uint32_t> by_hash_;
};

inline void AttrRef::reset() {
  if (node_ && --node_->refs == 0) store_->erase(node_);
  node_ = nullptr;
}

}  // namespace bgp::rib

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
  AttrRef() = default;
  AttrRef(const AttrRef& o);
  AttrRef(AttrRef&& o) noexcept : store_(o.store_), node_(o.node_) { o.node_ = nullptr; }
  AttrRef& operator=(const AttrRef& o);
  AttrRef& operator=(AttrRef&& o) noexcept;
  ~AttrRef();

  explicit operator bool() const { return node_ != nullptr; }
  const PathAttributes& operator*() const { return node_->attrs; }
  const PathAttributes* operator->() const { return &node_->attrs; }
  const PathAttributes& get() const { return node_->attrs; }
  std::uint32_t index() const { return node_->index; }
  friend bool operator==(const AttrRef& a, const AttrRef& b) { return a.node_ == b.node_; }

 private:
  friend class AttrStore;
  AttrRef(AttrStore* store, AttrNode* node);  // takes a new reference
  void reset();
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
  InternResult intern(PathAttributes attrs);

  // Compact references used by the prefix tables: an index plus a count.
  void retain(std::uint32_t index) { ++nodes_[index]->refs; }
  void release(std::uint32_t index);
  const PathAttributes& get(std::uint32_t index) const { return nodes_[index]->attrs; }
  AttrRef ref(std::uint32_t index);  // a handle (new reference) for a compact index

  std::size_t size() const { return live_; }
  std::size_t max_sets() const { return max_sets_; }
  void set_max_sets(std::size_t n) { max_sets_ = n; }
  std::uint32_t refs(std::uint32_t index) const { return nodes_[index]->refs; }

 private:
  friend class AttrRef;
  void erase(AttrNode* node);

  std::size_t max_sets_;
  std::size_t live_ = 0;
  std::vector<std::unique_ptr<AttrNode>> nodes_;  // by index; null = free slot
  std::vector<std::uint32_t> free_;
  std::unordered_multimap<std::size_t, std::uint32_t> by_hash_;
};

}  // namespace bgp::rib

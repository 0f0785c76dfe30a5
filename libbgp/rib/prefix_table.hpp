#pragma once
// The RIB's prefix store: one open-addressing hash table per address family
// mapping a prefix to the compact array of paths every peer announced for it
// (the union of the Adj-RIBs-In; the paths flagged best/multipath are the
// Loc-RIB). Exact lookup is one probe sequence, longest match probes only the
// prefix lengths present (a per-length count), ordered walks sort the keys.
//
// Hand-written rather than std::unordered_map / std::map because of the memory
// target (≤ 64 B per route, ≤ 48 B per further path, see bench/rib): a node
// container costs 50-70 B per prefix before the paths; here an IPv4 prefix
// with one path is a 16-byte slot (key, path count, one inline path) and
// further paths live in pooled power-of-two blocks of 8-byte Path records.
// Boost 1.74 has no flat/open-addressing map (unordered_flat_map is 1.81+).
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "libbgp/rib/zeroed_array.hpp"
#include "libbgp/wire/address.hpp"

namespace bgp::rib {

using PeerId = std::uint16_t;

namespace path_flag {
inline constexpr std::uint16_t kStale = 1 << 0;      // RFC 4724: peer restarting, kept until End-of-RIB
inline constexpr std::uint16_t kEligible = 1 << 1;   // next hop resolvable: a decision candidate
inline constexpr std::uint16_t kBest = 1 << 2;       // the Loc-RIB best path
inline constexpr std::uint16_t kMultipath = 1 << 3;  // in the ECMP set (the best path too)
}  // namespace path_flag

// One path to a prefix: who announced it and with which interned attributes.
struct Path {
  std::uint32_t attr = 0;  // AttrStore index (one counted reference)
  PeerId peer = 0;
  std::uint16_t flags = 0;
  bool has(std::uint16_t f) const { return (flags & f) != 0; }
};
static_assert(sizeof(Path) == 8);

// Family traits: how a Prefix becomes a compact key and back.
struct V4Addr {
  std::uint32_t v = 0;
  friend bool operator==(const V4Addr&, const V4Addr&) = default;
  friend auto operator<=>(const V4Addr&, const V4Addr&) = default;
};
struct V6Addr {
  std::uint64_t hi = 0, lo = 0;
  friend bool operator==(const V6Addr&, const V6Addr&) = default;
  friend auto operator<=>(const V6Addr&, const V6Addr&) = default;
};

template <class A>
struct PrefixKey {
  A addr{};
  std::uint8_t len = 0;
  friend bool operator==(const PrefixKey&, const PrefixKey&) = default;
  friend auto operator<=>(const PrefixKey&, const PrefixKey&) = default;
};

// Inline conversions (one per announced prefix and per change): keys are
// already masked, so Prefix::assign_masked skips the re-masking.
inline PrefixKey<V4Addr> to_key(const Prefix& p, V4Addr) {
  const auto& b = p.address().bytes();
  return {{(std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3]}, p.length()};
}
inline PrefixKey<V6Addr> to_key(const Prefix& p, V6Addr) {
  const auto& b = p.address().bytes();
  std::uint64_t hi = 0, lo = 0;
  for (int i = 0; i < 8; ++i) hi = (hi << 8) | b[i];
  for (int i = 8; i < 16; ++i) lo = (lo << 8) | b[i];
  return {{hi, lo}, p.length()};
}
inline Prefix to_prefix(const PrefixKey<V4Addr>& k) {
  const std::uint8_t net[4] = {static_cast<std::uint8_t>(k.addr.v >> 24), static_cast<std::uint8_t>(k.addr.v >> 16),
                               static_cast<std::uint8_t>(k.addr.v >> 8), static_cast<std::uint8_t>(k.addr.v)};
  Prefix p;
  p.assign_masked(Afi::kIpv4, net, k.len);
  return p;
}
inline Prefix to_prefix(const PrefixKey<V6Addr>& k) {
  std::uint8_t net[16];
  for (int i = 0; i < 8; ++i) net[i] = static_cast<std::uint8_t>(k.addr.hi >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i) net[8 + i] = static_cast<std::uint8_t>(k.addr.lo >> (56 - 8 * i));
  Prefix p;
  p.assign_masked(Afi::kIpv6, net, k.len);
  return p;
}
inline V4Addr mask_addr(V4Addr a, std::uint8_t len) { return {len == 0 ? 0u : a.v & ~((len >= 32) ? 0u : (0xFFFFFFFFu >> len))}; }
inline V6Addr mask_addr(V6Addr a, std::uint8_t len) {
  auto m = [](std::uint64_t x, int bits) { return bits <= 0 ? 0 : bits >= 64 ? x : x & ~(~std::uint64_t{0} >> bits); };
  return {m(a.hi, len), m(a.lo, static_cast<int>(len) - 64)};
}
// The tables index with the low bits of the hash, so mix every input bit into
// them (murmur3's 64-bit finalizer): prefix keys have all-zero host bits.
inline std::uint64_t fmix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}
inline std::uint64_t hash_key(const PrefixKey<V4Addr>& k) { return fmix64((std::uint64_t{k.addr.v} << 8) | k.len); }
inline std::uint64_t hash_key(const PrefixKey<V6Addr>& k) {
  return fmix64(k.addr.hi ^ fmix64(k.addr.lo ^ k.len));
}

template <class A>
class PrefixTable {
 public:
  using Key = PrefixKey<A>;
  static constexpr std::uint8_t kBits = sizeof(A) == 4 ? 32 : 128;

  PrefixTable() = default;

  static Key key(const Prefix& p) { return to_key(p, A{}); }

  std::size_t size() const { return size_; }          // prefixes with at least one path
  std::size_t path_count() const { return paths_; }

  // The paths of `k` (sorted by peer), empty when absent. Valid until the next mutation.
  std::span<Path> paths(const Key& k) {
    const std::size_t i = find(k);
    return i == kNone ? std::span<Path>{} : slot_paths(slots_[i]);
  }
  std::span<const Path> paths(const Key& k) const {
    const std::size_t i = find(k);
    return i == kNone ? std::span<const Path>{} : slot_paths(slots_[i]);
  }
  bool contains(const Key& k) const { return find(k) != kNone; }

  // Starts loading the slot `k` hashes to: callers working through a batch
  // (the NLRI of one UPDATE) hide the cache miss behind the previous prefixes.
  // GCC 12 at -O2 deleted the bare __builtin_prefetch here (bgpd had no
  // prefetch instruction at all); the empty asm that uses the address keeps it.
  void prefetch(const Key& k) const {
    if (slots_.empty()) return;
    const Slot* at = &slots_[hash_key(k) & mask()];
    __builtin_prefetch(at);
    asm volatile("" : : "r"(at));
  }

  Path* find_path(const Key& k, PeerId peer) {
    auto ps = paths(k);
    auto it = std::lower_bound(ps.begin(), ps.end(), peer, [](const Path& p, PeerId id) { return p.peer < id; });
    return it != ps.end() && it->peer == peer ? &*it : nullptr;
  }

  // Inserts or replaces the path of `path.peer`. Returns the replaced path, if any.
  std::optional<Path> upsert(const Key& k, Path path) {
    std::size_t vacancy = 0;
    const std::size_t i = lookup(k, vacancy);
    if (i == kNone) {
      insert_at(vacancy, k, path);
      return std::nullopt;
    }
    return upsert_at(i, path);
  }

  // ---- slot-level access: one probe for a find-then-modify sequence ----
  // A slot index stays valid until a prefix is inserted or erased (path
  // changes within a slot keep it); a span of paths until the next mutation.
  static constexpr std::size_t kNone = ~std::size_t{0};
  // The slot of `k`, or kNone; then `vacancy` is where insert_at puts it.
  std::size_t lookup(const Key& k, std::size_t& vacancy) const {
    if (slots_.empty()) {
      vacancy = kNone;
      return kNone;
    }
    for (std::size_t i = hash_key(k) & mask();; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (!s.used) {
        vacancy = i;
        return kNone;
      }
      if (s.len == k.len && s.addr == k.addr) return i;
    }
  }
  // Adds absent `k` with its first path at `vacancy` from lookup() (no
  // mutation in between). Returns its slot.
  std::size_t insert_at(std::size_t vacancy, const Key& k, Path path) {
    if (vacancy == kNone || (size_ + 1) * 4 > slots_.size() * 3) {
      rehash(slots_.empty() ? 16 : slots_.size() * 2);
      vacancy = hash_key(k) & mask();
      while (slots_[vacancy].used) vacancy = (vacancy + 1) & mask();
    }
    Slot& s = slots_[vacancy];
    s.addr = k.addr;
    s.len = k.len;
    s.used = 1;
    s.npaths = 1;
    s.one = path;
    ++size_;
    ++len_count_[k.len];
    ++paths_;
    return vacancy;
  }
  std::span<Path> paths_at(std::size_t slot) { return slot_paths(slots_[slot]); }
  // Inserts or replaces the path of `path.peer` in an existing slot.
  std::optional<Path> upsert_at(std::size_t slot, Path path) {
    Slot& s = slots_[slot];
    if (s.npaths == 1 && s.one.peer == path.peer) {  // the common re-announcement
      const Path old = s.one;
      s.one = path;
      return old;
    }
    auto ps = slot_paths(s);
    auto it = std::lower_bound(ps.begin(), ps.end(), path.peer, [](const Path& p, PeerId id) { return p.peer < id; });
    if (it != ps.end() && it->peer == path.peer) {
      const Path old = *it;
      *it = path;
      return old;
    }
    const std::size_t pos = static_cast<std::size_t>(it - ps.begin());
    grow_paths(s, pos, path);
    ++paths_;
    return std::nullopt;
  }

  // Removes the path of `peer`; the prefix goes when its last path does.
  std::optional<Path> remove(const Key& k, PeerId peer) {
    std::size_t vacancy = 0;
    const std::size_t i = lookup(k, vacancy);
    if (i == kNone) return std::nullopt;
    bool erased = false;
    return remove_at(i, peer, erased);
  }
  // Same on a slot from lookup(); `erased` tells that the prefix went with
  // its last path (the slot index is then no longer valid).
  std::optional<Path> remove_at(std::size_t slot, PeerId peer, bool& erased) {
    Slot& s = slots_[slot];
    auto ps = slot_paths(s);
    auto it = std::lower_bound(ps.begin(), ps.end(), peer, [](const Path& p, PeerId id) { return p.peer < id; });
    erased = false;
    if (it == ps.end() || it->peer != peer) return std::nullopt;
    const Path old = *it;
    shrink_paths(s, static_cast<std::size_t>(it - ps.begin()));
    --paths_;
    if (s.npaths == 0) {
      erase_slot(slot);
      erased = true;
    }
    return old;
  }

  // Longest prefix containing `addr` for which `accept(key, paths)` holds.
  template <class Pred>
  std::optional<Key> longest_match(A addr, std::uint8_t max_len, Pred accept) const {
    for (int len = std::min<int>(max_len, kBits); len >= 0; --len) {
      if (len_count_[len] == 0) continue;
      const Key k{mask_addr(addr, static_cast<std::uint8_t>(len)), static_cast<std::uint8_t>(len)};
      const std::size_t i = find(k);
      if (i != kNone && accept(k, slot_paths(slots_[i]))) return k;
    }
    return std::nullopt;
  }

  // Visits every prefix in unspecified (but deterministic) order. `fn` must not mutate the table.
  template <class Fn>
  void for_each(Fn fn) {
    for (auto& s : slots_) {
      if (s.used) fn(Key{s.addr, s.len}, slot_paths(s));
    }
  }
  // All keys in address-then-length order (an ordered walk; O(n log n), for dumps and show).
  std::vector<Key> sorted_keys() const {
    std::vector<Key> out;
    out.reserve(size_);
    for (const auto& s : slots_) {
      if (s.used) out.push_back(Key{s.addr, s.len});
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Bytes held by the table and its path pool (for metrics and the benchmark).
  std::size_t memory_bytes() const { return slots_.size() * sizeof(Slot) + pool_.capacity() * sizeof(Path); }

 private:
  // A slot holds one inline path, or (npaths > 1) the index of a pooled
  // block of bit_ceil(npaths) paths.
  struct Slot {
    A addr{};
    std::uint8_t len = 0;
    std::uint8_t used = 0;
    std::uint16_t npaths = 0;
    union {
      Path one;
      std::uint32_t block;
    };
    Slot() : one() {}
  };
  std::span<Path> slot_paths(Slot& s) {
    if (s.npaths <= 1) return {&s.one, s.npaths};
    return {pool_.data() + s.block, s.npaths};
  }
  std::span<const Path> slot_paths(const Slot& s) const {
    if (s.npaths <= 1) return {&s.one, s.npaths};
    return {pool_.data() + s.block, s.npaths};
  }

  std::size_t mask() const { return slots_.size() - 1; }

  std::size_t find(const Key& k) const {
    if (slots_.empty()) return kNone;
    for (std::size_t i = hash_key(k) & mask();; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (!s.used) return kNone;
      if (s.len == k.len && s.addr == k.addr) return i;
    }
  }

  // Backward-shift deletion keeps probe sequences intact without tombstones.
  void erase_slot(std::size_t i) {
    --len_count_[slots_[i].len];
    --size_;
    std::size_t j = i;
    for (;;) {
      j = (j + 1) & mask();
      if (!slots_[j].used) break;
      const std::size_t home = hash_key(Key{slots_[j].addr, slots_[j].len}) & mask();
      // Move j back to i when i lies cyclically within [home, j).
      const bool movable = ((j - home) & mask()) >= ((j - i) & mask());
      if (movable) {
        slots_[i] = slots_[j];
        i = j;
      }
    }
    slots_[i] = Slot();
  }

  // Moves every slot into a fresh array of `n`. The old array is handed back
  // page by page as the walk passes it (ZeroedArray::release_front), so the
  // peak is about the new array, not old + new.
  void rehash(std::size_t n) {
    ZeroedArray<Slot> old = std::move(slots_);
    slots_ = ZeroedArray<Slot>(n);
    constexpr std::size_t kReleaseEvery = (std::size_t{64} << 10) / sizeof(Slot);  // slots per 64 KiB
    for (std::size_t j = 0; j < old.size(); ++j) {
      const Slot& s = old[j];
      if (s.used) {
        std::size_t i = hash_key(Key{s.addr, s.len}) & mask();
        while (slots_[i].used) i = (i + 1) & mask();
        slots_[i] = s;
      }
      if ((j + 1) % kReleaseEvery == 0) old.release_front(j + 1);
    }
  }

  // ---- pooled path blocks: power-of-two sizes, one free list per size ----
  static unsigned size_class(std::size_t n) { return static_cast<unsigned>(std::bit_width(std::bit_ceil(n)) - 1); }

  std::uint32_t alloc_block(std::size_t cap) {
    const unsigned c = size_class(cap);
    if (c < free_.size() && !free_[c].empty()) {
      const std::uint32_t b = free_[c].back();
      free_[c].pop_back();
      return b;
    }
    const auto b = static_cast<std::uint32_t>(pool_.size());
    pool_.resize(pool_.size() + (std::size_t{1} << c));
    return b;
  }
  void free_block(std::uint32_t b, std::size_t cap) {
    const unsigned c = size_class(cap);
    if (free_.size() <= c) free_.resize(c + 1);
    free_[c].push_back(b);
  }

  void grow_paths(Slot& s, std::size_t pos, Path p) {
    const std::size_t n = s.npaths;
    if (n == 1) {
      const Path first = s.one;
      const std::uint32_t b = alloc_block(2);
      pool_[b + (pos == 0 ? 1 : 0)] = first;
      pool_[b + pos] = p;
      s.block = b;
    } else if (std::bit_ceil(n + 1) != std::bit_ceil(n)) {
      const std::uint32_t b = alloc_block(n + 1);
      std::copy(pool_.begin() + s.block, pool_.begin() + s.block + pos, pool_.begin() + b);
      pool_[b + pos] = p;
      std::copy(pool_.begin() + s.block + pos, pool_.begin() + s.block + n, pool_.begin() + b + pos + 1);
      free_block(s.block, n);
      s.block = b;
    } else {
      std::copy_backward(pool_.begin() + s.block + pos, pool_.begin() + s.block + n, pool_.begin() + s.block + n + 1);
      pool_[s.block + pos] = p;
    }
    ++s.npaths;
  }

  void shrink_paths(Slot& s, std::size_t pos) {
    const std::size_t n = s.npaths;
    if (n == 1) {
      s.npaths = 0;
      return;
    }
    const std::uint32_t b = s.block;
    std::copy(pool_.begin() + b + pos + 1, pool_.begin() + b + n, pool_.begin() + b + pos);
    if (n == 2) {
      const Path keep = pool_[b];
      free_block(b, 2);
      s.one = keep;
    } else if (std::bit_ceil(n - 1) != std::bit_ceil(n)) {
      const std::uint32_t nb = alloc_block(n - 1);
      std::copy(pool_.begin() + b, pool_.begin() + b + n - 1, pool_.begin() + nb);
      free_block(b, n);
      s.block = nb;
    }
    --s.npaths;
  }

  ZeroedArray<Slot> slots_;  // a power of two long; all-zero bytes is an unused slot
  std::size_t size_ = 0;
  std::size_t paths_ = 0;
  std::array<std::uint32_t, kBits + 1> len_count_{};
  std::vector<Path> pool_;
  std::vector<std::vector<std::uint32_t>> free_;
};

using V4Table = PrefixTable<V4Addr>;
using V6Table = PrefixTable<V6Addr>;

}  // namespace bgp::rib

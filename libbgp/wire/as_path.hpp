#pragma once
// AS_PATH and AS4_PATH (RFC 4271 §4.3, §5.1.2; RFC 5065 confederation
// segments; RFC 6793 4-octet ASNs) as lazy views over the attribute value,
// and the RFC 6793 §4.2.3 merge of AS_PATH with AS4_PATH as a view that
// yields the merged segments without building a new path.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>

#include "libbgp/wire/byte_reader.hpp"

namespace bgp {

enum class AsSegmentType : std::uint8_t {
  kSet = 1,             // RFC 4271 AS_SET
  kSequence = 2,        // RFC 4271 AS_SEQUENCE
  kConfedSequence = 3,  // RFC 5065 AS_CONFED_SEQUENCE
  kConfedSet = 4,       // RFC 5065 AS_CONFED_SET
};

// One segment: its type and its ASNs (2 or 4 octets each).
class AsSegment {
 public:
  AsSegment() = default;
  AsSegment(AsSegmentType type, std::uint8_t asn_size, Bytes asns) : type_(type), asn_size_(asn_size), asns_(asns) {}

  AsSegmentType type() const { return type_; }
  bool is_set() const { return type_ == AsSegmentType::kSet || type_ == AsSegmentType::kConfedSet; }
  bool is_confed() const { return type_ == AsSegmentType::kConfedSequence || type_ == AsSegmentType::kConfedSet; }
  std::uint8_t asn_size() const { return asn_size_; }
  std::size_t size() const { return asns_.size() / asn_size_; }
  std::uint32_t operator[](std::size_t i) const {
    return asn_size_ == 4 ? load_u32(asns_, i * 4) : load_u16(asns_, i * 2);
  }
  Bytes raw_asns() const { return asns_; }
  // The same segment keeping only its first n ASNs (RFC 6793 §4.2.3 merge).
  AsSegment first(std::size_t n) const { return AsSegment(type_, asn_size_, asns_.first(n * asn_size_)); }

  // Walks the ASN octets directly (no per-ASN indirection through the segment).
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::uint32_t;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(const std::byte* p, std::uint8_t asn_size) : p_(p), asn_size_(asn_size) {}
    std::uint32_t operator*() const {
      const Bytes b(p_, asn_size_);
      return asn_size_ == 4 ? load_u32(b) : load_u16(b);
    }
    iterator& operator++() {
      p_ += asn_size_;
      return *this;
    }
    iterator operator++(int) {
      auto c = *this;
      p_ += asn_size_;
      return c;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.p_ == b.p_; }

   private:
    const std::byte* p_ = nullptr;
    std::uint8_t asn_size_ = 4;
  };
  iterator begin() const { return iterator(asns_.data(), asn_size_); }
  iterator end() const { return iterator(asns_.data() + size() * asn_size_, asn_size_); }

 private:
  AsSegmentType type_ = AsSegmentType::kSequence;
  std::uint8_t asn_size_ = 4;
  Bytes asns_{};
};

enum class AsPathStatus : std::uint8_t {
  kOk,
  kBadSegmentType,  // RFC 7606 §7.2: unrecognized segment type
  kZeroLength,      // RFC 7606 §7.2: segment with length zero
  kTruncated,       // RFC 7606 §7.2: segment header or ASNs overrun the attribute
};

// Validates an AS path value in one pass; *has_confed (when given) tells
// whether any AS_CONFED_* segment was seen. Inline: it runs for every UPDATE.
inline AsPathStatus check_as_path(Bytes value, std::uint8_t asn_size, bool* has_confed = nullptr) {
  std::size_t pos = 0;
  bool confed = false;
  while (pos < value.size()) {
    // RFC 7606 §7.2: the attribute is malformed when a segment header is
    // truncated, a segment overruns it, a segment type is unknown or a
    // segment length is zero.
    if (value.size() - pos < 2) return AsPathStatus::kTruncated;
    const auto type = std::to_integer<std::uint8_t>(value[pos]);
    const auto count = std::to_integer<std::uint8_t>(value[pos + 1]);
    if (type < 1 || type > 4) return AsPathStatus::kBadSegmentType;
    if (count == 0) return AsPathStatus::kZeroLength;
    const std::size_t bytes = std::size_t{count} * asn_size;
    if (value.size() - pos - 2 < bytes) return AsPathStatus::kTruncated;
    confed |= type >= 3;
    pos += 2 + bytes;
  }
  if (has_confed) *has_confed = confed;
  return AsPathStatus::kOk;
}


// Lazy view over a checked AS path value; iteration stops at a malformed segment.
class AsPathView {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = AsSegment;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    iterator(Bytes rest, std::uint8_t asn_size) : rest_(rest), asn_size_(asn_size) { advance(); }
    const AsSegment& operator*() const { return seg_; }
    const AsSegment* operator->() const { return &seg_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    iterator operator++(int) {
      auto c = *this;
      advance();
      return c;
    }
    friend bool operator==(const iterator& a, const iterator& b) {
      return a.done_ == b.done_ && (a.done_ || a.seg_.raw_asns().data() == b.seg_.raw_asns().data());
    }

   private:
    void advance() {
      if (rest_.size() < 2) {
        done_ = true;
        return;
      }
      const auto type = std::to_integer<std::uint8_t>(rest_[0]);
      const std::size_t bytes = std::size_t{std::to_integer<std::uint8_t>(rest_[1])} * asn_size_;
      if (type < 1 || type > 4 || rest_.size() - 2 < bytes) {
        done_ = true;
        return;
      }
      seg_ = AsSegment(static_cast<AsSegmentType>(type), asn_size_, rest_.subspan(2, bytes));
      rest_ = rest_.subspan(2 + bytes);
      done_ = false;
    }
    Bytes rest_{};
    std::uint8_t asn_size_ = 4;
    AsSegment seg_{};
    bool done_ = true;
  };

  AsPathView() = default;
  AsPathView(Bytes value, std::uint8_t asn_size) : raw_(value), asn_size_(asn_size) {}

  iterator begin() const { return iterator(raw_, asn_size_); }
  iterator end() const { return iterator(); }
  bool empty() const { return raw_.empty(); }
  Bytes raw() const { return raw_; }
  std::uint8_t asn_size() const { return asn_size_; }

  // RFC 4271 §9.1.2.2 (a): an AS_SET counts 1, confederation segments 0 (RFC 5065 §5.3).
  std::size_t path_length() const;
  // RFC 6793 §4.2.3 counting (and bgpdump's): sequences count their ASNs,
  // sets count 1, confederation segments included.
  std::size_t merge_count() const;
  // First ASN of the first AS_SEQUENCE: the neighbouring AS (RFC 4271 §9.1.2.2 (c)).
  std::optional<std::uint32_t> neighbor_as() const;
  // Last ASN of the path when the last segment is an AS_SEQUENCE: the originating AS.
  std::optional<std::uint32_t> origin_as() const;
  bool has_confed_segments() const;

 private:
  Bytes raw_{};
  std::uint8_t asn_size_ = 4;
};

// The AS path a route really carries. On 2-octet sessions this is AS_PATH
// merged with AS4_PATH per RFC 6793 §4.2.3: the leading
// (count(AS_PATH) - count(AS4_PATH)) ASNs of AS_PATH, then all of AS4_PATH.
// Otherwise it is simply AS_PATH. Yields AsSegment values (with their own
// asn_size), never allocating.
class MergedAsPath {
 public:
  MergedAsPath() = default;
  explicit MergedAsPath(AsPathView path) : head_(path), head_count_(SIZE_MAX) {}
  // head_count: how many counted ASNs (merge_count units) to take from `path`.
  MergedAsPath(AsPathView path, std::size_t head_count, AsPathView as4_path)
      : head_(path), head_count_(head_count), tail_(as4_path) {}
  // Applies the RFC 6793 §4.2.3 rule: AS4_PATH is ignored when it is longer than AS_PATH.
  static MergedAsPath merge(AsPathView as_path, AsPathView as4_path) {
    return as4_path.empty() ? MergedAsPath(as_path) : merge_with_as4(as_path, as4_path);
  }
  static MergedAsPath merge_with_as4(AsPathView as_path, AsPathView as4_path);

  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = AsSegment;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(const MergedAsPath& m) : tail_(m.tail_), it_(m.head_.begin()), left_(m.head_count_) { settle(); }
    const AsSegment& operator*() const { return seg_; }
    const AsSegment* operator->() const { return &seg_; }
    iterator& operator++() {
      it_++;
      settle();
      return *this;
    }
    iterator operator++(int) {
      auto c = *this;
      ++*this;
      return c;
    }
    friend bool operator==(const iterator& a, const iterator& b) {
      return a.done_ == b.done_ && (a.done_ || (a.in_tail_ == b.in_tail_ && a.it_ == b.it_));
    }

   private:
    // Positions seg_ on the next merged segment (inline: runs once per segment).
    void settle() {
      if (!in_tail_) {
        if (left_ > 0 && it_ != AsPathView::iterator()) {
          const AsSegment& s = *it_;
          if (s.is_set()) {
            seg_ = s;
            left_ -= 1;
          } else {
            // A sequence is cut so exactly the missing number of ASNs is
            // taken (as bgpdump does); the rest of the path comes from AS4_PATH.
            const std::size_t take = s.size() < left_ ? s.size() : left_;
            seg_ = s.first(take);
            left_ -= take;
          }
          done_ = false;
          return;
        }
        in_tail_ = true;
        it_ = tail_.begin();
      }
      done_ = it_ == AsPathView::iterator();
      if (!done_) seg_ = *it_;
    }
    AsPathView tail_{};  // by value: the iterator may outlive a temporary MergedAsPath
    AsPathView::iterator it_{};
    std::size_t left_ = 0;
    bool in_tail_ = false;
    bool done_ = true;
    AsSegment seg_{};
  };
  iterator begin() const { return iterator(*this); }
  iterator end() const { return iterator(); }
  bool empty() const { return begin() == end(); }

  std::size_t path_length() const;                    // RFC 4271 §9.1.2.2 (a) over the merged path
  std::optional<std::uint32_t> neighbor_as() const;   // first ASN of the first AS_SEQUENCE
  std::optional<std::uint32_t> origin_as() const;     // last ASN when the last segment is a sequence
  bool is_merged() const { return !tail_.empty(); }

 private:
  AsPathView head_{};
  std::size_t head_count_ = SIZE_MAX;
  AsPathView tail_{};
};

}  // namespace bgp

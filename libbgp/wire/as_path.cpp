#include "libbgp/wire/as_path.hpp"

#include <algorithm>

namespace bgp {

std::size_t AsPathView::path_length() const {
  std::size_t n = 0;
  for (const AsSegment& s : *this) {
    if (s.type() == AsSegmentType::kSequence) n += s.size();
    if (s.type() == AsSegmentType::kSet) n += 1;
  }
  return n;
}

std::size_t AsPathView::merge_count() const {
  std::size_t n = 0;
  for (const AsSegment& s : *this) n += s.is_set() ? 1 : s.size();
  return n;
}

std::optional<std::uint32_t> AsPathView::neighbor_as() const {
  for (const AsSegment& s : *this) {
    if (s.type() == AsSegmentType::kSequence && s.size() > 0) return s[0];
    if (!s.is_confed()) return std::nullopt;  // a leading AS_SET has no single neighbour
  }
  return std::nullopt;
}

std::optional<std::uint32_t> AsPathView::origin_as() const {
  std::optional<std::uint32_t> last;
  for (const AsSegment& s : *this) {
    last = (s.type() == AsSegmentType::kSequence && s.size() > 0) ? std::optional(s[s.size() - 1]) : std::nullopt;
  }
  return last;
}

bool AsPathView::has_confed_segments() const {
  return std::any_of(begin(), end(), [](const AsSegment& s) { return s.is_confed(); });
}

MergedAsPath MergedAsPath::merge_with_as4(AsPathView as_path, AsPathView as4_path) {
  const std::size_t have = as_path.merge_count();
  const std::size_t want = as4_path.merge_count();
  // RFC 6793 §4.2.3: an AS4_PATH longer than AS_PATH is ignored.
  if (have < want) return MergedAsPath(as_path);
  return MergedAsPath(as_path, have - want, as4_path);
}

std::size_t MergedAsPath::path_length() const {
  std::size_t n = 0;
  for (const AsSegment& s : *this) {
    if (s.type() == AsSegmentType::kSequence) n += s.size();
    if (s.type() == AsSegmentType::kSet) n += 1;
  }
  return n;
}

std::optional<std::uint32_t> MergedAsPath::neighbor_as() const {
  for (const AsSegment& s : *this) {
    if (s.type() == AsSegmentType::kSequence && s.size() > 0) return s[0];
    if (!s.is_confed()) return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> MergedAsPath::origin_as() const {
  std::optional<std::uint32_t> last;
  for (const AsSegment& s : *this) {
    last = (s.type() == AsSegmentType::kSequence && s.size() > 0) ? std::optional(s[s.size() - 1]) : std::nullopt;
  }
  return last;
}

}  // namespace bgp

#include "libbgp/rib/path_attributes.hpp"

#include <algorithm>
#include <charconv>

namespace bgp::rib {
namespace {

constexpr std::size_t kMaxSegmentAsns = 255;  // one octet of segment length (RFC 4271 §4.3)

// boost::hash_combine's mixing step, on 64 bits.
void mix(std::size_t& seed, std::size_t v) { seed ^= v + 0x9e3779b97f4a7c15ull + (seed << 12) + (seed >> 4); }

bool is_confed(AsSegmentType t) { return t == AsSegmentType::kConfedSequence || t == AsSegmentType::kConfedSet; }

}  // namespace

std::uint32_t as_path_length(const AsPath& path) {
  std::uint32_t n = 0;
  for (const auto& seg : path) {
    if (is_confed(seg.type)) continue;
    n += seg.type == AsSegmentType::kSet ? 1 : static_cast<std::uint32_t>(seg.asns.size());
  }
  return n;
}

std::optional<std::uint32_t> neighbor_as(const AsPath& path) {
  for (const auto& seg : path) {
    if (is_confed(seg.type)) continue;
    if (seg.type == AsSegmentType::kSequence && !seg.asns.empty()) return seg.asns.front();
    return std::nullopt;  // a leading AS_SET names no single neighbour
  }
  return std::nullopt;
}

bool as_path_contains(const AsPath& path, std::uint32_t asn) {
  for (const auto& seg : path) {
    if (std::find(seg.asns.begin(), seg.asns.end(), asn) != seg.asns.end()) return true;
  }
  return false;
}

void as_path_prepend(AsPath& path, std::uint32_t asn, std::size_t times) {
  if (times == 0) return;
  // Rebuilt rather than inserted in place: the leading AS_SEQUENCE may
  // overflow into new segments of at most 255 ASNs.
  std::vector<std::uint32_t> lead(times, asn);
  std::size_t rest = 0;
  if (!path.empty() && path.front().type == AsSegmentType::kSequence) {
    lead.insert(lead.end(), path.front().asns.begin(), path.front().asns.end());
    rest = 1;
  }
  AsPath out;
  for (std::size_t i = 0; i < lead.size(); i += kMaxSegmentAsns) {
    const std::size_t n = std::min(kMaxSegmentAsns, lead.size() - i);
    out.push_back(AsPathSegment{AsSegmentType::kSequence, std::vector<std::uint32_t>(lead.begin() + static_cast<std::ptrdiff_t>(i), lead.begin() + static_cast<std::ptrdiff_t>(i + n))});
  }
  for (std::size_t i = rest; i < path.size(); ++i) out.push_back(std::move(path[i]));
  path = std::move(out);
}

std::string as_path_to_string(const AsPath& path) {
  std::string out;
  for (const auto& seg : path) {
    const char* open = "";
    const char* close = "";
    switch (seg.type) {
      case AsSegmentType::kSequence: break;
      case AsSegmentType::kSet: open = "{"; close = "}"; break;
      case AsSegmentType::kConfedSequence: open = "("; close = ")"; break;
      case AsSegmentType::kConfedSet: open = "["; close = "]"; break;
    }
    if (!out.empty()) out += ' ';
    out += open;
    for (std::size_t i = 0; i < seg.asns.size(); ++i) {
      if (i) out += seg.type == AsSegmentType::kSet || seg.type == AsSegmentType::kConfedSet ? "," : " ";
      out += std::to_string(seg.asns[i]);
    }
    out += close;
  }
  return out;
}

std::optional<AsPath> parse_as_path(std::string_view text) {
  AsPath path;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
  };
  auto read_asn = [&]() -> std::optional<std::uint32_t> {
    std::uint32_t v = 0;
    auto [p, ec] = std::from_chars(text.data() + i, text.data() + text.size(), v);
    if (ec != std::errc{}) return std::nullopt;
    i = static_cast<std::size_t>(p - text.data());
    return v;
  };
  skip_space();
  while (i < text.size()) {
    AsSegmentType type = AsSegmentType::kSequence;
    char close = 0;
    if (text[i] == '{') { type = AsSegmentType::kSet; close = '}'; }
    if (text[i] == '(') { type = AsSegmentType::kConfedSequence; close = ')'; }
    if (text[i] == '[') { type = AsSegmentType::kConfedSet; close = ']'; }
    if (close) {
      ++i;
      AsPathSegment seg{type, {}};
      skip_space();
      while (i < text.size() && text[i] != close) {
        auto asn = read_asn();
        if (!asn) return std::nullopt;
        seg.asns.push_back(*asn);
        skip_space();
      }
      if (i >= text.size() || seg.asns.empty()) return std::nullopt;
      ++i;
      path.push_back(std::move(seg));
    } else {
      auto asn = read_asn();
      if (!asn) return std::nullopt;
      if (path.empty() || path.back().type != AsSegmentType::kSequence) {
        path.push_back(AsPathSegment{AsSegmentType::kSequence, {}});
      }
      path.back().asns.push_back(*asn);
    }
    skip_space();
  }
  return path;
}

AsPath as_path_from_wire(const MergedAsPath& path) {
  AsPath out;
  for (const AsSegment& seg : path) {
    AsPathSegment s{seg.type(), {}};
    s.asns.reserve(seg.size());
    for (std::uint32_t asn : seg) s.asns.push_back(asn);
    out.push_back(std::move(s));
  }
  return out;
}

bool PathAttributes::has_community(std::uint32_t c) const {
  return std::find(communities.begin(), communities.end(), c) != communities.end();
}

bool PathAttributes::has_large_community(const LargeCommunity& c) const {
  return std::find(large_communities.begin(), large_communities.end(), c) != large_communities.end();
}

std::size_t hash_value(const PathAttributes& a) {
  std::size_t h = static_cast<std::size_t>(a.origin);
  for (const auto& seg : a.as_path) {
    mix(h, static_cast<std::size_t>(seg.type));
    for (auto asn : seg.asns) mix(h, asn);
  }
  mix(h, std::hash<IpAddress>{}(a.next_hop));
  if (a.next_hop_link_local) mix(h, std::hash<IpAddress>{}(*a.next_hop_link_local));
  mix(h, a.med ? *a.med + 1ull : 0);
  mix(h, a.local_pref ? *a.local_pref + 1ull : 0);
  mix(h, a.atomic_aggregate);
  if (a.aggregator) mix(h, a.aggregator->asn ^ std::hash<IpAddress>{}(a.aggregator->address));
  for (auto c : a.communities) mix(h, c);
  for (auto c : a.ext_communities) mix(h, c);
  for (const auto& c : a.large_communities) mix(h, (std::size_t{c.global} << 32) ^ (std::size_t{c.local1} << 16) ^ c.local2);
  if (a.originator_id) mix(h, std::hash<IpAddress>{}(*a.originator_id));
  for (auto c : a.cluster_list) mix(h, c);
  for (const auto& u : a.unknown) {
    mix(h, (std::size_t{u.flags} << 8) | u.type);
    for (auto b : u.value) mix(h, std::to_integer<std::size_t>(b));
  }
  return h;
}

}  // namespace bgp::rib

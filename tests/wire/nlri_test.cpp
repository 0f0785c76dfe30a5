// Prefix fields: one-pass check, lazy iteration, ADD-PATH path ids, trailing bits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "libbgp/wire/nlri.hpp"
#include "tests/wire/update_test_util.hpp"

namespace bgp {
namespace {

using testing::ByteVec;
using testing::hex;

std::vector<std::string> render(const NlriRange& r) {
  std::vector<std::string> out;
  // Appended, not `"#" + std::to_string(...)`: GCC 12 at -O3 reports a false
  // -Wrestrict on that (GCC bug 105329).
  for (const auto& e : r) {
    std::string s = e.prefix.to_string();
    if (e.path_id) s.append("#").append(std::to_string(e.path_id));
    out.push_back(std::move(s));
  }
  return out;
}

TEST(Nlri, Ipv4PrefixesOfEveryByteLength) {
  const ByteVec f = hex("00 | 08 0a | 10 0a 01 | 18 c0 00 02 | 20 c0 00 02 01");
  const NlriRange r(f, Afi::kIpv4, false);
  EXPECT_EQ(r.check().status, NlriStatus::kOk);
  EXPECT_EQ(r.check().count, 5u);
  EXPECT_EQ(render(r), (std::vector<std::string>{"0.0.0.0/0", "10.0.0.0/8", "10.1.0.0/16", "192.0.2.0/24",
                                                 "192.0.2.1/32"}));
}

// The last entry of a field with fewer than four octets left is read from the
// field's last four octets (shifted into place) when they all belong to the
// entry, else octet by octet: every length as the last entry, alone and after
// a /32, with and without a path id, gives the same prefix.
TEST(Nlri, LastIpv4PrefixOfAFieldReadCorrectlyWhateverItsLength) {
  for (unsigned bits = 0; bits <= 32; ++bits) {
    const unsigned bytes = (bits + 7) / 8;
    const std::uint32_t addr = 0xc0a8feffu & static_cast<std::uint32_t>(std::uint64_t{0xffffffffu} << (32 - bits));
    const Prefix expected =
        *Prefix::parse(IpAddress::v4(addr).to_string() + "/" + std::to_string(bits));
    for (const bool add_path : {false, true}) {
      for (const bool after_other : {false, true}) {
        ByteVec f;
        auto entry = [&](std::uint8_t len, std::uint32_t a, unsigned n) {
          if (add_path) f.insert(f.end(), {std::byte{0}, std::byte{0}, std::byte{0}, std::byte{9}});
          f.push_back(std::byte{len});
          // Octets past the length carry garbage bits that must be cleared.
          for (unsigned i = 0; i < n; ++i) f.push_back(std::byte((a >> (24 - 8 * i)) & 0xff));
        };
        if (after_other) entry(32, 0x0a000001u, 4);
        entry(static_cast<std::uint8_t>(bits), 0xc0a8feffu, bytes);
        const NlriRange r(f, Afi::kIpv4, add_path);
        ASSERT_EQ(r.check().status, NlriStatus::kOk);
        NlriEntry last;
        std::size_t n = 0;
        for (const NlriEntry& e : r) {
          last = e;
          ++n;
        }
        SCOPED_TRACE(std::to_string(bits) + (add_path ? " add-path" : "") + (after_other ? " after /32" : ""));
        ASSERT_EQ(n, after_other ? 2u : 1u);
        EXPECT_EQ(last.prefix, expected);
        EXPECT_EQ(last.path_id, add_path ? 9u : 0u);
      }
    }
  }
}

TEST(Nlri, TrailingBitsPastTheLengthAreCleared) {
  // From updates.nlri_mask_trailing_bits: /13 sent as 0b 0d, bgpdump prints 11.8.0.0/13.
  const ByteVec f = hex("0d 0b 0d | 11 0a ff ff");
  EXPECT_EQ(render(NlriRange(f, Afi::kIpv4, false)), (std::vector<std::string>{"11.8.0.0/13", "10.255.128.0/17"}));
}

TEST(Nlri, Ipv6Prefixes) {
  const ByteVec f = hex("20 20 01 0d b8 | 40 20 01 0d b8 00 01 00 02 | 80 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01");
  EXPECT_EQ(render(NlriRange(f, Afi::kIpv6, false)),
            (std::vector<std::string>{"2001:db8::/32", "2001:db8:1:2::/64", "2001:db8::1/128"}));
}

TEST(Nlri, AddPathIdsPrecedeEachPrefix) {
  const ByteVec f = hex("00 00 00 01 18 0a 00 00 | 00 00 00 02 18 0a 00 00");
  const NlriRange r(f, Afi::kIpv4, true);
  EXPECT_EQ(r.check().status, NlriStatus::kOk);
  EXPECT_EQ(render(r), (std::vector<std::string>{"10.0.0.0/24#1", "10.0.0.0/24#2"}));
}

TEST(Nlri, CheckReportsBadLengthAndTruncation) {
  EXPECT_EQ(check_nlri(hex("21 0a 00 00 00 00"), Afi::kIpv4, false).status, NlriStatus::kBadPrefixLength);
  EXPECT_EQ(check_nlri(hex("81"), Afi::kIpv6, false).status, NlriStatus::kBadPrefixLength);
  EXPECT_EQ(check_nlri(hex("18 0a 00"), Afi::kIpv4, false).status, NlriStatus::kTruncated);
  EXPECT_EQ(check_nlri(hex("00 00 00"), Afi::kIpv4, true).status, NlriStatus::kTruncated);
  const auto partial = check_nlri(hex("08 0a 18 0a"), Afi::kIpv4, false);
  EXPECT_EQ(partial.status, NlriStatus::kTruncated);
  EXPECT_EQ(partial.count, 1u);
}

TEST(Nlri, IterationStopsAtMalformedEntryWithoutOverreading) {
  const ByteVec f = hex("08 0a | 18 0a");
  EXPECT_EQ(render(NlriRange(Bytes(f), Afi::kIpv4, false)), (std::vector<std::string>{"10.0.0.0/8"}));
  EXPECT_TRUE(render(NlriRange(hex("21 00 00 00 00"), Afi::kIpv4, false)).empty());
}

TEST(Nlri, EmptyField) {
  const NlriRange r;
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.begin(), r.end());
  EXPECT_EQ(r.check().count, 0u);
}

TEST(Nlri, EntrySizeOnTheWire) {
  EXPECT_EQ(nlri_entry_size(24, false), 4u);
  EXPECT_EQ(nlri_entry_size(0, false), 1u);
  EXPECT_EQ(nlri_entry_size(25, true), 9u);
  EXPECT_EQ(nlri_entry_size(128, false), 17u);
}

}  // namespace
}  // namespace bgp

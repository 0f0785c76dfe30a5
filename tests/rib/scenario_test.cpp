// Decision scenarios as data (tests/rib/scenarios/*.json): paths from peers
// and the expected best path and multipath set. The same files can drive a
// real FRR (one exabgp/gobgp peer per path) to check bgpd agrees with it.
// Every scenario is run in every insertion order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>

#include "libbgp/rib/rib.hpp"

namespace bgp::rib {
namespace {

constexpr std::uint32_t kLocalAs = 65001;  // the ToR's AS in every scenario

struct ScenarioPath {
  PeerInfo peer;
  PathAttributes attrs;
};

Origin parse_origin(const std::string& s) {
  if (s == "egp") return Origin::kEgp;
  if (s == "incomplete") return Origin::kIncomplete;
  return Origin::kIgp;
}

TEST(DecisionScenarios, EveryScenarioInEveryOrderMatchesExpectation) {
  const std::filesystem::path dir = std::filesystem::path(BGPD_SOURCE_DIR) / "tests/rib/scenarios";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 5u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    std::ifstream in(file);
    const auto j = nlohmann::json::parse(in);
    DecisionOptions opts;
    const auto& o = j.at("options");
    opts.ipv4.maximum_paths = o.value("maximum_paths", 1u);
    opts.ipv4.maximum_paths_ibgp = o.value("maximum_paths_ibgp", 1u);
    opts.ipv4.multipath_relax = o.value("multipath_relax", false);
    opts.med_always_compare = o.value("med_always_compare", false);
    opts.med_missing_as_worst = o.value("med_missing_as_worst", false);
    opts.ipv6 = opts.ipv4;
    const Prefix prefix = *Prefix::parse(j.at("prefix").get<std::string>());

    std::vector<ScenarioPath> paths;
    for (const auto& p : j.at("paths")) {
      ScenarioPath sp;
      sp.peer.address = *IpAddress::parse(p.at("peer").get<std::string>());
      sp.peer.asn = p.at("remote_as");
      sp.peer.ibgp = sp.peer.asn == kLocalAs;
      sp.peer.router_id = *IpAddress::parse(p.value("router_id", p.at("peer").get<std::string>()));
      sp.peer.weight = p.value("weight", 0u);
      sp.attrs.as_path = *parse_as_path(p.at("as_path").get<std::string>());
      sp.attrs.origin = parse_origin(p.value("origin", "igp"));
      sp.attrs.next_hop = *IpAddress::parse(p.value("next_hop", p.at("peer").get<std::string>()));
      if (p.contains("med")) sp.attrs.med = p.at("med").get<std::uint32_t>();
      if (p.contains("local_pref")) sp.attrs.local_pref = p.at("local_pref").get<std::uint32_t>();
      paths.push_back(sp);
    }
    const auto want_best = *IpAddress::parse(j.at("expect").at("best").get<std::string>());
    std::vector<IpAddress> want_mp;
    for (const auto& a : j.at("expect").at("multipath")) want_mp.push_back(*IpAddress::parse(a.get<std::string>()));

    std::vector<std::size_t> order(paths.size());
    std::iota(order.begin(), order.end(), 0);
    do {
      AttrStore store;
      Rib rib(store, opts, nullptr);
      std::vector<PeerId> ids;
      for (const auto& p : paths) ids.push_back(rib.add_peer(p.peer));
      for (std::size_t i : order) rib.announce(ids[i], prefix, store.intern(paths[i].attrs).ref);
      auto changes = rib.drain_changes();
      ASSERT_FALSE(changes.empty());
      const RouteChange& last = changes.back();
      ASSERT_TRUE(last.best);
      EXPECT_EQ(rib.peer(last.best->peer).address, want_best);
      std::vector<IpAddress> mp;
      for (const auto& s : last.multipath) mp.push_back(rib.peer(s.peer).address);
      // multipath: best first, then the rest; compare as sets beyond the best.
      ASSERT_EQ(mp.size(), want_mp.size());
      EXPECT_EQ(mp.front(), want_mp.front());
      std::sort(mp.begin(), mp.end());
      std::sort(want_mp.begin(), want_mp.end());
      EXPECT_EQ(mp, want_mp);
      want_mp.clear();
      for (const auto& a : j.at("expect").at("multipath")) want_mp.push_back(*IpAddress::parse(a.get<std::string>()));
    } while (std::next_permutation(order.begin(), order.end()));
  }
}

}  // namespace
}  // namespace bgp::rib

// Real data end to end: the RIPE RIS UPDATE stream of 2016-08-11 16:00 is
// decoded (libbgp/wire), imported (import_update) and stored (Rib) per peer;
// the resulting Adj-RIBs-In must equal a replay of bgpdump's own output for
// the same file (announce = set, withdraw = erase), prefix by prefix, AS path
// and next hop included.
#include <gtest/gtest.h>
#include <zlib.h>

#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "libbgp/mrt/record_reader.hpp"
#include "libbgp/mrt/records.hpp"
#include "libbgp/rib/import_update.hpp"

namespace bgp::rib {
namespace {

constexpr std::uint32_t kLocalAs = 64496;  // documentation ASN: in no real path

std::string gunzip(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return {};
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

struct Expected {
  std::string as_path;
  std::string next_hop;
};

TEST(MrtReplay, RisUpdateStreamLeavesTheSameAdjRibsInAsBgpdump) {
  const std::string dir = std::string(BGPD_TEST_DATA) + "/mrt/";
  // Reference: bgpdump -m lines replayed into a map.
  std::map<std::pair<std::string, std::string>, Expected> want;
  {
    std::istringstream in(gunzip(dir + "expect/updates.20160811.1600.gz.bgp.gz"));
    ASSERT_TRUE(in.good());
    std::string line;
    while (std::getline(in, line)) {
      std::vector<std::string> f;
      std::size_t start = 0;
      for (std::size_t i = 0; i <= line.size(); ++i) {
        if (i == line.size() || line[i] == '|') {
          f.push_back(line.substr(start, i - start));
          start = i + 1;
        }
      }
      if (f.size() < 6) continue;
      const auto key = std::pair(f[3], f[5]);
      if (f[2] == "A" && f.size() >= 9) want[key] = Expected{f[6], f[8]};
      if (f[2] == "W") want.erase(key);
    }
  }
  ASSERT_GT(want.size(), 10000u);

  AttrStore store;
  Rib rib(store, DecisionOptions{}, nullptr);
  std::map<IpAddress, std::unique_ptr<PeerImporter>> importers;
  std::map<PeerId, IpAddress> peer_address;
  std::string why;
  mrt::RecordReader reader(mrt::open_file_source(dir + "updates.20160811.1600.gz", why));
  std::size_t updates = 0;
  while (auto r = reader.next()) {
    if (r->header.type != 16 && r->header.type != 17) continue;  // BGP4MP, BGP4MP_ET
    auto decoded = mrt::decode_bgp4mp_message(*r);
    const mrt::Bgp4mpMessage* m = mrt::value_of(decoded);
    if (m == nullptr || m->local || m->message.size() < 19) continue;
    if (std::to_integer<int>(m->message[18]) != 2) continue;  // UPDATE
    auto& imp = importers[m->peering.peer_ip];
    if (!imp) {
      const PeerId id = rib.add_peer(PeerInfo{m->peering.peer_ip, m->peering.peer_as, m->peering.peer_ip, false, 0, false});
      peer_address[id] = m->peering.peer_ip;
      ImportSettings s;
      s.local_as = kLocalAs;
      s.ebgp = true;
      s.policy = policy::SessionPolicy{nullptr, true, false};
      imp = std::make_unique<PeerImporter>(rib, id, s);
    }
    DecodeContext ctx;
    ctx.four_octet_as = m->four_octet_as;
    ctx.add_path_ipv4 = ctx.add_path_ipv6 = m->add_path;
    ctx.ibgp = true;  // collectors record LOCAL_PREF as received; keep the decoder from discarding it
    ctx.confederation_peer = true;
    const std::size_t length = load_u16(m->message, 16);
    const DecodedUpdate u = decode_update(m->message.subspan(19, std::min(length, m->message.size()) - 19), ctx);
    ASSERT_EQ(u.action, ErrorAction::kNone) << u.error_reason;
    import_update(*imp, u);
    ++updates;
  }
  ASSERT_FALSE(reader.error()) << reader.error()->message;
  EXPECT_GT(updates, 1000u);

  std::map<std::pair<std::string, std::string>, Expected> got;
  for (Family fam : {kIpv4Unicast, kIpv6Unicast}) {
    rib.walk(fam, [&](const Prefix& p, std::span<const Path> paths) {
      for (const Path& path : paths) {
        const PathAttributes& a = store.get(path.attr);
        got[{peer_address[path.peer].to_string(), p.to_string()}] =
            Expected{as_path_to_string(a.as_path), a.next_hop.to_string()};
      }
    });
  }
  EXPECT_EQ(got.size(), want.size());
  std::size_t shown = 0, mismatches = 0;
  for (const auto& [key, w] : want) {
    auto it = got.find(key);
    const bool same = it != got.end() && it->second.as_path == w.as_path && it->second.next_hop == w.next_hop;
    if (!same) {
      ++mismatches;
      if (shown++ < 5) {
        ADD_FAILURE() << key.first << " " << key.second << ": want [" << w.as_path << "] via " << w.next_hop << ", got "
                      << (it == got.end() ? "nothing" : "[" + it->second.as_path + "] via " + it->second.next_hop);
      }
    }
  }
  EXPECT_EQ(mismatches, 0u);
}

}  // namespace
}  // namespace bgp::rib

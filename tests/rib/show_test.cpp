#include <gtest/gtest.h>

#include "libbgp/rib/import.hpp"
#include "libbgp/rib/show.hpp"

namespace bgp::rib {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix pfx(const char* s) { return *Prefix::parse(s); }

struct Lab {
  Lab() : rib(store, options(), nullptr) {
    for (auto [addr, asn] : {std::pair{"10.20.0.2", 65101u}, {"172.20.0.2", 65102u}, {"10.20.0.3", 65101u}}) {
      const PeerId id = rib.add_peer(PeerInfo{ip(addr), asn, ip(addr), false, 0, false});
      PathAttributes a;
      a.as_path = *parse_as_path(std::to_string(asn));
      a.next_hop = ip(addr);
      a.communities = {kNoExport};
      rib.announce(id, pfx("172.30.0.10/32"), store.intern(a).ref);
    }
    rib.announce(kLocalPeer, pfx("10.20.0.0/16"), network_route_attributes(store).ref);
  }
  static DecisionOptions options() {
    DecisionOptions o;
    o.ipv4.maximum_paths = 2;
    o.ipv4.multipath_relax = true;
    return o;
  }
  AttrStore store;
  Rib rib;
};

TEST(ShowRoutes, JsonListsEveryPathWithBestAndMultipath) {
  Lab lab;
  const auto j = routes_json(show_routes(lab.rib, kIpv4Unicast));
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["prefix"], "10.20.0.0/16");
  EXPECT_EQ(j[0]["best"], "local");
  const auto& vip = j[1];
  EXPECT_EQ(vip["prefix"], "172.30.0.10/32");
  EXPECT_EQ(vip["best"], "10.20.0.2");
  ASSERT_EQ(vip["paths"].size(), 3u);
  EXPECT_EQ(vip["paths"][0]["peer"], "10.20.0.2");
  EXPECT_EQ(vip["paths"][0]["next_hop"], "10.20.0.2");
  EXPECT_EQ(vip["paths"][0]["as_path"], "65101");
  EXPECT_TRUE(vip["paths"][0]["multipath"].get<bool>());
  EXPECT_TRUE(vip["paths"][1]["multipath"].get<bool>());  // maximum-paths 2
  EXPECT_FALSE(vip["paths"][2]["multipath"].get<bool>());
  EXPECT_EQ(vip["paths"][0]["communities"][0], "no-export");
}

TEST(ShowRoutes, HostAddressShowsItsLongestMatchAndTableLooksLikeFrr) {
  Lab lab;
  const auto rows = show_routes(lab.rib, kIpv4Unicast, pfx("10.20.1.1/32"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].prefix, pfx("10.20.0.0/16"));
  const std::string t = routes_table(show_routes(lab.rib, kIpv4Unicast, pfx("172.30.0.0/24")));
  EXPECT_NE(t.find("*> 172.30.0.10/32     10.20.0.2"), std::string::npos) << t;
  EXPECT_NE(t.find("*=                    10.20.0.3"), std::string::npos) << t;
  EXPECT_NE(t.find("65101 i"), std::string::npos) << t;
  EXPECT_NE(t.find("Displayed 1 routes"), std::string::npos) << t;
}

}  // namespace
}  // namespace bgp::rib

#include <gtest/gtest.h>

#include "bgpd/bgpctl_format.hpp"

namespace bgp::bgpctl {
namespace {

using daemon::Json;

TEST(BgpctlFormat, TableAlignsColumnsAndTrimsTrailingSpace) {
  Table t({{"Name"}, {"Count", true}});
  t.add_row({"a", "1"});
  t.add_row({"longer", "1234567"});
  EXPECT_EQ(t.render(),
            "Name      Count\n"
            "a             1\n"
            "longer  1234567\n");
}

TEST(BgpctlFormat, DurationLikeFrr) {
  EXPECT_EQ(format_duration(0), "00:00:00");
  EXPECT_EQ(format_duration(3723), "01:02:03");
  EXPECT_EQ(format_duration(86400 * 3 + 4 * 3600 + 5 * 60), "3d04h05m");
}

Json neighbor(const char* address, const char* state, int received) {
  return Json{{"address", address},
              {"remote_as", 65101},
              {"local_as", 65001},
              {"state", state},
              {"uptime_s", 62},
              {"prefixes_received", received},
              {"prefixes_accepted", received},
              {"dynamic", false},
              {"messages", {{"in", {{"total", 7}}}, {"out", {{"total", 9}}}}}};
}

TEST(BgpctlFormat, SummaryShowsPrefixCountWhenEstablishedAndStateOtherwise) {
  const Json summary{{"router_id", "10.0.255.11"},
                     {"local_as", 65001},
                     {"neighbors", Json::array({neighbor("10.20.0.2", "Established", 1), neighbor("10.20.0.3", "Active", 0)})}};
  const std::string out = format_summary(summary);
  EXPECT_NE(out.find("BGP router identifier 10.0.255.11, local AS number 65001"), std::string::npos);
  EXPECT_NE(out.find("Neighbors: 2, established: 1"), std::string::npos);
  // One row per neighbour, aligned under the header.
  EXPECT_NE(out.find("10.20.0.2  4  65101        7        9  00:01:02             1"), std::string::npos) << out;
  EXPECT_NE(out.find("Active"), std::string::npos);
}

TEST(BgpctlFormat, NeighborDetailListsCapabilitiesAndLastError) {
  Json n = neighbor("10.20.0.2", "Idle", 0);
  n["capabilities"] = {{"advertised", {"4-octet-as", "route-refresh"}}, {"received", {"4-octet-as"}}, {"negotiated", {"4-octet-as"}}};
  n["last_error"] = {{"direction", "received"}, {"code_name", "Cease"}, {"subcode_name", "Administrative Shutdown"},
                     {"when", "2026-01-01T00:00:00Z"}, {"text", "maintenance"}};
  const std::string out = format_neighbors(Json::array({n}));
  EXPECT_NE(out.find("BGP neighbor is 10.20.0.2, remote AS 65101, local AS 65001, external link"), std::string::npos);
  EXPECT_NE(out.find("advertised: 4-octet-as route-refresh"), std::string::npos) << out;
  EXPECT_NE(out.find("Last error: received Cease/Administrative Shutdown"), std::string::npos);
  EXPECT_NE(out.find("\"maintenance\""), std::string::npos);
}

TEST(BgpctlFormat, RoutesUseFrrStatusCodes) {
  const Json routes = Json::array({Json{{"prefix", "172.30.0.10/32"},
                                        {"paths", Json::array({Json{{"next_hop", "10.20.0.2"}, {"peer", "10.20.0.2"}, {"as_path", "65101"}, {"best", true}},
                                                               Json{{"next_hop", "172.20.0.2"}, {"peer", "172.20.0.2"}, {"as_path", "65102"}, {"multipath", true}}})}}});
  const std::string out = format_routes(routes);
  EXPECT_NE(out.find("*>  172.30.0.10/32  10.20.0.2"), std::string::npos) << out;
  EXPECT_NE(out.find("*=                  172.20.0.2"), std::string::npos) << out;
}

TEST(BgpctlFormat, RoutesShowMetricLocPrfWeightOriginStaleAndInvalid) {
  const Json routes = Json::array({Json{{"prefix", "10.0.0.0/8"},
                                        {"paths", Json::array({Json{{"next_hop", "10.20.0.2"}, {"peer", "10.20.0.2"}, {"as_path", "65101"},
                                                                    {"origin", "incomplete"}, {"med", 7}, {"local_pref", 200}, {"weight", 0},
                                                                    {"best", true}, {"stale", true}, {"valid", true}},
                                                               Json{{"next_hop", "10.99.0.1"}, {"peer", "10.20.0.3"}, {"as_path", ""},
                                                                    {"origin", "IGP"}, {"valid", false}}})}}});
  const std::string out = format_routes(routes);
  EXPECT_NE(out.find("Metric"), std::string::npos) << out;
  EXPECT_NE(out.find("S>  10.0.0.0/8"), std::string::npos) << out;
  EXPECT_NE(out.find("200"), std::string::npos) << out;
  EXPECT_NE(out.find("65101 ?"), std::string::npos) << out;
  EXPECT_NE(out.find("\n    "), std::string::npos) << "an unresolvable path has no '*': " << out;
}

TEST(BgpctlFormat, RoutesMarkAKernelFailureWithR) {
  const Json routes = Json::array({Json{{"prefix", "172.30.0.10/32"}, {"fib", "failed: ENETUNREACH"},
                                        {"paths", Json::array({Json{{"next_hop", "10.20.0.2"}, {"peer", "10.20.0.2"}, {"as_path", "65101"}, {"best", true}},
                                                               Json{{"next_hop", "10.20.0.9"}, {"peer", "10.20.0.9"}, {"as_path", "65109"}}})}}});
  const std::string out = format_routes(routes);
  EXPECT_NE(out.find("r>  172.30.0.10/32"), std::string::npos) << out;
  EXPECT_NE(out.find("\n*                   10.20.0.9"), std::string::npos) << "a path not installed keeps '*': " << out;
  EXPECT_NE(out.find("r RIB-failure"), std::string::npos) << "legend: " << out;
}

TEST(BgpctlFormat, RouteDetailNamesTheLongestMatch) {
  const Json route{{"prefix", "172.30.0.0/24"}, {"query", "172.30.0.10/32"}, {"fib", "installed"},
                   {"paths", Json::array({Json{{"next_hop", "10.20.0.2"}, {"peer", "10.20.0.2"}, {"as_path", "65101"}, {"best", true},
                                               {"med", 5}, {"communities", Json::array({"65101:7"})}}})}};
  const std::string out = format_route_detail(route);
  EXPECT_NE(out.find("BGP routing table entry for 172.30.0.0/24"), std::string::npos) << out;
  EXPECT_NE(out.find("longest match for 172.30.0.10/32"), std::string::npos) << out;
  EXPECT_NE(out.find("Paths: (1 available, 1 installed, kernel: installed)"), std::string::npos) << out;
  EXPECT_NE(out.find("10.20.0.2 from 10.20.0.2"), std::string::npos) << out;
  EXPECT_NE(out.find("metric 5"), std::string::npos) << out;
  EXPECT_NE(out.find("Community: 65101:7"), std::string::npos) << out;
}

TEST(BgpctlFormat, AnycastShowsNextHopsWithTheirAsAndKernelStatus) {
  const Json anycast{{"fib", true},
                     {"prefixes", Json::array({Json{{"prefix", "172.30.0.10/32"}, {"rib_next_hops", 2}, {"kernel_next_hops", 1},
                                                    {"kernel", "partial"},
                                                    {"next_hops", Json::array({Json{{"next_hop", "10.20.0.2"}, {"peer_as", 65101}, {"selected", true}, {"in_kernel", true}},
                                                                               Json{{"next_hop", "172.20.0.2"}, {"peer_as", 65102}, {"selected", true}, {"in_kernel", false}},
                                                                               Json{{"next_hop", "172.20.0.9"}, {"peer_as", 65109}, {"selected", false}}})}}})}};
  const std::string out = format_anycast(anycast);
  EXPECT_NE(out.find("172.30.0.10/32    2       1  partial  10.20.0.2 (AS 65101), 172.20.0.2 (AS 65102) !kernel"), std::string::npos) << out;
  EXPECT_EQ(out.find("172.20.0.9"), std::string::npos) << "an unselected path is no next hop: " << out;
  EXPECT_NE(out.find("1 anycast prefixes, 0 with every next hop in the kernel"), std::string::npos) << out;
}

TEST(BgpctlFormat, FibTableMarksDifferences) {
  const Json fib{{"from_kernel", true},
                 {"routes", Json::array({Json{{"prefix", "172.30.0.10/32"}, {"nexthop_id", 7}, {"state", "installed"}, {"differs", true},
                                              {"wanted", Json::array({Json{{"gateway", "10.20.0.2"}}, Json{{"gateway", "10.20.0.3"}}})},
                                              {"kernel", Json::array({Json{{"gateway", "10.20.0.2"}}})}}})}};
  const std::string out = format_fib(fib);
  EXPECT_NE(out.find("172.30.0.10/32      7  10.20.0.2,10.20.0.3  10.20.0.2  installed *"), std::string::npos) << out;
  EXPECT_NE(out.find("1 prefixes, 1 differ"), std::string::npos) << out;
}

TEST(BgpctlFormat, ActionPrintsTheDaemonsMessage) {
  EXPECT_EQ(format_action(Json{{"message", "neighbor 10.0.0.1: enabled"}}), "neighbor 10.0.0.1: enabled\n");
}

TEST(BgpctlFormat, GenericListUsesKeysAsColumns) {
  const std::string out = format_generic_list(Json::array({Json{{"prefix", "10.0.0.0/8"}, {"installed", true}}}));
  EXPECT_NE(out.find("installed"), std::string::npos);
  EXPECT_NE(out.find("10.0.0.0/8"), std::string::npos);
  EXPECT_EQ(format_generic_list(Json::array()), "(none)\n");
}

// [fib] install = false: the daemon sends "in_kernel": null and
// "kernel_next_hops": null for every next hop; the table says "-", no abort.
TEST(BgpctlFormat, AnycastWithFibOffShowsNoKernelStateInsteadOfAborting) {
  const Json anycast{{"fib", false},
                     {"from_kernel", false},
                     {"prefixes", Json::array({Json{{"prefix", "172.30.0.10/32"},
                                                    {"rib_next_hops", 1},
                                                    {"kernel_next_hops", nullptr},
                                                    {"kernel", "fib off"},
                                                    {"fib_state", nullptr},
                                                    {"peer_ases", Json::array({65101})},
                                                    {"next_hops", Json::array({Json{{"next_hop", "10.20.0.2"}, {"peer", "10.20.0.2"},
                                                                                    {"peer_as", 65101}, {"selected", true},
                                                                                    {"stale", false}, {"in_kernel", nullptr}}})}}})}};
  std::string out;
  ASSERT_NO_THROW(out = format_anycast(anycast));
  EXPECT_NE(out.find("172.30.0.10/32    1       -  fib off  10.20.0.2 (AS 65101)"), std::string::npos) << out;
  EXPECT_NE(out.find("(FIB not installed: [fib] install = false)"), std::string::npos) << out;
}

// Every formatter survives every field being null, of the wrong type or
// missing, and a payload of the wrong shape altogether: a newer or older
// daemon must never make bgpctl abort.
TEST(BgpctlFormat, EveryFormatterSurvivesNullsWrongTypesAndWrongShapes) {
  const std::vector<const char*> keys{
      "address", "remote_as", "local_as", "state", "uptime_s", "last_change_s", "prefixes_received", "prefixes_accepted",
      "prefixes_advertised", "dynamic", "admin_down", "shutdown", "description", "messages", "capabilities", "last_error",
      "router_id", "remote_router_id", "hold_time", "keepalive", "configured_hold_time", "local_address", "remote_port",
      "flaps", "neighbors", "prefix", "paths", "fib", "query", "next_hop", "peer", "med", "local_pref", "weight", "as_path",
      "origin", "valid", "best", "multipath", "stale", "communities", "routes", "nexthop_id", "wanted", "kernel", "differs",
      "from_kernel", "prefixes", "rib_next_hops", "kernel_next_hops", "next_hops", "selected", "in_kernel", "peer_as",
      "message", "policy_missing", "warnings", "in", "out", "total", "direction", "code_name", "subcode_name", "when", "text"};
  const std::vector<Json> values{nullptr, true, -1, 1.5, "x", Json::array(), Json::object(), Json::array({nullptr}),
                                 Json::array({1}), Json{{"total", nullptr}}};
  std::vector<Json> shapes{nullptr, 7, "text", Json::array(), Json::object(), Json::array({nullptr, 1, "x"})};
  for (const Json& v : values) {
    Json flat = Json::object();
    for (const char* k : keys) flat[k] = v;
    shapes.push_back(flat);
    shapes.push_back(Json::array({flat}));
    Json nested = flat;
    for (const char* k : {"neighbors", "paths", "routes", "prefixes", "next_hops", "wanted", "kernel"}) nested[k] = Json::array({flat});
    nested["messages"] = Json{{"in", flat}, {"out", flat}};
    nested["last_error"] = flat;
    nested["capabilities"] = flat;
    shapes.push_back(nested);
    shapes.push_back(Json::array({nested}));
  }
  for (const Json& s : shapes) {
    EXPECT_NO_THROW(format_summary(s)) << s.dump();
    EXPECT_NO_THROW(format_neighbors(s)) << s.dump();
    EXPECT_NO_THROW(format_routes(s)) << s.dump();
    EXPECT_NO_THROW(format_route_detail(s)) << s.dump();
    EXPECT_NO_THROW(format_fib(s)) << s.dump();
    EXPECT_NO_THROW(format_anycast(s)) << s.dump();
    EXPECT_NO_THROW(format_action(s)) << s.dump();
    EXPECT_NO_THROW(format_generic_list(s)) << s.dump();
  }
}

}  // namespace
}  // namespace bgp::bgpctl

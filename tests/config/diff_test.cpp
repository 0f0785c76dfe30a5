// Live reload: which sessions must reset, which only re-run policy.
#include <gtest/gtest.h>

#include "libbgp/config/effective.hpp"
#include "libbgp/config/load.hpp"

namespace bgp::config {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

std::string base(const std::string& neighbor_extra = "", const std::string& policy_action = "accept",
                 const std::string& top = "") {
  return "[bgp]\nasn = 65001\nrouter_id = \"10.0.0.1\"\n" + top +
         "[[policy]]\nname = \"p\"\n[[policy.term]]\naction = \"" + policy_action + "\"\n"
         "[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nimport = \"p\"\n" + neighbor_extra +
         "[[neighbor]]\naddress = \"10.0.0.3\"\nremote_as = 65003\n";
}

TEST(ConfigDiff, IdenticalConfigsDifferInNothingEvenWhenLinesMove) {
  const Config a = load_string(base(), "a.toml");
  const Config b = load_string("# a comment that moves every line\n\n" + base(), "b.toml");
  EXPECT_TRUE(a == b);
  EXPECT_TRUE(diff(a, b).empty());
}

TEST(ConfigDiff, TimerChangeResetsOnlyThatSession) {
  const ConfigDiff d = diff(load_string(base(), "a"), load_string(base("hold_time = 30\n"), "b"));
  EXPECT_EQ(d.neighbors_reset, std::vector<IpAddress>{ip("10.0.0.2")});
  EXPECT_TRUE(d.neighbors_soft_changed.empty());
  EXPECT_FALSE(d.global_session_changed);
}

TEST(ConfigDiff, PolicyContentChangeIsASoftChangeForItsUsers) {
  const ConfigDiff d = diff(load_string(base(), "a"), load_string(base("", "reject"), "b"));
  EXPECT_EQ(d.policies_changed, std::vector<std::string>{"p"});
  EXPECT_EQ(d.neighbors_soft_changed, std::vector<IpAddress>{ip("10.0.0.2")});
  EXPECT_TRUE(d.neighbors_reset.empty());
}

TEST(ConfigDiff, DescriptionAndMaxPrefixAreSoftChanges) {
  const ConfigDiff d = diff(load_string(base(), "a"), load_string(base("description = \"x\"\nmax_prefixes = 10\n"), "b"));
  EXPECT_EQ(d.neighbors_soft_changed, std::vector<IpAddress>{ip("10.0.0.2")});
  EXPECT_TRUE(d.neighbors_reset.empty());
}

TEST(ConfigDiff, PasswordAndFamiliesResetTheSession) {
  EXPECT_EQ(diff(load_string(base(), "a"), load_string(base("password = \"s\"\n"), "b")).neighbors_reset,
            std::vector<IpAddress>{ip("10.0.0.2")});
  EXPECT_EQ(diff(load_string(base(), "a"), load_string(base("families = [\"ipv4-unicast\", \"ipv6-unicast\"]\n"), "b"))
                .neighbors_reset,
            std::vector<IpAddress>{ip("10.0.0.2")});
}

TEST(ConfigDiff, AddedAndRemovedNeighbors) {
  const Config a = load_string(base(), "a");
  const Config b = load_string(base() + "[[neighbor]]\naddress = \"10.0.0.4\"\nremote_as = 65004\n", "b");
  EXPECT_EQ(diff(a, b).neighbors_added, std::vector<IpAddress>{ip("10.0.0.4")});
  EXPECT_EQ(diff(b, a).neighbors_removed, std::vector<IpAddress>{ip("10.0.0.4")});
}

TEST(ConfigDiff, RouterIdChangeResetsEverySession) {
  const Config a = load_string(base(), "a");
  std::string text = base();
  text.replace(text.find("10.0.0.1"), 8, "10.0.0.9");
  const ConfigDiff d = diff(a, load_string(text, "b"));
  EXPECT_TRUE(d.global_session_changed);
  EXPECT_EQ(d.neighbors_reset, (std::vector<IpAddress>{ip("10.0.0.2"), ip("10.0.0.3")}));
}

TEST(ConfigDiff, NonSessionSectionsAreFlagged) {
  const Config a = load_string(base(), "a");
  const ConfigDiff d = diff(a, load_string(base("", "accept",
                                                "listen_port = 1179\n[bgp.ipv4_unicast]\nmaximum_paths = 4\n"),
                                           "b"));
  EXPECT_TRUE(d.listen_changed);
  EXPECT_TRUE(d.routing_changed);
  EXPECT_TRUE(d.neighbors_reset.empty());
  const ConfigDiff f = diff(a, load_string(base() + "[fib]\ntable = 100\n[log]\nlevel = \"debug\"\n", "c"));
  EXPECT_TRUE(f.fib_changed);
  EXPECT_TRUE(f.log_changed);
  EXPECT_FALSE(f.metrics_changed);
}

}  // namespace
}  // namespace bgp::config

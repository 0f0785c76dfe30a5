// Non-fatal findings: RFC 8212 and static neighbors inside listen ranges.
#include <gtest/gtest.h>

#include "libbgp/config/load.hpp"
#include "libbgp/config/warnings.hpp"

namespace bgp::config {
namespace {

TEST(ConfigWarnings, EbgpNeighborWithoutPolicyUnderRfc8212) {
  const Config c = load_string(
      "[bgp]\nasn = 65001\nrouter_id = \"10.0.0.1\"\n[[policy]]\nname = \"p\"\n[[policy.term]]\naction = \"accept\"\n"
      "[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\n"
      "[[neighbor]]\naddress = \"10.0.0.3\"\nremote_as = 65003\nimport = \"p\"\n"
      "[[neighbor]]\naddress = \"10.0.0.4\"\nremote_as = 65001\n",
      "w.toml");
  EXPECT_EQ(warnings(c),
            (std::vector<std::string>{
                "w.toml:8:1: neighbor 10.0.0.2 is eBGP without an import or export policy: by RFC 8212 nothing is "
                "accepted from or announced to it (set import/export, or ebgp_requires_policy = false in [bgp])",
                "w.toml:11:1: neighbor 10.0.0.3 is eBGP without an export policy: by RFC 8212 nothing is announced "
                "to it (set import/export, or ebgp_requires_policy = false in [bgp])"}));
}

TEST(ConfigWarnings, NoneWhenPolicyIsNotRequired) {
  const Config c = load_string("[bgp]\nasn = 65001\nrouter_id = \"10.0.0.1\"\nebgp_requires_policy = false\n"
                               "[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\n",
                               "w.toml");
  EXPECT_TRUE(warnings(c).empty());
}

TEST(ConfigWarnings, StaticNeighborInsideAListenRange) {
  const Config c = load_string(
      "[bgp]\nasn = 65001\nrouter_id = \"10.0.0.1\"\nebgp_requires_policy = false\n"
      "[[peer_group]]\nname = \"g\"\nremote_as = \"external\"\n"
      "[[neighbor]]\naddress = \"10.20.0.2\"\nremote_as = 65101\n"
      "[[listen_range]]\nprefix = \"10.20.0.0/16\"\npeer_group = \"g\"\n",
      "w.toml");
  EXPECT_EQ(warnings(c), (std::vector<std::string>{"w.toml:8:1: neighbor 10.20.0.2 is inside listen_range "
                                                   "10.20.0.0/16; its own settings apply, not the range's"}));
}

TEST(ConfigWarnings, ExampleConfigsAreClean) {
  for (const char* name : {"tor.toml", "spine.toml"}) {
    const Config c = load_file(std::string(BGPD_SOURCE_DIR) + "/config/" + name);
    std::vector<std::string> w = warnings(c);
    // The seed ToR deliberately lists its nodes and also accepts new ones by range.
    std::erase_if(w, [](const std::string& s) { return s.find("inside listen_range") != std::string::npos; });
    EXPECT_TRUE(w.empty()) << name << ": " << (w.empty() ? "" : w[0]);
  }
}

// Configurations that load but exchange nothing: a policy with no accepting
// term, and a neighbour shut down in the file.
TEST(ConfigWarnings, PolicyThatAcceptsNothingAndShutDownNeighbor) {
  const Config c = load_string(
      "[bgp]\nasn = 65001\nrouter_id = \"10.0.0.1\"\n"
      "[[policy]]\nname = \"deny\"\n[[policy.term]]\naction = \"reject\"\n"
      "[[policy]]\nname = \"all\"\n[[policy.term]]\naction = \"accept\"\n"
      "[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nimport = \"deny\"\nexport = \"all\"\n"
      "[[neighbor]]\naddress = \"10.0.0.3\"\nremote_as = 65003\nimport = \"all\"\nexport = \"all\"\nshutdown = true\n",
      "w.toml");
  EXPECT_EQ(warnings(c), (std::vector<std::string>{
                             "w.toml:12:1: neighbor 10.0.0.2: import policy 'deny' has no term that accepts, so it rejects "
                             "every route: nothing is accepted from it",
                             "w.toml:17:1: neighbor 10.0.0.3 is shut down (shutdown = true): no session is started"}));
}

}  // namespace
}  // namespace bgp::config

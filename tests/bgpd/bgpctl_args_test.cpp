#include <array>

#include <gtest/gtest.h>

#include "bgpd/bgpctl_args.hpp"

using bgp::daemon::ClearKind;
using bgp::daemon::ControlCommand;

namespace bgp::bgpctl {
namespace {

ParsedArgs parse(std::vector<const char*> args) {
  // A fixed array: no heap, so GCC 12 sees no (false) null dereference.
  std::array<const char*, 32> argv{"bgpctl"};
  std::size_t argc = 1;
  for (const char* a : args) argv.at(argc++) = a;
  return parse_args(static_cast<int>(argc), argv.data());
}

Invocation ok(std::vector<const char*> args) {
  const auto parsed = parse(std::move(args));
  if (const auto* e = std::get_if<UsageError>(&parsed)) ADD_FAILURE() << e->message;
  return std::holds_alternative<Invocation>(parsed) ? std::get<Invocation>(parsed) : Invocation{};
}

bool usage_error(std::vector<const char*> args) { return std::holds_alternative<UsageError>(parse(std::move(args))); }

TEST(BgpctlArgs, ShowSummaryUsesTheDefaultSocket) {
  const auto inv = ok({"show", "summary"});
  EXPECT_EQ(inv.request.command, ControlCommand::kShowSummary);
  EXPECT_EQ(inv.socket_path, "/run/bgpd/bgpd.sock");
  EXPECT_FALSE(inv.json);
  EXPECT_EQ(to_request(inv), (daemon::Json{{"command", "show"}, {"what", "summary"}}));
}

TEST(BgpctlArgs, SocketAndJsonMayComeAnywhere) {
  const auto inv = ok({"-s", "/tmp/x.sock", "show", "neighbors", "10.0.0.1", "--json"});
  EXPECT_EQ(inv.socket_path, "/tmp/x.sock");
  EXPECT_TRUE(inv.json);
  EXPECT_EQ(inv.request.command, ControlCommand::kShowNeighbors);
  EXPECT_EQ(to_request(inv)["address"], "10.0.0.1");
}

TEST(BgpctlArgs, NeighborAddressIsValidatedAndNormalised) {
  EXPECT_EQ(to_request(ok({"show", "neighbors", "2001:DB8::1"}))["address"], "2001:db8::1");
  EXPECT_TRUE(usage_error({"show", "neighbors", "10.0.0.300"}));
  EXPECT_TRUE(usage_error({"show", "neighbors", "10.0.0.1", "10.0.0.2"}));
}

TEST(BgpctlArgs, RoutePrefixIsValidatedAndABareAddressMeansItsHostRoute) {
  EXPECT_EQ(to_request(ok({"show", "routes", "172.30.0.10/32"}))["prefix"], "172.30.0.10/32");
  EXPECT_EQ(to_request(ok({"show", "routes", "172.30.0.10"}))["prefix"], "172.30.0.10/32");
  EXPECT_TRUE(usage_error({"show", "routes", "172.30.0.10/33"}));
}

TEST(BgpctlArgs, ShowMrtFileIsOfflineWithBgpdumpFormat) {
  const auto inv = ok({"show", "mrt", "file", "/data/updates.gz", "--format", "bgpdump"});
  EXPECT_TRUE(inv.offline());
  EXPECT_EQ(inv.mrt_file, "/data/updates.gz");
  EXPECT_TRUE(usage_error({"show", "mrt", "file", "x", "--format", "json"}));
  EXPECT_TRUE(usage_error({"show", "mrt", "x"}));
  EXPECT_TRUE(usage_error({"show", "summary", "--format", "bgpdump"}));
}

TEST(BgpctlArgs, UnknownCommandsAndObjectsAreUsageErrors) {
  EXPECT_TRUE(usage_error({}));
  EXPECT_TRUE(usage_error({"frobnicate"}));
  EXPECT_TRUE(usage_error({"show"}));
  EXPECT_TRUE(usage_error({"show", "everything"}));
  EXPECT_TRUE(usage_error({"show", "summary", "extra"}));
  EXPECT_TRUE(usage_error({"--no-such-flag", "show", "summary"}));
}

TEST(BgpctlArgs, HelpListsTheCommands) {
  const auto parsed = parse({"--help"});
  ASSERT_TRUE(std::holds_alternative<Help>(parsed));
  EXPECT_NE(std::get<Help>(parsed).text.find("show mrt file FILE"), std::string::npos);
}

TEST(BgpctlArgs, ShowRoutesLongerAndFamily) {
  const auto longer = ok({"show", "routes", "--longer", "172.30.0.0/24"});
  EXPECT_EQ(to_request(longer), (daemon::Json{{"command", "show"}, {"what", "routes"}, {"prefix", "172.30.0.0/24"}, {"longer", true}}));
  const auto v6 = ok({"show", "routes", "--family", "ipv6"});
  EXPECT_EQ(to_request(v6)["family"], "ipv6");
  EXPECT_FALSE(to_request(v6).contains("prefix"));
  EXPECT_TRUE(usage_error({"show", "routes", "--family", "ipv5"}));
  EXPECT_TRUE(usage_error({"show", "routes", "10.0.0.0/8", "--longer", "10.0.0.0/8"}));
  EXPECT_TRUE(usage_error({"show", "routes", "--longer", "banana"}));
  EXPECT_TRUE(usage_error({"show", "routes", "--family", "ipv6", "10.0.0.0/8"})) << "prefix of the other family";
  EXPECT_TRUE(usage_error({"show", "summary", "--longer", "10.0.0.0/8"}));
  EXPECT_TRUE(usage_error({"show", "neighbors", "--family", "ipv4"}));
}

TEST(BgpctlArgs, ShowRouteTakesAPrefixOrAnAddress) {
  EXPECT_EQ(to_request(ok({"show", "route", "172.30.0.10"})),
            (daemon::Json{{"command", "show"}, {"what", "route"}, {"prefix", "172.30.0.10/32"}}));
  EXPECT_EQ(to_request(ok({"show", "route", "2001:db8::/48"}))["prefix"], "2001:db8::/48");
  EXPECT_TRUE(usage_error({"show", "route"}));
  EXPECT_TRUE(usage_error({"show", "route", "1.2.3"}));
}

TEST(BgpctlArgs, ShowBfdTakesNoArgument) {
  EXPECT_EQ(ok({"show", "bfd"}).request.command, ControlCommand::kShowBfd);
  EXPECT_EQ(to_request(ok({"show", "bfd"}))["what"], "bfd");
  EXPECT_TRUE(usage_error({"show", "bfd", "10.0.0.1"}));
  EXPECT_TRUE(usage_error({"show", "bfd", "--family", "ipv4"}));
}

TEST(BgpctlArgs, ShowAnycastWithOptionalFamily) {
  EXPECT_EQ(ok({"show", "anycast"}).request.command, ControlCommand::kShowAnycast);
  EXPECT_EQ(to_request(ok({"show", "anycast", "--family", "ipv4"}))["family"], "ipv4");
  EXPECT_TRUE(usage_error({"show", "anycast", "172.30.0.10"}));
}

TEST(BgpctlArgs, NeighborClearHardOrSoft) {
  const auto hard = ok({"neighbor", "10.20.0.2", "clear"});
  EXPECT_EQ(hard.request.command, ControlCommand::kNeighborClear);
  EXPECT_EQ(hard.request.clear, ClearKind::kHard);
  EXPECT_EQ(to_request(hard), (daemon::Json{{"command", "neighbor"}, {"action", "clear"}, {"address", "10.20.0.2"}}));
  EXPECT_EQ(ok({"neighbor", "10.20.0.2", "clear", "soft", "in"}).request.clear, ClearKind::kSoftIn);
  EXPECT_EQ(to_request(ok({"neighbor", "10.20.0.2", "clear", "soft", "out"}))["soft"], "out");
  EXPECT_TRUE(usage_error({"neighbor", "10.20.0.2", "clear", "soft"}));
  EXPECT_TRUE(usage_error({"neighbor", "10.20.0.2", "clear", "soft", "sideways"}));
  EXPECT_TRUE(usage_error({"neighbor", "10.20.0.256", "clear"}));
  EXPECT_TRUE(usage_error({"neighbor", "10.20.0.2"}));
  EXPECT_TRUE(usage_error({"neighbor", "10.20.0.2", "reboot"}));
}

TEST(BgpctlArgs, NeighborShutdownJoinsTheMessageAndLimitsItTo255Octets) {
  const auto inv = ok({"neighbor", "10.20.0.2", "shutdown", "maintenance", "until", "10:00"});
  EXPECT_EQ(inv.request.command, ControlCommand::kNeighborShutdown);
  EXPECT_EQ(to_request(inv)["message"], "maintenance until 10:00");
  EXPECT_FALSE(to_request(ok({"neighbor", "10.20.0.2", "shutdown"})).contains("message"));
  const std::string long_text(256, 'x');
  EXPECT_TRUE(usage_error({"neighbor", "10.20.0.2", "shutdown", long_text.c_str()}));
  EXPECT_TRUE(usage_error({"neighbor", "10.20.0.2", "shutdown", "caf\xe9"})) << "Latin-1, not UTF-8";
  EXPECT_EQ(to_request(ok({"neighbor", "10.20.0.2", "shutdown", "caf\xc3\xa9"}))["message"], "caf\xc3\xa9");
  EXPECT_EQ(ok({"neighbor", "10.20.0.2", "enable"}).request.command, ControlCommand::kNeighborEnable);
  EXPECT_TRUE(usage_error({"neighbor", "10.20.0.2", "enable", "now"}));
}

TEST(BgpctlArgs, Reload) {
  EXPECT_EQ(to_request(ok({"reload"})), (daemon::Json{{"command", "reload"}}));
  EXPECT_TRUE(usage_error({"reload", "now"}));
  EXPECT_TRUE(usage_error({"reload", "--family", "ipv4"}));
}

// Unique prefixes of every keyword, as birdc and OpenBGPD's bgpctl accept.
TEST(BgpctlArgs, UniquePrefixesAbbreviateEveryKeyword) {
  EXPECT_EQ(ok({"sh", "su"}).request.command, ControlCommand::kShowSummary);
  EXPECT_EQ(ok({"s", "summ"}).request.command, ControlCommand::kShowSummary);
  EXPECT_EQ(ok({"sh", "nei"}).request.command, ControlCommand::kShowNeighbors);
  EXPECT_EQ(ok({"sh", "any"}).request.command, ControlCommand::kShowAnycast);
  EXPECT_EQ(ok({"sh", "fi"}).request.command, ControlCommand::kShowFib);
  EXPECT_EQ(ok({"rel"}).request.command, ControlCommand::kReload);
  // "route" is a word of its own, so the exact word wins over "routes".
  EXPECT_EQ(ok({"sh", "route", "10.0.0.1"}).request.command, ControlCommand::kShowRoute);
  EXPECT_EQ(ok({"sh", "routes"}).request.command, ControlCommand::kShowRoutes);
  const auto clear = ok({"nei", "10.0.0.1", "cl", "so", "i"});
  EXPECT_EQ(clear.request.command, ControlCommand::kNeighborClear);
  EXPECT_EQ(clear.request.clear, ClearKind::kSoftIn);
  EXPECT_EQ(ok({"n", "10.0.0.1", "sh"}).request.command, ControlCommand::kNeighborShutdown);
  EXPECT_EQ(ok({"n", "10.0.0.1", "en"}).request.command, ControlCommand::kNeighborEnable);
}

TEST(BgpctlArgs, AnAmbiguousPrefixListsItsCandidates) {
  const auto parsed = parse({"sh", "rou"});
  ASSERT_TRUE(std::holds_alternative<UsageError>(parsed));
  EXPECT_NE(std::get<UsageError>(parsed).message.find("show: ambiguous object 'rou' (route, routes)"), std::string::npos)
      << std::get<UsageError>(parsed).message;
  const auto unknown = parse({"sh", "bogus"});
  ASSERT_TRUE(std::holds_alternative<UsageError>(unknown));
  EXPECT_NE(std::get<UsageError>(unknown).message.find("unknown object 'bogus'"), std::string::npos);
}

TEST(BgpctlArgs, LongerAfterThePrefixAsInFrr) {
  const auto inv = ok({"show", "routes", "172.30.1.0/24", "longer"});
  EXPECT_EQ(inv.request.command, ControlCommand::kShowRoutes);
  EXPECT_TRUE(inv.request.longer);
  EXPECT_EQ(inv.request.prefix->to_string(), "172.30.1.0/24");
  EXPECT_TRUE(ok({"sh", "routes", "172.30.1.0/24", "lo"}).request.longer);
  EXPECT_TRUE(usage_error({"show", "routes", "172.30.1.0/24", "shorter"}));
  EXPECT_TRUE(usage_error({"show", "routes", "longer"}));
}

TEST(BgpctlArgs, VersionNamesTheCommit) {
  const auto parsed = parse({"--version"});
  ASSERT_TRUE(std::holds_alternative<Help>(parsed));
  const std::string& text = std::get<Help>(parsed).text;
  EXPECT_EQ(text.rfind("bgpctl ", 0), 0U) << text;
  EXPECT_NE(text.find("commit "), std::string::npos) << text;
}

TEST(BgpctlArgs, JsonIsKnownEvenWhenTheCommandLineIsWrong) {
  const char* argv[] = {"bgpctl", "--json", "show", "bogus"};
  EXPECT_TRUE(wants_json(4, argv));
  const char* argv2[] = {"bgpctl", "show", "summary"};
  EXPECT_FALSE(wants_json(3, argv2));
}

}  // namespace
}  // namespace bgp::bgpctl

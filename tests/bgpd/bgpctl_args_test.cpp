#include <array>

#include <gtest/gtest.h>

#include "bgpd/bgpctl_args.hpp"

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
  EXPECT_EQ(inv.command, Command::kShowSummary);
  EXPECT_EQ(inv.socket_path, "/run/bgpd/bgpd.sock");
  EXPECT_FALSE(inv.json);
  EXPECT_EQ(to_request(inv), (daemon::Json{{"command", "show"}, {"what", "summary"}}));
}

TEST(BgpctlArgs, SocketAndJsonMayComeAnywhere) {
  const auto inv = ok({"-s", "/tmp/x.sock", "show", "neighbors", "10.0.0.1", "--json"});
  EXPECT_EQ(inv.socket_path, "/tmp/x.sock");
  EXPECT_TRUE(inv.json);
  EXPECT_EQ(inv.command, Command::kShowNeighbors);
  EXPECT_EQ(to_request(inv)["address"], "10.0.0.1");
}

TEST(BgpctlArgs, NeighborAddressIsValidatedAndNormalised) {
  EXPECT_EQ(ok({"show", "neighbors", "2001:DB8::1"}).argument, "2001:db8::1");
  EXPECT_TRUE(usage_error({"show", "neighbors", "10.0.0.300"}));
  EXPECT_TRUE(usage_error({"show", "neighbors", "10.0.0.1", "10.0.0.2"}));
}

TEST(BgpctlArgs, RoutePrefixIsValidatedAndABareAddressMeansItsHostRoute) {
  EXPECT_EQ(ok({"show", "routes", "172.30.0.10/32"}).argument, "172.30.0.10/32");
  EXPECT_EQ(ok({"show", "routes", "172.30.0.10"}).argument, "172.30.0.10/32");
  EXPECT_TRUE(usage_error({"show", "routes", "172.30.0.10/33"}));
}

TEST(BgpctlArgs, ShowMrtFileIsOfflineWithBgpdumpFormat) {
  const auto inv = ok({"show", "mrt", "file", "/data/updates.gz", "--format", "bgpdump"});
  EXPECT_EQ(inv.command, Command::kShowMrtFile);
  EXPECT_EQ(inv.argument, "/data/updates.gz");
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

}  // namespace
}  // namespace bgp::bgpctl

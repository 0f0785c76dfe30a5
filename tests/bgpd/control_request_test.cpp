// The control-socket request parser: a pure function, tested without sockets.
#include <gtest/gtest.h>

#include "bgpd/control_request.hpp"

namespace bgp::daemon {
namespace {

ControlRequest ok(std::string_view line) {
  const auto parsed = parse_control_request(line);
  if (const auto* e = std::get_if<std::string>(&parsed)) ADD_FAILURE() << line << ": " << *e;
  return std::holds_alternative<ControlRequest>(parsed) ? std::get<ControlRequest>(parsed) : ControlRequest{};
}

std::string error(std::string_view line) {
  const auto parsed = parse_control_request(line);
  if (std::holds_alternative<ControlRequest>(parsed)) {
    ADD_FAILURE() << line << " was accepted";
    return {};
  }
  return std::get<std::string>(parsed);
}

TEST(ControlRequest, ShowCommandsParse) {
  EXPECT_EQ(ok(R"({"command":"show","what":"summary"})").command, ControlCommand::kShowSummary);
  const auto n = ok(R"({"command":"show","what":"neighbors","address":"2001:DB8::1"})");
  EXPECT_EQ(n.command, ControlCommand::kShowNeighbors);
  EXPECT_EQ(n.address->to_string(), "2001:db8::1");
  const auto r = ok(R"({"command":"show","what":"routes","prefix":"10.0.0.0/8","longer":true,"family":"ipv4"})");
  EXPECT_EQ(r.command, ControlCommand::kShowRoutes);
  EXPECT_TRUE(r.longer);
  EXPECT_EQ(r.family, kIpv4Unicast);
  EXPECT_EQ(ok(R"({"command":"show","what":"route","prefix":"172.30.0.10"})").prefix->to_string(), "172.30.0.10/32");
  EXPECT_EQ(ok(R"({"command":"show","what":"anycast"})").command, ControlCommand::kShowAnycast);
  EXPECT_EQ(ok(R"({"command":"show","what":"bfd"})").command, ControlCommand::kShowBfd);
  EXPECT_EQ(ok(R"({"command":"show","what":"fib"})").command, ControlCommand::kShowFib);
}

TEST(ControlRequest, NeighborActionsAndReloadParse) {
  const auto clear = ok(R"({"command":"neighbor","address":"10.0.0.1","action":"clear","soft":"out"})");
  EXPECT_EQ(clear.command, ControlCommand::kNeighborClear);
  EXPECT_EQ(clear.clear, ClearKind::kSoftOut);
  const auto down = ok(R"({"command":"neighbor","address":"10.0.0.1","action":"shutdown","message":"bye"})");
  EXPECT_EQ(down.command, ControlCommand::kNeighborShutdown);
  EXPECT_EQ(down.message, "bye");
  EXPECT_EQ(ok(R"({"command":"neighbor","address":"10.0.0.1","action":"enable"})").command, ControlCommand::kNeighborEnable);
  EXPECT_EQ(ok(R"({"command":"reload"})").command, ControlCommand::kReload);
}

TEST(ControlRequest, WrongTypesAndValuesAreErrorsNotExceptions) {
  EXPECT_EQ(error("not json"), "malformed request: expected one JSON object per line");
  EXPECT_EQ(error("[1,2]"), "malformed request: expected one JSON object per line");
  EXPECT_EQ(error(R"({"what":"summary"})"), "missing 'command'");
  EXPECT_EQ(error(R"({"command":7})"), "field 'command' must be a string");
  EXPECT_EQ(error(R"({"command":"show","what":"routes","longer":"yes","prefix":"10.0.0.0/8"})"), "field 'longer' must be true or false");
  EXPECT_EQ(error(R"({"command":"show","what":"neighbors","address":"10.0.0.300"})"), "malformed address '10.0.0.300'");
  EXPECT_EQ(error(R"({"command":"show","what":"routes","prefix":"10.0.0.0/33"})"), "malformed prefix '10.0.0.0/33'");
  EXPECT_EQ(error(R"({"command":"show","what":"routes","family":"ipx"})"), "unknown family 'ipx' (ipv4, ipv6)");
  EXPECT_EQ(error(R"({"command":"show","what":"routes","longer":true})"), "show routes: 'longer' needs a prefix");
  EXPECT_EQ(error(R"({"command":"show","what":"route"})"), "show route: missing prefix or address");
  EXPECT_EQ(error(R"({"command":"show","what":"routes","prefix":"2001:db8::/32","family":"ipv4"})"),
            "the prefix is not of the requested family");
  EXPECT_EQ(error(R"({"command":"show","what":"everything"})"), "show: unknown object 'everything'");
  EXPECT_EQ(error(R"({"command":"neighbor","action":"clear"})"), "neighbor: missing 'address'");
  EXPECT_EQ(error(R"({"command":"neighbor","address":"10.0.0.1","action":"clear","soft":"both"})"),
            "neighbor clear: 'soft' must be 'in' or 'out', not 'both'");
  EXPECT_EQ(error(R"({"command":"neighbor","address":"10.0.0.1","action":"enable","soft":"in"})"), "'soft' applies to clear only");
  EXPECT_EQ(error(R"({"command":"format-disk"})"), "unknown command 'format-disk'");
}

TEST(ControlRequest, ShutdownMessageLongerThan255OctetsIsRefused) {
  const std::string at_limit = R"({"command":"neighbor","address":"10.0.0.1","action":"shutdown","message":")" + std::string(255, 'x') + "\"}";
  EXPECT_EQ(ok(at_limit).message.size(), 255u);
  const std::string over = R"({"command":"neighbor","address":"10.0.0.1","action":"shutdown","message":")" + std::string(256, 'x') + "\"}";
  EXPECT_EQ(error(over), "neighbor shutdown: message longer than 255 octets (RFC 9003)");
}

TEST(ControlRequest, ToJsonRoundTrips) {
  for (const char* line : {R"({"command":"show","what":"routes","prefix":"10.0.0.0/8","longer":true,"family":"ipv4"})",
                           R"({"command":"neighbor","address":"2001:db8::1","action":"shutdown","message":"maintenance"})",
                           R"({"command":"neighbor","address":"10.0.0.1","action":"clear","soft":"in"})", R"({"command":"reload"})"}) {
    const ControlRequest r = ok(line);
    EXPECT_EQ(to_json(r), Json::parse(line));
    EXPECT_EQ(ok(to_json(r).dump()), r);
  }
}

}  // namespace
}  // namespace bgp::daemon

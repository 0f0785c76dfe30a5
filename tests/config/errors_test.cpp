// Every kind of configuration error: exact message and file:line:column.
#include <gtest/gtest.h>

#include <string>

#include "libbgp/config/load.hpp"

namespace bgp::config {
namespace {

// Three lines every valid config needs; cases append from line 4 on.
constexpr const char* kHead = "[bgp]\nasn = 65001\nrouter_id = \"10.0.0.1\"\n";

std::string error_of(const std::string& text) {
  try {
    load_string(text, "t.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}
std::string error_after_head(const std::string& rest) { return error_of(std::string(kHead) + rest); }

TEST(ConfigErrors, ExposesPositionFields) {
  try {
    load_string("[bgp]\nasn = 0\n", "x.toml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "x.toml");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.column(), 7u);
    EXPECT_EQ(e.message(), "'asn' in [bgp] must be between 1 and 4294967295, not 0");
  }
}

TEST(ConfigErrors, TomlSyntaxErrorIsAnchored) {
  EXPECT_EQ(error_of("[bgp\nasn = 1\n"), "t.toml:1:5: Error while parsing table header: expected ']', saw '\\n'");
}

TEST(ConfigErrors, DuplicateTomlKeyIsAnchored) {
  EXPECT_EQ(error_of("[bgp]\nasn = 1\nasn = 2\n"),
            "t.toml:3:7: Error while parsing key-value pair: cannot redefine existing integer 'asn'");
}

TEST(ConfigErrors, UnknownTopLevelTableSuggestsTheKnownOne) {
  EXPECT_EQ(error_after_head("[[neighbour]]\naddress = \"10.0.0.2\"\n"),
            "t.toml:4:3: unknown key 'neighbour' in the top level (did you mean 'neighbor'?)");
}

TEST(ConfigErrors, UnknownNeighborKeySuggestsTheKnownOne) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nhold_tme = 30\n"),
            "t.toml:7:1: unknown key 'hold_tme' in [[neighbor]] (did you mean 'hold_time'?)");
}

TEST(ConfigErrors, UnknownKeyFarFromAnyKnownOneHasNoSuggestion) {
  EXPECT_EQ(error_after_head("colour = \"blue\"\n"), "t.toml:4:1: unknown key 'colour' in [bgp]");
}

TEST(ConfigErrors, WrongTypeNamesTheExpectedType) {
  EXPECT_EQ(error_of("[bgp]\nasn = \"65001\"\n"), "t.toml:2:7: 'asn' in [bgp] must be an integer, not a string");
  EXPECT_EQ(error_after_head("ebgp_requires_policy = 1\n"),
            "t.toml:4:24: 'ebgp_requires_policy' in [bgp] must be true or false, not an integer");
}

TEST(ConfigErrors, MissingBgpTable) {
  EXPECT_EQ(error_of("[fib]\ntable = 254\n"), "t.toml:1:1: missing [bgp] table (asn and router_id are required)");
}

TEST(ConfigErrors, AsnZeroAndAsTransAreRejected) {
  EXPECT_EQ(error_of("[bgp]\nasn = 0\nrouter_id = \"10.0.0.1\"\n"),
            "t.toml:2:7: 'asn' in [bgp] must be between 1 and 4294967295, not 0");
  EXPECT_EQ(error_of("[bgp]\nasn = 23456\nrouter_id = \"10.0.0.1\"\n"),
            "t.toml:2:7: asn 23456 is AS_TRANS (RFC 6793) and cannot be used as a local AS");
  EXPECT_EQ(error_of("[bgp]\nasn = 4294967296\nrouter_id = \"10.0.0.1\"\n"),
            "t.toml:2:7: 'asn' in [bgp] must be between 1 and 4294967295, not 4294967296");
}

TEST(ConfigErrors, RouterIdMissingZeroOrIpv6) {
  EXPECT_EQ(error_of("[bgp]\nasn = 65001\n"),
            "t.toml:1:1: missing required key 'router_id' in [bgp] (an IPv4 address, the BGP Identifier)");
  EXPECT_EQ(error_of("[bgp]\nasn = 65001\nrouter_id = \"0.0.0.0\"\n"),
            "t.toml:3:13: router_id must not be 0.0.0.0 (RFC 6286 §2.1)");
  EXPECT_EQ(error_of("[bgp]\nasn = 65001\nrouter_id = \"2001:db8::1\"\n"),
            "t.toml:3:13: router_id must be an IPv4 address (the 32-bit BGP Identifier), not '2001:db8::1'");
  EXPECT_EQ(error_of("[bgp]\nasn = 65001\nrouter_id = \"10.0.0\"\n"),
            "t.toml:3:13: invalid router_id '10.0.0' (expected an IPv4 or IPv6 address)");
}

TEST(ConfigErrors, ListenAddressesAndPort) {
  EXPECT_EQ(error_after_head("listen_addresses = [\"0.0.0.0\", \"::\", \"0.0.0.0\"]\n"),
            "t.toml:4:38: listen address '0.0.0.0' is listed twice");
  EXPECT_EQ(error_after_head("listen_port = 0\n"), "t.toml:4:15: 'listen_port' in [bgp] must be between 1 and 65535, not 0");
}

TEST(ConfigErrors, NetworkWithHostBitsSuggestsTheMaskedPrefix) {
  EXPECT_EQ(error_after_head("[bgp.ipv4_unicast]\nnetworks = [\"10.20.0.1/16\"]\n"),
            "t.toml:5:13: network '10.20.0.1/16' has host bits set (did you mean '10.20.0.0/16'?)");
}

TEST(ConfigErrors, NetworkOfTheWrongFamily) {
  EXPECT_EQ(error_after_head("[bgp.ipv6_unicast]\nnetworks = [\"10.20.0.0/16\"]\n"),
            "t.toml:5:13: network '10.20.0.0/16' is not an IPv6 prefix");
  EXPECT_EQ(error_after_head("[bgp.ipv4_unicast]\nnetworks = [\"10.20.0.0/33\"]\n"),
            "t.toml:5:13: invalid network '10.20.0.0/33' (expected ADDRESS/LENGTH)");
}

TEST(ConfigErrors, MaximumPathsOutOfRange) {
  EXPECT_EQ(error_after_head("[bgp.ipv4_unicast]\nmaximum_paths = 0\n"),
            "t.toml:5:17: 'maximum_paths' in [bgp.ipv4_unicast] must be between 1 and 256, not 0");
}

TEST(ConfigErrors, NeighborAddressMissingOrInvalid) {
  EXPECT_EQ(error_after_head("[[neighbor]]\nremote_as = 65002\n"),
            "t.toml:4:1: missing required key 'address' in [[neighbor]]");
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.256\"\nremote_as = 65002\n"),
            "t.toml:5:11: invalid neighbor address '10.0.0.256' (expected an IPv4 or IPv6 address)");
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"::\"\nremote_as = 65002\n"),
            "t.toml:5:11: neighbor address must not be ::");
}

TEST(ConfigErrors, DuplicateNeighborPointsAtTheFirst) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\n"
                             "[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65003\n"),
            "t.toml:8:11: duplicate neighbor 10.0.0.2 (first defined at t.toml:4:1)");
}

TEST(ConfigErrors, UnknownPeerGroupSuggestsTheKnownOne) {
  EXPECT_EQ(error_after_head("[[peer_group]]\nname = \"cilium\"\n"
                             "[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\npeer_group = \"ciliun\"\n"),
            "t.toml:9:14: unknown peer_group 'ciliun' (did you mean 'cilium'?)");
}

TEST(ConfigErrors, DuplicatePeerGroupAndPolicy) {
  EXPECT_EQ(error_after_head("[[peer_group]]\nname = \"a\"\n[[peer_group]]\nname = \"a\"\n"),
            "t.toml:7:8: duplicate peer_group 'a' (first defined at t.toml:4:1)");
  EXPECT_EQ(error_after_head("[[policy]]\nname = \"p\"\n[[policy]]\nname = \"p\"\n"),
            "t.toml:7:8: duplicate policy 'p' (first defined at t.toml:4:1)");
}

TEST(ConfigErrors, UnknownPolicySuggestsTheKnownOne) {
  EXPECT_EQ(error_after_head("[[policy]]\nname = \"accept-all\"\n[[policy.term]]\naction = \"accept\"\n"
                             "[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nimport = \"acept-all\"\n"),
            "t.toml:11:10: unknown policy 'acept-all' in 'import' (did you mean 'accept-all'?)");
}

TEST(ConfigErrors, NeighborWithoutRemoteAs) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\n"),
            "t.toml:4:1: neighbor 10.0.0.2 has no remote_as (set it in [[neighbor]] or in its peer_group)");
}

TEST(ConfigErrors, RemoteAsWordSuggestsTheKnownOne) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = \"externel\"\n"),
            "t.toml:6:13: 'remote_as' in [[neighbor]] must be an AS number (1-4294967295), \"external\" or "
            "\"internal\", not \"externel\" (did you mean 'external'?)");
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 0\n"),
            "t.toml:6:13: 'remote_as' in [[neighbor]] must be an AS number (1-4294967295), \"external\" or "
            "\"internal\", not 0");
}

TEST(ConfigErrors, HoldTimeOfOneOrTwoSeconds) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nhold_time = 2\n"),
            "t.toml:7:13: hold_time must be 0 or at least 3 seconds (RFC 4271 §4.2), not 2");
}

TEST(ConfigErrors, KeepaliveAboveAThirdOfHoldTime) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nhold_time = 9\nkeepalive = 4\n"),
            "t.toml:8:13: keepalive (4) must be at most a third of hold_time (9)");
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nhold_time = 9\nkeepalive = 0\n"),
            "t.toml:8:13: keepalive must be at least 1 when hold_time is not 0");
}

TEST(ConfigErrors, KeepaliveCheckedAfterInheritance) {
  EXPECT_EQ(error_after_head("[[peer_group]]\nname = \"g\"\nhold_time = 9\n"
                             "[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\npeer_group = \"g\"\nkeepalive = 5\n"),
            "t.toml:7:1: neighbor 10.0.0.2: keepalive (5) must be between 1 and a third of hold_time (9) after "
            "peer_group inheritance");
}

TEST(ConfigErrors, UnknownAddressFamilySuggestsTheKnownOne) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nfamilies = [\"ipv4-unicst\"]\n"),
            "t.toml:7:13: unknown address family 'ipv4-unicst' (ipv4-unicast, ipv6-unicast) (did you mean 'ipv4-unicast'?)");
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nfamilies = []\n"),
            "t.toml:7:12: 'families' in [[neighbor]] must not be empty");
}

TEST(ConfigErrors, MultihopAndTtlSecurityAreExclusive) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nebgp_multihop = 4\nttl_security = 1\n"),
            "t.toml:8:16: ttl_security and ebgp_multihop cannot both be set (GTSM sends with TTL 255)");
}

TEST(ConfigErrors, LocalAddressOfTheOtherFamily) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nlocal_address = \"2001:db8::1\"\n"),
            "t.toml:4:1: neighbor 10.0.0.2: local_address 2001:db8::1 is not of the neighbor's address family");
}

TEST(ConfigErrors, PasswordLongerThanTheKernelAccepts) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\npassword = \"" +
                             std::string(81, 'x') + "\"\n"),
            "t.toml:7:12: password must be 1 to 80 characters (TCP MD5 key, RFC 2385)");
}

TEST(ConfigErrors, MaxPrefixesWarningWithoutALimit) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nmax_prefixes_warning = 80\n"),
            "t.toml:7:24: max_prefixes_warning needs max_prefixes in the same table");
}

TEST(ConfigErrors, NeighborWrittenAsATableInsteadOfAnArray) {
  EXPECT_EQ(error_after_head("[neighbor]\naddress = \"10.0.0.2\"\n"),
            "t.toml:4:1: 'neighbor' must be an array of tables (write [[neighbor]]), not a table");
}

TEST(ConfigErrors, ListenRangeOverlap) {
  EXPECT_EQ(error_after_head("[[peer_group]]\nname = \"g\"\nremote_as = \"external\"\n"
                             "[[listen_range]]\nprefix = \"10.20.0.0/16\"\npeer_group = \"g\"\n"
                             "[[listen_range]]\nprefix = \"10.20.1.0/24\"\npeer_group = \"g\"\n"),
            "t.toml:11:10: listen_range 10.20.1.0/24 overlaps listen_range 10.20.0.0/16 (defined at t.toml:7:1)");
}

TEST(ConfigErrors, ListenRangeNeedsAPeerGroupAndARemoteAs) {
  EXPECT_EQ(error_after_head("[[listen_range]]\nprefix = \"10.20.0.0/16\"\n"),
            "t.toml:4:1: missing required key 'peer_group' in [[listen_range]] (dynamic neighbors take their "
            "settings from a peer group)");
  EXPECT_EQ(error_after_head("[[peer_group]]\nname = \"g\"\n[[listen_range]]\nprefix = \"10.20.0.0/16\"\npeer_group = \"g\"\n"),
            "t.toml:6:1: listen_range 10.20.0.0/16 has no remote_as (set it here or in peer_group 'g')");
}

TEST(ConfigErrors, PrefixMatchSyntaxAndBounds) {
  const std::string policy = "[[policy]]\nname = \"p\"\n[[policy.term]]\naction = \"accept\"\n[policy.term.match]\n";
  EXPECT_EQ(error_after_head(policy + "prefix = [\"10.0.0.0/8 ge\"]\n"),
            "t.toml:9:11: invalid prefix match '10.0.0.0/8 ge' (expected \"PREFIX [ge N] [le M]\")");
  EXPECT_EQ(error_after_head(policy + "prefix = [\"10.0.0.0/8 ge 4\"]\n"),
            "t.toml:9:11: ge 4 for 10.0.0.0/8 must be between 8 and 32");
  EXPECT_EQ(error_after_head(policy + "prefix = [\"10.0.0.0/8 ge 24 le 16\"]\n"),
            "t.toml:9:11: le 16 for 10.0.0.0/8 must be between 24 and 32");
  EXPECT_EQ(error_after_head(policy + "prefix = [{ prefix = \"10.0.0.0/8\", le = 33 }]\n"),
            "t.toml:9:11: le 33 for 10.0.0.0/8 must be between 8 and 32");
}

TEST(ConfigErrors, CommunitiesMustParse) {
  const std::string policy = "[[policy]]\nname = \"p\"\n[[policy.term]]\naction = \"accept\"\n[policy.term.set]\n";
  EXPECT_EQ(error_after_head(policy + "community = [\"65536:1\"]\n"),
            "t.toml:9:14: invalid community '65536:1' (expected ASN:VALUE with 16-bit parts, or a well-known name "
            "such as no-export)");
  EXPECT_EQ(error_after_head(policy + "large_community = [\"1:2\"]\n"),
            "t.toml:9:20: invalid large community '1:2' (expected GLOBAL:LOCAL1:LOCAL2, RFC 8092)");
}

TEST(ConfigErrors, PolicyTermAction) {
  EXPECT_EQ(error_after_head("[[policy]]\nname = \"p\"\n[[policy.term]]\n"),
            "t.toml:6:1: missing required key 'action' in [[policy.term]] (accept, reject or next)");
  EXPECT_EQ(error_after_head("[[policy]]\nname = \"p\"\n[[policy.term]]\naction = \"acept\"\n"),
            "t.toml:7:10: 'action' must be \"accept\", \"reject\" or \"next\", not \"acept\" (did you mean 'accept'?)");
}

TEST(ConfigErrors, AsPathLengthBoundsInverted) {
  EXPECT_EQ(error_after_head("[[policy]]\nname = \"p\"\n[[policy.term]]\naction = \"reject\"\n[policy.term.match]\n"
                             "as_path_length_min = 5\nas_path_length_max = 2\n"),
            "t.toml:10:22: as_path_length_max (2) is less than as_path_length_min (5)");
}

TEST(ConfigErrors, MetricsListenNeedsAddressAndPort) {
  EXPECT_EQ(error_after_head("[metrics]\nlisten = \"localhost:9179\"\n"),
            "t.toml:5:10: 'listen' in [metrics] must be ADDRESS:PORT such as \"127.0.0.1:9179\" or \"[::1]:9179\", "
            "not \"localhost:9179\"");
}

TEST(ConfigErrors, DaemonUserAndUnknownDaemonKeys) {
  EXPECT_EQ(error_after_head("[daemon]\nuser = \"\"\n"),
            "t.toml:5:8: user must be a user name (omit it to keep running as the starting user)");
  EXPECT_NE(error_after_head("[daemon]\ngroup = \"bgpd\"\n").find("t.toml:5:1:"), std::string::npos);
}

TEST(ConfigErrors, LogLevelAndFormat) {
  EXPECT_EQ(error_after_head("[log]\nlevel = \"debg\"\n"),
            "t.toml:5:9: unknown log level 'debg' (trace, debug, info, warn, error, critical or off) (did you mean "
            "'debug'?)");
  EXPECT_EQ(error_after_head("[log]\nformat = \"xml\"\n"), "t.toml:5:10: 'format' in [log] must be \"text\" or \"json\", not \"xml\"");
}

TEST(ConfigErrors, UnknownLogSubsystemNamesTheKey) {
  EXPECT_EQ(error_after_head("[log.subsystems]\nfsm = \"debug\"\nsesion = \"debug\"\n"),
            "t.toml:6:1: unknown log subsystem 'sesion' in [log.subsystems] (main, config, fsm, update, rib, fib, "
            "control)");
  EXPECT_EQ(error_after_head("[log.subsystems]\nupdates = \"trace\"\n"),
            "t.toml:5:1: unknown log subsystem 'updates' in [log.subsystems] (main, config, fsm, update, rib, fib, "
            "control) (did you mean 'update'?)");
  EXPECT_EQ(error_after_head("[log.subsystems]\nfib = \"loud\"\n"),
            "t.toml:5:7: unknown log level 'loud' (trace, debug, info, warn, error, critical or off)");
}

TEST(ConfigErrors, FibTableZeroIsUnspecified) {
  EXPECT_EQ(error_after_head("[fib]\ntable = 0\n"), "t.toml:5:9: 'table' in [fib] must be between 1 and 4294967295, not 0");
}

TEST(ConfigErrors, RestartTimeFitsTwelveBits) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nrestart_time = 4096\n"),
            "t.toml:7:16: 'restart_time' in [[neighbor]] must be between 0 and 4095, not 4096");
}

TEST(ConfigErrors, ArrayElementsOfTheWrongType) {
  EXPECT_EQ(error_after_head("[bgp.ipv4_unicast]\nnetworks = [\"10.0.0.0/8\", 5]\n"),
            "t.toml:5:27: elements of 'networks' in [bgp.ipv4_unicast] must be strings, not an integer");
  EXPECT_EQ(error_after_head("[[policy]]\nname = \"p\"\n[[policy.term]]\naction = \"accept\"\n[policy.term.match]\n"
                             "as_path_contains = [65001, 0]\n"),
            "t.toml:9:28: elements of 'as_path_contains' in [policy.term.match] must be between 1 and 4294967295, not 0");
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\nfamilies = \"ipv4-unicast\"\n"),
            "t.toml:7:12: 'families' in [[neighbor]] must be an array of strings, not a string");
}

TEST(ConfigErrors, SectionOfTheWrongType) {
  EXPECT_EQ(error_after_head("ipv4_unicast = true\n"), "t.toml:4:16: 'ipv4_unicast' in [bgp] must be a table, not a boolean");
  EXPECT_EQ(error_of("bgp = 1\n"), "t.toml:1:7: 'bgp' in the top level must be a table, not an integer");
}

TEST(ConfigErrors, UnknownKeysInNestedTables) {
  EXPECT_EQ(error_after_head("[bgp.bestpath]\nmed_always_compar = true\n"),
            "t.toml:5:1: unknown key 'med_always_compar' in [bgp.bestpath] (did you mean 'med_always_compare'?)");
  EXPECT_EQ(error_after_head("[[policy]]\nname = \"p\"\n[[policy.term]]\naction = \"accept\"\n[policy.term.set]\n"
                             "localpref = 200\n"),
            "t.toml:9:1: unknown key 'localpref' in [policy.term.set] (did you mean 'local_pref'?)");
  EXPECT_EQ(error_after_head("[fib]\ninstal = true\n"), "t.toml:5:1: unknown key 'instal' in [fib] (did you mean 'install'?)");
}

TEST(ConfigErrors, InterfaceAndSocketNamesFitTheKernel) {
  EXPECT_EQ(error_after_head("[[neighbor]]\naddress = \"10.0.0.2\"\nremote_as = 65002\ninterface = \"a-very-long-ifname\"\n"),
            "t.toml:7:13: interface must be a name of 1 to 15 characters");
  EXPECT_EQ(error_after_head("[control]\nsocket = \"\"\n"), "t.toml:5:10: socket must be a path of 1 to 107 characters");
}

TEST(ConfigErrors, ControlSocketLimitsAreBounded) {
  const auto c = load_string(std::string(kHead) + "[control]\nmax_clients = 4\nmax_request_bytes = 4096\n", "t.toml");
  EXPECT_EQ(c.control.max_clients, 4u);
  EXPECT_EQ(c.control.max_request_bytes, 4096u);
  EXPECT_EQ(load_string(kHead, "t.toml").control.max_clients, 16u);
  EXPECT_EQ(error_after_head("[control]\nmax_clients = 0\n"), "t.toml:5:15: 'max_clients' in [control] must be between 1 and 4096, not 0");
  EXPECT_EQ(error_after_head("[control]\nmax_request_bytes = 10\n"),
            "t.toml:5:21: 'max_request_bytes' in [control] must be between 256 and 16777216, not 10");
}

TEST(ConfigErrors, ListenRangeLimitAndPrefix) {
  const std::string group = "[[peer_group]]\nname = \"g\"\nremote_as = 65101\n";
  EXPECT_EQ(error_after_head(group + "[[listen_range]]\nprefix = \"10.20.0.0/16\"\npeer_group = \"g\"\nlimit = 0\n"),
            "t.toml:10:9: 'limit' in [[listen_range]] must be between 1 and 65535, not 0");
  EXPECT_EQ(error_after_head(group + "[[listen_range]]\nprefix = \"10.20.0.0\"\npeer_group = \"g\"\n"),
            "t.toml:8:10: invalid listen_range prefix '10.20.0.0' (expected ADDRESS/LENGTH)");
}

TEST(ConfigErrors, EmptyNamesAreRefused) {
  EXPECT_EQ(error_after_head("[[peer_group]]\nname = \"\"\n"), "t.toml:5:8: peer group name must not be empty");
  EXPECT_EQ(error_after_head("[[policy]]\n"), "t.toml:4:1: missing required key 'name' in [[policy]]");
}

// One --check-config lists every independent error, not only the first:
// two bad neighbours, a bad peer group (what refers to it adds no error of
// its own) and an unknown top-level key.
TEST(ConfigErrors, EveryIndependentErrorIsReportedAtOnce) {
  try {
    load_string(std::string(kHead) +
                    "[[peer_group]]\nname = \"g\"\nhold_time = 1\n"          // 4-6
                    "[[neighbor]]\naddress = \"10.0.0.300\"\nremote_as = 1\n"  // 7-9
                    "[[neighbor]]\naddress = \"10.0.0.2\"\npeer_group = \"g\"\nremote_as = 0\n"  // 10-13
                    "[[neighbor]]\naddress = \"10.0.0.3\"\npeer_group = \"g\"\nremote_as = 2\n"  // 14-17: fine
                    "[fibb]\n",
                "t.toml");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.all().size(), 4u) << e.what();
    EXPECT_EQ(e.all()[0], "t.toml:6:13: hold_time must be 0 or at least 3 seconds (RFC 4271 §4.2), not 1");
    EXPECT_NE(e.all()[1].find("t.toml:8:11: invalid neighbor address '10.0.0.300'"), std::string::npos) << e.all()[1];
    EXPECT_NE(e.all()[2].find("t.toml:13:13: 'remote_as' in [[neighbor]] must be an AS number"), std::string::npos) << e.all()[2];
    EXPECT_NE(e.all()[3].find("fibb"), std::string::npos) << e.all()[3];
    EXPECT_EQ(e.line(), 6u);  // the first
    EXPECT_EQ(std::string(e.what()), e.all()[0] + "\n" + e.all()[1] + "\n" + e.all()[2] + "\n" + e.all()[3]);
  }
}

}  // namespace
}  // namespace bgp::config

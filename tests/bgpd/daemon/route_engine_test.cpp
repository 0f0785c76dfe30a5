// RouteEngine: received UPDATEs through import, decision and multipath into
// a FIB sink (FakeFib records what a kernel would get) and out to the other
// sessions as encoded UPDATEs, decoded again here. No sockets: the io_context
// only runs the engine's deferred propagation and timers.
#include "bgpd/daemon/route_engine.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "libbgp/config/load.hpp"
#include "libbgp/fib/fake_fib.hpp"
#include "libbgp/rib/path_attributes.hpp"

namespace bgp::daemon {
namespace {

constexpr std::size_t kHeader = 19;

config::Config tor_config(bool with_policy, const std::string& group_keys = "", const char* import = "accept-all") {
  std::string text = R"(
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = true
[bgp.ipv4_unicast]
maximum_paths = 10
multipath_relax = true
networks = ["192.168.20.0/24"]

[[peer_group]]
name = "cilium"
graceful_restart = true
)" + group_keys;
  if (with_policy) text += std::string("import = \"") + import + "\"\nexport = \"accept-all\"\n";
  for (const char* n : {"10.20.0.2\"\nremote_as = 65101", "172.20.0.2\"\nremote_as = 65102"}) {
    text += std::string("[[neighbor]]\naddress = \"") + n + "\npeer_group = \"cilium\"\n";
  }
  text += R"(
[[policy]]
name = "accept-all"
[[policy.term]]
action = "accept"

[[policy]]
name = "reject-all"
[[policy.term]]
action = "reject"
)";
  return config::load_string(text);
}

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix pfx(const char* s) { return *Prefix::parse(s); }

// One session's view: what the engine sent to it.
struct Session {
  std::vector<std::vector<std::byte>> sent;
  RouteEngine::Sender sender() {
    return [this](Bytes m) { sent.emplace_back(m.begin(), m.end()); };
  }
};

SessionInfo session_info(const char* local, std::uint32_t peer_as, std::uint32_t router_id, bool graceful = true) {
  SessionInfo s;
  s.local_address = ip(local);
  s.negotiated.peer_as = peer_as;
  s.negotiated.peer_bgp_identifier = router_id;
  s.negotiated.four_octet_as = true;
  s.negotiated.families = {kIpv4Unicast};
  if (graceful) s.negotiated.peer_graceful_restart = GracefulRestartInfo{0, 15, {{kIpv4Unicast, true}}};
  return s;
}

class RouteEngineTest : public ::testing::Test {
 protected:
  void start(bool with_policy = true, const std::string& group_keys = "") {
    config_ = tor_config(with_policy, group_keys);
    auto fake = std::make_unique<fib::FakeFib>();
    fib_ = fake.get();
    engine_ = std::make_unique<RouteEngine>(io_, config_, std::move(fake), [this] {
      std::vector<Prefix> all = connected();
      all.insert(all.end(), kernel_routes_.begin(), kernel_routes_.end());
      return all;
    });
    engine_->start();
    io_.poll();
  }
  // The ToR's two node LANs (the lab's br-kind01 and br-kind02).
  static std::vector<Prefix> connected() { return {pfx("10.20.0.0/16"), pfx("172.20.0.0/16")}; }
  config::EffectiveNeighbor neighbor(const char* address) { return config::effective(config_, *config_.find_neighbor(ip(address))); }

  // Announces `prefixes` from `peer` with AS path `asn` and next hop `nh`.
  void announce(const char* peer, std::uint32_t asn, const char* nh, std::vector<Prefix> prefixes) {
    UpdateAttributes a;
    a.as_path.push_back({AsSegmentType::kSequence, {asn}});
    a.next_hop = ip(nh);
    std::vector<NlriEntry> entries;
    for (const Prefix& p : prefixes) entries.push_back({p, 0});
    std::vector<std::byte> buf(kMaxMessageSize);
    UpdatePacker packer(EncodeContext{}, buf);
    const auto packed = packer.announce(a, kIpv4Unicast, entries);
    ASSERT_TRUE(packed);
    feed(peer, packed->message);
  }
  void end_of_rib(const char* peer) {
    std::vector<std::byte> buf(kMaxMessageSize);
    UpdatePacker packer(EncodeContext{}, buf);
    feed(peer, packer.end_of_rib(kIpv4Unicast));
  }
  void feed(const char* peer, Bytes message) {
    std::vector<std::byte> body(message.begin() + kHeader, message.end());
    const DecodedUpdate u = decode_update(Bytes(body), DecodeContext{});
    last_outcome_ = engine_->update(ip(peer), u);
    io_.poll();
  }
  std::vector<IpAddress> fib_gateways(const char* prefix) {
    std::vector<IpAddress> out;
    const auto installed = fib_->installed();
    if (const auto it = installed.find(pfx(prefix)); it != installed.end()) {
      for (const auto& nh : it->second) out.push_back(nh.gateway);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  boost::asio::io_context io_;
  std::vector<Prefix> kernel_routes_;  // static/IGP routes the injected source adds
  config::Config config_;
  fib::FakeFib* fib_ = nullptr;
  std::unique_ptr<RouteEngine> engine_;
  UpdateOutcome last_outcome_;
};

// Decoded announcements of the UPDATEs a session received: prefix -> attributes.
struct Received {
  Prefix prefix;
  rib::AsPath as_path;
  std::optional<IpAddress> next_hop;
};
std::vector<Received> announcements(const Session& s, bool* saw_end_of_rib = nullptr) {
  std::vector<Received> out;
  for (const auto& m : s.sent) {
    const Bytes body(m.data() + kHeader, m.size() - kHeader);
    const DecodedUpdate u = decode_update(body, DecodeContext{});
    if (u.end_of_rib() && saw_end_of_rib) *saw_end_of_rib = true;
    for (const NlriEntry& e : u.nlri) out.push_back({e.prefix, rib::as_path_from_wire(u.as_path()), u.next_hop});
  }
  return out;
}

TEST(RouteEngineUnit, RibAttributesBecomeWireAttributes) {
  rib::PathAttributes a;
  a.as_path = {{AsSegmentType::kSequence, {65001, 65101}}};
  a.next_hop = ip("10.20.0.101");
  a.med = 5;
  a.communities = {0xFFFFFF01};
  const UpdateAttributes u = to_update_attributes(a);
  ASSERT_EQ(u.as_path.size(), 1u);
  EXPECT_EQ(u.as_path[0].asns, (std::vector<std::uint32_t>{65001, 65101}));
  EXPECT_EQ(u.next_hop, ip("10.20.0.101"));
  EXPECT_EQ(u.med, 5u);
  EXPECT_EQ(u.communities, a.communities);
}

TEST_F(RouteEngineTest, TwoNeighbourAsesGiveOneFibRouteWithBothNextHops) {
  start();
  Session a, b;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  engine_->session_up(neighbor("172.20.0.2"), session_info("172.20.0.101", 65102, 0xac140002), b.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  announce("172.20.0.2", 65102, "172.20.0.2", {pfx("172.30.0.10/32")});
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), (std::vector<IpAddress>{ip("10.20.0.2"), ip("172.20.0.2")}));
  EXPECT_EQ(engine_->accepted(ip("10.20.0.2")), 1u);
  const auto routes = engine_->routes_json(pfx("172.30.0.10/32"));
  ASSERT_EQ(routes.size(), 1u);
  ASSERT_EQ(routes[0]["paths"].size(), 2u);
  for (const auto& p : routes[0]["paths"]) EXPECT_TRUE(p["multipath"].get<bool>());
  // Our own network is originated, not installed (locally originated routes have no next hop).
  EXPECT_TRUE(fib_gateways("192.168.20.0/24").empty());
}

TEST_F(RouteEngineTest, NextHopOutsideConnectedNetworksIsNotInstalled) {
  start();
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.99.0.7", {pfx("172.30.0.10/32")});
  EXPECT_EQ(engine_->accepted(ip("10.20.0.2")), 1u);  // in the Adj-RIB-In...
  EXPECT_TRUE(fib_->installed().empty());            // ...but not a candidate (RFC 4271 §9.1.2.1)
  // Shown (the whole table lists it), with no best path.
  const auto routes = engine_->routes_json(std::nullopt);
  const auto it = std::find_if(routes.begin(), routes.end(), [](const auto& r) { return r["prefix"] == "172.30.0.10/32"; });
  ASSERT_NE(it, routes.end());
  EXPECT_TRUE((*it)["best"].is_null());
  // So does the view of that one prefix.
  const auto one = engine_->routes_json(pfx("172.30.0.10/32"));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_TRUE(one[0]["best"].is_null());
}

TEST_F(RouteEngineTest, EbgpWithoutImportPolicyAcceptsNothing) {
  start(/*with_policy=*/false);
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  EXPECT_EQ(engine_->accepted(ip("10.20.0.2")), 0u);
  EXPECT_TRUE(fib_->installed().empty());
  // RFC 8212 outbound too: nothing but End-of-RIB is sent.
  bool eor = false;
  EXPECT_TRUE(announcements(a, &eor).empty());
  EXPECT_TRUE(eor);
}

// The metrics' view: anycast next hops per host route, the Adj-RIB-Out size.
TEST_F(RouteEngineTest, HostRoutesCountDistinctSelectedNextHopsAndAdvertisedIsWhatWasSent) {
  start();
  Session a, b;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  engine_->session_up(neighbor("172.20.0.2"), session_info("172.20.0.101", 65102, 0xac140002), b.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32"), pfx("172.30.0.11/32"), pfx("10.99.0.0/24")});
  announce("172.20.0.2", 65102, "172.20.0.2", {pfx("172.30.0.10/32")});
  const auto hosts = engine_->host_routes();
  ASSERT_EQ(hosts.size(), 2u);  // not the /24s, not our network
  EXPECT_EQ(hosts[0].prefix, pfx("172.30.0.10/32"));
  EXPECT_EQ(hosts[0].next_hops, 2u);
  EXPECT_EQ(hosts[1].prefix, pfx("172.30.0.11/32"));
  EXPECT_EQ(hosts[1].next_hops, 1u);
  std::set<Prefix> sent_to_b;
  for (const auto& r : announcements(b)) sent_to_b.insert(r.prefix);
  EXPECT_GE(sent_to_b.size(), 3u);  // our network, 172.30.0.11/32, 10.99.0.0/24 (and the VIP if a's path is best)
  EXPECT_EQ(engine_->advertised(ip("172.20.0.2")), sent_to_b.size());
  EXPECT_EQ(engine_->advertised(ip("10.99.9.9")), 0u);  // no such peer
  ASSERT_TRUE(engine_->fib_status().has_value());
}

TEST_F(RouteEngineTest, LearnedRouteGoesToTheOtherPeerWithOurAsAndNextHopSelf) {
  start();
  Session a, b;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  engine_->session_up(neighbor("172.20.0.2"), session_info("172.20.0.101", 65102, 0xac140002), b.sender());
  bool eor = false;
  const auto initial = announcements(b, &eor);
  EXPECT_TRUE(eor);
  ASSERT_EQ(initial.size(), 1u);  // the network statement
  EXPECT_EQ(initial[0].prefix, pfx("192.168.20.0/24"));
  EXPECT_EQ(initial[0].as_path, (rib::AsPath{{AsSegmentType::kSequence, {65001}}}));
  b.sent.clear();
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32"), pfx("172.30.0.11/32")});
  const auto got = announcements(b);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(b.sent.size(), 1u);  // both prefixes packed into one UPDATE
  EXPECT_EQ(got[0].as_path, (rib::AsPath{{AsSegmentType::kSequence, {65001, 65101}}}));
  EXPECT_EQ(got[0].next_hop, ip("172.20.0.101"));
  // Not back to the sender.
  a.sent.clear();
  io_.poll();
  EXPECT_TRUE(announcements(a).empty());
}

TEST_F(RouteEngineTest, GracefulRestartKeepsStalePathsInTheFibUntilEndOfRib) {
  start();
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32"), pfx("172.30.0.11/32")});
  const std::size_t ops = fib_->operations().size();
  engine_->session_down(ip("10.20.0.2"), SessionDown{});  // TCP failure: graceful
  io_.poll();
  EXPECT_EQ(engine_->stale(ip("10.20.0.2")), 2u);
  EXPECT_EQ(fib_->operations().size(), ops) << "no FIB churn while the peer restarts";
  Session again;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), again.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  EXPECT_EQ(engine_->stale(ip("10.20.0.2")), 1u);
  end_of_rib("10.20.0.2");
  EXPECT_EQ(last_outcome_.end_of_rib, kIpv4Unicast);
  EXPECT_EQ(engine_->stale(ip("10.20.0.2")), 0u);
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), (std::vector<IpAddress>{ip("10.20.0.2")}));
  EXPECT_TRUE(fib_gateways("172.30.0.11/32").empty()) << "not re-announced before End-of-RIB: swept";
}

TEST_F(RouteEngineTest, BfdDownWithdrawsAtOnceDespiteGracefulRestart) {
  start();
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  ASSERT_FALSE(fib_gateways("172.30.0.10/32").empty());
  SessionDown how;
  how.bfd_down = true;  // otherwise a plain TCP-level loss, which GR would keep
  engine_->session_down(ip("10.20.0.2"), how);
  io_.poll();
  // RFC 5882 §4.3.2: the forwarding path failed, stale paths would blackhole.
  EXPECT_EQ(engine_->stale(ip("10.20.0.2")), 0u);
  EXPECT_TRUE(fib_gateways("172.30.0.10/32").empty());
}

TEST_F(RouteEngineTest, NotificationWithoutNBitOrAdministrativeStopWithdrawsAtOnce) {
  start();
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  ASSERT_FALSE(fib_gateways("172.30.0.10/32").empty());
  SessionDown how;
  how.notification = true;  // the peer's GR capability has no N-bit (RFC 8538)
  engine_->session_down(ip("10.20.0.2"), how);
  io_.poll();
  EXPECT_TRUE(fib_gateways("172.30.0.10/32").empty());
  EXPECT_EQ(engine_->accepted(ip("10.20.0.2")), 0u);
}

TEST_F(RouteEngineTest, StartupSweepWaitsForEndOfRibFromEveryConfiguredNeighbour) {
  config_ = tor_config(true);
  auto fake = std::make_unique<fib::FakeFib>();
  fib_ = fake.get();
  fib_->add_stale(pfx("198.51.100.0/24"), {{ip("10.20.0.9"), 0, 1}});
  engine_ = std::make_unique<RouteEngine>(io_, config_, std::move(fake), connected);
  engine_->start();
  io_.poll();
  Session a, b;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  engine_->session_up(neighbor("172.20.0.2"), session_info("172.20.0.101", 65102, 0xac140002), b.sender());
  end_of_rib("10.20.0.2");
  EXPECT_EQ(fib_->status().stale_routes, 1u);
  end_of_rib("172.20.0.2");
  EXPECT_EQ(fib_->status().stale_routes, 0u);
}


TEST_F(RouteEngineTest, SoftInWithStoredRoutesReappliesTheNeighboursNewImportPolicy) {
  start(true, "soft_reconfiguration_inbound = true\n");
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  ASSERT_EQ(fib_gateways("172.30.0.10/32"), std::vector<IpAddress>{ip("10.20.0.2")});

  config::EffectiveNeighbor rejecting = neighbor("10.20.0.2");
  rejecting.import_policy = "reject-all";
  engine_->set_neighbor(rejecting);
  EXPECT_EQ(engine_->soft_in(ip("10.20.0.2")), SoftIn::kReevaluated);
  io_.poll();
  EXPECT_TRUE(fib_gateways("172.30.0.10/32").empty());
  EXPECT_EQ(engine_->accepted(ip("10.20.0.2")), 0u);
  EXPECT_EQ(engine_->received(ip("10.20.0.2")), 1u);  // the pre-policy copy stays

  // Back to accepting: the route returns without the peer sending it again.
  engine_->set_neighbor(neighbor("10.20.0.2"));
  EXPECT_EQ(engine_->soft_in(ip("10.20.0.2")), SoftIn::kReevaluated);
  io_.poll();
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), std::vector<IpAddress>{ip("10.20.0.2")});
}

TEST_F(RouteEngineTest, SoftInWithoutStoredRoutesAsksForRouteRefresh) {
  start();
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  config::EffectiveNeighbor rejecting = neighbor("10.20.0.2");
  rejecting.import_policy = "reject-all";
  engine_->set_neighbor(rejecting);
  EXPECT_EQ(engine_->soft_in(ip("10.20.0.2")), SoftIn::kRefreshNeeded);
  io_.poll();
  // Nothing to re-run: the accepted route stands until the refresh brings it again...
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), std::vector<IpAddress>{ip("10.20.0.2")});
  // ...and the re-sent route meets the new policy.
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  EXPECT_TRUE(fib_gateways("172.30.0.10/32").empty());
  EXPECT_EQ(engine_->soft_in(ip("172.20.0.2")), SoftIn::kNotEstablished);
  EXPECT_EQ(engine_->soft_in(ip("10.99.0.1")), SoftIn::kNotEstablished);
}

TEST_F(RouteEngineTest, ReloadWithSoftReconfigurationReappliesImportPolicyToStoredRoutes) {
  start(true, "soft_reconfiguration_inbound = true\n");
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  ASSERT_EQ(fib_gateways("172.30.0.10/32"), std::vector<IpAddress>{ip("10.20.0.2")});
  const config::Config reloaded = tor_config(true, "soft_reconfiguration_inbound = true\n", "reject-all");
  engine_->set_neighbor(config::effective(reloaded, *reloaded.find_neighbor(ip("10.20.0.2"))));
  engine_->set_config(reloaded);  // re-runs import over the stored routes: no soft_in needed
  io_.poll();
  EXPECT_TRUE(fib_gateways("172.30.0.10/32").empty());
  engine_.reset();  // before `reloaded` goes
}

TEST_F(RouteEngineTest, NextHopCoveredByAKernelRouteIsInstalledAndGoesWithTheRoute) {
  start();
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.99.0.7", {pfx("172.30.0.10/32")});
  EXPECT_TRUE(fib_->installed().empty());

  kernel_routes_ = {pfx("10.99.0.0/16")};  // e.g. `ip route add 10.99.0.0/16 via 10.20.0.2`
  engine_->recheck_next_hops();
  io_.poll();
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), std::vector<IpAddress>{ip("10.99.0.7")});

  kernel_routes_.clear();  // the static route is removed
  engine_->recheck_next_hops();
  io_.poll();
  EXPECT_TRUE(fib_->installed().empty());
}

TEST_F(RouteEngineTest, ABurstOfUpdatesIsHandedOnOnceTheChangeStreamHoldsTheRecycledEntries) {
  start();
  Session a, b;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  engine_->session_up(neighbor("172.20.0.2"), session_info("172.20.0.101", 65102, 0xac140002), b.sender());
  b.sent.clear();
  // 14 UPDATEs of 700 /32s read in one turn: no io_.poll() in between.
  UpdateAttributes attrs;
  attrs.as_path.push_back({AsSegmentType::kSequence, {65101}});
  attrs.next_hop = ip("10.20.0.2");
  std::vector<std::byte> buf(kMaxMessageSize);
  UpdatePacker packer(EncodeContext{}, buf);
  std::uint32_t next = 0;
  for (int m = 0; m < 14; ++m) {
    std::vector<NlriEntry> entries;
    for (int i = 0; i < 700; ++i) entries.push_back({Prefix(IpAddress::v4(0x0b000000 + next++), 32), 0});
    const auto packed = packer.announce(attrs, kIpv4Unicast, entries);
    ASSERT_TRUE(packed);
    ASSERT_EQ(packed->consumed, entries.size());
    const std::vector<std::byte> body(packed->message.begin() + kHeader, packed->message.end());
    engine_->update(ip("10.20.0.2"), decode_update(Bytes(body), DecodeContext{}));
  }
  // The twelfth UPDATE took the change stream past the RIB's recycled
  // entries (8 400 >= 8 192): handed to the FIB and the other session at once.
  static_assert(rib::Rib::kMaxSpareChanges <= 12 * 700 && rib::Rib::kMaxSpareChanges > 11 * 700);
  EXPECT_EQ(fib_->installed().size(), 12u * 700);
  EXPECT_EQ(announcements(b).size(), 12u * 700);
  // The rest at the end of the loop turn.
  io_.poll();
  EXPECT_EQ(fib_->installed().size(), 14u * 700);
  EXPECT_EQ(announcements(b).size(), 14u * 700);
}

// A route whose new version cannot be encoded for a peer (attributes longer
// than a 4096-octet message, no RFC 8654 extended messages) must not be
// recorded as advertised; the peer still holds the previous version, so it
// is withdrawn, and the Adj-RIB-Out counts only what was sent.
TEST_F(RouteEngineTest, RouteTooLongForThePeerWithdrawsThePreviousVersionAndIsNotCountedAsAdvertised) {
  start();
  Session a, b;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  engine_->session_up(neighbor("172.20.0.2"), session_info("172.20.0.101", 65102, 0xac140002), b.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  ASSERT_EQ(engine_->advertised(ip("172.20.0.2")), 2u);  // our network and the VIP
  b.sent.clear();
  // The same prefix again with 1 100 communities (4 400 octets): it arrives
  // over a session with extended messages; b has none.
  UpdateAttributes big;
  big.as_path.push_back({AsSegmentType::kSequence, {65101}});
  big.next_hop = ip("10.20.0.2");
  for (std::uint32_t i = 0; i < 1100; ++i) big.communities.push_back((65101u << 16) | i);
  std::vector<std::byte> buf(kMaxExtendedMessageSize);
  EncodeContext extended;
  extended.extended_message = true;
  UpdatePacker packer(extended, buf);
  const std::vector<NlriEntry> vip{{pfx("172.30.0.10/32"), 0}};
  const auto packed = packer.announce(big, kIpv4Unicast, vip);
  ASSERT_TRUE(packed);
  ASSERT_GT(packed->message.size(), kMaxMessageSize);
  feed("10.20.0.2", packed->message);
  ASSERT_EQ(engine_->accepted(ip("10.20.0.2")), 1u);
  std::vector<Prefix> withdrawn;
  for (const auto& m : b.sent) {
    EXPECT_LE(m.size(), kMaxMessageSize);
    const Bytes body(m.data() + kHeader, m.size() - kHeader);
    const DecodedUpdate u = decode_update(body, DecodeContext{});
    for (const NlriEntry& e : u.withdrawn) withdrawn.push_back(e.prefix);
  }
  EXPECT_EQ(withdrawn, std::vector<Prefix>{pfx("172.30.0.10/32")}) << "the peer must not keep the previous version";
  EXPECT_TRUE(announcements(b).empty());
  EXPECT_EQ(engine_->advertised(ip("172.20.0.2")), 1u) << "only what was sent counts as advertised";
}

// An IPv6 route to a session that has no IPv6 address of ours to put as
// next hop cannot be announced: it is not recorded as advertised.
TEST_F(RouteEngineTest, RouteWithoutANextHopForTheFamilyIsNotCountedAsAdvertised) {
  kernel_routes_ = {pfx("2001:db8:20::/64")};  // the IPv6 next hop is reachable
  start();
  Session a, b;
  SessionInfo dual = session_info("10.20.0.101", 65101, 0x0a140002);
  dual.negotiated.families = {kIpv4Unicast, kIpv6Unicast};
  engine_->session_up(neighbor("10.20.0.2"), dual, a.sender());
  SessionInfo to_b = session_info("172.20.0.101", 65102, 0xac140002);
  to_b.negotiated.families = {kIpv4Unicast, kIpv6Unicast};
  engine_->session_up(neighbor("172.20.0.2"), to_b, b.sender());
  ASSERT_EQ(engine_->advertised(ip("172.20.0.2")), 1u);  // our network
  UpdateAttributes v6;
  v6.as_path.push_back({AsSegmentType::kSequence, {65101}});
  v6.next_hop = ip("2001:db8:20::2");
  std::vector<std::byte> buf(kMaxMessageSize);
  UpdatePacker packer(EncodeContext{}, buf);
  const std::vector<NlriEntry> entries{{pfx("2001:db8:30::/64"), 0}};
  const auto packed = packer.announce(v6, kIpv6Unicast, entries);
  ASSERT_TRUE(packed);
  feed("10.20.0.2", packed->message);
  ASSERT_EQ(engine_->received(ip("10.20.0.2")), 1u);
  EXPECT_EQ(engine_->advertised(ip("172.20.0.2")), 1u) << "the IPv6 route was not sent: not advertised";
}

// Next-hop liveness (the NexthopTracker's verdicts): a dead next hop leaves
// the multipath set whatever its session's state, and comes back with it.
class RouteEngineLivenessTest : public RouteEngineTest {
 protected:
  void two_nodes() {
    start();
    engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a_.sender());
    engine_->session_up(neighbor("172.20.0.2"), session_info("172.20.0.101", 65102, 0xac140002), b_.sender());
    announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
    announce("172.20.0.2", 65102, "172.20.0.2", {pfx("172.30.0.10/32")});
    ASSERT_EQ(fib_gateways("172.30.0.10/32"), (std::vector<IpAddress>{ip("10.20.0.2"), ip("172.20.0.2")}));
  }
  Session a_, b_;
};

TEST_F(RouteEngineLivenessTest, ADeadNextHopOfAnEstablishedSessionLeavesTheEcmpRouteAndComesBack) {
  two_nodes();
  engine_->set_next_hop_dead(ip("10.20.0.2"), true);
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), std::vector<IpAddress>{ip("172.20.0.2")}) << "synchronously: no poll needed";
  EXPECT_EQ(engine_->accepted(ip("10.20.0.2")), 1u) << "the path stays in the Adj-RIB-In";
  engine_->set_next_hop_dead(ip("10.20.0.2"), false);
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), (std::vector<IpAddress>{ip("10.20.0.2"), ip("172.20.0.2")}));
}

TEST_F(RouteEngineLivenessTest, AGracefulRestartStalePathStaysWhileItsNextHopAnswersAndGoesWhenItDies) {
  two_nodes();
  engine_->session_down(ip("10.20.0.2"), SessionDown{});  // TCP failure: graceful, paths stale
  io_.poll();
  ASSERT_EQ(engine_->stale(ip("10.20.0.2")), 1u);
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), (std::vector<IpAddress>{ip("10.20.0.2"), ip("172.20.0.2")}))
      << "an agent restart: the node still forwards";
  engine_->set_next_hop_dead(ip("10.20.0.2"), true);
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), std::vector<IpAddress>{ip("172.20.0.2")}) << "dead: out before the restart timer";
}

TEST_F(RouteEngineLivenessTest, NetworksPushedByTheTrackerResolveNextHopsAtOnce) {
  two_nodes();
  engine_->set_next_hop_networks({pfx("172.20.0.0/16")});  // the kind01 LAN's address went away
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), std::vector<IpAddress>{ip("172.20.0.2")});
  engine_->set_next_hop_networks(connected());
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), (std::vector<IpAddress>{ip("10.20.0.2"), ip("172.20.0.2")}));
}

// ---- graceful restart: helper rules (RFC 4724 §4.2, RFC 8538) ----

TEST_F(RouteEngineTest, NotificationKeepsStalePathsOnlyWhenTheNBitWasNegotiated) {
  start();
  Session a;
  SessionInfo s = session_info("10.20.0.101", 65101, 0x0a140002);
  s.negotiated.peer_graceful_restart->flags = GracefulRestartCapability::kNotificationFlag;
  s.negotiated.graceful_notification = true;
  engine_->session_up(neighbor("10.20.0.2"), s, a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  SessionDown how;
  how.notification = true;  // a Cease from the node's stopping speaker
  engine_->session_down(ip("10.20.0.2"), how);
  io_.poll();
  EXPECT_EQ(engine_->stale(ip("10.20.0.2")), 1u) << "RFC 8538 §4";
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), (std::vector<IpAddress>{ip("10.20.0.2")}));
}

TEST_F(RouteEngineTest, PeersNBitAloneDoesNotMakeANotificationGraceful) {
  start();
  Session a;
  SessionInfo s = session_info("10.20.0.101", 65101, 0x0a140002);
  s.negotiated.peer_graceful_restart->flags = GracefulRestartCapability::kNotificationFlag;
  s.negotiated.graceful_notification = false;  // we did not set it
  engine_->session_up(neighbor("10.20.0.2"), s, a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  SessionDown how;
  how.notification = true;
  engine_->session_down(ip("10.20.0.2"), how);
  io_.poll();
  EXPECT_TRUE(fib_gateways("172.30.0.10/32").empty());
}

TEST_F(RouteEngineTest, HardResetIsNeverGraceful) {
  start();
  Session a;
  SessionInfo s = session_info("10.20.0.101", 65101, 0x0a140002);
  s.negotiated.graceful_notification = true;
  engine_->session_up(neighbor("10.20.0.2"), s, a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  SessionDown how;
  how.notification = true;
  how.hard_reset = true;
  engine_->session_down(ip("10.20.0.2"), how);
  io_.poll();
  EXPECT_TRUE(fib_gateways("172.30.0.10/32").empty());
  EXPECT_EQ(engine_->stale(ip("10.20.0.2")), 0u);
}

TEST_F(RouteEngineTest, ReconnectWithoutTheForwardingBitFlushesStalePathsAtOnce) {
  start();
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  engine_->session_down(ip("10.20.0.2"), SessionDown{});
  io_.poll();
  ASSERT_EQ(engine_->stale(ip("10.20.0.2")), 1u);
  SessionInfo again = session_info("10.20.0.101", 65101, 0x0a140002);
  again.negotiated.peer_graceful_restart->families = {{kIpv4Unicast, false}};  // forwarding state lost
  Session b;
  engine_->session_up(neighbor("10.20.0.2"), again, b.sender());
  io_.poll();
  EXPECT_EQ(engine_->stale(ip("10.20.0.2")), 0u);
  EXPECT_TRUE(fib_gateways("172.30.0.10/32").empty());
}

TEST_F(RouteEngineTest, ReconnectWithTheFamilyMissingFromTheCapabilityFlushesIt) {
  start();
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  engine_->session_down(ip("10.20.0.2"), SessionDown{});
  io_.poll();
  SessionInfo again = session_info("10.20.0.101", 65101, 0x0a140002);
  again.negotiated.peer_graceful_restart->families = {{kIpv6Unicast, true}};
  Session b;
  engine_->session_up(neighbor("10.20.0.2"), again, b.sender());
  io_.poll();
  EXPECT_EQ(engine_->stale(ip("10.20.0.2")), 0u);
}

TEST_F(RouteEngineTest, SecondDropBeforeEndOfRibRemovesThePathsStillStale) {
  start();
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32"), pfx("172.30.0.11/32")});
  engine_->session_down(ip("10.20.0.2"), SessionDown{});
  io_.poll();
  Session b;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), b.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});  // .11 still stale, no End-of-RIB
  engine_->session_down(ip("10.20.0.2"), SessionDown{});
  io_.poll();
  EXPECT_TRUE(fib_gateways("172.30.0.11/32").empty()) << "stale since the first drop: removed";
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), (std::vector<IpAddress>{ip("10.20.0.2")})) << "re-announced: kept as stale";
  EXPECT_EQ(engine_->stale(ip("10.20.0.2")), 1u);
}

// ---- our own restart (RFC 4724 §4.1) ----

config::Config restart_config(const std::string& bgp_keys, bool neighbours) {
  std::string text = R"(
[bgp]
asn = 65001
router_id = "10.0.255.11"
)" + bgp_keys + R"(
[bgp.ipv4_unicast]
maximum_paths = 10
multipath_relax = true

[[peer_group]]
name = "cilium"
graceful_restart = true
import = "accept-all"
export = "accept-all"

[[listen_range]]
prefix = "10.20.0.0/16"
remote_as = 65101
peer_group = "cilium"

[[policy]]
name = "accept-all"
[[policy.term]]
action = "accept"
)";
  if (neighbours) {
    for (const char* n : {"10.20.0.2", "10.20.0.3"}) {
      text += std::string("[[neighbor]]\naddress = \"") + n + "\"\nremote_as = 65101\npeer_group = \"cilium\"\n";
    }
  }
  return config::load_string(text);
}

class RestartTest : public RouteEngineTest {
 protected:
  // bgpd restarted and found the VIP in the kernel through both nodes.
  void restart(const std::string& bgp_keys, bool neighbours) {
    config_ = restart_config(bgp_keys, neighbours);
    auto fake = std::make_unique<fib::FakeFib>();
    fib_ = fake.get();
    fib_->add_stale(pfx("172.30.0.10/32"), {{ip("10.20.0.2"), 0, 1}, {ip("10.20.0.3"), 0, 1}});
    engine_ = std::make_unique<RouteEngine>(io_, config_, std::move(fake), connected);
    engine_->start();
    io_.poll();
  }
  config::EffectiveNeighbor peer(const char* address) {
    if (const config::Neighbor* n = config_.find_neighbor(ip(address))) return config::effective(config_, *n);
    return config::effective(config_, config_.listen_ranges.front(), ip(address));
  }
  void node_comes_back(const char* address, Session& s) {
    engine_->session_up(peer(address), session_info("10.20.0.101", 65101, IpAddress::parse(address)->v4_host_order()), s.sender());
    announce(address, 65101, address, {pfx("172.30.0.10/32")});
    end_of_rib(address);
  }
  const std::vector<IpAddress> both_{ip("10.20.0.2"), ip("10.20.0.3")};
};

TEST_F(RestartTest, NoRetainedRouteChangesUntilEveryConfiguredPeerSentEndOfRib) {
  restart("", true);
  EXPECT_TRUE(engine_->restarting()) << "R bit";
  EXPECT_TRUE(engine_->forwarding_preserved(kIpv4Unicast)) << "F bit: the kernel kept IPv4 routes";
  EXPECT_FALSE(engine_->forwarding_preserved(kIpv6Unicast));
  Session a, b;
  node_comes_back("10.20.0.2", a);
  EXPECT_TRUE(fib_->operations().empty()) << "one node back is not the whole table: nothing changes";
  EXPECT_EQ(fib_->status().stale_routes, 1u);
  bool eor = false;
  EXPECT_TRUE(announcements(a, &eor).empty());
  EXPECT_FALSE(eor) << "no End-of-RIB while selection is deferred";
  node_comes_back("10.20.0.3", b);
  EXPECT_FALSE(engine_->restarting());
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), both_);
  EXPECT_EQ(fib_->status().stale_routes, 0u);
  announcements(a, &eor);
  EXPECT_TRUE(eor) << "End-of-RIB once selection is done";
}

TEST_F(RestartTest, DynamicPeersKnownFromTheAdoptedNextHopsAreWaitedFor) {
  restart("", false);  // listen ranges only
  EXPECT_EQ(engine_->deferral_waiting_for(), both_);
  Session a, b;
  node_comes_back("10.20.0.2", a);
  EXPECT_TRUE(fib_->operations().empty()) << "10.20.0.3 was up before and has not sent End-of-RIB";
  node_comes_back("10.20.0.3", b);
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), both_);
  EXPECT_EQ(fib_->status().stale_routes, 0u);
}

TEST_F(RestartTest, APeerWithTheRBitThatSendsEndOfRibIsWaitedFor) {
  restart("", false);
  Session a, b;
  node_comes_back("10.20.0.2", a);
  SessionInfo r = session_info("10.20.0.101", 65101, 0x0a140003);
  r.negotiated.peer_graceful_restart->flags = GracefulRestartCapability::kRestartFlag;
  engine_->session_up(peer("10.20.0.3"), r, b.sender());
  io_.poll();
  EXPECT_TRUE(fib_->operations().empty());
  announce("10.20.0.3", 65101, "10.20.0.3", {pfx("172.30.0.10/32")});
  end_of_rib("10.20.0.3");
  EXPECT_FALSE(engine_->restarting());
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), both_);
}

TEST_F(RestartTest, SelectDeferTimeEndsTheWait) {
  restart("select_defer_time = 1\n", false);
  Session a;
  node_comes_back("10.20.0.2", a);
  EXPECT_TRUE(fib_->operations().empty());
  io_.run_for(std::chrono::milliseconds(1300));
  EXPECT_FALSE(engine_->restarting());
  EXPECT_EQ(fib_gateways("172.30.0.10/32"), (std::vector<IpAddress>{ip("10.20.0.2")})) << "10.20.0.3 never came back";
}

TEST_F(RestartTest, APeerWithTheRBitIsWaitedForOnlyBrieflyIfItStaysSilent) {
  restart("", false);
  Session a, b;
  node_comes_back("10.20.0.2", a);
  SessionInfo r = session_info("10.20.0.101", 65101, 0x0a140003);
  r.negotiated.peer_graceful_restart->flags = GracefulRestartCapability::kRestartFlag;  // may wait for our End-of-RIB
  engine_->session_up(peer("10.20.0.3"), r, b.sender());
  io_.poll();
  EXPECT_TRUE(engine_->restarting()) << "FRR sets R towards a restarted peer and still sends End-of-RIB: wait a little";
  io_.run_for(std::chrono::milliseconds(3300));
  EXPECT_FALSE(engine_->restarting());
  bool eor = false;
  announcements(b, &eor);
  EXPECT_TRUE(eor);
}

TEST_F(RouteEngineTest, ColdStartAdvertisesNoForwardingStateUntilRoutesAreInstalled) {
  start();
  EXPECT_FALSE(engine_->restarting());
  EXPECT_FALSE(engine_->forwarding_preserved(kIpv4Unicast));
  Session a;
  engine_->session_up(neighbor("10.20.0.2"), session_info("10.20.0.101", 65101, 0x0a140002), a.sender());
  announce("10.20.0.2", 65101, "10.20.0.2", {pfx("172.30.0.10/32")});
  EXPECT_TRUE(engine_->forwarding_preserved(kIpv4Unicast));
}

}  // namespace
}  // namespace bgp::daemon

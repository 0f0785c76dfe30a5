// Export-side benchmark (issue 8, bench/feed/README.md "Export side, filter
// first"): the cost of feeding one peer's full table through Adj-RIBs-Out
// with different export policies, as RouteEngine::propagate does for every
// established session. One eBGP source peer announces the prefixes (16 per
// UPDATE, 50 attribute sets, as bench_rib); the change stream is drained
// every 4096 changes and applied to each Adj-RIB-Out in turn, which is then
// drained as its session would; then a session that comes up gets the whole
// table (refresh + drain). CPU time per Adj-RIB-Out; run under
// callgrind (`valgrind --tool=callgrind bench_export 100000`) for
// deterministic instruction counts per function.
// Usage: bench_export [prefixes]   (default 1000000)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "libbgp/rib/adj_rib_out.hpp"
#include "libbgp/rib/rib.hpp"

namespace {

using namespace bgp;
using namespace bgp::rib;

constexpr std::size_t kAttrSets = 50;
constexpr std::size_t kPerUpdate = 16;
constexpr std::size_t kDrainEvery = 4096;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::vector<Prefix> make_prefixes(std::size_t n) {
  std::vector<Prefix> out;
  out.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) out.emplace_back(IpAddress::v4(((i * 2654435761u) & 0xFFFFFFu) << 8), 24);
  return out;
}

std::vector<PathAttributes> make_attr_sets() {
  std::vector<PathAttributes> out;
  for (std::uint32_t i = 0; i < kAttrSets; ++i) {
    PathAttributes a;
    a.as_path = {AsPathSegment{AsSegmentType::kSequence, {65101, 64500 + i % 7, 4200000000u + i}}};
    a.next_hop = *IpAddress::parse("10.20.0.2");
    a.med = i;
    a.communities = {(65101u << 16) | i};
    out.push_back(std::move(a));
  }
  return out;
}

config::PolicyTerm term(config::PolicySet set, config::PolicyAction action) {
  config::PolicyTerm t;
  t.set = std::move(set);
  t.action = action;
  return t;
}

struct Receiver {
  std::string name;
  config::Policy policy;
  std::unique_ptr<AdjRibOut> out;
  double cpu = 0;
  std::size_t sent = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1'000'000;
  const std::vector<Prefix> prefixes = make_prefixes(n);
  const std::vector<PathAttributes> sets = make_attr_sets();
  AttrStore store;
  Rib rib(store, DecisionOptions{}, nullptr);
  const PeerId source = rib.add_peer(PeerInfo{*IpAddress::parse("10.20.0.2"), 65101, *IpAddress::parse("10.20.0.2"), false, 0, false});

  std::vector<Receiver> receivers(3);
  receivers[0].name = "reject-all policy";
  receivers[0].policy.terms = {term({}, config::PolicyAction::kReject)};
  receivers[1].name = "accept-all policy";
  receivers[1].policy.terms = {term({}, config::PolicyAction::kAccept)};
  receivers[2].name = "accept + add community";
  config::PolicySet tag;
  tag.communities_add = {(65001u << 16) | 1};
  receivers[2].policy.terms = {term(tag, config::PolicyAction::kAccept)};
  std::uint32_t last_octet = 1;
  for (Receiver& r : receivers) {
    ++last_octet;
    const IpAddress addr = IpAddress::v4((10u << 24) | (30u << 16) | last_octet);
    ExportSettings s;
    s.peer = rib.add_peer(PeerInfo{addr, 65200 + last_octet, addr, false, 0, false});
    s.local_as = 65001;
    s.ebgp = true;
    s.self_v4 = *IpAddress::parse("10.30.0.1");
    s.policy = policy::SessionPolicy{&r.policy, true, true};
    r.out = std::make_unique<AdjRibOut>(rib, store, s);
  }

  std::vector<RouteChange> batch;
  auto hand_on = [&] {
    rib.drain_changes(batch);
    for (Receiver& r : receivers) {
      const double c0 = cpu_seconds();
      for (const RouteChange& c : batch) r.out->apply(c);
      r.sent += r.out->drain().size();
      r.cpu += cpu_seconds() - c0;
    }
  };
  const double c0 = cpu_seconds();
  for (std::size_t i = 0, u = 0; i < prefixes.size(); i += kPerUpdate, ++u) {
    const std::size_t k = std::min(kPerUpdate, prefixes.size() - i);
    const InternResult attrs = store.intern(sets[u % sets.size()]);
    rib.announce(source, std::span<const Prefix>(prefixes.data() + i, k), attrs.ref);
    if ((u + 1) % (kDrainEvery / kPerUpdate) == 0) hand_on();
  }
  hand_on();
  const double total = cpu_seconds() - c0;

  // A session coming up afterwards gets the whole Loc-RIB at once
  // (RouteEngine::session_up: refresh(), then one drain()).
  config::Policy accept;
  accept.terms = {term({}, config::PolicyAction::kAccept)};
  ExportSettings late;
  const IpAddress late_addr = *IpAddress::parse("10.30.0.99");
  late.peer = rib.add_peer(PeerInfo{late_addr, 65299, late_addr, false, 0, false});
  late.local_as = 65001;
  late.ebgp = true;
  late.self_v4 = *IpAddress::parse("10.30.0.1");
  late.policy = policy::SessionPolicy{&accept, true, true};
  AdjRibOut fresh(rib, store, late);
  const double r0 = cpu_seconds();
  fresh.refresh();
  const std::size_t dumped = fresh.drain().size();
  const double dump = cpu_seconds() - r0;

  std::printf("bench_export: %zu IPv4 prefixes from one eBGP peer, %zu attribute sets, to eBGP peers\n", n, kAttrSets);
  for (const Receiver& r : receivers) {
    std::printf("  %-24s %7.3f s CPU  %6.1f ns/prefix  %zu sent, %zu advertised\n", r.name.c_str(), r.cpu,
                r.cpu * 1e9 / static_cast<double>(n), r.sent, r.out->advertised_count());
  }
  std::printf("  %-24s %7.3f s CPU  %6.1f ns/prefix  %zu sent (refresh + drain)\n", "new session, accept-all", dump,
              dump * 1e9 / static_cast<double>(n), dumped);
  std::printf("  total (RIB included)     %7.3f s CPU, %zu attribute sets interned\n", total, store.size());
  return 0;
}

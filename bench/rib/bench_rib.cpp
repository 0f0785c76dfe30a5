// RIB memory and insert-rate benchmark (issue 4 targets):
//   one peer, 1 M IPv4 prefixes, 50 attribute sets: <= 64 B of resident memory per route;
//   a second path to each existing prefix:          <= 48 B per further path;
//   in-process insert rate:                          >= 5 M prefixes/s.
// Memory is the RSS delta (/proc/self/statm) and the malloc delta (mallinfo2)
// around the inserts; the prefixes and attribute values are built before the
// first measurement. Prefixes arrive 16 per UPDATE and, as in the daemon
// (PeerImporter::announce), each UPDATE's attributes are interned once
// (AttrStore::intern of the decoded value) and its prefixes inserted against
// that handle (Rib::announce over a span). Changes are drained every 4096
// inserts, as the daemon drains them into the FIB, so the change stream does
// not count as storage. A last run feeds a fresh RIB through PeerImporter
// (loop check, accept-all import policy, max-prefix), the daemon's own path.
// The last phases withdraw every path again, one peer at a time, in UPDATEs
// of kPerWithdraw prefixes as a full-size UPDATE of /24s carries them (the
// feed benchmark's withdrawal scenario): first the second path of every
// prefix (the decision re-runs), then the only one (the prefix goes).
// Usage: bench_rib [prefixes]   (default 1000000; 100000 under callgrind)
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

#include "libbgp/rib/import.hpp"
#include "libbgp/rib/rib.hpp"

namespace {

using namespace bgp;
using namespace bgp::rib;

std::size_t kPrefixes = 1'000'000;  // argv[1] overrides (e.g. 100000 under callgrind)
constexpr std::size_t kAttrSets = 50;
constexpr std::size_t kPerUpdate = 16;  // prefixes per UPDATE
constexpr std::size_t kPerWithdraw = 1018;  // /24s in a 4096-byte UPDATE's withdrawn routes

std::size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}
std::size_t heap_bytes() {
  const struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

struct Mark {
  std::size_t rss = rss_bytes();
  std::size_t heap = heap_bytes();
};

// CPU time of this thread: the build machine is shared, so wall-clock time
// mostly measures the other processes (both are printed).
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
struct Timing {
  double cpu = 0;
  double wall = 0;
};

// Distinct /24s in a scattered order (an odd multiplier permutes 2^24 values),
// as a full table arrives: not sorted.
std::vector<Prefix> make_prefixes() {
  std::vector<Prefix> out;
  out.reserve(kPrefixes);
  for (std::uint32_t i = 0; i < kPrefixes; ++i) {
    const std::uint32_t n = (i * 2654435761u) & 0xFFFFFFu;
    out.emplace_back(IpAddress::v4(n << 8), 24);
  }
  return out;
}

// The decoded attribute values of the kAttrSets distinct UPDATE shapes of one peer.
std::vector<PathAttributes> make_attr_sets(const IpAddress& next_hop, std::uint32_t first_as) {
  std::vector<PathAttributes> out;
  for (std::uint32_t i = 0; i < kAttrSets; ++i) {
    PathAttributes a;
    a.as_path = {AsPathSegment{AsSegmentType::kSequence, {first_as, 64500 + i % 7, 4200000000u + i}}};
    a.next_hop = next_hop;
    a.med = i;
    a.communities = {(first_as << 16) | i};
    out.push_back(std::move(a));
  }
  return out;
}

// Feeds `prefixes` to `step(span, update_index)` in UPDATE-sized spans of
// `per`, draining the change stream every `drain_every` UPDATEs as the
// daemon's propagate() does, and times the whole of it. Returns the changes.
template <class Step>
std::size_t run_updates(Rib& rib, const std::vector<Prefix>& prefixes, std::size_t per, std::size_t drain_every,
                        Timing& t, Step step) {
  std::size_t changes = 0;
  std::vector<RouteChange> batch;
  const auto w0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  for (std::size_t i = 0, u = 0; i < prefixes.size(); i += per, ++u) {
    step(std::span<const Prefix>(prefixes.data() + i, std::min(per, prefixes.size() - i)), u);
    if (u % drain_every == drain_every - 1) {
      rib.drain_changes(batch);
      changes += batch.size();
    }
  }
  rib.drain_changes(batch);
  changes += batch.size();
  t.cpu = cpu_seconds() - c0;
  t.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  return changes;
}

// One UPDATE per kPerUpdate prefixes sharing an attribute set, as a full
// table arrives (UPDATE packing groups prefixes by attributes).
std::size_t insert_all(Rib& rib, PeerId peer, const std::vector<Prefix>& prefixes,
                       const std::vector<PathAttributes>& sets, Timing& t) {
  return run_updates(rib, prefixes, kPerUpdate, 256, t, [&](std::span<const Prefix> nlri, std::size_t u) {
    const InternResult attrs = rib.attr_store().intern(sets[u % sets.size()]);
    rib.announce(peer, nlri, attrs.ref);
  });
}

// Full-size withdrawal UPDATEs, drained about as often (in prefixes) as insert_all.
std::size_t withdraw_all(Rib& rib, PeerId peer, const std::vector<Prefix>& prefixes, Timing& t) {
  return run_updates(rib, prefixes, kPerWithdraw, 4, t,
                     [&](std::span<const Prefix> withdrawn, std::size_t) { rib.withdraw(peer, withdrawn); });
}

// The daemon's way in: PeerImporter::announce per UPDATE (intern, loop
// check, import policy per prefix, Rib insert, max-prefix check).
double import_all(const std::vector<Prefix>& prefixes, const std::vector<PathAttributes>& sets) {
  AttrStore store;
  Rib rib(store, DecisionOptions{}, nullptr);
  const PeerId peer = rib.add_peer(PeerInfo{*IpAddress::parse("10.20.0.2"), 65101, *IpAddress::parse("10.20.0.2"), false, 0, false});
  config::Policy accept;
  accept.name = "accept-all";
  accept.terms.push_back(config::PolicyTerm{});
  ImportSettings settings;
  settings.local_as = 65001;
  settings.router_id = *IpAddress::parse("10.0.255.11");
  settings.policy = policy::SessionPolicy{&accept, true, true};
  settings.local_address = *IpAddress::parse("10.20.0.101");
  settings.max_prefixes = config::MaxPrefixes{};
  settings.max_prefixes->limit = static_cast<std::uint32_t>(2 * prefixes.size());
  PeerImporter importer(rib, peer, settings);
  std::vector<RouteChange> batch;
  const double c0 = cpu_seconds();
  for (std::size_t i = 0, u = 0; i < prefixes.size(); i += kPerUpdate, ++u) {
    const std::size_t n = std::min(kPerUpdate, prefixes.size() - i);
    importer.announce(std::span<const Prefix>(prefixes.data() + i, n), sets[u % sets.size()]);
    if ((u & 255) == 255) rib.drain_changes(batch);
  }
  rib.drain_changes(batch);
  return cpu_seconds() - c0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) kPrefixes = std::strtoul(argv[1], nullptr, 10);
  const std::vector<Prefix> prefixes = make_prefixes();
  AttrStore store;
  DecisionOptions opts;
  opts.ipv4.maximum_paths = 10;
  opts.ipv4.multipath_relax = true;
  Rib rib(store, opts, nullptr);
  const PeerId p1 = rib.add_peer(PeerInfo{*IpAddress::parse("10.20.0.2"), 65101, *IpAddress::parse("10.20.0.2"), false, 0, false});
  const PeerId p2 = rib.add_peer(PeerInfo{*IpAddress::parse("172.20.0.2"), 65102, *IpAddress::parse("172.20.0.2"), false, 0, false});
  const auto sets1 = make_attr_sets(*IpAddress::parse("10.20.0.2"), 65101);
  const auto sets2 = make_attr_sets(*IpAddress::parse("172.20.0.2"), 65102);
  std::vector<RouteChange> warm = rib.drain_changes();  // touch the change vector's code paths

  const Mark m0;
  Timing t1;
  const std::size_t c1 = insert_all(rib, p1, prefixes, sets1, t1);
  const Mark m1;
  Timing t2;
  const std::size_t c2 = insert_all(rib, p2, prefixes, sets2, t2);
  const Mark m2;

  // Re-announcing with other attributes (implicit withdraw + decision, 2 paths per prefix).
  Timing t3;
  std::vector<PathAttributes> rotated(sets1.begin() + 1, sets1.end());
  rotated.push_back(sets1.front());
  insert_all(rib, p1, prefixes, rotated, t3);

  const double n = static_cast<double>(kPrefixes);
  std::printf("bench_rib: %zu IPv4 prefixes, %zu attribute sets per peer\n", kPrefixes, kAttrSets);
  std::printf("  first peer   : %6.1f B/route RSS  (%6.1f B/route malloc)  target <= 64\n",
              static_cast<double>(m1.rss - m0.rss) / n, static_cast<double>(m1.heap - m0.heap) / n);
  std::printf("  further path : %6.1f B/path  RSS  (%6.1f B/path  malloc)  target <= 48\n",
              static_cast<double>(m2.rss - m1.rss) / n, static_cast<double>(m2.heap - m1.heap) / n);
  std::printf("  insert rate  : %6.2f M prefixes/s CPU (%.2f wall), first peer, %zu changes  target >= 5\n",
              n / t1.cpu / 1e6, n / t1.wall / 1e6, c1);
  std::printf("  second path  : %6.2f M prefixes/s CPU (%.2f wall), %zu changes\n", n / t2.cpu / 1e6, n / t2.wall / 1e6, c2);
  std::printf("  replace rate : %6.2f M prefixes/s CPU (%.2f wall), new attributes for existing paths\n", n / t3.cpu / 1e6,
              n / t3.wall / 1e6);
  std::printf("  loc-rib %zu prefixes, %zu paths, table+index %zu bytes, %zu attribute sets\n", rib.best_count(kIpv4Unicast),
              rib.path_count(kIpv4Unicast), rib.memory_bytes(), store.size());
  Timing t4, t5;
  const std::size_t c4 = withdraw_all(rib, p2, prefixes, t4);
  const std::size_t c5 = withdraw_all(rib, p1, prefixes, t5);
  std::printf("  withdraw 2nd : %6.2f M prefixes/s CPU (%.2f wall), %zu changes\n", n / t4.cpu / 1e6, n / t4.wall / 1e6, c4);
  std::printf("  withdraw last: %6.2f M prefixes/s CPU (%.2f wall), %zu changes, %zu prefixes left\n", n / t5.cpu / 1e6,
              n / t5.wall / 1e6, c5, rib.prefix_count(kIpv4Unicast));
  const double ti = import_all(prefixes, sets1);
  std::printf("  import path  : %6.2f M prefixes/s CPU, first peer through PeerImporter (accept-all policy)\n", n / ti / 1e6);
  return 0;
}

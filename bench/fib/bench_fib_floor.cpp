// The FIB benchmark (see bench/fib/run.sh, which makes the namespace):
//  1. floor:      a minimal batched netlink writer installs N single-path IPv4
//                 routes (many RTM_NEWROUTE per sendmsg, no per-route ack,
//                 errors still collected) — what the kernel itself needs;
//  2. NetlinkFib: the same N routes through bgpd's FIB, timed from submit()
//                 to the last acknowledgement;
//  3. churn:      10 000 /32s sharing one next-hop set whose set changes:
//                 netlink requests and time.
// Each install runs twice on an empty table, alternating, and the best of
// each is compared.
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "libbgp/fib/netlink_fib.hpp"
#include "libbgp/fib/netlink_socket.hpp"

namespace {

using bgp::IpAddress;
using bgp::Prefix;
using namespace bgp::fib;
using Seconds = std::chrono::duration<double>;

// CPU time of the whole process (user + system, all threads): the kernel's
// route insertion runs inside our sendmsg, so it is counted too. Less
// sensitive than wall time to other load on a shared machine.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

bool env_flag(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && std::string(v) == "1";
}

constexpr std::uint32_t kTable = 254;

// Consecutive /24s from BENCH_FIB_FIRST (default 11.0.0.0). The kernel's
// trie work depends on where they lie (a full, aligned block of 2^18 /24s
// costs a large node restructuring when the next route arrives), so a
// comparison with another writer must use the same prefixes: bench/feed
// passes its feed's 16.0.0.0.
std::vector<Prefix> make_prefixes(std::size_t n) {
  std::uint32_t first = 11u << 24;
  if (const char* s = std::getenv("BENCH_FIB_FIRST")) {
    const auto a = IpAddress::parse(s);
    if (!a || !a->is_v4()) {
      std::fprintf(stderr, "BENCH_FIB_FIRST: not an IPv4 address: %s\n", s);
      std::exit(2);
    }
    first = a->v4_host_order();
  }
  std::vector<Prefix> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.emplace_back(IpAddress::v4(first + static_cast<std::uint32_t>(i << 8)), 24);
  }
  return out;
}

struct FloorResult {
  double seconds = 0;
  double cpu = 0;
  std::size_t errors = 0;
  std::size_t sendmsg = 0;
};

// The floor: encode, send in 256 KiB datagrams, read back only errors.
FloorResult floor_install(const std::vector<Prefix>& prefixes, const IpAddress& gateway, std::uint32_t oif) {
  NetlinkSocket sock;
  constexpr std::size_t kLimit = 256 << 10;
  std::vector<char> buf(kLimit + 8192), rx(1 << 20);
  FloorResult r;
  auto drain_errors = [&] {
    for (;;) {
      const long n = sock.receive(rx.data(), rx.size(), false);
      if (n <= 0) return;
      int len = static_cast<int>(n);
      for (auto* nlh = reinterpret_cast<const nlmsghdr*>(rx.data()); mnl_nlmsg_ok(nlh, len);
           nlh = mnl_nlmsg_next(nlh, &len)) {
        if (auto e = parse_error(nlh); e && e->error != 0) ++r.errors;
      }
    }
  };
  const RouteTarget target{kTable, 20, kRtprotBgp};
  const NextHop hop{gateway, oif, 1};
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  std::size_t used = 0;
  std::uint32_t seq = 0;
  for (const auto& p : prefixes) {
    auto* nlh = put_route_add(buf.data() + used, ++seq, p, target, 0, {&hop, 1});
    used += NLMSG_ALIGN(nlh->nlmsg_len);
    if (used >= kLimit) {
      if (sock.send(buf.data(), used) != 0) ++r.errors;
      ++r.sendmsg;
      used = 0;
      drain_errors();
    }
  }
  if (used > 0) {
    if (sock.send(buf.data(), used) != 0) ++r.errors;
    ++r.sendmsg;
  }
  drain_errors();
  r.seconds = Seconds(std::chrono::steady_clock::now() - t0).count();
  r.cpu = cpu_seconds() - c0;
  return r;
}

std::size_t count_routes() {
  NetlinkSocket sock;
  std::vector<char> req(4096);
  std::size_t n = 0;
  sock.transact(put_route_dump(req.data(), 1, AF_INET), [&](const nlmsghdr* nlh) {
    if (auto r = parse_route(nlh); r && r->protocol == kRtprotBgp && r->table == kTable) ++n;
  });
  return n;
}

void flush_routes() {
  // Both commands exit non-zero when there is nothing to flush; that is fine.
  [[maybe_unused]] int rc = std::system("ip route flush table main proto bgp >/dev/null 2>&1");
  rc = std::system("ip nexthop flush >/dev/null 2>&1");
}

struct FibRun {
  double seconds = 0;
  double cpu = 0;
  FibStatus status;
};

FibRun netlink_fib_install(const std::vector<RouteUpdate>& updates) {
  NetlinkFibOptions opts;
  opts.retain_on_shutdown = true;  // the flush between runs is done outside the timing
  opts.monitor = !env_flag("BENCH_FIB_NO_MONITOR");
  opts.force_multipath = env_flag("BENCH_FIB_MULTIPATH");
  NetlinkFib fib(opts);
  const auto t0 = std::chrono::steady_clock::now();
  const double c0 = cpu_seconds();
  fib.submit(updates);
  fib.wait_idle(std::chrono::minutes(5));
  FibRun r;
  r.seconds = Seconds(std::chrono::steady_clock::now() - t0).count();
  r.cpu = cpu_seconds() - c0;
  r.status = fib.status();
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 300000;
  const char* dev = argc > 2 ? argv[2] : "fib1";
  const auto gateway = *IpAddress::parse(argc > 3 ? argv[3] : "10.1.0.2");
  const std::uint32_t oif = if_nametoindex(dev);
  if (oif == 0) {
    std::fprintf(stderr, "no device %s: run me through bench/fib/run.sh\n", dev);
    return 2;
  }
  const auto prefixes = make_prefixes(n);
  std::vector<RouteUpdate> updates;
  updates.reserve(n);
  for (const auto& p : prefixes) updates.push_back({p, {{gateway, 0, 1}}});

  flush_routes();
  double best_floor = 1e9, best_fib = 1e9, best_floor_cpu = 1e9, best_fib_cpu = 1e9;
  const int rounds = std::getenv("BENCH_FIB_ROUNDS") ? std::atoi(std::getenv("BENCH_FIB_ROUNDS")) : 3;
  for (int round = 1; round <= rounds; ++round) {
    const auto f = floor_install(prefixes, gateway, oif);
    const auto fn = count_routes();
    std::printf("floor      round %d: %zu routes in %.3f s, cpu %.3f s (%zu sendmsg, %zu errors, %zu in kernel)\n",
                round, n, f.seconds, f.cpu, f.sendmsg, f.errors, fn);
    flush_routes();
    if (fn == n && f.errors == 0) {
      best_floor = std::min(best_floor, f.seconds);
      best_floor_cpu = std::min(best_floor_cpu, f.cpu);
    }

    const auto r = netlink_fib_install(updates);
    const auto rn = count_routes();
    std::printf("NetlinkFib round %d: %zu routes in %.3f s, cpu %.3f s (%llu messages, %llu sendmsg, %zu installed, %llu errors, %zu in kernel)\n",
                round, n, r.seconds, r.cpu, static_cast<unsigned long long>(r.status.netlink_messages),
                static_cast<unsigned long long>(r.status.netlink_sendmsg), r.status.routes_installed,
                static_cast<unsigned long long>(r.status.errors_total), rn);
    flush_routes();
    if (rn == n && r.status.routes_installed == n) {
      best_fib = std::min(best_fib, r.seconds);
      best_fib_cpu = std::min(best_fib_cpu, r.cpu);
    }
  }
  std::printf("\nbest of %d: floor %.3f s, NetlinkFib %.3f s, ratio %.2f (target <= 1.30)\n", rounds, best_floor,
              best_fib, best_fib / best_floor);
  std::printf("cpu time:  floor %.3f s, NetlinkFib %.3f s, ratio %.2f\n", best_floor_cpu, best_fib_cpu,
              best_fib_cpu / best_floor_cpu);

  // Churn: 10 000 anycast /32s sharing one ECMP set whose membership changes.
  {
    const auto gw2 = *IpAddress::parse(argc > 4 ? argv[4] : "10.2.0.2");
    const auto gw3 = *IpAddress::parse(argc > 5 ? argv[5] : "10.3.0.2");
    NetlinkFib fib;
    std::vector<RouteUpdate> a, b;
    for (std::uint32_t i = 0; i < 10000; ++i) {
      const Prefix p(IpAddress::v4((172u << 24) | (31u << 16) | i), 32);
      a.push_back({p, {{gateway}, {gw2}}});
      b.push_back({p, {{gateway}, {gw3}}});
    }
    fib.submit(a);
    fib.wait_idle(std::chrono::minutes(1));
    const auto before = fib.status().netlink_messages;
    const auto t0 = std::chrono::steady_clock::now();
    fib.submit(b);
    fib.wait_idle(std::chrono::minutes(1));
    const double secs = Seconds(std::chrono::steady_clock::now() - t0).count();
    const auto s = fib.status();
    std::printf("churn: 10000 /32s sharing one set, set changed: %llu netlink requests in %.4f s "
                "(initial install: %llu); %zu installed, %zu groups\n",
                static_cast<unsigned long long>(s.netlink_messages - before), secs,
                static_cast<unsigned long long>(before), s.routes_installed, s.nexthop_groups_count);
    fib.flush();
  }
  flush_routes();
  return 0;
}

#include "libbgp/fib/kernel_tracker.hpp"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/filter.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>

#include "libbgp/fib/netlink_socket.hpp"
#include "libbgp/log/logger.hpp"

namespace bgp::fib {
namespace {

bool link_local(const Prefix& p) {
  if (!p.address().is_v6()) return false;
  const auto& b = p.address().bytes();
  return b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
}

// Drops, in the kernel, the route notifications the tracker would ignore:
// routes outside the main table and BGP routes (ours: `own_protocol`; any
// BGP daemon's: 186). bgpd's own FIB writes a notification per route it
// installs; without this filter a full table would cost the tracker as much
// as the FIB. rtmsg follows the 16-byte nlmsghdr: rtm_table is byte 20,
// rtm_protocol byte 21. Classic BPF loads halfwords in network byte order.
int attach_route_filter(int fd, std::uint8_t own_protocol) {
  constexpr std::uint32_t kTable = sizeof(nlmsghdr) + offsetof(rtmsg, rtm_table);
  constexpr std::uint32_t kProtocol = sizeof(nlmsghdr) + offsetof(rtmsg, rtm_protocol);
  sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_H | BPF_ABS, offsetof(nlmsghdr, nlmsg_type)),          // 0
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_NEWROUTE), 1, 0),               // 1
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_DELROUTE), 0, 5),               // 2 -> keep
      BPF_STMT(BPF_LD | BPF_B | BPF_ABS, kTable),                                   // 3
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, RT_TABLE_MAIN, 0, 4),                     // 4 -> drop
      BPF_STMT(BPF_LD | BPF_B | BPF_ABS, kProtocol),                                // 5
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, own_protocol, 2, 0),                      // 6 -> drop
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kRtprotBgp, 1, 0),                        // 7 -> drop
      BPF_STMT(BPF_RET | BPF_K, 0xffffffffu),                                       // 8 keep
      BPF_STMT(BPF_RET | BPF_K, 0),                                                 // 9 drop
  };
  const sock_fprog prog{static_cast<unsigned short>(sizeof code / sizeof code[0]), code};
  return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) == 0 ? 0 : errno;
}

}  // namespace

bool resolves_next_hops(const KernelRoute& r, std::uint8_t own_protocol) {
  if (r.table != RT_TABLE_MAIN || r.type != RTN_UNICAST) return false;
  if (r.protocol == own_protocol || r.protocol == kRtprotBgp) return false;
  return r.prefix.length() != 0;
}

KernelTracker::KernelTracker(std::uint8_t own_protocol)
    : own_protocol_(own_protocol),
      monitor_(std::make_unique<NetlinkSocket>(
          std::initializer_list<unsigned>{RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE,
                                          RTNLGRP_IPV6_ROUTE, RTNLGRP_NEIGH},
          4 << 20)),
      requests_(std::make_unique<NetlinkSocket>(std::initializer_list<unsigned>{}, 1 << 20)),
      rx_(1 << 16) {
  if (const int e = attach_route_filter(monitor_->fd(), own_protocol); e != 0) {
    log::fib().warn("next-hop tracker: no route socket filter ({}): every route notification is read", std::strerror(e));
  }
}

KernelTracker::~KernelTracker() = default;

int KernelTracker::fd() const { return monitor_->fd(); }

int KernelTracker::load() {
  links_.clear();
  addresses_.clear();
  routes_.clear();
  neighbours_.clear();
  std::vector<char> req(512);
  Changes ignored;
  int first = 0;
  auto dump = [&](const nlmsghdr* request, const char* what) {
    std::string text;
    const int e = requests_->transact(request, [&](const nlmsghdr* nlh) { apply(nlh, ignored); }, &text);
    if (e != 0) {
      log::fib().warn("next-hop tracker: {} dump failed: {} {}", what, std::strerror(e), text);
      if (first == 0) first = e;
    }
  };
  dump(put_link_dump(req.data(), seq_++), "link");
  dump(put_address_dump(req.data(), seq_++), "address");
  dump(put_route_dump(req.data(), seq_++, AF_INET), "IPv4 route");
  dump(put_route_dump(req.data(), seq_++, AF_INET6), "IPv6 route");
  dump(put_neighbour_dump(req.data(), seq_++), "neighbour");
  return first;
}

void KernelTracker::apply(const nlmsghdr* nlh, Changes& changes) {
  switch (nlh->nlmsg_type) {
    case RTM_NEWLINK:
    case RTM_DELLINK:
      if (const auto l = parse_link(nlh)) {
        const auto it = links_.find(l->ifindex);
        const bool was_up = it != links_.end() && it->second;
        if (l->deleted) {
          links_.erase(l->ifindex);
        } else {
          links_[l->ifindex] = l->up;
        }
        if (was_up != (l->up && !l->deleted)) {
          changes.networks = true;
          if (was_up) changes.links_down.push_back(l->ifindex);
          if (was_up && l->master != 0) changes.ports_down.push_back(l->master);
        }
      }
      break;
    case RTM_NEWADDR:
    case RTM_DELADDR:
      if (const auto a = parse_address(nlh)) {
        if (link_local(a->subnet)) break;
        const auto key = std::make_pair(a->ifindex, a->address);
        if (a->removed) {
          changes.networks = addresses_.erase(key) != 0 || changes.networks;
        } else if (const auto [it, fresh] = addresses_.try_emplace(key, a->subnet); fresh || !(it->second == a->subnet)) {
          it->second = a->subnet;
          changes.networks = true;
        }
      }
      break;
    case RTM_NEWROUTE:
    case RTM_DELROUTE:
      if (const auto r = parse_route(nlh); r && resolves_next_hops(*r, own_protocol_)) {
        const RouteKey key{r->prefix, r->metric};
        if (nlh->nlmsg_type == RTM_DELROUTE) {
          changes.networks = routes_.erase(key) != 0 || changes.networks;
        } else {
          Route route;
          if (r->oif != 0) route.devices.push_back(r->oif);
          for (const NextHop& nh : r->next_hops) {
            if (nh.ifindex != 0) route.devices.push_back(nh.ifindex);
          }
          routes_[key] = std::move(route);
          changes.networks = true;
        }
      }
      break;
    case RTM_NEWNEIGH:
    case RTM_DELNEIGH:
      if (auto n = parse_neighbour(nlh)) {
        if (n->deleted) {
          neighbours_.erase(n->address);
        } else {
          NeighbourEvent& kept = neighbours_[n->address];
          std::vector<std::uint8_t> lladdr = n->lladdr.empty() ? kept.lladdr : n->lladdr;  // FAILED carries none
          kept = *n;
          kept.lladdr = std::move(lladdr);
        }
        changes.neighbours.push_back(std::move(*n));
      }
      break;
    default:
      break;
  }
}

KernelTracker::Changes KernelTracker::drain() {
  Changes changes;
  for (;;) {
    const long n = monitor_->receive(rx_.data(), rx_.size(), false);
    if (n == -EAGAIN || n == -EWOULDBLOCK) break;
    if (n == -ENOBUFS) {
      // Notifications were lost: read everything again.
      log::fib().warn("next-hop tracker: notifications overran the socket buffer: reloading");
      load();
      changes.networks = true;
      continue;
    }
    if (n < 0) {
      log::fib().warn("next-hop tracker: receive: {}", std::strerror(static_cast<int>(-n)));
      break;
    }
    int len = static_cast<int>(n);
    for (auto* nlh = reinterpret_cast<const nlmsghdr*>(rx_.data()); mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
      apply(nlh, changes);
    }
  }
  drain_errors();
  return changes;
}

void KernelTracker::drain_errors() {
  for (;;) {
    const long n = requests_->receive(rx_.data(), rx_.size(), false);
    if (n < 0) return;
    int len = static_cast<int>(n);
    for (auto* nlh = reinterpret_cast<const nlmsghdr*>(rx_.data()); mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
      if (const auto err = parse_error(nlh); err && err->error != 0) {
        log::fib().debug("next-hop tracker: probe refused: {} {}", std::strerror(err->error), err->message);
      }
    }
  }
}

std::vector<Prefix> KernelTracker::networks() const {
  std::vector<Prefix> out;
  for (const auto& [key, subnet] : addresses_) {
    if (link_up(key.first)) out.push_back(subnet);
  }
  for (const auto& [key, route] : routes_) {
    const bool usable = route.devices.empty() ||
                        std::any_of(route.devices.begin(), route.devices.end(), [&](std::uint32_t d) { return link_up(d); });
    if (usable) out.push_back(std::get<0>(key));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<std::uint32_t> KernelTracker::connected_interface(const IpAddress& next_hop) const {
  std::optional<std::uint32_t> best;
  std::uint8_t best_len = 0;
  for (const auto& [key, subnet] : addresses_) {
    if (!link_up(key.first) || !subnet.contains(next_hop)) continue;
    if (key.second == next_hop) return std::nullopt;  // our own address
    if (!best || subnet.length() > best_len) {
      best = key.first;
      best_len = subnet.length();
    }
  }
  return best;
}

bool KernelTracker::link_up(std::uint32_t ifindex) const {
  const auto it = links_.find(ifindex);
  return it != links_.end() && it->second;
}

const NeighbourEvent* KernelTracker::neighbour(const IpAddress& next_hop) const {
  const auto it = neighbours_.find(next_hop);
  return it == neighbours_.end() ? nullptr : &it->second;
}

int KernelTracker::probe(const IpAddress& next_hop, std::uint32_t ifindex, bool rearm, bool broadcast) {
  const NeighbourEvent* n = neighbour(next_hop);
  std::array<char, 2 * kMaxNeighbourMessage> buf{};
  std::size_t len = 0;
  if (broadcast || n == nullptr || n->lladdr.empty() || n->ifindex != ifindex) {
    len = put_neighbour_use(buf.data(), seq_++, ifindex, next_hop)->nlmsg_len;
  } else {
    if (rearm) len = put_neighbour_state(buf.data(), seq_++, ifindex, next_hop, NUD_STALE, n->lladdr)->nlmsg_len;
    len += put_neighbour_state(buf.data() + len, seq_++, ifindex, next_hop, NUD_PROBE, n->lladdr)->nlmsg_len;
  }
  return requests_->send(buf.data(), len);
}

}  // namespace bgp::fib

#include "libbgp/fib/netlink_messages.hpp"

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>

namespace bgp::fib {
namespace {

int family_of(Afi afi) { return afi == Afi::kIpv4 ? int{AF_INET} : int{AF_INET6}; }

// Calls f(attr) for each well-formed attribute in [start, start+len). libmnl's
// mnl_attr_for_each macro relies on C's implicit void* conversion, so C++
// needs this bounded loop instead.
template <class F>
void walk_attrs(const void* start, std::size_t len, F&& f) {
  const auto* p = static_cast<const std::uint8_t*>(start);
  while (len >= sizeof(nlattr)) {
    const auto* a = reinterpret_cast<const nlattr*>(p);
    if (a->nla_len < sizeof(nlattr) || a->nla_len > len) return;
    f(a);
    const std::size_t step = MNL_ALIGN(a->nla_len);
    if (step >= len) return;
    p += step;
    len -= step;
  }
}

template <class F>
void walk_message_attrs(const nlmsghdr* nlh, std::size_t header, F&& f) {
  const std::size_t offset = MNL_ALIGN(header);
  if (nlh->nlmsg_len < NLMSG_HDRLEN + offset) return;
  walk_attrs(mnl_nlmsg_get_payload_offset(nlh, offset), nlh->nlmsg_len - NLMSG_HDRLEN - offset,
             std::forward<F>(f));
}

void put_address(nlmsghdr* nlh, std::uint16_t type, const IpAddress& a) {
  mnl_attr_put(nlh, type, a.span().size(), a.span().data());
}

std::optional<IpAddress> get_address(const nlattr* attr, int family) {
  const auto len = mnl_attr_get_payload_len(attr);
  const auto* p = static_cast<const std::byte*>(mnl_attr_get_payload(attr));
  if (family == AF_INET && len == 4) return IpAddress::v4(std::span<const std::byte, 4>(p, 4));
  if (family == AF_INET6 && len == 16) return IpAddress::v6(std::span<const std::byte, 16>(p, 16));
  return std::nullopt;
}

nlmsghdr* route_header(void* buf, std::uint16_t type, std::uint16_t flags, std::uint32_t seq,
                       const Prefix& prefix, const RouteTarget& target) {
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = type;
  nlh->nlmsg_flags = flags;
  nlh->nlmsg_seq = seq;
  auto* rtm = static_cast<rtmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(rtmsg)));
  rtm->rtm_family = static_cast<std::uint8_t>(family_of(prefix.afi()));
  rtm->rtm_dst_len = prefix.length();
  // Tables above 255 only fit RTA_TABLE; rtm_table then says RT_TABLE_UNSPEC.
  rtm->rtm_table = target.table < 256 ? static_cast<std::uint8_t>(target.table) : std::uint8_t{RT_TABLE_UNSPEC};
  rtm->rtm_protocol = target.protocol;
  rtm->rtm_scope = RT_SCOPE_UNIVERSE;
  rtm->rtm_type = RTN_UNICAST;
  put_address(nlh, RTA_DST, prefix.address());
  mnl_attr_put_u32(nlh, RTA_TABLE, target.table);
  mnl_attr_put_u32(nlh, RTA_PRIORITY, target.metric);
  return nlh;
}

void parse_multipath(const nlattr* attr, int family, std::vector<NextHop>& out) {
  const auto* p = static_cast<const std::uint8_t*>(mnl_attr_get_payload(attr));
  std::size_t left = mnl_attr_get_payload_len(attr);
  while (left >= sizeof(rtnexthop)) {
    rtnexthop rtnh;
    std::memcpy(&rtnh, p, sizeof rtnh);
    if (rtnh.rtnh_len < sizeof(rtnexthop) || rtnh.rtnh_len > left) break;
    NextHop nh;
    nh.ifindex = static_cast<std::uint32_t>(rtnh.rtnh_ifindex);
    nh.weight = static_cast<std::uint8_t>(rtnh.rtnh_hops + 1);
    // Attributes follow the rtnexthop header, inside rtnh_len.
    const std::size_t off = RTNH_ALIGN(sizeof(rtnexthop));
    if (rtnh.rtnh_len > off) {
      walk_attrs(p + off, rtnh.rtnh_len - off, [&](const nlattr* a) {
        if (mnl_attr_get_type(a) == RTA_GATEWAY) {
          if (auto gw = get_address(a, family)) nh.gateway = *gw;
        }
      });
    }
    out.push_back(nh);
    const std::size_t step = RTNH_ALIGN(rtnh.rtnh_len);
    if (step >= left) break;
    p += step;
    left -= step;
  }
}

}  // namespace

nlmsghdr* put_route_add(void* buf, std::uint32_t seq, const Prefix& prefix, const RouteTarget& target,
                        std::uint32_t nhid, std::span<const NextHop> gateways) {
  nlmsghdr* nlh = route_header(buf, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE, seq, prefix, target);
  if (nhid != 0) {
    mnl_attr_put_u32(nlh, RTA_NH_ID, nhid);
  } else if (gateways.size() == 1) {
    put_address(nlh, RTA_GATEWAY, gateways[0].gateway);
    if (gateways[0].ifindex != 0) mnl_attr_put_u32(nlh, RTA_OIF, gateways[0].ifindex);
  } else {
    nlattr* nest = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
    for (const auto& nh : gateways.first(std::min<std::size_t>(gateways.size(), 64))) {
      auto* rtnh = static_cast<rtnexthop*>(mnl_nlmsg_get_payload_tail(nlh));
      std::memset(rtnh, 0, sizeof *rtnh);
      nlh->nlmsg_len += MNL_ALIGN(sizeof(rtnexthop));
      rtnh->rtnh_ifindex = static_cast<int>(nh.ifindex);
      rtnh->rtnh_hops = static_cast<unsigned char>(nh.weight - 1);
      put_address(nlh, RTA_GATEWAY, nh.gateway);
      rtnh->rtnh_len = static_cast<unsigned short>(
          static_cast<char*>(mnl_nlmsg_get_payload_tail(nlh)) - reinterpret_cast<char*>(rtnh));
    }
    mnl_attr_nest_end(nlh, nest);
  }
  return nlh;
}

nlmsghdr* put_route_delete(void* buf, std::uint32_t seq, const Prefix& prefix, const RouteTarget& target) {
  return route_header(buf, RTM_DELROUTE, NLM_F_REQUEST, seq, prefix, target);
}

std::size_t nexthop_op_size(const NexthopOp& op) { return 128 + op.members.size() * sizeof(nexthop_grp); }

nlmsghdr* put_nexthop_op(void* buf, std::uint32_t seq, const NexthopOp& op, std::uint8_t protocol) {
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_seq = seq;
  auto* nhm = static_cast<nhmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(nhmsg)));
  // The kernel rejects a delete whose header carries a protocol (EINVAL).
  nhm->nh_protocol = op.kind == NexthopOp::Kind::kDelete ? std::uint8_t{0} : protocol;
  switch (op.kind) {
    case NexthopOp::Kind::kDelete:
      nlh->nlmsg_type = RTM_DELNEXTHOP;
      nlh->nlmsg_flags = NLM_F_REQUEST;
      nhm->nh_family = AF_UNSPEC;
      mnl_attr_put_u32(nlh, NHA_ID, op.id);
      break;
    case NexthopOp::Kind::kAddNexthop:
      nlh->nlmsg_type = RTM_NEWNEXTHOP;
      nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE;
      nhm->nh_family = static_cast<std::uint8_t>(family_of(op.gateway.afi()));
      mnl_attr_put_u32(nlh, NHA_ID, op.id);
      mnl_attr_put_u32(nlh, NHA_OIF, op.ifindex);
      put_address(nlh, NHA_GATEWAY, op.gateway);
      break;
    case NexthopOp::Kind::kSetGroup: {
      nlh->nlmsg_type = RTM_NEWNEXTHOP;
      nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE;
      nhm->nh_family = AF_UNSPEC;
      mnl_attr_put_u32(nlh, NHA_ID, op.id);
      std::vector<nexthop_grp> grp(op.members.size());
      for (std::size_t i = 0; i < op.members.size(); ++i) {
        grp[i] = {};
        grp[i].id = op.members[i].id;
        grp[i].weight = static_cast<std::uint8_t>(op.members[i].weight - 1);
      }
      mnl_attr_put(nlh, NHA_GROUP, grp.size() * sizeof(nexthop_grp), grp.data());
      break;
    }
  }
  return nlh;
}

nlmsghdr* put_route_dump(void* buf, std::uint32_t seq, int family) {
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = RTM_GETROUTE;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  nlh->nlmsg_seq = seq;
  auto* rtm = static_cast<rtmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(rtmsg)));
  rtm->rtm_family = static_cast<std::uint8_t>(family);
  return nlh;
}

nlmsghdr* put_nexthop_dump(void* buf, std::uint32_t seq) {
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = RTM_GETNEXTHOP;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  nlh->nlmsg_seq = seq;
  mnl_nlmsg_put_extra_header(nlh, sizeof(nhmsg));
  return nlh;
}

nlmsghdr* put_link_dump(void* buf, std::uint32_t seq) {
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = RTM_GETLINK;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  nlh->nlmsg_seq = seq;
  mnl_nlmsg_put_extra_header(nlh, sizeof(ifinfomsg));
  return nlh;
}

nlmsghdr* put_route_lookup(void* buf, std::uint32_t seq, const IpAddress& destination) {
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = RTM_GETROUTE;
  nlh->nlmsg_flags = NLM_F_REQUEST;
  nlh->nlmsg_seq = seq;
  auto* rtm = static_cast<rtmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(rtmsg)));
  rtm->rtm_family = static_cast<std::uint8_t>(family_of(destination.afi()));
  rtm->rtm_dst_len = address_bits(destination.afi());
  put_address(nlh, RTA_DST, destination);
  return nlh;
}

std::optional<KernelRoute> parse_route(const nlmsghdr* nlh) {
  if (nlh->nlmsg_type != RTM_NEWROUTE && nlh->nlmsg_type != RTM_DELROUTE) return std::nullopt;
  if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg))) return std::nullopt;
  const auto* rtm = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(nlh));
  if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6) return std::nullopt;
  const int family = rtm->rtm_family;
  KernelRoute r;
  r.table = rtm->rtm_table;
  r.protocol = rtm->rtm_protocol;
  r.type = rtm->rtm_type;
  IpAddress dst = family == AF_INET ? IpAddress::v4(0u) : *IpAddress::parse("::");
  std::optional<IpAddress> gateway;
  walk_message_attrs(nlh, sizeof(rtmsg), [&](const nlattr* a) {
    switch (mnl_attr_get_type(a)) {
      case RTA_DST:
        if (auto d = get_address(a, family)) dst = *d;
        break;
      case RTA_TABLE:
        if (mnl_attr_get_payload_len(a) == 4) r.table = mnl_attr_get_u32(a);
        break;
      case RTA_PRIORITY:
        if (mnl_attr_get_payload_len(a) == 4) r.metric = mnl_attr_get_u32(a);
        break;
      case RTA_NH_ID:
        if (mnl_attr_get_payload_len(a) == 4) r.nhid = mnl_attr_get_u32(a);
        break;
      case RTA_OIF:
        if (mnl_attr_get_payload_len(a) == 4) r.oif = mnl_attr_get_u32(a);
        break;
      case RTA_GATEWAY:
        gateway = get_address(a, family);
        break;
      case RTA_MULTIPATH:
        parse_multipath(a, family, r.next_hops);
        break;
      default:
        break;
    }
  });
  if (rtm->rtm_dst_len > address_bits(dst.afi())) return std::nullopt;
  r.prefix = Prefix(dst, rtm->rtm_dst_len);
  if (gateway) {
    r.has_gateway = true;
    r.next_hops.push_back({*gateway, r.oif, 1});
  }
  r.next_hops = normalized(std::move(r.next_hops));
  return r;
}

std::optional<KernelNexthop> parse_nexthop(const nlmsghdr* nlh) {
  if (nlh->nlmsg_type != RTM_NEWNEXTHOP) return std::nullopt;
  if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(nhmsg))) return std::nullopt;
  const auto* nhm = static_cast<const nhmsg*>(mnl_nlmsg_get_payload(nlh));
  KernelNexthop k;
  walk_message_attrs(nlh, sizeof(nhmsg), [&](const nlattr* attr) {
    switch (mnl_attr_get_type(attr)) {
      case NHA_ID:
        if (mnl_attr_get_payload_len(attr) == 4) k.id = mnl_attr_get_u32(attr);
        break;
      case NHA_OIF:
        if (mnl_attr_get_payload_len(attr) == 4) k.ifindex = mnl_attr_get_u32(attr);
        break;
      case NHA_GATEWAY:
        if (auto gw = get_address(attr, nhm->nh_family)) k.gateway = *gw;
        break;
      case NHA_GROUP: {
        const auto n = mnl_attr_get_payload_len(attr) / sizeof(nexthop_grp);
        const auto* p = static_cast<const std::uint8_t*>(mnl_attr_get_payload(attr));
        for (std::size_t i = 0; i < n; ++i) {
          nexthop_grp g;
          std::memcpy(&g, p + i * sizeof g, sizeof g);
          k.members.push_back({g.id, static_cast<std::uint8_t>(g.weight + 1)});
        }
        break;
      }
      default:
        break;
    }
  });
  if (k.id == 0) return std::nullopt;
  return k;
}

std::optional<LinkState> parse_link(const nlmsghdr* nlh) {
  if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK) return std::nullopt;
  if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(ifinfomsg))) return std::nullopt;
  const auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(nlh));
  LinkState s;
  s.ifindex = static_cast<std::uint32_t>(ifi->ifi_index);
  s.deleted = nlh->nlmsg_type == RTM_DELLINK;
  s.up = !s.deleted && (ifi->ifi_flags & IFF_UP) && (ifi->ifi_flags & IFF_LOWER_UP);
  walk_message_attrs(nlh, sizeof(ifinfomsg), [&](const nlattr* a) {
    if (mnl_attr_get_type(a) == IFLA_MASTER && mnl_attr_get_payload_len(a) == 4) s.master = mnl_attr_get_u32(a);
  });
  return s;
}

std::optional<AddressEvent> parse_address(const nlmsghdr* nlh) {
  if (nlh->nlmsg_type != RTM_NEWADDR && nlh->nlmsg_type != RTM_DELADDR) return std::nullopt;
  if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(ifaddrmsg))) return std::nullopt;
  const auto* ifa = static_cast<const ifaddrmsg*>(mnl_nlmsg_get_payload(nlh));
  AddressEvent e;
  e.ifindex = ifa->ifa_index;
  e.removed = nlh->nlmsg_type == RTM_DELADDR;
  std::optional<IpAddress> addr;
  walk_message_attrs(nlh, sizeof(ifaddrmsg), [&](const nlattr* attr) {
    const auto type = mnl_attr_get_type(attr);
    // IFA_LOCAL is the interface's own address on point-to-point links;
    // IFA_ADDRESS otherwise. Either gives the connected subnet.
    if (type == IFA_ADDRESS || (type == IFA_LOCAL && !addr)) addr = get_address(attr, ifa->ifa_family);
  });
  if (!addr || ifa->ifa_prefixlen > address_bits(addr->afi())) return std::nullopt;
  e.subnet = Prefix(*addr, ifa->ifa_prefixlen);
  e.address = *addr;
  return e;
}

std::optional<NetlinkError> parse_error(const nlmsghdr* nlh) {
  if (nlh->nlmsg_type != NLMSG_ERROR) return std::nullopt;
  if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(nlmsgerr))) return std::nullopt;
  const auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(nlh));
  NetlinkError e;
  e.seq = nlh->nlmsg_seq;
  e.error = -err->error;
  if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
    // With NETLINK_CAP_ACK the original request is not echoed: TLVs follow nlmsgerr
    // directly; otherwise they follow the echoed request.
    std::size_t offset = sizeof(nlmsgerr);
    if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) offset += err->msg.nlmsg_len - sizeof(nlmsghdr);
    walk_message_attrs(nlh, offset, [&](const nlattr* attr) {
      if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG) {
        const char* s = mnl_attr_get_str(attr);
        e.message.assign(s, strnlen(s, mnl_attr_get_payload_len(attr)));
      }
    });
  }
  return e;
}

}  // namespace bgp::fib

#include "libbgp/fib/netlink_neighbours.hpp"

#include <libmnl/libmnl.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>

namespace bgp::fib {
namespace {

nlmsghdr* neighbour_header(void* buf, std::uint16_t type, std::uint16_t flags, std::uint32_t seq, int family,
                           std::uint32_t ifindex, std::uint16_t state, std::uint8_t ntf) {
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = type;
  nlh->nlmsg_flags = flags;
  nlh->nlmsg_seq = seq;
  auto* ndm = static_cast<ndmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ndmsg)));
  ndm->ndm_family = static_cast<std::uint8_t>(family);
  ndm->ndm_ifindex = static_cast<int>(ifindex);
  ndm->ndm_state = state;
  ndm->ndm_flags = ntf;
  return nlh;
}

int family_of(const IpAddress& a) { return a.is_v4() ? AF_INET : AF_INET6; }

}  // namespace

std::optional<NeighbourEvent> parse_neighbour(const nlmsghdr* nlh) {
  if (nlh->nlmsg_type != RTM_NEWNEIGH && nlh->nlmsg_type != RTM_DELNEIGH) return std::nullopt;
  if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(ndmsg))) return std::nullopt;
  const auto* ndm = static_cast<const ndmsg*>(mnl_nlmsg_get_payload(nlh));
  if (ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6) return std::nullopt;
  NeighbourEvent e;
  e.ifindex = static_cast<std::uint32_t>(ndm->ndm_ifindex);
  e.state = ndm->ndm_state;
  e.flags = ndm->ndm_flags;
  e.deleted = nlh->nlmsg_type == RTM_DELNEIGH;
  bool have_dst = false;
  const std::size_t offset = MNL_ALIGN(sizeof(ndmsg));
  std::size_t len = nlh->nlmsg_len - NLMSG_HDRLEN - offset;
  const auto* p = static_cast<const std::uint8_t*>(mnl_nlmsg_get_payload_offset(nlh, offset));
  // A bounded attribute walk (libmnl's mnl_attr_for_each needs C's void* conversions).
  while (len >= sizeof(nlattr)) {
    const auto* a = reinterpret_cast<const nlattr*>(p);
    if (a->nla_len < sizeof(nlattr) || a->nla_len > len) break;
    const auto plen = mnl_attr_get_payload_len(a);
    const auto* payload = static_cast<const std::byte*>(mnl_attr_get_payload(a));
    if (mnl_attr_get_type(a) == NDA_DST) {
      if (ndm->ndm_family == AF_INET && plen == 4) {
        e.address = IpAddress::v4(std::span<const std::byte, 4>(payload, 4));
        have_dst = true;
      } else if (ndm->ndm_family == AF_INET6 && plen == 16) {
        e.address = IpAddress::v6(std::span<const std::byte, 16>(payload, 16));
        have_dst = true;
      }
    } else if (mnl_attr_get_type(a) == NDA_LLADDR && plen <= 32) {
      const auto* b = reinterpret_cast<const std::uint8_t*>(payload);
      e.lladdr.assign(b, b + plen);
    }
    const std::size_t step = MNL_ALIGN(a->nla_len);
    if (step >= len) break;
    p += step;
    len -= step;
  }
  if (!have_dst) return std::nullopt;
  return e;
}

nlmsghdr* put_neighbour_state(void* buf, std::uint32_t seq, std::uint32_t ifindex, const IpAddress& address,
                              std::uint16_t state, std::span<const std::uint8_t> lladdr) {
  nlmsghdr* nlh = neighbour_header(buf, RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE, seq,
                                   family_of(address), ifindex, state, 0);
  mnl_attr_put(nlh, NDA_DST, address.span().size(), address.span().data());
  if (!lladdr.empty()) mnl_attr_put(nlh, NDA_LLADDR, lladdr.size(), lladdr.data());
  return nlh;
}

nlmsghdr* put_neighbour_use(void* buf, std::uint32_t seq, std::uint32_t ifindex, const IpAddress& address) {
  nlmsghdr* nlh = neighbour_header(buf, RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE, seq,
                                   family_of(address), ifindex, NUD_NONE, NTF_USE);
  mnl_attr_put(nlh, NDA_DST, address.span().size(), address.span().data());
  return nlh;
}

nlmsghdr* put_neighbour_dump(void* buf, std::uint32_t seq) {
  return neighbour_header(buf, RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, seq, AF_UNSPEC, 0, 0, 0);
}

nlmsghdr* put_address_dump(void* buf, std::uint32_t seq) {
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf);
  nlh->nlmsg_type = RTM_GETADDR;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  nlh->nlmsg_seq = seq;
  auto* ifa = static_cast<ifaddrmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(ifaddrmsg)));
  ifa->ifa_family = AF_UNSPEC;
  return nlh;
}

}  // namespace bgp::fib

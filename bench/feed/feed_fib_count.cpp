// feed_fib_count TABLE PROTOCOL: prints how many IPv4 routes of rtnetlink
// protocol PROTOCOL are in routing table TABLE, from one RTM_GETROUTE dump
// (much cheaper than `ip route show | wc -l`: nothing is formatted).
// Hand-written on libmnl (already a dependency of libbgp/fib) because
// NetlinkFib's dump is tied to its own route bookkeeping.
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

namespace {

struct Filter {
  unsigned table;
  unsigned protocol;
  long count = 0;
};

int table_attr(const nlattr* attr, void* data) {
  if (mnl_attr_get_type(attr) == RTA_TABLE) *static_cast<unsigned*>(data) = mnl_attr_get_u32(attr);
  return MNL_CB_OK;
}

int on_route(const nlmsghdr* nlh, void* data) {
  auto* f = static_cast<Filter*>(data);
  const auto* rtm = static_cast<const rtmsg*>(mnl_nlmsg_get_payload(nlh));
  if (rtm->rtm_protocol != f->protocol) return MNL_CB_OK;
  unsigned table = rtm->rtm_table;
  mnl_attr_parse(nlh, sizeof(*rtm), table_attr, &table);
  if (table == f->table) ++f->count;
  return MNL_CB_OK;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: feed_fib_count TABLE PROTOCOL\n");
    return 2;
  }
  Filter f{static_cast<unsigned>(std::strtoul(argv[1], nullptr, 10)), static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10))};
  mnl_socket* nl = mnl_socket_open(NETLINK_ROUTE);
  if (nl == nullptr || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
    std::perror("netlink");
    return 2;
  }
  std::vector<char> buf(1 << 20);
  nlmsghdr* nlh = mnl_nlmsg_put_header(buf.data());
  nlh->nlmsg_type = RTM_GETROUTE;
  nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  nlh->nlmsg_seq = static_cast<unsigned>(time(nullptr));
  auto* rtm = static_cast<rtmsg*>(mnl_nlmsg_put_extra_header(nlh, sizeof(rtmsg)));
  rtm->rtm_family = AF_INET;
  if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
    std::perror("sendto");
    return 2;
  }
  const unsigned seq = nlh->nlmsg_seq, portid = mnl_socket_get_portid(nl);
  while (true) {
    const ssize_t n = mnl_socket_recvfrom(nl, buf.data(), buf.size());
    if (n <= 0) {
      std::perror("recvfrom");
      return 2;
    }
    const int r = mnl_cb_run(buf.data(), static_cast<size_t>(n), seq, portid, on_route, &f);
    if (r == MNL_CB_STOP) break;
    if (r < 0) {
      std::perror("dump");
      return 2;
    }
  }
  mnl_socket_close(nl);
  std::printf("%ld\n", f.count);
  return 0;
}

#!/usr/bin/env bash
# GTSM (RFC 5082) per neighbour, `ttl_security = HOPS`. bgpd (AS 65001) in
# "tor"; gobgpd peers behind a router namespace, i.e. one hop further away
# than a directly connected peer, their segments arriving with TTL 254:
#
#   tor 10.20.0.101 ── 10.20.0.1 rtr 10.30.0.1 ── bridge ── far1 10.30.0.2
#        │                                              ├── far2 10.30.0.3
#   near 10.20.0.2 (on the tor's link, ttl-security)    └── far3 10.30.0.4
#
#   far1  ttl_security = 1, far1 connects   -> refused at accept (SYN TTL 254 < 255)
#         then ebgp_multihop = 2 (GTSM off) and SIGHUP -> Established
#   far2  ttl_security = 2, far2 connects   -> Established (254 >= 254)
#   far3  ttl_security = 1, bgpd connects   -> never Established: IP_MINTTL on
#         bgpd's socket drops far3's SYN-ACK (kernel counts TCPMinTTLDrop)
#   near  ttl_security = 1, directly connected, gobgpd with ttl-security
#         -> Established (both send TTL 255, received 255)
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

netns_init gtsm
for n in tor rtr near far1 far2 far3; do ns_add $n; done
ns_link tor 10.20.0.101/24 rtr 10.20.0.1/24
ns_exec rtr sysctl -qw net.ipv4.ip_forward=1
ns_exec tor ip route add 10.30.0.0/24 via 10.20.0.1
ns_exec rtr ip link add br0 type bridge
ns_exec rtr ip addr add 10.30.0.1/24 dev br0
ns_exec rtr ip link set br0 up
i=2
for n in far1 far2 far3; do
  a="g$n$RANDOM" b="h$n$RANDOM"
  ip link add "$a" type veth peer name "$b"
  ip link set "$a" netns "$(ns rtr)"
  ip link set "$b" netns "$(ns $n)"
  ns_exec rtr ip link set "$a" master br0 up
  ns_exec $n ip addr add "10.30.0.$i/24" dev "$b"
  ns_exec $n ip link set "$b" up
  ns_exec $n ip route add default via 10.30.0.1
  i=$((i + 1))
done
# near: a veth of its own straight to the tor, one hop.
ns_link tor 10.21.0.101/24 near 10.21.0.2/24
SOCK="$WORK/bgpd.sock"

write_config() {  # write_config FAR1_LINES
  cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = false
[bgp.ipv4_unicast]
networks = ["10.20.0.0/24"]

[[peer_group]]
name = "nodes"
hold_time = 9
keepalive = 3
connect_retry = 1

[[neighbor]]
address = "10.30.0.2"
remote_as = 65102
peer_group = "nodes"
passive = true
$1

[[neighbor]]
address = "10.30.0.3"
remote_as = 65103
peer_group = "nodes"
passive = true
ttl_security = 2

[[neighbor]]
address = "10.30.0.4"
remote_as = 65104
peer_group = "nodes"
ttl_security = 1

[[neighbor]]
address = "10.21.0.2"
remote_as = 65105
peer_group = "nodes"
ttl_security = 1
EOT
  "$BGPD" --check-config -c "$WORK/bgpd.toml" >/dev/null || fail "config rejected"
}
write_config "ttl_security = 1"

# gobgpd peers: far ones send with TTL 255 (multihop), near uses ttl-security.
far_extra='  [neighbors.ebgp-multihop.config]
    enabled = true
    multihop-ttl = 255'
start_gobgp() {  # start_gobgp NS ADDR AS NEIGHBOR EXTRA
  cat >"$WORK/$1.toml" <<EOT
[global.config]
  as = $3
  router-id = "$2"
  port = 179
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$4"
    peer-as = 65001
  [neighbors.timers.config]
    hold-time = 9
    keepalive-interval = 3
    connect-retry = 1
$5
EOT
  ns_spawn "$1" "$WORK/gobgpd-$1.log" gobgpd -f "$WORK/$1.toml" --api-hosts 127.0.0.1:50051 >/dev/null
}

ns_spawn tor "$WORK/bgpd.log" "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$SOCK" --log-level debug >/dev/null
wait_until 10 test -S "$SOCK" || fail "bgpd did not create its control socket"
BGPD_PID=$(pgrep -f "$BGPD -c $WORK/bgpd.toml" | head -1)
start_gobgp far1 10.30.0.2 65102 10.20.0.101 "$far_extra"
start_gobgp far2 10.30.0.3 65103 10.20.0.101 "$far_extra"
start_gobgp far3 10.30.0.4 65104 10.20.0.101 "$far_extra
  [neighbors.transport.config]
    passive-mode = true"
start_gobgp near 10.21.0.2 65105 10.21.0.101 '  [neighbors.ttl-security.config]
    enabled = true
    ttl-min = 255'

wait_until 30 neighbor_state_is "$SOCK" 10.21.0.2 Established || fail "directly connected GTSM peer not Established"
wait_until 30 neighbor_state_is "$SOCK" 10.30.0.3 Established || fail "far2 (ttl_security = 2) not Established"
log "near (1 hop, ttl_security 1) and far2 (2 hops, ttl_security 2) Established"
holds_for 8 neighbor_state_is_not "$SOCK" 10.30.0.2 Established || fail "far1 Established despite GTSM (2 hops, ttl_security 1)"
grep -q "neighbor 10.30.0.2: incoming connection refused by GTSM: SYN arrived with TTL 254, 255 required" "$WORK/bgpd.log" ||
  fail "far1's connection was not refused by GTSM"
neighbor_state_is_not "$SOCK" 10.30.0.4 Established || fail "far3 Established despite GTSM on bgpd's own connection"
drops="$(ns_exec tor nstat -az TcpExtTCPMinTTLDrop | awk 'NR>1 {s+=$2} END {print s+0}')"
((drops > 0)) || fail "no segment dropped by IP_MINTTL (far3's SYN-ACKs)"
log "far1 refused at accept (SYN TTL 254), far3's SYN-ACKs dropped by IP_MINTTL ($drops)"

# GTSM off for far1 (multihop instead): the same peer comes up.
write_config "ebgp_multihop = 2"
kill -HUP "$BGPD_PID"
wait_until 30 neighbor_state_is "$SOCK" 10.30.0.2 Established || fail "far1 not Established with GTSM off"
log "far1 Established once ttl_security was replaced by ebgp_multihop = 2"

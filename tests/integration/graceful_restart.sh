#!/usr/bin/env bash
# Graceful restart against gobgpd configured as Cilium configures it (RFC 8538
# N bit on): bgpd as the ToR with [fib] install, three nodes on one LAN.
#   - both sides advertise N, so it is negotiated; n3 runs without it
#   - a node's gobgpd stopped cleanly (a Cease): with N its route stays in
#     the kernel, stale (RFC 8538 §4); n3 without N: its route goes at once
#   - the node comes back: End-of-RIB clears the stale mark
#   - `bgpctl neighbor clear` with N negotiated sends Cease/Hard Reset (6/9)
#     and the node's route goes at once (RFC 8538 §3)
#   - bgpd SIGTERM with the routes retained: no NOTIFICATION (the nodes log
#     none), bgpd is gone within 1 s, the kernel route never loses a next hop
#     across the restart, and the restarted bgpd's OPEN carries the R bit
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

netns_init gr
ns_add tor
VIP=172.30.0.10
SOCK="$WORK/bgpd.sock"

ns_exec tor ip link add br1 type bridge
ns_exec tor ip addr add 10.20.0.101/16 dev br1
ns_exec tor ip link set br1 up
declare -A ADDR=([n1]=10.20.0.2 [n2]=10.20.0.3 [n3]=10.20.0.4)
for n in n1 n2 n3; do
  ns_add "$n"
  a="t${n}$RANDOM" b="n${n}$RANDOM"
  ip link add "${a:0:15}" type veth peer name "${b:0:15}"
  ip link set "${a:0:15}" netns "$(ns tor)"
  ip link set "${b:0:15}" netns "$(ns "$n")"
  ns_exec tor ip link set "${a:0:15}" master br1 up
  ns_exec "$n" ip addr add "${ADDR[$n]}/16" dev "${b:0:15}"
  ns_exec "$n" ip link set "${b:0:15}" up
done

cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
[bgp.ipv4_unicast]
maximum_paths = 10
networks = ["10.20.0.0/16"]
[[peer_group]]
name = "cilium"
import = "accept-all"
export = "accept-all"
hold_time = 9
keepalive = 3
connect_retry = 1
ebgp_multihop = 4
graceful_restart = true
restart_time = 15
$(for n in n1 n2 n3; do printf '[[neighbor]]\naddress = "%s"\nremote_as = 65101\npeer_group = "cilium"\n' "${ADDR[$n]}"; done)
[[policy]]
name = "accept-all"
[[policy.term]]
action = "accept"
[fib]
install = true
[metrics]
listen = "127.0.0.1:9179"
EOT

declare -A GOBGPD
start_node() {
  GOBGPD[$1]=$(ns_spawn "$1" "$WORK/gobgpd-$1.log" gobgpd -f "$WORK/$1.toml" --api-hosts 127.0.0.1:50051)
  wait_until 10 gobgp_cli "$1" global || fail "gobgpd $1 API not up"
  gobgp_cli "$1" global rib add "$VIP/32" -a ipv4 >/dev/null
}
stop_node() { kill -TERM "${GOBGPD[$1]}"; wait "${GOBGPD[$1]}" 2>/dev/null || true; }

bgpd_spawn tor
gobgp_node_config "$WORK/n1.toml" 10.20.0.2 65101 10.20.0.101 65001
gobgp_node_config "$WORK/n2.toml" 10.20.0.3 65101 10.20.0.101 65001
GOBGP_GR_NOTIFICATION=0 gobgp_node_config "$WORK/n3.toml" 10.20.0.4 65101 10.20.0.101 65001
for n in n1 n2 n3; do start_node "$n"; done

gateways() { ns_exec tor ip -4 route show "$VIP" | grep -o 'via [0-9.]*' | awk '{print $2}' | sort | tr '\n' ' '; }
is() { local want="$1"; shift; [[ "$("$@")" == "$want" ]]; }
caps() { bgpd_neighbor_json "$SOCK" "$1" | jq -r ".capabilities.$2 | map(select(startswith(\"graceful-restart\"))) | .[0] // \"\""; }

for n in n1 n2 n3; do
  wait_until 30 neighbor_state_is "$SOCK" "${ADDR[$n]}" Established || fail "$n did not reach Established"
done
wait_until 10 is "10.20.0.2 10.20.0.3 10.20.0.4 " gateways || fail "kernel route: $(gateways)"

# The N bit: ours always (graceful_restart_notification defaults to true),
# n1's as Cilium sets it, n3's not.
[[ $(caps 10.20.0.2 advertised) == *",N"* ]] || fail "bgpd does not advertise the N bit: $(caps 10.20.0.2 advertised)"
[[ $(caps 10.20.0.2 received) == *",N"* ]] || fail "n1 does not advertise the N bit: $(caps 10.20.0.2 received)"
[[ $(caps 10.20.0.4 received) != *",N"* ]] || fail "n3 advertises the N bit: $(caps 10.20.0.4 received)"
log "N bit: ours $(caps 10.20.0.2 advertised), n1 $(caps 10.20.0.2 received), n3 $(caps 10.20.0.4 received)"

# n3 (no N) stops cleanly: its Cease ends graceful restart, the route goes at once.
stop_node n3
wait_until 3 is "10.20.0.2 10.20.0.3 " gateways || fail "n3's next hop still there after its Cease without N: $(gateways)"
log "n3 (no N bit) stopped: next hop gone at once"

# n1 (N negotiated) stops cleanly: RFC 8538 §4, the Cease keeps its route, stale.
stop_node n1
wait_until 10 neighbor_state_is_not "$SOCK" 10.20.0.2 Established || fail "n1 still Established"
sleep 2
[[ $(gateways) == "10.20.0.2 10.20.0.3 " ]] || fail "with N negotiated a Cease must keep n1's route: $(gateways)"
[[ $(neighbor_field "$SOCK" 10.20.0.2 prefixes_stale) == 1 ]] || fail "n1's path is not stale: $(bgpd_neighbor_json "$SOCK" 10.20.0.2)"
log "n1 (N bit) stopped with $(neighbor_field "$SOCK" 10.20.0.2 'last_error.code_name + "/" + .last_error.subcode_name'): route kept, stale"
start_node n1
wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "n1 did not come back"
wait_until 15 is 0 neighbor_field "$SOCK" 10.20.0.2 prefixes_stale || fail "n1's stale mark not cleared by End-of-RIB"
[[ $(gateways) == "10.20.0.2 10.20.0.3 " ]] || fail "route after n1's return: $(gateways)"
log "n1 back: stale mark cleared"

# The operator resets n2 with N negotiated: Hard Reset, its route goes now.
"$BGPCTL" -s "$SOCK" neighbor 10.20.0.3 clear >/dev/null
wait_until 5 neighbor_last_error_is "$SOCK" 10.20.0.3 "Cease/Hard Reset" || fail "no Hard Reset sent: $(bgpd_neighbor_json "$SOCK" 10.20.0.3 | jq -c .last_error)"
grep -q '"Subcode":9' "$WORK/gobgpd-n2.log" || fail "gobgpd n2 did not receive Cease subcode 9: $(grep -i notification "$WORK/gobgpd-n2.log" | tail -3)"
wait_until 30 neighbor_state_is "$SOCK" 10.20.0.3 Established || fail "n2 did not come back after the reset"
wait_until 10 is "10.20.0.2 10.20.0.3 " gateways || fail "route after n2's reset: $(gateways)"
log "bgpctl neighbor clear: Hard Reset (6/9) sent, n2 back"

# bgpd restarts with its routes retained: no NOTIFICATION, quick exit, the
# kernel route keeps both next hops, the next OPEN carries R.
notifications_before=$(grep -c 'received notification' "$WORK/gobgpd-n1.log" || true)
fewest=2
( while :; do c=$(ns_exec tor ip -4 route show "$VIP" | grep -c 'via' || true); echo "$c"; sleep 0.02; done ) >"$WORK/hops" &
watcher=$!
t0=$(date +%s.%N)
kill -TERM "$BGPD_PID"
wait "$BGPD_PID" 2>/dev/null || true
exit_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
awk -v s="$exit_s" 'BEGIN { exit !(s < 1.0) }' || fail "bgpd took $exit_s s to exit on SIGTERM"
rm -f "$SOCK"
bgpd_spawn tor
wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "n1 did not re-peer with the restarted bgpd"
wait_until 30 neighbor_state_is "$SOCK" 10.20.0.3 Established || fail "n2 did not re-peer with the restarted bgpd"
sleep 2
kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null || true
fewest=$(sort -n "$WORK/hops" | head -1)
((fewest >= 2)) || fail "the kernel route fell to $fewest next hops across bgpd's restart"
notifications_after=$(grep -c 'received notification' "$WORK/gobgpd-n1.log" || true)
((notifications_after == notifications_before)) || fail "bgpd sent a NOTIFICATION on SIGTERM with its routes retained: $(grep 'received notification' "$WORK/gobgpd-n1.log" | tail -1)"
gobgp_cli n1 neighbor 10.20.0.101 -j | jq -e '.state.remote_cap[]? | select(.code == 64) | .tuples' >/dev/null 2>&1 || true
grep -q 'route selection deferred' "$WORK/bgpd.log" || fail "the restarted bgpd did not defer route selection"
log "bgpd restart: exit in $exit_s s, no NOTIFICATION, kernel route never below $fewest next hops"
log "PASS"

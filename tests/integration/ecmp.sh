#!/usr/bin/env bash
# The anycast ToR: bgpd with [fib] install = true, four gobgpd peers
# configured as Cilium (two in AS 65101 on one bridge, two in AS 65102 on
# another) all advertising 172.30.0.10/32. Expects one kernel route with four
# next hops (multipath-relax, maximum_paths 10); a cleanly stopped gobgpd
# takes its next hop away; a killed gobgpd with graceful restart leaves the
# next hops unchanged while it restarts.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

netns_init ecmp
ns_add tor
VIP=172.30.0.10
SOCK="$WORK/bgpd.sock"

# bridge_in_tor NAME ADDR/LEN: a bridge inside the ToR namespace (a LAN).
bridge_in_tor() {
  ns_exec tor ip link add "$1" type bridge
  ns_exec tor ip addr add "$2" dev "$1"
  ns_exec tor ip link set "$1" up
}
# node_on_bridge NODE BRIDGE ADDR/LEN: a node namespace with a veth into the bridge.
node_on_bridge() {
  local node="$1" br="$2" addr="$3"
  ns_add "$node"
  local a="t${node}$RANDOM" b="n${node}$RANDOM"
  ip link add "${a:0:15}" type veth peer name "${b:0:15}"
  ip link set "${a:0:15}" netns "$(ns tor)"
  ip link set "${b:0:15}" netns "$(ns "$node")"
  ns_exec tor ip link set "${a:0:15}" master "$br" up
  ns_exec "$node" ip addr add "$addr" dev "${b:0:15}"
  ns_exec "$node" ip link set "${b:0:15}" up
}

bridge_in_tor br1 10.20.0.101/16
bridge_in_tor br2 172.20.0.101/16
node_on_bridge n1 br1 10.20.0.2/16
node_on_bridge n2 br1 10.20.0.3/16
node_on_bridge n3 br2 172.20.0.2/16
node_on_bridge n4 br2 172.20.0.3/16

cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = true
[bgp.ipv4_unicast]
maximum_paths = 10
multipath_relax = true
networks = ["10.20.0.0/16", "172.20.0.0/16"]

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

[[neighbor]]
address = "10.20.0.2"
remote_as = 65101
peer_group = "cilium"
[[neighbor]]
address = "10.20.0.3"
remote_as = 65101
peer_group = "cilium"
[[neighbor]]
address = "172.20.0.2"
remote_as = 65102
peer_group = "cilium"
[[neighbor]]
address = "172.20.0.3"
remote_as = 65102
peer_group = "cilium"

[[policy]]
name = "accept-all"
[[policy.term]]
action = "accept"

[fib]
install = true
table = 254
EOT

declare -A NODE_ADDR=([n1]=10.20.0.2 [n2]=10.20.0.3 [n3]=172.20.0.2 [n4]=172.20.0.3)
declare -A NODE_AS=([n1]=65101 [n2]=65101 [n3]=65102 [n4]=65102)
declare -A TOR_ADDR=([n1]=10.20.0.101 [n2]=10.20.0.101 [n3]=172.20.0.101 [n4]=172.20.0.101)
declare -A GOBGPD

start_node() {
  local n="$1"
  GOBGPD[$n]=$(ns_spawn "$n" "$WORK/gobgpd-$n.log" gobgpd -f "$WORK/$n.toml" --api-hosts 127.0.0.1:50051)
  wait_until 10 gobgp_cli "$n" global || fail "gobgpd $n API not up"
  gobgp_cli "$n" global rib add "$VIP/32" -a ipv4 >/dev/null
}

ns_exec tor sysctl -qw net.ipv4.fib_multipath_hash_policy=1
bgpd_spawn tor
for n in n1 n2 n3 n4; do
  gobgp_node_config "$WORK/$n.toml" "${NODE_ADDR[$n]}" "${NODE_AS[$n]}" "${TOR_ADDR[$n]}" 65001
  start_node "$n"
done

paths() { "$BGPCTL" -s "$SOCK" show routes "$VIP/32" --json; }
path_count() { paths | jq '[.[] | select(.prefix == "'"$VIP"'/32") | .paths[]] | length'; }
multipath_count() { paths | jq '[.[] | select(.prefix == "'"$VIP"'/32") | .paths[] | select(.multipath)] | length'; }
kernel_nexthops() { ns_exec tor ip -4 route show "$VIP" | grep -c 'nexthop via' || true; }
kernel_gateways() { ns_exec tor ip -4 route show "$VIP" | grep -o 'via [0-9.]*' | sort | tr '\n' ' '; }
all_of() { local want="$1"; shift; [[ "$("$@")" == "$want" ]]; }

for n in n1 n2 n3 n4; do
  wait_until 30 neighbor_state_is "$SOCK" "${NODE_ADDR[$n]}" Established || fail "$n did not reach Established"
done
wait_until 15 all_of 4 path_count || fail "expected 4 paths, got $(path_count): $(paths)"
wait_until 5 all_of 4 multipath_count || fail "expected 4 multipath paths: $(paths)"
aspaths="$(paths | jq -r '[.[0].paths[].as_path] | unique | join(",")')"
[[ "$aspaths" == "65101,65102" ]] || fail "expected AS paths 65101 and 65102, got $aspaths"
wait_until 10 all_of 4 kernel_nexthops || fail "kernel route: $(ns_exec tor ip route show "$VIP")"
[[ "$(ns_exec tor ip -4 route show "$VIP" | grep -c '^172.30.0.10')" == 1 ]] || fail "expected one kernel route"
log "4 paths, 4 kernel next hops: $(kernel_gateways)"
# Our networks reach the nodes, with our AS prepended (eBGP).
wait_until 10 bash -c "ip netns exec $(ns n1) gobgp -u 127.0.0.1 -p 50051 global rib -a ipv4 -j | jq -e 'has(\"172.20.0.0/16\")'" ||
  fail "gobgpd n1 did not receive our networks"
# Re-advertising learned routes: the best path (from the lowest router id,
# n1) goes to the other peers, so n3 holds its own VIP plus ours.
wait_until 10 bash -c "ip netns exec $(ns n3) gobgp -u 127.0.0.1 -p 50051 global rib -a ipv4 -j | jq -e '.[\"$VIP/32\"] | length == 2'" ||
  fail "gobgpd n3 did not receive the VIP re-advertised: $(gobgp_cli n3 global rib -a ipv4)"

# A clean stop (gobgpd sends a Cease): with the N bit negotiated (RFC 8538
# §4) its path stays, stale, until the 15 s restart time runs out; then its
# next hop goes.
kill -TERM "${GOBGPD[n4]}"
wait "${GOBGPD[n4]}" 2>/dev/null || true
wait_until 20 all_of 3 path_count || fail "expected 3 paths after stopping n4: $(paths)"
wait_until 10 all_of 3 kernel_nexthops || fail "kernel route after stopping n4: $(ns_exec tor ip route show "$VIP")"
log "n4 stopped: 3 next hops: $(kernel_gateways)"

# A crash with graceful restart: the paths stay (stale), next hops unchanged.
before="$(kernel_gateways)"
kill -KILL "${GOBGPD[n3]}"
wait "${GOBGPD[n3]}" 2>/dev/null || true
wait_until 20 neighbor_state_is_not "$SOCK" 172.20.0.2 Established || fail "bgpd did not notice n3 going away"
holds_for 3 all_of "$before" kernel_gateways || fail "next hops changed after the crash: $(kernel_gateways)"
stale="$(paths | jq '[.[0].paths[] | select(.stale)] | length')"
[[ "$stale" == 1 ]] || fail "expected n3's path stale: $(paths)"
start_node n3
wait_until 30 neighbor_state_is "$SOCK" 172.20.0.2 Established || fail "n3 did not come back"
wait_until 15 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show routes $VIP/32 --json | jq '[.[0].paths[] | select(.stale)] | length') == 0 ]]" ||
  fail "stale path not refreshed after End-of-RIB: $(paths)"
[[ "$(kernel_gateways)" == "$before" ]] || fail "next hops changed across the restart: $(kernel_gateways) vs $before"
grep -q "graceful restart" "$WORK/bgpd.log" || fail "no graceful restart logged"
log "n3 restarted gracefully, next hops unchanged: $before"
"$BGPCTL" -s "$SOCK" show fib --json | jq -e '.routes[] | select(.prefix == "172.30.0.10/32") | .differs == false' >/dev/null ||
  fail "show fib: kernel and RIB differ: $("$BGPCTL" -s "$SOCK" show fib --json)"
# SIGTERM with graceful restart configured: the routes stay in the kernel
# for the next run to adopt (forwarding continues while bgpd restarts).
kill -TERM "$BGPD_PID"
wait_until 10 bash -c "! kill -0 $BGPD_PID 2>/dev/null" || fail "bgpd did not exit on SIGTERM"
[[ "$(kernel_gateways)" == "$before" ]] || fail "SIGTERM changed the kernel route: $(ns_exec tor ip route show "$VIP")"
log "ok"

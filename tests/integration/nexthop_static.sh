#!/usr/bin/env bash
# A BGP next hop that no connected network covers becomes resolvable through
# a static kernel route (RFC 4271 §9.1.2.1; as FRR/zebra resolves next hops):
# the neighbour (lib/announce.py, eBGP AS 65101) announces 172.30.0.10/32
# with next hop 10.99.0.7, which is not on the ToR-node link. Without a route
# to it the path has no best and nothing reaches the kernel; after
# `ip route add 10.99.0.0/16 via 10.20.0.2` bgpd installs 172.30.0.10 via
# 10.20.0.2 (the static route's gateway); when the static route is removed
# the kernel route is withdrawn. bgpd's own BGP routes (proto bgp) never
# resolve a next hop.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"
LIB="$(cd "$(dirname "$0")/lib" && pwd)"

netns_init nexthop-static
ns_add tor
ns_add node
ns_link tor 10.20.0.101/24 node 10.20.0.2/24
SOCK="$WORK/bgpd.sock"
VIP=172.30.0.10

cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = false

[[neighbor]]
address = "10.20.0.2"
remote_as = 65101
passive = true

[fib]
install = true
EOT
bgpd_spawn tor
ns_spawn node "$WORK/announce.log" python3 "$LIB/announce.py" 10.20.0.101 10.20.0.2 65101 10.20.0.2 10.99.0.7 "$VIP/32" >/dev/null
wait_until 20 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "session did not come up: $(cat "$WORK/announce.log")"

route_json() { "$BGPCTL" -s "$SOCK" show routes "$VIP/32" --json; }
has_path() { [[ "$(route_json | jq '[.[].paths[]] | length')" == 1 ]]; }
has_best() { [[ "$(route_json | jq -r '.[0].best // "none"')" == 10.20.0.2 ]]; }
kernel_route() { ns_exec tor ip -4 route show "$VIP/32" proto bgp; }
kernel_via() { [[ "$(kernel_route)" == *"via $1"* ]]; }
no_kernel_route() { [[ -z "$(kernel_route)" ]]; }

wait_until 10 has_path || fail "path not received: $(route_json)"
holds_for 3 no_kernel_route || fail "installed with an unresolvable next hop: $(kernel_route)"
has_best && fail "a path with an unresolvable next hop was chosen best: $(route_json)"
log "no route to 10.99.0.7: path held, not best, not installed"

ns_exec tor ip route add 10.99.0.0/16 via 10.20.0.2
wait_until 15 kernel_via 10.20.0.2 || fail "not installed after the static route appeared: $(route_json) / $(kernel_route)"
has_best || fail "installed but not best: $(route_json)"
log "static route 10.99.0.0/16 added: $(kernel_route)"

ns_exec tor ip route del 10.99.0.0/16 via 10.20.0.2
wait_until 15 no_kernel_route || fail "still installed after the static route went: $(kernel_route)"
has_best && fail "still best without a route to its next hop: $(route_json)"
log "static route removed: kernel route withdrawn"

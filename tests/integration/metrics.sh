#!/usr/bin/env bash
# Prometheus /metrics (issue 7): bgpd as the anycast ToR with two gobgpd
# peers (AS 65101 and 65102) announcing the same /32, [fib] install and
# [metrics] listen = 127.0.0.1:9179 in its namespace. The exposition is
# scraped with python3 urllib and parsed strictly (lib/prom_check.py), and
# its values compared with `bgpctl --json` (neighbors, summary, routes,
# anycast, fib): sessions up, prefix counts equal, message counts within a
# keepalive of bgpctl's, anycast next hops RIB == kernel == 2. A peer that
# stops (Cease) and comes back shows as a flap and a received NOTIFICATION. Finally: no
# listener when [metrics] is absent, --metrics-listen turns it on, and a
# malformed --metrics-listen is a usage error.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

netns_init metrics
ns_add tor
ns_add n1
ns_add n2
ns_link tor 10.20.0.101/24 n1 10.20.0.2/24
ns_link tor 10.21.0.101/24 n2 10.21.0.2/24
SOCK="$WORK/bgpd.sock"
VIP=172.30.0.10
URL=http://127.0.0.1:9179/metrics
CHECK="$(dirname "$0")/lib/prom_check.py"

cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = true
[bgp.ipv4_unicast]
maximum_paths = 10
multipath_relax = true
networks = ["10.20.0.0/24", "10.21.0.0/24"]

[[peer_group]]
name = "cilium"
import = "accept-all"
export = "accept-all"
hold_time = 9
keepalive = 3
connect_retry = 1
ebgp_multihop = 4

[[neighbor]]
address = "10.20.0.2"
remote_as = 65101
peer_group = "cilium"
[[neighbor]]
address = "10.21.0.2"
remote_as = 65102
peer_group = "cilium"

[[policy]]
name = "accept-all"
[[policy.term]]
action = "accept"

[fib]
install = true
table = 254

[metrics]
listen = "127.0.0.1:9179"
EOT

bgpd_spawn tor
declare -A GOBGPD
gobgp_node_config "$WORK/n1.toml" 10.20.0.2 65101 10.20.0.101 65001
gobgp_node_config "$WORK/n2.toml" 10.21.0.2 65102 10.21.0.101 65001
for n in n1 n2; do
  GOBGPD[$n]=$(ns_spawn "$n" "$WORK/gobgpd-$n.log" gobgpd -f "$WORK/$n.toml" --api-hosts 127.0.0.1:50051)
  wait_until 10 gobgp_cli "$n" global || fail "gobgpd $n API not up"
  gobgp_cli "$n" global rib add "$VIP/32" -a ipv4 >/dev/null
done
# n1 announces two more prefixes: its received count differs from n2's.
gobgp_cli n1 global rib add 10.99.1.0/24 -a ipv4 >/dev/null
gobgp_cli n1 global rib add 10.99.2.0/24 -a ipv4 >/dev/null

ctl() { "$BGPCTL" -s "$SOCK" "$@"; }
count_is() { local want="$1"; shift; [[ "$("$@")" == "$want" ]]; }
anycast_status() { ctl show anycast --json | jq -r ".prefixes[] | select(.prefix == \"$VIP/32\") | \"\(.rib_next_hops) \(.kernel_next_hops) \(.kernel)\""; }

wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "n1 did not reach Established"
wait_until 30 neighbor_state_is "$SOCK" 10.21.0.2 Established || fail "n2 did not reach Established"
wait_until 15 count_is 3 neighbor_field "$SOCK" 10.20.0.2 prefixes_received || fail "n1's 3 prefixes not received"
wait_until 15 count_is "2 2 complete" anycast_status || fail "anycast: $(ctl show anycast --json)"

# bgpctl first, then the scrape: counters may only have grown in between.
compare_with_bgpctl() {
  mkdir -p "$WORK/json"
  ctl show neighbors --json >"$WORK/json/neighbors.json"
  ctl show summary --json >"$WORK/json/summary.json"
  ctl show anycast --json >"$WORK/json/anycast.json"
  ctl show fib --json >"$WORK/json/fib.json"
  ctl show routes --json >"$WORK/json/routes.json"
  ns_exec tor python3 "$CHECK" compare "$URL" "$WORK/json" 2 2>"$WORK/compare.err" || { cat "$WORK/compare.err" >&2; return 1; }
}
wait_until 15 compare_with_bgpctl || fail "metrics disagree with bgpctl: $(cat "$WORK/compare.err")"
log "metrics agree with bgpctl: $(ns_exec tor python3 "$CHECK" parse "$URL")"

scrape() { ns_exec tor curl -sf "$URL"; }
has_line() { scrape | grep -xF "$1" >/dev/null; }  # not -q: an early exit would fail curl (pipefail)
N2='neighbor="10.21.0.2",peer_as="65102"'
has_line "bgpd_neighbor_flaps_total{$N2} 0" || fail "n2 flapped already: $(scrape | grep flaps)"
has_line "bgpd_build_info{version=\"$("$BGPD" --version | awk '{print $2}')\"} 1" || fail "build_info: $(scrape | grep build_info)"
has_line "bgpd_neighbor_prefixes_received{neighbor=\"10.20.0.2\",peer_as=\"65101\"} 3" || fail "n1 prefixes: $(scrape | grep prefixes_received)"
has_line "bgpd_rib_prefixes{family=\"ipv4-unicast\"} 5" || fail "Loc-RIB size: $(scrape | grep bgpd_rib_)"

# The peer goes away cleanly (gobgpd sends a Cease on SIGTERM) and comes
# back: a flap and a received NOTIFICATION code 6; once it is back,
# everything agrees again.
kill -TERM "${GOBGPD[n2]}"
wait "${GOBGPD[n2]}" 2>/dev/null || true
wait_until 20 has_line "bgpd_neighbor_flaps_total{$N2} 1" || fail "flap not counted: $(scrape | grep flaps)"
has_cease() { scrape | grep -E "^bgpd_neighbor_notifications_received_total\{$N2,code=\"6\",subcode=\"[0-9]+\"\} 1\$" >/dev/null; }
wait_until 5 has_cease || fail "Cease not counted: $(scrape | grep notifications)"
GOBGPD[n2]=$(ns_spawn n2 "$WORK/gobgpd-n2b.log" gobgpd -f "$WORK/n2.toml" --api-hosts 127.0.0.1:50051)
wait_until 10 gobgp_cli n2 global || fail "gobgpd n2 API not up again"
gobgp_cli n2 global rib add "$VIP/32" -a ipv4 >/dev/null
wait_until 30 neighbor_state_is "$SOCK" 10.21.0.2 Established || fail "n2 did not come back"
wait_until 15 count_is "2 2 complete" anycast_status || fail "anycast after the reset: $(ctl show anycast --json)"
wait_until 15 compare_with_bgpctl || fail "metrics disagree with bgpctl after the reset: $(cat "$WORK/compare.err")"
log "the peer's restart counted as a flap and a received Cease"

kill -TERM "$BGPD_PID"
wait_until 10 bash -c "! kill -0 $BGPD_PID 2>/dev/null" || fail "bgpd did not exit on SIGTERM"

# Off unless configured: the same daemon without [metrics] leaves the port closed.
ns_add off
cat >"$WORK/off.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.12"
[fib]
install = false
EOT
refused() { local rc=0; ns_exec off curl -s -o /dev/null --max-time 5 "$1" || rc=$?; [[ $rc == 7 ]]; }
OFF_PID=$(ns_spawn off "$WORK/bgpd-off.log" "$BGPD" -c "$WORK/off.toml" --control-socket "$WORK/off.sock")
wait_until 10 test -S "$WORK/off.sock" || fail "bgpd (no metrics) did not start"
refused http://127.0.0.1:9179/metrics || fail "metrics answered without [metrics] listen"
[[ -z "$(ns_exec off ss -Htln 'sport = :9179')" ]] || fail "something listens on 9179: $(ns_exec off ss -tln)"
grep -q "metrics at" "$WORK/bgpd-off.log" && fail "bgpd logged a metrics endpoint without one configured"
kill -TERM "$OFF_PID"
wait_until 10 bash -c "! kill -0 $OFF_PID 2>/dev/null" || fail "bgpd (no metrics) did not exit"

# --metrics-listen turns it on without the config entry.
OFF_PID=$(ns_spawn off "$WORK/bgpd-flag.log" "$BGPD" -c "$WORK/off.toml" --control-socket "$WORK/off.sock" --metrics-listen 127.0.0.1:9180)
wait_until 10 bash -c "ip netns exec $(ns off) curl -sf http://127.0.0.1:9180/metrics | grep -q '^bgpd_fib_enabled 0$'" ||
  fail "--metrics-listen 127.0.0.1:9180 not serving: $(ns_exec off curl -s http://127.0.0.1:9180/metrics | head)"
ns_exec off python3 "$CHECK" parse http://127.0.0.1:9180/metrics >/dev/null || fail "exposition without neighbours malformed"
rc=0
"$BGPD" -c "$WORK/off.toml" --metrics-listen localhost:9179 2>"$WORK/usage.err" || rc=$?
[[ $rc == 2 ]] || fail "malformed --metrics-listen: exit $rc, expected 2"
grep -q "must be ADDRESS:PORT" "$WORK/usage.err" || fail "malformed --metrics-listen: $(cat "$WORK/usage.err")"
log "ok"

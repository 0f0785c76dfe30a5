#!/usr/bin/env bash
# ADD-PATH send (RFC 7911): bgpd learns 172.30.0.10/32 from two neighbour
# ASes (lib/announce.py in 65101 and 65102, multipath-relax) and advertises it
# to two gobgpd receivers in AS 65201: rx1 negotiates ADD-PATH receive
# (bgpd's neighbour has add_path_send) and must hold both multipath paths,
# each with its own AS path (gobgpd's JSON does not show path ids, but it keeps
# two paths from one neighbour only under distinct ids); rx2 does not and gets the best path
# only. When one source withdraws, rx1 is left with the other path.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"
LIB="$(cd "$(dirname "$0")/lib" && pwd)"

netns_init addpath
for n in tor n1 n2 rx1 rx2; do ns_add "$n"; done
ns_link tor 10.20.0.101/24 n1 10.20.0.2/24
ns_link tor 172.20.0.101/24 n2 172.20.0.2/24
ns_link tor 10.31.0.101/24 rx1 10.31.0.2/24
ns_link tor 10.32.0.101/24 rx2 10.32.0.2/24
SOCK="$WORK/bgpd.sock"
VIP=172.30.0.10

cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = false
[bgp.ipv4_unicast]
maximum_paths = 8
multipath_relax = true
[fib]
install = false

[[neighbor]]
address = "10.20.0.2"
remote_as = 65101
passive = true
[[neighbor]]
address = "172.20.0.2"
remote_as = 65102
passive = true
[[neighbor]]
address = "10.31.0.2"
remote_as = 65201
hold_time = 9
keepalive = 3
connect_retry = 1
add_path_send = true
[[neighbor]]
address = "10.32.0.2"
remote_as = 65201
hold_time = 9
keepalive = 3
connect_retry = 1
add_path_send = true
EOT
bgpd_spawn tor
gobgp_node_config "$WORK/rx1.toml" 10.31.0.2 65201 10.31.0.101 65001 '  [neighbors.add-paths.config]
    receive = true'
gobgp_node_config "$WORK/rx2.toml" 10.32.0.2 65201 10.32.0.101 65001
for rx in rx1 rx2; do
  ns_spawn "$rx" "$WORK/gobgpd-$rx.log" gobgpd -f "$WORK/$rx.toml" --api-hosts 127.0.0.1:50051 >/dev/null
done
a1=$(ns_spawn n1 "$WORK/announce-n1.log" python3 "$LIB/announce.py" 10.20.0.101 10.20.0.2 65101 10.20.0.2 10.20.0.2 "$VIP/32")
ns_spawn n2 "$WORK/announce-n2.log" python3 "$LIB/announce.py" 172.20.0.101 172.20.0.2 65102 172.20.0.2 172.20.0.2 "$VIP/32" >/dev/null
for a in 10.20.0.2 172.20.0.2 10.31.0.2 10.32.0.2; do
  wait_until 30 neighbor_state_is "$SOCK" "$a" Established || fail "$a did not reach Established"
done

multipaths() { "$BGPCTL" -s "$SOCK" show routes "$VIP/32" --json | jq '[.[].paths[] | select(.multipath)] | length'; }
rx_paths() { gobgp_cli "$1" global rib -a ipv4 -j | jq -c "[.\"$VIP/32\" // [] | .[] | {as_path: ([.attrs[] | select(.type == 2) | .as_paths[].asns] | flatten)}]"; }
rx_count() { rx_paths "$1" | jq length; }
all_of() { local want="$1"; shift; [[ "$("$@")" == "$want" ]]; }

wait_until 15 all_of 2 multipaths || fail "bgpd did not make 2 multipaths: $("$BGPCTL" -s "$SOCK" show routes "$VIP/32")"
wait_until 15 all_of 2 rx_count rx1 || fail "rx1 (ADD-PATH) holds $(rx_paths rx1), want 2 paths"
holds_for 2 all_of 1 rx_count rx2 || fail "rx2 (no ADD-PATH) holds $(rx_paths rx2), want the best path only"
log "rx1 (add-path): $(rx_paths rx1); rx2: $(rx_paths rx2)"
[[ "$(rx_paths rx1 | jq -c '[.[].as_path] | sort')" == '[[65001,65101],[65001,65102]]' ]] || fail "rx1 paths: $(rx_paths rx1)"

kill -TERM "$a1"  # n1's session ends: its path is withdrawn (path id alone)
wait_until 15 all_of 1 rx_count rx1 || fail "rx1 still holds $(rx_paths rx1) after n1 went"
[[ "$(rx_paths rx1 | jq -c '[.[].as_path]')" == '[[65001,65102]]' ]] || fail "rx1 kept the wrong path: $(rx_paths rx1)"
holds_for 2 all_of 1 rx_count rx2 || fail "rx2 lost the route: $(rx_paths rx2)"
log "n1 gone: rx1 $(rx_paths rx1); rx2 $(rx_paths rx2)"

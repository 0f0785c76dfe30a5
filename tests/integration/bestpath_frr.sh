#!/usr/bin/env bash
# Best path and multipath, bgpd against FRR: the same paths from the same six
# feeder peers (four eBGP in three ASes, two iBGP; lib/bestpath.py, one BGP
# speaker process holding every session) go to bgpd and to FRR (zebra + bgpd)
# configured alike (maximum-paths 8 / ibgp 8, the round's bestpath options),
# and for every scenario prefix of lib/bestpath_table.py the best path and the
# multipath set of `vtysh -c 'show ip bgp json'` and `bgpctl show routes
# --json` must agree with each other and with the table. Three rounds:
# multipath-relax, strict (no relax), relax + always-compare-med +
# missing-as-worst.
#
# FRR settings that make it decide as bgpd does by design (both are operator
# knobs, so the comparison is fair):
#  - bgp bestpath compare-routerid: bgpd breaks eBGP ties by router ID (RFC
#    4271 §9.1.2.2 f); FRR's default prefers the oldest path (RFC 5004),
#    which depends on arrival order.
#  - bgp deterministic-med: bgpd's decision does not depend on the order
#    paths arrived in; FRR's default MED comparison can.
#
# Topology: namespace feed holds a bridge with the feeders' addresses
# (10.0.0.11-13, .21, .22, .31); bgpd (10.0.0.1) and FRR (10.0.0.2) each
# have a veth into it. Everything is passive on the routers' side.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"
LIB="$(cd "$(dirname "$0")/lib" && pwd)"

netns_init bestpath-frr
ns_add feed
ns_add dut
ns_add frr
ns_exec feed ip link add br0 type bridge
ns_exec feed ip link set br0 up
for a in 11 12 13 21 22 31; do ns_exec feed ip addr add "10.0.0.$a/24" dev br0; done
# attach NS ADDR/LEN: a veth from NS into the feed bridge.
attach() {
  local n="$1" addr="$2" a="b$1$RANDOM" b="f$1$RANDOM"
  ip link add "${a:0:15}" type veth peer name "${b:0:15}"
  ip link set "${a:0:15}" netns "$(ns "$n")"
  ip link set "${b:0:15}" netns "$(ns feed)"
  ns_exec feed ip link set "${b:0:15}" master br0 up
  ns_exec "$n" ip addr add "$addr" dev "${a:0:15}"
  ns_exec "$n" ip link set "${a:0:15}" up
}
attach dut 10.0.0.1/24
attach frr 10.0.0.2/24

TOTAL_PATHS="$(python3 "$LIB/bestpath.py" paths)"
SOCK="$WORK/bgpd.sock"

# Neighbour lines for both configs, from the table's peers.
peers_json="$(python3 -c "import sys, json; sys.path.insert(0, '$LIB'); from bestpath_table import PEERS; print(json.dumps(PEERS))")"

write_bgpd_config() {  # ROUND
  local opts; opts="$(python3 -c "import sys, json; sys.path.insert(0, '$LIB'); from bestpath_table import ROUNDS; print(json.dumps(ROUNDS['$1']['bgpd']))")"
  {
    cat <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.1"
ebgp_requires_policy = false
[bgp.ipv4_unicast]
maximum_paths = 8
maximum_paths_ibgp = 8
multipath_relax = $(jq -r .multipath_relax <<<"$opts")
[bgp.bestpath]
med_always_compare = $(jq -r .med_always_compare <<<"$opts")
med_missing_as_worst = $(jq -r .med_missing_as_worst <<<"$opts")
[fib]
install = false
EOT
    jq -r 'to_entries[] | "[[neighbor]]\naddress = \"\(.value[0])\"\nremote_as = \(.value[1])\npassive = true\nhold_time = 90\n"' <<<"$peers_json"
  } >"$WORK/bgpd.toml"
}

write_frr_config() {  # ROUND DIR
  {
    cat <<EOT
frr defaults traditional
hostname frr-dut
router bgp 65001
 bgp router-id 10.0.255.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 bgp bestpath compare-routerid
 bgp deterministic-med
EOT
    python3 -c "import sys; sys.path.insert(0, '$LIB'); from bestpath_table import ROUNDS; print('\n'.join(' ' + l for l in ROUNDS['$1']['frr_bgp']))"
    jq -r 'to_entries[] | " neighbor \(.value[0]) remote-as \(.value[1])\n neighbor \(.value[0]) passive"' <<<"$peers_json"
    cat <<EOT
 address-family ipv4 unicast
  maximum-paths 8
  maximum-paths ibgp 8
 exit-address-family
EOT
  } >"$2/frr.conf"
  chmod 0666 "$2/frr.conf"
}

frr_json() { ns_exec frr vtysh --vty_socket "$1" -c 'show ip bgp json'; }
frr_paths() { frr_json "$1" | jq '[.routes // {} | .[] | length] | add // 0'; }
bgpd_paths() { "$BGPCTL" -s "$SOCK" show routes --json | jq '[.[].paths | length] | add // 0'; }
all_paths_in() { [[ "$(frr_paths "$1")" == "$TOTAL_PATHS" && "$(bgpd_paths)" == "$TOTAL_PATHS" ]]; }

stop() { for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done; for pid in "$@"; do
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$pid" 2>/dev/null || true; done; }

failed=0
for round in $(python3 -c "import sys; sys.path.insert(0, '$LIB'); from bestpath_table import ROUNDS; print(' '.join(ROUNDS))"); do
  log "round $round"
  d="$WORK/frr-$round"
  mkdir -p "$d" && chmod 0777 "$d"
  write_bgpd_config "$round"
  write_frr_config "$round" "$d"
  rm -f "$SOCK"
  bgpd_spawn dut
  zebra=$(ns_spawn frr "$WORK/zebra-$round.log" /usr/lib/frr/zebra -f "$d/frr.conf" -i "$d/zebra.pid" -z "$d/zserv.api" --vty_socket "$d")
  wait_until 10 test -S "$d/zserv.api" || fail "zebra did not start"
  frrbgpd=$(ns_spawn frr "$WORK/frr-bgpd-$round.log" /usr/lib/frr/bgpd -f "$d/frr.conf" -i "$d/bgpd.pid" -z "$d/zserv.api" --vty_socket "$d" -p 179 --log stdout)
  wait_until 10 ns_exec frr vtysh --vty_socket "$d" -c 'show bgp summary' || fail "FRR bgpd did not start"
  feeder=$(ns_spawn feed "$WORK/feeder-$round.log" python3 "$LIB/bestpath.py" feed 10.0.0.1 10.0.0.2)
  wait_until 45 grep -q '"fed"' "$WORK/feeder-$round.log" || fail "feeder did not establish its sessions: $(cat "$WORK/feeder-$round.log")"
  wait_until 20 all_paths_in "$d" ||
    fail "not every path arrived: FRR $(frr_paths "$d"), bgpd $(bgpd_paths) of $TOTAL_PATHS; feeder: $(cat "$WORK/feeder-$round.log");" \
      "FRR: $(frr_json "$d" | jq -c '.routes | map_values([.[].peerId])')"
  sleep 1  # let both finish their decision runs (FRR's is deferred)
  frr_json "$d" >"$WORK/frr-$round.json"
  "$BGPCTL" -s "$SOCK" show routes --json >"$WORK/bgpd-$round.json"
  if ! python3 "$LIB/bestpath.py" check "$round" "$WORK/frr-$round.json" "$WORK/bgpd-$round.json" >&2; then
    failed=1
  fi
  stop "$feeder" "$BGPD_PID" "$frrbgpd" "$zebra"
done
[[ $failed -eq 0 ]] || fail "bgpd and FRR disagree (or differ from the table); see the rows marked FAIL"

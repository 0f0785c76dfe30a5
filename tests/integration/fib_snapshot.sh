#!/usr/bin/env bash
# The session thread never waits for the FIB: `bgpctl show fib` (and show
# routes/anycast, which read the same kernel snapshot) is answered once the
# FIB thread has built the snapshot, while the session thread keeps running
# every hold and keepalive timer. A raw peer loads FIB_SNAPSHOT_ROUTES /32s
# (default 200 000) into a FIB-installing bgpd while `bgpctl show fib` runs in
# a loop; no session may drop and bgpd's KEEPALIVEs (negotiated hold 9 s,
# keepalive 3 s) must keep their schedule: no gap above FIB_SNAPSHOT_MAX_GAP
# seconds (default 4.5) at the peer.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

ROUTES="${FIB_SNAPSHOT_ROUTES:-200000}"
DURATION="${FIB_SNAPSHOT_DURATION:-40}"
MAX_GAP="${FIB_SNAPSHOT_MAX_GAP:-4.5}"
netns_init fib-snapshot
ns_add tor
ns_add raw
ns_link tor 10.20.0.101/24 raw 10.20.0.3/24
SOCK="$WORK/bgpd.sock"
cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = false

[[neighbor]]
address = "10.20.0.3"
remote_as = 65102
hold_time = 9
keepalive = 3
passive = true

[fib]
install = true
table = 254
EOT
bgpd_spawn tor
ns_spawn raw "$WORK/raw.out" python3 "$(dirname "$0")/lib/raw_peer.py" load-and-watch 10.20.0.101 10.20.0.3 65102 10.20.0.3 \
  "$ROUTES" "$DURATION" >/dev/null
wait_until 20 neighbor_state_is "$SOCK" 10.20.0.3 Established || fail "session not Established"
calls=0 slowest=0
while ! grep -q keepalives "$WORK/raw.out"; do
  t0=$(date +%s%3N)
  "$BGPCTL" -s "$SOCK" show fib --json >/dev/null || fail "show fib failed"
  t=$(( $(date +%s%3N) - t0 )); ((t > slowest)) && slowest=$t
  calls=$((calls + 1))
  sleep 0.1
done
installed="$(ns_exec tor ip -4 route show table 254 proto 186 | wc -l)"
verdict="$(grep keepalives "$WORK/raw.out")"
log "$(grep loaded "$WORK/raw.out" || echo 'not all routes sent'); $calls show fib calls (slowest $slowest ms), $installed routes in the kernel; peer saw: $verdict"
jq -e 'has("closed") or has("notification") or has("error") | not' <<<"$verdict" >/dev/null || fail "the session dropped: $verdict"
jq -e --argjson max "$MAX_GAP" '.max_gap_s <= $max' <<<"$verdict" >/dev/null ||
  fail "bgpd's KEEPALIVEs missed their schedule: $verdict (limit $MAX_GAP s)"
neighbor_state_is "$SOCK" 10.20.0.3 Established || fail "session not Established at the end"
((calls >= 3)) || fail "only $calls show fib calls completed"

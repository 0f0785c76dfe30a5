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
wait_until 60 neighbor_state_is "$SOCK" 10.20.0.3 Established || fail "session not Established"
# bgpctl gives up after 10 s (exit 6); the snapshot waits behind the FIB's
# backlog, so under load a call may time out: counted, not a failure here.
calls=0 slowest=0 timeouts=0
while ! grep -q keepalives "$WORK/raw.out"; do
  t0=$(date +%s%3N)
  rc=0
  "$BGPCTL" -s "$SOCK" show fib --json >/dev/null 2>&1 || rc=$?
  t=$(( $(date +%s%3N) - t0 ))
  if ((rc == 6)); then
    timeouts=$((timeouts + 1))
  elif ((rc != 0)); then
    fail "show fib failed (exit $rc)"
  else
    ((t > slowest)) && slowest=$t
    calls=$((calls + 1))
  fi
  sleep 0.1
done
installed="$(ns_exec tor ip -4 route show table 254 proto 186 | wc -l)"
verdict="$(grep keepalives "$WORK/raw.out")"
log "$(grep loaded "$WORK/raw.out" || echo 'not all routes sent'); $calls show fib answers (slowest $slowest ms), $timeouts bgpctl timeouts, $installed routes in the kernel; peer saw: $verdict"
jq -e 'has("closed") or has("notification") or has("error") | not' <<<"$verdict" >/dev/null || fail "the session dropped: $verdict"
jq -e --argjson max "$MAX_GAP" '.max_gap_s <= $max' <<<"$verdict" >/dev/null ||
  fail "bgpd's KEEPALIVEs missed their schedule: $verdict (limit $MAX_GAP s)"
neighbor_state_is "$SOCK" 10.20.0.3 Established || fail "session not Established at the end"
((calls + timeouts >= 3)) || fail "only $((calls + timeouts)) show fib calls made"
"$BGPCTL" -s "$SOCK" show fib --json >/dev/null || fail "show fib does not answer once the routes are in"

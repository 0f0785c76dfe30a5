#!/usr/bin/env bash
# Back-pressure: a raw peer floods FLOOD_PREFIXES host routes (default
# 500 000, ~45 s; FLOOD_PREFIXES=2000000 for the full-table figure in the
# README) FLOOD_ROUNDS times (default 2), each round with the other next
# hop, into a bgpd that installs them in the kernel. bgpd must hold the peer
# back through TCP (it stops reading while its FIB queue is above its
# high-water mark) rather than buffer the flood: its RSS while flooding may
# exceed its RSS once everything is programmed by at most FLOOD_MAX_EXCESS_MIB
# (default 64; 128 for an ASan build, see below). The session stays Established throughout (the hold timer is
# kept while unread data waits) and every prefix is accepted.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

PREFIXES="${FLOOD_PREFIXES:-500000}"
ROUNDS="${FLOOD_ROUNDS:-2}"
MAX_EXCESS_MIB="${FLOOD_MAX_EXCESS_MIB:-64}"

# A sanitized bgpd (the CI build) keeps up to 256 MiB of freed memory in
# ASan's quarantine, which would count here as buffering. A small quarantine
# keeps use-after-free detection for recently freed blocks (integration.soak
# runs with the full one) while RSS again reflects what bgpd holds.
# Its redzones and shadow memory also double what each queued update costs,
# so the default bound doubles with them.
if grep -q __asan_init "$BGPD"; then
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
  MAX_EXCESS_MIB="${FLOOD_MAX_EXCESS_MIB:-128}"
fi

netns_init flood
ns_add tor
ns_add raw
ns_link tor 10.20.0.101/24 raw 10.20.0.3/24
ip -n "$(ns raw)" addr add 10.20.0.4/24 dev "$(ip -n "$(ns raw)" -o link show type veth | awk -F'[ :@]+' '{print $2; exit}')"
SOCK="$WORK/bgpd.sock"

cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = false

[fib]
install = true

[[neighbor]]
address = "10.20.0.3"
remote_as = 65102
passive = true
hold_time = 9
keepalive = 3
EOT
BGPD_PID=$(ns_spawn tor "$WORK/bgpd.log" "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$SOCK" --log-level info)
wait_until 20 test -S "$SOCK" || fail "bgpd did not create its control socket"

ns_exec raw python3 "$(dirname "$0")/lib/flood.py" 10.20.0.101 10.20.0.3 65102 "$BGPCTL" "$SOCK" "$BGPD_PID" "$(ns tor)" \
  "$PREFIXES" "$ROUNDS" 10.20.0.3 10.20.0.4 >"$WORK/flood.json" 2>"$WORK/flood.log" || {
  cat "$WORK/flood.log" >&2
  fail "flood driver failed"
}
figures="$(cat "$WORK/flood.json")"
pauses=$(grep -c "receive paused" "$WORK/bgpd.log" || true)
log "figures: $figures; receive pauses: $pauses"
kill -0 "$BGPD_PID" || fail "bgpd died"
[[ "$(jq -r .state <<<"$figures")" == Established ]] || fail "the flooding session did not survive"
(( $(jq .prefixes_accepted <<<"$figures") == PREFIXES )) || fail "not every prefix accepted"
excess=$(jq .peak_minus_steady_kib <<<"$figures")
log "RSS peak - steady: $((excess / 1024)) MiB (bound $MAX_EXCESS_MIB MiB)"
((excess <= MAX_EXCESS_MIB * 1024)) || fail "bgpd buffered the flood: peak RSS $((excess / 1024)) MiB above steady state"
((pauses > 0)) || fail "back-pressure never engaged (no 'receive paused' in the log)"

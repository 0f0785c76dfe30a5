#!/usr/bin/env bash
# Untrusted input: a raw-socket peer sends malformed OPENs, headers and
# UPDATEs; each gets the NOTIFICATION RFC 4271 / RFC 7606 prescribe, an
# unknown peer gets Cease/Connection Rejected, and meanwhile a gobgpd session
# on the same bgpd stays Established and bgpd keeps running.
#   malformed.sh          OPEN and header errors, unknown peer
#   malformed.sh rfc7606  every RFC 7606 case of lib/rfc7606_suite.py (one
#                         table: malformation -> withdraw/discard/reset with
#                         NOTIFICATION, counters, log line), gobgpd's route kept;
#                         then its iBGP table from 10.20.0.9 as an internal peer
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

MODE="${1:-open}"
netns_init "malformed-$MODE"
ns_add tor
ns_add node1
ns_add raw
ip netns exec "$(ns tor)" ip link add br0 type bridge
ip -n "$(ns tor)" link set br0 up
ip -n "$(ns tor)" addr add 10.20.0.101/24 dev br0
for n in node1 raw; do
  dev="vm${n:0:3}$RANDOM"
  ip link add "${dev:0:15}" type veth peer name "${dev:0:13}p"
  ip link set "${dev:0:15}" netns "$(ns tor)"
  ip link set "${dev:0:13}p" netns "$(ns $n)"
  ip -n "$(ns tor)" link set "${dev:0:15}" master br0 up
  ip -n "$(ns $n)" link set "${dev:0:13}p" up
  [[ $n == node1 ]] && ip -n "$(ns $n)" addr add 10.20.0.2/24 dev "${dev:0:13}p"
  [[ $n == raw ]] && ip -n "$(ns $n)" addr add 10.20.0.3/24 dev "${dev:0:13}p" && ip -n "$(ns $n)" addr add 10.20.0.9/24 dev "${dev:0:13}p"
done
SOCK="$WORK/bgpd.sock"

bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.2 65101 'ebgp_multihop = 4

[[neighbor]]
address = "10.20.0.3"
remote_as = 65102
passive = true
hold_time = 9'
if [[ $MODE == rfc7606 ]]; then
  # An internal peer for the suite's iBGP table (10.20.0.9 stays an unknown
  # peer in the default mode).
  cat >>"$WORK/bgpd.toml" <<'EOT'

[[neighbor]]
address = "10.20.0.9"
remote_as = 65001
passive = true
hold_time = 9
EOT
fi
gobgp_node_config "$WORK/node1.toml" 10.20.0.2 65101 10.20.0.101 65001
bgpd_spawn tor
ns_spawn node1 "$WORK/gobgpd.log" gobgpd -f "$WORK/node1.toml" --api-hosts 127.0.0.1:50051 >/dev/null
wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "gobgpd session not established"

gobgp_cli node1 global rib add 172.30.0.10/32 -a ipv4 >/dev/null
node_route() { "$BGPCTL" -s "$SOCK" --json show routes 172.30.0.10/32 | jq -e '.[0].paths[] | select(.peer == "10.20.0.2")'; }
wait_until 15 node_route || fail "gobgpd's route never reached bgpd"

if [[ $MODE == rfc7606 ]]; then
  ns_exec raw python3 "$(dirname "$0")/lib/rfc7606_suite.py" 10.20.0.101 10.20.0.3 65102 10.20.0.3 "$BGPCTL" "$SOCK" \
    "$WORK/bgpd.log" >"$WORK/suite.out" 2>&1 || { cat "$WORK/suite.out" >&2; fail "RFC 7606 suite failed"; }
  jq -c '{case, notification, route}' "$WORK/suite.out" >&2 || true
  ns_exec raw python3 "$(dirname "$0")/lib/rfc7606_suite.py" 10.20.0.101 10.20.0.9 65001 10.20.0.9 "$BGPCTL" "$SOCK" \
    "$WORK/bgpd.log" ibgp >"$WORK/suite-ibgp.out" 2>&1 || { cat "$WORK/suite-ibgp.out" >&2; fail "RFC 7606 suite (iBGP) failed"; }
  jq -c '{case, notification, route}' "$WORK/suite-ibgp.out" >&2 || true
  kill -0 "$BGPD_PID" || fail "bgpd died"
  json="$(bgpd_neighbor_json "$SOCK" 10.20.0.2)"
  [[ "$(jq -r .state <<<"$json")" == Established && "$(jq -r .flaps <<<"$json")" == 0 ]] || fail "gobgpd session disturbed: $json"
  gobgp_established node1 10.20.0.101 || fail "gobgpd lost its session"
  node_route >/dev/null || fail "gobgpd's route lost"
  log "$(tail -n 1 "$WORK/suite.out"); raw peer counters: $(neighbor_field "$SOCK" 10.20.0.3 rfc7606 | jq -c .)"
  log "iBGP: $(tail -n 1 "$WORK/suite-ibgp.out"); counters: $(neighbor_field "$SOCK" 10.20.0.9 rfc7606 | jq -c .)"
  exit 0
fi

RAW="$(dirname "$0")/lib/raw_peer.py"
expect() {  # expect CASE SOURCE CODE SUBCODE [DATA_HEX]
  local case="$1" source="$2" code="$3" subcode="$4" data="${5:-}"
  local out; out="$(ns_exec raw python3 "$RAW" "$case" 10.20.0.101 "$source" 65102 10.20.0.3)" || fail "$case: raw peer failed: $out"
  jq -e --argjson c "$code" --argjson s "$subcode" '.notification.code == $c and .notification.subcode == $s' <<<"$out" >/dev/null ||
    fail "$case: expected NOTIFICATION $code/$subcode, got $out"
  if [[ -n "$data" ]]; then
    [[ "$(jq -r .notification.data <<<"$out")" == "$data" ]] || fail "$case: expected data $data, got $out"
  fi
  log "$case -> $code/$subcode ok"
  kill -0 "$BGPD_PID" || fail "bgpd died after $case"
}

expect open-hold-time-1 10.20.0.3 2 6
expect open-version-3 10.20.0.3 2 1 0004
expect open-bad-peer-as 10.20.0.3 2 2
expect open-zero-router-id 10.20.0.3 2 3
expect header-bad-marker 10.20.0.3 1 1
expect header-bad-type 10.20.0.3 1 3 09
expect update-attribute-list-overrun 10.20.0.3 3 1
expect update-bad-length 10.20.0.3 1 2 0014
expect unknown-peer 10.20.0.9 6 5

# The other session never noticed.
json="$(bgpd_neighbor_json "$SOCK" 10.20.0.2)"
[[ "$(jq -r .state <<<"$json")" == Established && "$(jq -r .flaps <<<"$json")" == 0 ]] || fail "gobgpd session disturbed: $json"
gobgp_established node1 10.20.0.101 || fail "gobgpd lost its session"
node_route >/dev/null || fail "gobgpd's route lost"
err="$(neighbor_field "$SOCK" 10.20.0.3 last_error)"
[[ "$(jq -r .direction <<<"$err")" == sent ]] || fail "last error of the raw peer not recorded: $err"
log "raw peer's last error: $(jq -c '{code_name, subcode_name}' <<<"$err")"

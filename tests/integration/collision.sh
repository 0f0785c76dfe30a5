#!/usr/bin/env bash
# RFC 4271 §6.8 connection collision, driven deterministically by a raw-socket
# peer: bgpd's connection to the peer and the peer's connection to bgpd both
# reach OpenSent, then the peer's OPEN arrives on both. The connection opened
# by the side with the higher BGP Identifier survives; the other one gets
# Cease/Connection Collision Resolution (RFC 4486 subcode 7).
#   collision.sh higher-id   peer 10.20.0.3 > our 10.0.255.11: bgpd's outgoing one is closed
#   collision.sh lower-id    peer 10.0.0.1  < our 10.0.255.11: the peer's one is closed
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

CASE="${1:?higher-id|lower-id}"
netns_init "collision-$CASE"
ns_add tor
ns_add raw
ns_link tor 10.20.0.101/24 raw 10.20.0.3/24
SOCK="$WORK/bgpd.sock"
case "$CASE" in
  higher-id) RID=10.20.0.3 CLOSED=bgpd_outgoing KEPT=bgpd_incoming KEPT_DIR=incoming ;;
  lower-id) RID=10.0.0.1 CLOSED=bgpd_incoming KEPT=bgpd_outgoing KEPT_DIR=outgoing ;;
  *) fail "unknown case $CASE" ;;
esac

bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.3 65102
ns_spawn raw "$WORK/raw.out" python3 "$(dirname "$0")/lib/raw_peer.py" collision 10.20.0.101 10.20.0.3 65102 "$RID" 8 >/dev/null
wait_until 10 grep -q listening "$WORK/raw.out" || fail "raw peer did not listen"
bgpd_spawn tor
wait_until 20 grep -q "$CLOSED" "$WORK/raw.out" || fail "raw peer got no verdict: $(cat "$WORK/raw.out")"
verdict="$(tail -n 1 "$WORK/raw.out")"
jq -e ".$CLOSED.type == \"notification\" and .$CLOSED.code == 6 and .$CLOSED.subcode == 7" <<<"$verdict" >/dev/null ||
  fail "expected Cease/7 on $CLOSED: $verdict"
jq -e ".$KEPT.type == \"keepalive\"" <<<"$verdict" >/dev/null || fail "expected $KEPT to survive: $verdict"
wait_until 5 neighbor_state_is "$SOCK" 10.20.0.3 Established || fail "surviving connection not Established"
[[ "$(neighbor_field "$SOCK" 10.20.0.3 connection)" == "$KEPT_DIR" ]] || fail "bgpd kept the wrong connection"
grep -q "connection collision (RFC 4271 §6.8)" "$WORK/bgpd.log" || fail "collision not logged"
log "verdict: $verdict"

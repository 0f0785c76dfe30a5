#!/usr/bin/env bash
# A peer's connections beyond the first, driven by a raw-socket peer:
#   reconnect.sh second-connection-fails
#     RFC 4271 §6.8: a second connection while the session is Established
#     reaches OpenSent and its TCP fails. It must be retired, so that a third
#     connection is taken up (bgpd sends its OPEN on it) instead of refused as
#     "a collision already being resolved" for ever.
#   reconnect.sh graceful-reconnect
#     RFC 4724 §4.2: a graceful-restart peer reconnects while bgpd still shows
#     its old session as Established. The new connection replaces the old one
#     (no Cease/Connection Collision Resolution on it); the old session's
#     routes stay, marked stale, until End-of-RIB or the restart time.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

CASE="${1:?second-connection-fails|graceful-reconnect}"
netns_init "reconnect-$CASE"
ns_add tor
ns_add raw
ns_link tor 10.20.0.101/24 raw 10.20.0.3/24
SOCK="$WORK/bgpd.sock"
# passive: bgpd never connects out, so every connection here is the peer's.
bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.3 65102 'passive = true
graceful_restart = true'
bgpd_spawn tor
ns_spawn raw "$WORK/raw.out" python3 "$(dirname "$0")/lib/raw_peer.py" "$CASE" 10.20.0.101 10.20.0.3 65102 10.20.0.3 40 >/dev/null
wait_until 30 grep -q '^{' "$WORK/raw.out" || fail "raw peer reported nothing: $(cat "$WORK/raw.out")"
verdict="$(grep '^{' "$WORK/raw.out" | tail -n 1)"
log "verdict: $verdict"
case "$CASE" in
  second-connection-fails)
    jq -e '.second.type == "open"' <<<"$verdict" >/dev/null || fail "second connection did not reach OpenSent: $verdict"
    jq -e '.third.type == "open"' <<<"$verdict" >/dev/null ||
      fail "third connection refused: the failed second one was never retired: $verdict"
    # Against the Established session the new connection loses (§6.8, CollisionDetectEstablishedState off).
    jq -e '.third_after_open.type == "notification" and .third_after_open.code == 6 and .third_after_open.subcode == 7' \
      <<<"$verdict" >/dev/null || fail "third connection: expected Cease/7 after its OPEN: $verdict"
    neighbor_state_is "$SOCK" 10.20.0.3 Established || fail "the first session did not survive"
    ;;
  graceful-reconnect)
    jq -e '.new.type == "open" and .new_after_open.type == "keepalive"' <<<"$verdict" >/dev/null ||
      fail "the graceful-restart peer's new connection was not taken up: $verdict"
    jq -e '.old.type == "closed" or .old.type == "notification"' <<<"$verdict" >/dev/null ||
      fail "the old connection was not closed: $verdict"
    wait_until 5 neighbor_state_is "$SOCK" 10.20.0.3 Established || fail "new session not Established"
    # The old session's route is retained as stale (no End-of-RIB yet from the new one).
    stale="$(neighbor_field "$SOCK" 10.20.0.3 prefixes_stale)"
    [[ "$stale" == 1 ]] || fail "expected the old session's route kept as stale, prefixes_stale=$stale"
    "$BGPCTL" -s "$SOCK" show routes --json | jq -e 'map(select(.prefix == "172.30.0.10/32")) | length == 1' >/dev/null ||
      fail "the old session's route was flushed"
    grep -q "RFC 4724 §4.2" "$WORK/bgpd.log" || fail "replacement not logged"
    ;;
  *) fail "unknown case $CASE" ;;
esac

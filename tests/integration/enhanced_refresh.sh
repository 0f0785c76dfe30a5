#!/usr/bin/env bash
# Enhanced route refresh (RFC 7313 §4): the peer frames its re-advertisement
# with BoRR and EoRR; routes it does not re-send in between are purged at EoRR
# (no withdrawal comes for them).
#   enhanced_refresh.sh raw   a raw-socket peer answers bgpd's ROUTE-REFRESH
#                             with BoRR, one of its two routes, EoRR: the other
#                             one must go
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

CASE="${1:?raw}"
netns_init "enhanced-refresh-$CASE"
ns_add tor
ns_add peer
ns_link tor 10.20.0.101/24 peer 10.20.0.2/24
SOCK="$WORK/bgpd.sock"
accepted() { neighbor_field "$SOCK" 10.20.0.2 prefixes_accepted; }
has_route() { "$BGPCTL" -s "$SOCK" show routes --json | jq -e --arg p "$1" 'map(select(.prefix == $p)) | length == 1' >/dev/null; }

case "$CASE" in
  raw)
    bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.2 65102 'passive = true'
    bgpd_spawn tor
    ns_spawn peer "$WORK/raw.out" python3 "$(dirname "$0")/lib/raw_peer.py" enhanced-refresh 10.20.0.101 10.20.0.2 65102 10.20.0.2 90 >/dev/null
    wait_until 20 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "session not Established"
    negotiated_has "$SOCK" 10.20.0.2 enhanced-route-refresh || fail "enhanced route refresh not negotiated"
    wait_until 10 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show neighbors 10.20.0.2 --json | jq '.[0].prefixes_accepted') == 2 ]]" ||
      fail "the peer's two routes were not accepted"
    "$BGPCTL" -s "$SOCK" neighbor 10.20.0.2 clear soft in >/dev/null || fail "clear soft in failed"
    wait_until 10 grep -q refreshed "$WORK/raw.out" || fail "the peer saw no ROUTE-REFRESH: $(cat "$WORK/raw.out")"
    wait_until 5 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show neighbors 10.20.0.2 --json | jq '.[0].prefixes_accepted') == 1 ]]" ||
      fail "172.30.0.11/32 was not purged at EoRR: $(accepted) prefixes accepted"
    has_route 172.30.0.10/32 || fail "the re-sent route went too"
    has_route 172.30.0.11/32 && fail "172.30.0.11/32 still in the RIB"
    [[ "$(neighbor_field "$SOCK" 10.20.0.2 prefixes_stale)" == 0 ]] || fail "stale paths left after EoRR"
    neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "session dropped"
    ;;
  *) fail "unknown case $CASE" ;;
esac

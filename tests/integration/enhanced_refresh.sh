#!/usr/bin/env bash
# Enhanced route refresh (RFC 7313 §4): the peer frames its re-advertisement
# with BoRR and EoRR; routes it does not re-send in between are purged at EoRR
# (no withdrawal comes for them).
#   enhanced_refresh.sh raw   a raw-socket peer answers bgpd's ROUTE-REFRESH
#                             with BoRR, one of its two routes, EoRR: the other
#                             one must go
#   enhanced_refresh.sh frr   FRR answers with BoRR, its whole table, EoRR:
#                             nothing may be purged, and bgpd logs both markers
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

CASE="${1:?raw|frr}"
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
    ns_spawn peer "$WORK/raw.out" python3 "$(dirname "$0")/lib/raw_peer.py" enhanced-refresh 10.20.0.101 10.20.0.2 65102 10.20.0.2 25 >/dev/null
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
  frr)
    FRR_DIR="$WORK/frr"
    mkdir -p "$FRR_DIR" && chmod 0777 "$FRR_DIR"
    bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.2 65201
    cat >"$FRR_DIR/frr.conf" <<EOT
frr defaults traditional
hostname frr-peer
router bgp 65201
 bgp router-id 10.20.0.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 10.20.0.101 remote-as 65001
 neighbor 10.20.0.101 timers 3 9
 neighbor 10.20.0.101 timers connect 1
 address-family ipv4 unicast
  network 172.30.0.10/32
  network 172.30.0.11/32
  neighbor 10.20.0.101 activate
 exit-address-family
EOT
    chmod 0666 "$FRR_DIR/frr.conf"
    bgpd_spawn tor
    ns_spawn peer "$WORK/frr-bgpd.log" /usr/lib/frr/bgpd -Z -f "$FRR_DIR/frr.conf" -i "$FRR_DIR/bgpd.pid" \
      --vty_socket "$FRR_DIR" -p 179 >/dev/null
    wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "session with FRR not Established"
    negotiated_has "$SOCK" 10.20.0.2 enhanced-route-refresh || fail "enhanced route refresh not negotiated with FRR"
    wait_until 10 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show neighbors 10.20.0.2 --json | jq '.[0].prefixes_accepted') == 2 ]]" ||
      fail "FRR's two routes were not accepted"
    "$BGPCTL" -s "$SOCK" neighbor 10.20.0.2 clear soft in >/dev/null || fail "clear soft in failed"
    wait_until 10 grep -q "End-of-RIB-Refresh for ipv4-unicast" "$WORK/bgpd.log" || fail "no EoRR from FRR handled"
    grep -q "Beginning-of-RIB-Refresh for ipv4-unicast" "$WORK/bgpd.log" || fail "no BoRR from FRR handled"
    holds_for 3 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show neighbors 10.20.0.2 --json | jq '.[0].prefixes_accepted') == 2 ]]" ||
      fail "routes FRR re-sent were purged"
    [[ "$(neighbor_field "$SOCK" 10.20.0.2 prefixes_stale)" == 0 ]] || fail "stale paths left after FRR's EoRR"
    log "$(grep -h "RIB-Refresh" "$WORK/bgpd.log" | sed 's/^.*neighbor/neighbor/' | tr '\n' ';')"
    ;;
  *) fail "unknown case $CASE" ;;
esac

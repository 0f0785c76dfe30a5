#!/usr/bin/env bash
# bgpd against FRR's bgpd (Debian frr 8.4, run with -Z: no zebra needed for a
# session): the session establishes, IPv4 and IPv6 unicast, route refresh,
# enhanced route refresh, extended messages and 4-octet AS are negotiated,
# routes flow both ways, and a ROUTE-REFRESH from FRR is answered.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

netns_init frr
ns_add tor
ns_add frr
ns_link tor 10.20.0.101/24 frr 10.20.0.2/24
SOCK="$WORK/bgpd.sock"
FRR_DIR="$WORK/frr"
mkdir -p "$FRR_DIR" && chmod 0777 "$FRR_DIR"

bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.2 65201 'families = ["ipv4-unicast", "ipv6-unicast"]'
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
  neighbor 10.20.0.101 activate
 exit-address-family
 address-family ipv6 unicast
  neighbor 10.20.0.101 activate
 exit-address-family
EOT
chmod 0666 "$FRR_DIR/frr.conf"

bgpd_spawn tor
ns_spawn frr "$WORK/frr-bgpd.log" /usr/lib/frr/bgpd -Z -f "$FRR_DIR/frr.conf" -i "$FRR_DIR/bgpd.pid" \
  --vty_socket "$FRR_DIR" -p 179 >/dev/null
frr() { ns_exec frr vtysh --vty_socket "$FRR_DIR" -d bgpd -c "$1"; }
frr_peer() { frr "show bgp neighbors 10.20.0.101 json" | jq ".\"10.20.0.101\".$1"; }

wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "bgpd did not reach Established with FRR"
wait_until 10 bash -c "[[ \$(ip netns exec $(ns frr) vtysh --vty_socket $FRR_DIR -d bgpd -c 'show bgp neighbors 10.20.0.101 json' | jq -r '.\"10.20.0.101\".bgpState') == Established ]]" ||
  fail "FRR did not reach Established"
negotiated_has "$SOCK" 10.20.0.2 "multiprotocol(ipv4-unicast)" "multiprotocol(ipv6-unicast)" route-refresh \
  enhanced-route-refresh extended-message 4-octet-as || fail "capabilities not negotiated with FRR"
# FRR also sends our own networks back (no eBGP split horizon); they carry
# our AS and are not accepted (RFC 4271 §9.1.2 loop detection).
wait_until 10 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show neighbors 10.20.0.2 --json | jq '.[0].prefixes_accepted') == 1 ]]" ||
  fail "bgpd did not accept FRR's prefix: $(bgpd_neighbor_json "$SOCK" 10.20.0.2 | jq -c '[.prefixes_received, .prefixes_accepted]')"
wait_until 10 bash -c "ip netns exec $(ns frr) vtysh --vty_socket $FRR_DIR -d bgpd -c 'show bgp ipv4 unicast json' | jq -e '.routes | has(\"192.168.20.0/24\") and has(\"10.20.0.0/24\")'" ||
  fail "FRR did not receive our networks"

# FRR's "clear soft in" sends a ROUTE-REFRESH (RFC 2918); we answer with our
# routes framed by BoRR/EoRR (RFC 7313) and the session stays up.
before="$(neighbor_field "$SOCK" 10.20.0.2 messages.in.route_refresh)"
frr "clear bgp ipv4 unicast 10.20.0.101 soft in" >/dev/null
wait_until 10 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show neighbors 10.20.0.2 --json | jq '.[0].messages.in.route_refresh') -gt $before ]]" ||
  fail "no ROUTE-REFRESH seen from FRR"
holds_for 3 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "session dropped after ROUTE-REFRESH"

# An administrative shutdown from FRR arrives as Cease/Administrative Shutdown
# with its RFC 9003 message.
frr "configure terminal
router bgp 65201
neighbor 10.20.0.101 shutdown message maintenance window" >/dev/null 2>&1 || true
wait_until 10 neighbor_state_is_not "$SOCK" 10.20.0.2 Established || fail "FRR's shutdown did not end the session"
err="$(neighbor_field "$SOCK" 10.20.0.2 last_error)"
[[ "$(jq -r .subcode_name <<<"$err")" == "Administrative Shutdown" ]] || fail "unexpected last error $err"
[[ "$(jq -r .text <<<"$err")" == "maintenance window" ]] || fail "RFC 9003 text not decoded: $err"
log "last error: $(jq -c '{direction, code_name, subcode_name, text}' <<<"$err")"

#!/usr/bin/env bash
# bgpd against gobgpd configured as Cilium configures it (AS 65101, hold 9 s,
# keepalive 3 s, graceful restart 15 s, eBGP multihop TTL 4; DESIGN.md).
#   gobgp.sh gobgp-connects   bgpd passive, gobgpd opens the connection
#   gobgp.sh bgpd-connects    gobgpd passive-mode, bgpd opens the connection
#   gobgp.sh collision        both open at the same moment (RFC 4271 §6.8)
#   gobgp.sh md5              TCP MD5 (RFC 2385) on both sides
#   gobgp.sh md5-mismatch     different passwords: never establishes
#   gobgp.sh hold-timer       gobgpd SIGSTOPped: dropped with Hold Timer Expired, back after SIGCONT
#   gobgp.sh dynamic          no neighbor config, only a listen range
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

SCENARIO="${1:?scenario}"
netns_init "gobgp-$SCENARIO"
ns_add tor
ns_add node1
ns_link tor 10.20.0.101/24 node1 10.20.0.2/24
SOCK="$WORK/bgpd.sock"

bgpd_passive=false
bgpd_password=""
gobgp_extra=""
neighbor_block=true
case "$SCENARIO" in
  gobgp-connects) bgpd_passive=true ;;
  bgpd-connects) gobgp_extra='  [neighbors.transport.config]
    passive-mode = true' ;;
  collision) ;;
  md5) bgpd_password="cilium-secret"; gobgp_extra='    auth-password = "cilium-secret"' ;;
  md5-mismatch) bgpd_password="tor-secret"; gobgp_extra='    auth-password = "node-secret"' ;;
  hold-timer) ;;
  dynamic) neighbor_block=false ;;
  *) fail "unknown scenario $SCENARIO" ;;
esac

{
  cat <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = false
[bgp.ipv4_unicast]
networks = ["10.20.0.0/24", "192.168.20.0/24"]

[[peer_group]]
name = "cilium"
hold_time = 9
keepalive = 3
connect_retry = 1
ebgp_multihop = 4
graceful_restart = true
restart_time = 15
EOT
  [[ -n "$bgpd_password" ]] && echo "password = \"$bgpd_password\""
  if $neighbor_block; then
    cat <<EOT

[[neighbor]]
address = "10.20.0.2"
remote_as = 65101
peer_group = "cilium"
passive = $bgpd_passive
EOT
  else
    cat <<EOT

[[listen_range]]
prefix = "10.20.0.0/24"
remote_as = 65101
peer_group = "cilium"
limit = 4
EOT
  fi
} >"$WORK/bgpd.toml"
"$BGPD" --check-config -c "$WORK/bgpd.toml" >/dev/null || fail "config rejected"
gobgp_node_config "$WORK/node1.toml" 10.20.0.2 65101 10.20.0.101 65001 "$gobgp_extra"

if [[ "$SCENARIO" == collision ]]; then
  # Hold both SYNs back until both sides have sent one: neither side answers
  # ARP, so each SYN waits in the neighbour queue; static entries added at
  # once release both together and each side accepts the other's connection.
  for n in tor node1; do
    dev="$(ns_exec $n ip -o link show type veth | awk -F'[ :@]+' '{print $2}')"
    ns_exec $n sysctl -qw "net.ipv4.conf.$dev.arp_ignore=8" "net.ipv4.neigh.$dev.mcast_solicit=20"
  done
fi

ns_spawn tor "$WORK/bgpd.log" "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$SOCK" --log-level debug >/dev/null
wait_until 10 test -S "$SOCK" || fail "bgpd did not create its control socket"
GOBGPD_PID=$(ns_spawn node1 "$WORK/gobgpd.log" gobgpd -f "$WORK/node1.toml" --api-hosts 127.0.0.1:50051)
wait_until 10 gobgp_cli node1 global || fail "gobgpd API not up"
gobgp_cli node1 global rib add 172.30.0.10/32 -a ipv4 >/dev/null

if [[ "$SCENARIO" == collision ]]; then
  syn_sent() { [[ -n "$(ns_exec "$1" ss -Htn state syn-sent '( dport = :179 )')" ]]; }
  wait_until 20 syn_sent tor || fail "bgpd did not try to connect"
  wait_until 20 syn_sent node1 || fail "gobgpd did not try to connect"
  tor_dev="$(ns_exec tor ip -o link show type veth | awk -F'[ :@]+' '{print $2}')"
  node_dev="$(ns_exec node1 ip -o link show type veth | awk -F'[ :@]+' '{print $2}')"
  tor_mac="$(ns_exec tor cat /sys/class/net/$tor_dev/address)"
  node_mac="$(ns_exec node1 cat /sys/class/net/$node_dev/address)"
  ns_exec tor ip neigh replace 10.20.0.2 lladdr "$node_mac" dev "$tor_dev" nud permanent
  ns_exec node1 ip neigh replace 10.20.0.101 lladdr "$tor_mac" dev "$node_dev" nud permanent
fi

if [[ "$SCENARIO" == md5-mismatch ]]; then
  # Nothing may come up while both sides keep trying.
  holds_for 12 neighbor_state_is_not "$SOCK" 10.20.0.2 Established || fail "established despite mismatched MD5 passwords"
  gobgp_established node1 10.20.0.101 && fail "gobgpd established despite mismatched MD5 passwords"
  # The kernel dropped the unsigned/badly signed segments (RFC 2385 §2.0).
  drops="$(ns_exec tor nstat -az TcpExtTCPMD5Failure TcpExtTCPMD5NotFound TcpExtTCPMD5Unexpected | awk 'NR>1 {s+=$2} END {print s+0}')"
  ((drops > 0)) || fail "no MD5 failures counted by the kernel"
  log "no session with mismatched passwords; kernel counted $drops MD5 drops"
  exit 0
fi

wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "bgpd did not reach Established"
wait_until 15 gobgp_established node1 10.20.0.101 || fail "gobgpd did not reach established"
# Routes both ways: the VIP from the node, our networks to the node.
wait_until 10 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show neighbors 10.20.0.2 --json | jq '.[0].prefixes_accepted') == 1 ]]" ||
  fail "bgpd did not accept the VIP from gobgpd"
wait_until 10 bash -c "ip netns exec $(ns node1) gobgp -u 127.0.0.1 -p 50051 global rib -a ipv4 -j | jq -e 'has(\"192.168.20.0/24\")'" ||
  fail "gobgpd did not receive our networks"
json="$(bgpd_neighbor_json "$SOCK" 10.20.0.2)"
[[ "$(jq -r .hold_time <<<"$json")" == 9 && "$(jq -r .keepalive <<<"$json")" == 3 ]] || fail "hold/keepalive not negotiated to 9/3: $json"
jq -e '.capabilities.negotiated | index("4-octet-as") and index("route-refresh") and index("graceful-restart(15s)")' <<<"$json" >/dev/null ||
  fail "capabilities not negotiated: $(jq -c .capabilities <<<"$json")"

case "$SCENARIO" in
  gobgp-connects)
    [[ "$(jq -r .connection <<<"$json")" == incoming ]] || fail "expected gobgpd's connection, got $(jq -r .connection <<<"$json")" ;;
  bgpd-connects)
    [[ "$(jq -r .connection <<<"$json")" == outgoing ]] || fail "expected bgpd's connection, got $(jq -r .connection <<<"$json")" ;;
  collision)
    # One session survives and stays up; only one TCP connection remains.
    holds_for 6 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "session did not stay up after the collision"
    conns="$(ns_exec tor ss -Htn state established '( sport = :179 or dport = :179 )' | wc -l)"
    [[ "$conns" == 1 ]] || fail "expected one BGP connection after collision resolution, found $conns"
    if grep -q "connection collision" "$WORK/bgpd.log"; then
      # §6.8: the connection opened by the higher BGP identifier survives:
      # gobgpd's 10.20.0.2 > our 10.0.255.11.
      [[ "$(jq -r .connection <<<"$(bgpd_neighbor_json "$SOCK" 10.20.0.2)")" == incoming ]] ||
        fail "the connection of the lower identifier survived"
      log "collision resolved by BGP identifier (RFC 4271 §6.8)"
    else
      grep -q "abandon" "$WORK/bgpd.log" || fail "neither a collision nor an abandoned attempt was logged"
      log "collision resolved before OPEN: bgpd abandoned its own connect in favour of gobgpd's"
    fi ;;
  md5)
    [[ "$(jq -r .md5 <<<"$json")" == true ]] || fail "md5 not shown as enabled"
    grep -q "cilium-secret" "$WORK/bgpd.log" && fail "the MD5 key appears in the log"
    for cmd in "show neighbors --json" "show neighbors" "show neighbors 10.20.0.2" "show summary --json" "show summary"; do
      # shellcheck disable=SC2086
      "$BGPCTL" -s "$SOCK" $cmd | grep -q "cilium-secret" && fail "the MD5 key appears in bgpctl $cmd"
    done
    # Nor after a reload, which re-installs the keys on the listeners.
    kill -HUP "$(pgrep -f "$BGPD -c $WORK/bgpd.toml" | head -1)"
    wait_until 5 grep -q "reload" "$WORK/bgpd.log" || fail "reload not logged"
    grep -q "cilium-secret" "$WORK/bgpd.log" && fail "the MD5 key appears in the log after a reload"
    ;;
  hold-timer)
    kill -STOP "$GOBGPD_PID"
    log "gobgpd stopped; expecting Hold Timer Expired within 9 s"
    wait_until 14 neighbor_state_is_not "$SOCK" 10.20.0.2 Established || fail "session not dropped after the hold time"
    wait_until 2 bash -c "[[ \"\$(\"$BGPCTL\" -s \"$SOCK\" show neighbors 10.20.0.2 --json | jq -r '.[0].last_error.code_name')\" == 'Hold Timer Expired' ]]" ||
      fail "last error is not Hold Timer Expired: $(neighbor_field "$SOCK" 10.20.0.2 last_error)"
    [[ "$(neighbor_field "$SOCK" 10.20.0.2 last_error.direction)" == sent ]] || fail "hold timer expiry not on our side"
    kill -CONT "$GOBGPD_PID"
    wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "no reconnection after SIGCONT"
    [[ "$(neighbor_field "$SOCK" 10.20.0.2 flaps)" -ge 1 ]] || fail "flap not counted"
    ;;
  dynamic)
    [[ "$(jq -r .dynamic <<<"$json")" == true ]] || fail "neighbor not marked dynamic"
    "$BGPCTL" -s "$SOCK" show summary | grep -q '10.20.0.2\*' || fail "summary does not mark the dynamic neighbour"
    ;;
esac
log "$("$BGPCTL" -s "$SOCK" show summary | tail -n +3)"

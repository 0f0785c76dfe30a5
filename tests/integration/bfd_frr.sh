#!/usr/bin/env bash
# BFD (RFC 5880/5881) between bgpd and FRR's bfdd (Debian frr 8.4: zebra,
# bgpd with `neighbor X bfd` and a 100 ms x 3 bfd profile, bfdd):
#   1. the BFD session comes Up on both sides (bgpctl show bfd --json, vtysh
#      show bfd peers json) with 100 ms negotiated and FRR's discriminators;
#   2. a silent cut (FRR's address removed at its end: nothing passes either
#      way, while bgpd's link, addresses and routes stay; only BFD can tell) takes bgpd's BFD session down within
#      3 x 100 ms + 50 ms, the BGP session goes down with Cease/BFD Down
#      (RFC 9384), and the kernel route FRR announced is gone <= 10 ms after
#      BFD went down (ip monitor route timestamps vs bgpd's log), without
#      graceful-restart retention although GR is negotiated (RFC 5882 §4.3.2);
#   3. healing the cut brings BFD Up again and BGP re-establishes after the
#      hold-down (RFC 5882 §4.3 damping), the route returns.
# Figures go to stderr as "bfd-figure: ..." lines (median of CUTS cuts).
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

CUTS=${CUTS:-3}
INTERVAL_MS=100
MULT=3
BUDGET_MS=$((MULT * INTERVAL_MS + 50))
KERNEL_BUDGET_MS=10

netns_init bfd-frr
ns_add tor
ns_add frr
ns_link tor 10.20.0.101/24 frr 10.20.0.2/24
FRR_IF=$(ip -n "$(ns frr)" -o link show type veth | awk -F': ' '{print $2}' | cut -d@ -f1)
SOCK="$WORK/bgpd.sock"
FRR_DIR="$WORK/frr"
mkdir -p "$FRR_DIR" && chmod 0777 "$FRR_DIR"

bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.2 65201 "graceful_restart = true
bfd = true
bfd_min_tx_ms = $INTERVAL_MS
bfd_min_rx_ms = $INTERVAL_MS
bfd_multiplier = $MULT"
cat >>"$WORK/bgpd.toml" <<EOT

[fib]
install = true
table = 254
EOT

cat >"$FRR_DIR/frr.conf" <<EOT
frr defaults traditional
hostname frr-peer
debug bfd peer
debug bgp bfd
bfd
 profile fast
  transmit-interval $INTERVAL_MS
  receive-interval $INTERVAL_MS
  detect-multiplier $MULT
 !
!
router bgp 65201
 bgp router-id 10.20.0.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 bgp graceful-restart
 neighbor 10.20.0.101 remote-as 65001
 neighbor 10.20.0.101 timers 3 9
 neighbor 10.20.0.101 timers connect 1
 neighbor 10.20.0.101 bfd
 neighbor 10.20.0.101 bfd profile fast
 address-family ipv4 unicast
  network 172.30.0.10/32
  neighbor 10.20.0.101 activate
 exit-address-family
EOT
chmod 0666 "$FRR_DIR/frr.conf"
ns_exec frr ip route add blackhole 172.30.0.10/32  # FRR's network statement needs no import check; keep it simple

bgpd_spawn tor
ns_spawn frr "$WORK/zebra.log" /usr/lib/frr/zebra -f "$FRR_DIR/frr.conf" -i "$FRR_DIR/zebra.pid" -z "$FRR_DIR/zserv.api" \
  --vty_socket "$FRR_DIR" --log stdout >/dev/null
wait_until 10 test -S "$FRR_DIR/zserv.api" || fail "zebra did not start"
BFDD_PID=$(ns_spawn frr "$WORK/bfdd.log" /usr/lib/frr/bfdd -f "$FRR_DIR/frr.conf" -i "$FRR_DIR/bfdd.pid" -z "$FRR_DIR/zserv.api" \
  --vty_socket "$FRR_DIR" --log stdout)
ns_spawn frr "$WORK/frr-bgpd.log" /usr/lib/frr/bgpd -f "$FRR_DIR/frr.conf" -i "$FRR_DIR/bgpd.pid" -z "$FRR_DIR/zserv.api" \
  --vty_socket "$FRR_DIR" -p 179 --log stdout >/dev/null
# Both BFD speakers at real-time priority: this test measures BFD, and on a
# shared 2-core CI machine at load 20 an ordinary thread can wait 300 ms for
# a CPU, which at 100 ms x 3 is a (false) detection either way. Routers give
# BFD that priority (FRR runs it as its own daemon; hardware in line cards).
chrt -a -f -p 40 "$BGPD_PID" >/dev/null
chrt -a -f -p 40 "$BFDD_PID" >/dev/null
frr_bfd() { ns_exec frr vtysh --vty_socket "$FRR_DIR" -d bfdd -c "show bfd peers json"; }
bgpd_bfd() { "$BGPCTL" -s "$SOCK" show bfd --json | jq '.sessions[] | select(.peer == "10.20.0.2")'; }
bfd_up_both() {
  [[ "$(bgpd_bfd | jq -r .state)" == Up ]] &&
    [[ "$(frr_bfd | jq -r '.[] | select(.peer == "10.20.0.101") | .status')" == up ]]
}
route_in_kernel() { ip -n "$(ns tor)" route show 172.30.0.10/32 | grep -q via; }
# bgpd logs local time with milliseconds: "2026-12-06 21:30:00.123 WARN ..."
log_ms() { date -d "$1" +%s%3N; }

wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "BGP with FRR did not establish"
wait_until 20 bfd_up_both || fail "BFD did not come Up on both sides: bgpd $(bgpd_bfd | jq -c '{state, remote_state}'), FRR $(frr_bfd | jq -c .)"
# FRR's bgpd re-registers its BFD session once the BGP session tells it the
# local address: bfdd starts a new session (new discriminator), which bgpd
# sees as a remote restart (not a path failure, the BGP session stays).
sleep 2
wait_until 20 bfd_up_both || fail "BFD did not come back Up after FRR re-created its session"
neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "FRR's BFD session re-creation took BGP down"
bgpd_bfd | jq -c '{state, local_discriminator, remote_discriminator, negotiated, packets}' >&2
frr_bfd | jq -c '.[] | {peer, status, id, "remote-id", "transmit-interval", "receive-interval", "detect-multiplier"}' >&2
# Discriminators agree across the two ends.
[[ "$(bgpd_bfd | jq .remote_discriminator)" == "$(frr_bfd | jq '.[] | select(.peer == "10.20.0.101") | .id')" ]] ||
  fail "bgpd's remote discriminator is not FRR's local one"
[[ "$(bgpd_bfd | jq .local_discriminator)" == "$(frr_bfd | jq '.[] | select(.peer == "10.20.0.101") | ."remote-id"')" ]] ||
  fail "FRR's remote discriminator is not bgpd's local one"
wait_until 5 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show bfd --json | jq '.sessions[0].negotiated.detection_time_ms') == 300 ]]" ||
  fail "negotiated detection time is not 3 x 100 ms: $(bgpd_bfd | jq -c .negotiated)"
wait_until 10 route_in_kernel || fail "FRR's 172.30.0.10/32 is not in the kernel"
"$BGPCTL" -s "$SOCK" show bfd >&2
[[ -z ${BFD_DEBUG_HOLD:-} ]] || sleep "$BFD_DEBUG_HOLD"

detections=()
kernels=()
for cut in $(seq 1 "$CUTS"); do
  wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "cut $cut: BGP not Established before the cut"
  wait_until 10 route_in_kernel || fail "cut $cut: route not in the kernel before the cut"
  downs_before=$(bgpd_bfd | jq .transitions.down)
  mon="$WORK/monitor-$cut.txt"
  # The monitor runs at real-time priority so its timestamp is when the
  # kernel sent the event, not when a loaded machine got round to it.
  chrt -f 50 ip -n "$(ns tor)" -ts monitor route >"$mon" 2>&1 &
  monpid=$!
  PIDS+=("$monpid")
  # Likewise FRR's address events: the removal's timestamp is the cut.
  amon="$WORK/monitor-addr-$cut.txt"
  chrt -f 50 ip -n "$(ns frr)" -ts monitor address >"$amon" 2>&1 &
  amonpid=$!
  PIDS+=("$amonpid")
  sleep 0.5
  # The silent cut: FRR's address goes from its interface, so FRR can send
  # nothing (BFD and BGP alike) and what bgpd sends is dropped on arrival,
  # while bgpd's link, addresses and routes stay as they were: the kernel and
  # BGP's hold timer (9 s) see nothing, only BFD can tell. (This kernel has
  # neither sch_netem nor cls_matchall for a tc cut, and FRR's single-hop BFD
  # socket is bound to its interface, past a blackhole route.) The time is
  # taken from the kernel's address event (monitor above).
  ns_exec frr ip addr del 10.20.0.2/24 dev "$FRR_IF"
  wait_until 5 bash -c "[[ \$(\"$BGPCTL\" -s \"$SOCK\" show bfd --json | jq '.sessions[0].transitions.down') -gt $downs_before ]]" ||
    fail "cut $cut: bgpd's BFD session did not go down"
  wait_until 5 bash -c "! ip -n $(ns tor) route show 172.30.0.10/32 | grep -q via" || fail "cut $cut: the route stayed in the kernel"
  sleep 0.3
  kill "$monpid" "$amonpid" 2>/dev/null || true
  wait "$monpid" "$amonpid" 2>/dev/null || true
  aline=$(grep -E 'Deleted .*10\.20\.0\.2/24' "$amon" | head -1 || true)
  [[ -n "$aline" ]] || fail "cut $cut: no address event: $(cat "$amon")"
  t_cut_us=$(date -d "$(sed -E 's/^\[([^]]+)\].*/\1/' <<<"$aline")" +%s%6N)
  line=$(grep -E 'BFD 10\.20\.0\.2: Up -> Down' "$WORK/bgpd.log" | tail -1)
  t_bfd=$(log_ms "$(cut -c1-23 <<<"$line")")
  # ip -ts: "[2026-12-06T21:30:00.123456] Deleted 172.30.0.10 ..." (the
  # route goes as one delete, or a replace without the dead next hop).
  kline=$(grep -E 'Deleted 172\.30\.0\.10' "$mon" | head -1 || true)
  [[ -n "$kline" ]] || fail "cut $cut: no route event in ip monitor: $(cat "$mon")"
  t_kernel_us=$(date -d "$(sed -E 's/^\[([^]]+)\].*/\1/' <<<"$kline")" +%s%6N)
  detection=$(((t_bfd * 1000 - t_cut_us) / 1000))
  kernel_us=$((t_kernel_us - t_bfd * 1000))
  log "cut $cut: BFD down $detection ms after the cut (budget $BUDGET_MS), kernel updated $kernel_us us after BFD down: $kline"
  detections+=("$detection")
  kernels+=("$kernel_us")
  ((detection <= BUDGET_MS)) || fail "cut $cut: BFD detection took $detection ms > $BUDGET_MS ms"
  ((kernel_us <= KERNEL_BUDGET_MS * 1000 + 1000)) || fail "cut $cut: kernel updated $kernel_us us after BFD down (> ${KERNEL_BUDGET_MS} ms, +1 ms log rounding)"
  # Cease/BFD Down (RFC 9384), and no stale retention although GR was negotiated.
  [[ "$(neighbor_field "$SOCK" 10.20.0.2 'last_error.subcode')" == 10 ]] ||
    fail "cut $cut: last error is not Cease/BFD Down: $(neighbor_field "$SOCK" 10.20.0.2 last_error)"
  [[ "$(neighbor_field "$SOCK" 10.20.0.2 prefixes_stale)" == 0 ]] || fail "cut $cut: routes kept as stale after BFD down"
  [[ "$(bgpd_bfd | jq -r .last_down.diag)" == "Control Detection Time Expired" ]] ||
    fail "cut $cut: last down diag $(bgpd_bfd | jq -c .last_down)"
  # Heal: BFD first, then BGP after the hold-down, then the route.
  ns_exec frr ip addr add 10.20.0.2/24 dev "$FRR_IF"
  wait_until 20 bfd_up_both || fail "cut $cut: BFD did not come back Up"
  wait_until 40 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "cut $cut: BGP did not re-establish after BFD came back"
  wait_until 10 route_in_kernel || fail "cut $cut: route did not come back"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
log "bfd-figure: detection after silent cut ms: ${detections[*]} (median $(median "${detections[@]}"), budget $BUDGET_MS)"
log "bfd-figure: kernel update after BFD down us: ${kernels[*]} (median $(median "${kernels[@]}"), budget ${KERNEL_BUDGET_MS}000)"

# Counters and metrics moved; FRR saw our session go down and come back.
[[ "$(bgpd_bfd | jq .packets.received)" -gt 10 ]] || fail "bgpd counted no received BFD packets"
"$BGPCTL" -s "$SOCK" show bfd >&2

#!/usr/bin/env bash
# Failover scenarios on the anycast lab, measured from the client. Sourced by
# `anycast.sh failover`; run directly, it hands over to that.
#
# For each scenario a load generator in the client sends requests at a steady
# rate (default 50/s, a new connection each) and a watcher polls the ToR's
# kernel route for the VIP every 10 ms, while the scenario acts at t0:
#   (a) shut one node down: its gobgpd stops (SIGTERM, a Cease), its HTTP
#       server stops and its address goes (a node powered off)
#   (b) withdraw the VIP from one node, its speaker staying up
#   (c) cut one node off silently (its link down on the node side)
#   (d) SIGKILL one node's gobgpd (no NOTIFICATION) and start it again with
#       the GR restarting flag, re-advertising its routes, as Cilium's agent does
#   (e) restart the ToR daemon itself (SIGTERM, start again)
#   (f) shut a whole cluster down (both kind02 nodes, as in (a), at once)
#   (g) one node's link flaps: down 1 s, up 1 s, for 20 s
# Then it restores the lab and waits for the four-way route before the next one.
# Output: one markdown row per scenario (failed requests, loss window, route
# changes, the lowest number of kernel next hops seen), in --out FILE if given, the raw logs in --logs DIR if given;
# --check asserts the expectations below and exits non-zero if any scenario
# misses them.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  exec bash "$(dirname "$0")/anycast.sh" failover "$@"
fi

FAILOVER_RATE=${FAILOVER_RATE:-50}
FAILOVER_BASELINE_S=3
FAILOVER_TAIL_S=3

declare -A SCENARIO_TITLE=(
  [a]="shut one node down (speaker, server, address)"
  [b]="withdraw the VIP from one node"
  [c]="cut one node off silently"
  [d]="restart one node's gobgpd (GR)"
  [e]="restart the ToR daemon"
  [f]="shut a whole cluster down"
  [g]="one node's link flaps every 2 s for 20 s"
)

# The next hops the route must end with, and how long to observe: at least
# MIN seconds, then until the route matches, at most MAX seconds.
declare -A SCENARIO_EXPECT=(
  [a]="10.20.0.3,172.20.0.2,172.20.0.3" [b]="10.20.0.3,172.20.0.2,172.20.0.3"
  [c]="10.20.0.3,172.20.0.2,172.20.0.3" [d]="10.20.0.2,10.20.0.3,172.20.0.2,172.20.0.3"
  [e]="10.20.0.2,10.20.0.3,172.20.0.2,172.20.0.3" [f]="10.20.0.2,10.20.0.3"
  [g]="10.20.0.2,10.20.0.3,172.20.0.2,172.20.0.3"
)
# (d) watches past the 15 s restart time, so a stale path purged for want of
# an End-of-RIB would show up as a lost next hop.
# (a)/(f): a node shut down keeps its GR-stale path for the restart time
# (15 s) unless its next hop is seen dead first (next-hop liveness).
declare -A SCENARIO_MIN_S=([a]=4 [b]=4 [c]=4 [d]=20 [e]=5 [f]=4 [g]=24)
declare -A SCENARIO_MAX_S=([a]=30 [b]=15 [c]=30 [d]=30 [e]=90 [f]=30 [g]=60)

# With next-hop liveness (bgpd as the ToR: config/tor.toml probes the
# cilium group every 100 ms x 3) (a), (c) and (f) are checked against a dead
# next hop out of the kernel within FAILOVER_LIVENESS_MAX_S (1 s: the 0.5 s
# target plus room for a sanitized daemon and a loaded CI machine; the
# figures themselves are in results/bgpd.md). Without liveness (FRR, or
# FAILOVER_LIVENESS=0) they are checked against what hold and restart timers
# give: hold 9 s for (c), the 15 s restart time for (a) and (f) (the N bit
# keeps a Cease graceful, RFC 8538 §4).
FAILOVER_LIVENESS=${FAILOVER_LIVENESS:-}
FAILOVER_LIVENESS_MAX_S=${FAILOVER_LIVENESS_MAX_S:-1}
liveness_checked() {
  if [[ -n $FAILOVER_LIVENESS ]]; then ((FAILOVER_LIVENESS)); else [[ $TOR_IMPL == bgpd ]]; fi
}

# Expectations (issue 6): (a), (b), (d), (f) lose nothing and converge at
# once; (c) loses only flows hashed to the cut node and only until the hold
# time (9 s) expires; (e) loses nothing with bgpd (its routes stay in the
# kernel), while FRR, whose zebra removes its routes on exit, must only come
# back to four next hops.
scenario_checks() {
  local dead=(--losses-only-until-converged --max-loss-share 0.5)
  case $1 in
    b) echo --max-failed 0 --max-converge 2 ;;
    a | f)
      if liveness_checked; then echo --max-converge "$FAILOVER_LIVENESS_MAX_S" "${dead[@]}"; else echo --max-converge 20 "${dead[@]}"; fi ;;
    c)
      if liveness_checked; then echo --max-converge "$FAILOVER_LIVENESS_MAX_S" "${dead[@]}"; else echo --max-converge 12 --min-converge 4 "${dead[@]}"; fi ;;
    d) echo --max-failed 0 --min-nexthops 4 ;;
    e) if [[ $TOR_IMPL == bgpd ]]; then echo --max-failed 0 --min-nexthops 4; else echo --max-converge 60; fi ;;
    g) echo --max-loss-share 0.5 ;;
  esac
}

# node_shutdown ROLE: what a node powered off looks like from the ToR: its
# speaker stops (a Cease), its server stops, its address goes (no more ARP
# answers). node_boot ROLE brings it back.
node_shutdown() {
  local n; n=$(ns "$1")
  node_bgp_stop "$1" TERM
  stop_named "http-$1" TERM 5
  ip -n "$n" addr flush dev eth0
}
node_boot() {
  local n; n=$(ns "$1")
  ip -n "$n" addr add "$(node_field "$1" 2)/16" dev eth0
  ip -n "$n" route replace default via "$(node_field "$1" 4)"
  node_http_start "$1" "$(node_field "$1" 1)"
  node_start "$1"
}

act_a() { node_shutdown kind01-n1; }
restore_a() { node_boot kind01-n1; }

act_b() { node_withdraw_vip kind01-n1; }
restore_b() { node_advertise kind01-n1; }

act_c() { ip -n "$(ns kind01-n1)" link set eth0 down; }
restore_c() {
  ip -n "$(ns kind01-n1)" link set eth0 up
  # The default route went with the link; the node's speaker re-peers by itself.
  ip -n "$(ns kind01-n1)" route replace default via 10.20.0.101
}

act_d() {
  node_bgp_stop kind01-n1 KILL
  sleep 1
  node_start kind01-n1 --restarting
}
restore_d() { :; }

act_e() {
  router_stop tor
  tor_start
}
restore_e() { :; }

act_f() {  # both at once, as when a cluster goes away
  local p1 p2
  node_shutdown kind02-n1 & p1=$!
  node_shutdown kind02-n2 & p2=$!
  wait "$p1" "$p2"
}
restore_f() {
  node_boot kind02-n1
  node_boot kind02-n2
}

act_g() {  # ten flaps: the link down 1 s, up 1 s
  local n i; n=$(ns kind01-n1)
  for i in 1 2 3 4 5 6 7 8 9 10; do
    ip -n "$n" link set eth0 down
    sleep 1
    ip -n "$n" link set eth0 up
    ip -n "$n" route replace default via 10.20.0.101 2>/dev/null || true
    sleep 1
  done
}
restore_g() { :; }

# scenario_observe ID T0: the observation window after the action.
scenario_observe() {
  local id=$1 t0=$2 want now
  want=$(tr ',' '\n' <<<"${SCENARIO_EXPECT[$id]}" | sort)
  while :; do
    now=$(date +%s.%N)
    if awk -v n="$now" -v t="$t0" -v m="${SCENARIO_MIN_S[$id]}" 'BEGIN { exit !(n - t >= m) }'; then
      [[ $(vip_nexthops) == "$want" ]] && break
      awk -v n="$now" -v t="$t0" -v m="${SCENARIO_MAX_S[$id]}" 'BEGIN { exit !(n - t >= m) }' && break
    fi
    sleep 0.1
  done
  sleep "$FAILOVER_TAIL_S"
}

# scenario_run ID: one measured scenario; appends its row to $ROWS.
scenario_run() {
  local id=$1 dir="$STATE_DIR/scenario-$1" t0 rc=0
  mkdir -p "$dir"
  log "scenario ($id): ${SCENARIO_TITLE[$id]}"
  wait_until 90 "the four-way route before ($id)" lab_converged || return 1
  spawn "routewatch" tor "$PYTHON" "$LAB_ROOT/tools/routewatch.py" \
    --prefix "$LAB_VIP/32" --out "$dir/routes" >/dev/null
  spawn "loadgen" client "$PYTHON" "$LAB_ROOT/tools/loadgen.py" run \
    --target "$LAB_VIP" --rate "$FAILOVER_RATE" --out "$dir/requests" >/dev/null
  sleep "$FAILOVER_BASELINE_S"
  t0=$(date +%s.%N)
  "act_$id"
  scenario_observe "$id" "$t0"
  stop_named loadgen TERM 10
  stop_named routewatch TERM 5
  # shellcheck disable=SC2046
  "$PYTHON" "$LAB_ROOT/tools/failover_report.py" --id "$id" --title "${SCENARIO_TITLE[$id]}" \
    --requests "$dir/requests" --routes "$dir/routes" --t0 "$t0" \
    --expect "${SCENARIO_EXPECT[$id]}" --json-out "$dir/figures.json" --row-out "$ROWS" \
    ${FAILOVER_CHECK:+--check $(scenario_checks "$id")} || rc=1
  # A missed expectation is only diagnosable from the daemons' own account.
  ((rc == 0)) || dump_logs bgpd-tor zebra-tor gobgpd-kind01-n1 gobgpd-kind02-n1
  log "restoring after ($id)"
  "restore_$id"
  wait_until 90 "the lab to recover after ($id)" lab_converged || rc=1
  return $rc
}

failover_cleanup() {
  if [[ -n ${FAILOVER_LOGS:-} ]]; then
    mkdir -p "$FAILOVER_LOGS" && cp -r "$STATE_DIR"/scenario-* "$FAILOVER_LOGS"/ 2>/dev/null || true
  fi
  teardown "$LAB_NAME"
}

failover_main() {
  local scenarios=a,b,c,d,e,f,g out="" rc=0 id
  FAILOVER_LOGS=""
  FAILOVER_CHECK=""
  while (($#)); do
    [[ $1 != --check && $# -lt 2 ]] && die "failover: $1 needs a value"
    case $1 in
      --scenarios) scenarios=$2; shift 2 ;;
      --out) out=$2; shift 2 ;;
      --check) FAILOVER_CHECK=1; shift ;;
      --rate) FAILOVER_RATE=$2; shift 2 ;;
      --logs) FAILOVER_LOGS=$2; shift 2 ;;
      *) die "failover: unknown argument $1" ;;
    esac
  done
  LAB_NAME="$LAB_NAME-failover-$$" LAB_EPHEMERAL=1
  cmd_up
  # The raw logs (requests, route changes, figures.json per scenario) go with
  # the lab unless --logs keeps a copy.
  trap failover_cleanup EXIT
  ROWS="$STATE_DIR/rows.md"
  : >"$ROWS"
  for id in ${scenarios//,/ }; do
    [[ -n ${SCENARIO_TITLE[$id]:-} ]] || die "unknown scenario '$id' (a-g)"
    scenario_run "$id" || rc=1
  done
  {
    printf '\n### Failover with %s as the ToR (%s requests/s, a new connection each)\n\n' "$TOR_IMPL" "$FAILOVER_RATE"
    printf '| scenario | failed requests | loss window | fewest kernel next hops | ECMP route (next hops) after t0 |\n'
    printf '|---|---|---|---|---|\n'
    cat "$ROWS"
  } | tee "${out:-/dev/null}"
  if [[ -n $FAILOVER_CHECK ]]; then
    if ((rc == 0)); then log "failover: every scenario within expectations"; else log "failover: some scenario missed its expectations"; fi
  fi
  return $rc
}

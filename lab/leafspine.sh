#!/usr/bin/env bash
# The leaf/spine lab (the second seed) in network namespaces:
#
#                        spine AS 64999 (bgpd or FRR; multipath-relax, maximum-paths 10)
#          10.255.1.1/30 │         10.255.2.1/30 │           10.255.3.1/30 │
#          10.255.1.2/30 │         10.255.2.2/30 │           10.255.3.2/30 │
#             leaf1 AS 65001        leaf2 AS 65002              leaf3 AS 65003      (FRR)
#    192.168.100.101/24 │       br 10.20.0.101/16 │          br 172.20.0.101/16 │
#    client 192.168.100.2   kind01-n1 10.20.0.2, -n2 .3   kind02-n1 172.20.0.2, -n2 .3
#                           gobgpd AS 65101               gobgpd AS 65102
#
# All four nodes advertise the VIP 172.30.0.10/32. The spine learns it over
# two AS paths ("65002 65101" and "65003 65102"), installs both as one ECMP
# route, and re-advertises it to leaf1; the client reaches both clusters.
#
#   leafspine.sh up [--spine bgpd|frr] [--bfd]   (default bgpd, with config/spine.toml)
#   leafspine.sh status | down
#   leafspine.sh check [--spine bgpd|frr] [--bfd] brings up a lab of its own, asserts, tears down
#   leafspine.sh restart-check [--spine bgpd|frr]
#                                         the same, then restarts the spine's daemon while the
#                                         client sends requests: leaf1's kernel must keep the VIP
#                                         (FRR's graceful-restart helper keeps the spine's routes)
#
#
# --bfd: BFD (300 ms x 3) between the spine and the leaves: FRR's bfdd with
# `neighbor X bfd` on the leaves, `bfd = true` in the spine's leaves group;
# check then also asserts the three BFD sessions are Up on both ends.
#
# LAB_NAME (default "leafspine") names the instance; SPINE_CONFIG overrides
# the bgpd spine configuration (default config/spine.toml).
set -euo pipefail
LAB_ROOT=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/common.sh
source "$LAB_ROOT/lib/common.sh"
source "$LAB_ROOT/lib/node.sh"
source "$LAB_ROOT/lib/frr.sh"
source "$LAB_ROOT/lib/bgpd.sh"
source "$LAB_ROOT/lib/tor.sh"
# A signal ends the script through its EXIT trap, which tears down a lab
# that was being built or measured.
trap 'exit 130' INT
trap 'exit 143' TERM

LAB_NAME=${LAB_NAME:-leafspine}
SPINE_CONFIG=${SPINE_CONFIG:-$REPO_ROOT/config/spine.toml}

# role  node-name  address  AS  gateway  leaf  bridge  leaf-side port
NODES=(
  "kind01-n1 kind01-n1 10.20.0.2 65101 10.20.0.101 leaf2 br-kind01 n1"
  "kind01-n2 kind01-n2 10.20.0.3 65101 10.20.0.101 leaf2 br-kind01 n2"
  "kind02-n1 kind02-n1 172.20.0.2 65102 172.20.0.101 leaf3 br-kind02 n1"
  "kind02-n2 kind02-n2 172.20.0.3 65102 172.20.0.101 leaf3 br-kind02 n2"
)
# The spine's two next hops for the VIP: leaf2's and leaf3's uplink addresses.
SPINE_VIP_NEXTHOPS="10.255.2.2 10.255.3.2"

topology() {
  local line f i
  for r in client spine leaf1 leaf2 leaf3 kind01-n1 kind01-n2 kind02-n1 kind02-n2; do ns_add "$r"; done
  for r in spine leaf1 leaf2 leaf3; do router_sysctls "$r"; done
  for r in leaf2 leaf3; do router_own_hash "$r"; done
  for i in 1 2 3; do
    veth spine "leaf$i" "leaf$i" uplink
    ip -n "$(ns spine)" addr add "10.255.$i.1/30" dev "leaf$i"
    ip -n "$(ns "leaf$i")" addr add "10.255.$i.2/30" dev uplink
  done
  # The spine's router id as a loopback address (config/spine.toml announces it).
  ip -n "$(ns spine)" addr add 10.0.255.1/32 dev lo
  veth leaf1 eth-client client eth0
  ip -n "$(ns leaf1)" addr add 192.168.100.101/24 dev eth-client
  ip -n "$(ns client)" addr add 192.168.100.2/24 dev eth0
  ip -n "$(ns client)" route add default via 192.168.100.101
  bridge_add leaf2 br-kind01
  ip -n "$(ns leaf2)" addr add 10.20.0.101/16 dev br-kind01
  bridge_add leaf3 br-kind02
  ip -n "$(ns leaf3)" addr add 172.20.0.101/16 dev br-kind02
  for line in "${NODES[@]}"; do
    read -ra f <<<"$line"
    veth "${f[5]}" "${f[7]}" "${f[0]}" eth0
    bridge_port "${f[5]}" "${f[6]}" "${f[7]}"
    node_setup "${f[0]}" "${f[1]}" "${f[2]}/16" "${f[4]}"
  done
}

# leaf_bfd FRR_CONF SPINE_ADDR: BFD with the spine (bfdd profile, neighbor X bfd).
leaf_bfd() {
  local conf=$1 spine=$2
  { sed "/^ neighbor $spine timers connect/a \\ neighbor $spine bfd\n neighbor $spine bfd profile lab" "$conf"
    printf 'bfd\n profile lab\n  transmit-interval 300\n  receive-interval 300\n  detect-multiplier 3\n !\n!\n'; } >"$conf.new"
  mv "$conf.new" "$conf"
}

# bfd_up_everywhere: the spine's three BFD sessions Up, and each leaf's.
bfd_up_everywhere() {
  local i
  [[ $TOR_IMPL != bgpd ]] ||
    [[ $(bgpctl_ns spine show bfd --json | "$PYTHON" -c 'import json,sys; print(sum(s["state"] == "Up" for s in json.load(sys.stdin)["sessions"]))') == 3 ]] ||
    return 1
  for i in 1 2 3; do
    frr_vtysh "leaf$i" "show bfd peers json" | grep -q '"status":"up"' || return 1
  done
}

spine_converged() {
  router_established spine 3 &&
    [[ $(route_nexthops spine "$LAB_VIP/32" | tr '\n' ' ') == "$SPINE_VIP_NEXTHOPS " ]] &&
    [[ -n $(ip -n "$(ns leaf1)" route show "$LAB_VIP/32") ]]
}

spread() {
  ip netns exec "$(ns client)" "$PYTHON" "$LAB_ROOT/tools/loadgen.py" spread --target "$LAB_VIP" --count "${1:-100}"
}

show() {
  printf '\n== spine (%s): BGP view of %s/32\n' "$TOR_IMPL" "$LAB_VIP"
  router_show_route spine "$LAB_VIP/32" || true
  printf '\n== kernel: ip -n %s route show %s\n' "$(ns spine)" "$LAB_VIP"
  ip -n "$(ns spine)" route show "$LAB_VIP"
  printf '\n== leaf1 (FRR): BGP view of %s/32\n' "$LAB_VIP"
  frr_vtysh leaf1 "show bgp ipv4 unicast $LAB_VIP/32" | grep -E '^  [0-9]|best' || true
  printf '\n== spread of 100 requests from the client behind leaf1\n'
  SPREAD=$(spread 100)
  "$PYTHON" -c 'import json,sys
for k, v in json.loads(sys.argv[1]).items(): print(f"  {k:12s} {v:4d} " + "#" * (v // 2))' "$SPREAD"
}

cmd_up() {
  require_root
  bash "$REPO_ROOT/scripts/install-deps.sh"
  [[ $TOR_IMPL == bgpd ]] && bgpd_build
  state_init "$LAB_NAME"
  trap 'rc=$?; if ((rc)); then log "up failed; tearing down"; teardown "$LAB_NAME"; fi' EXIT
  state_set TOR_IMPL "$TOR_IMPL"
  log "creating namespaces (suffix $SUFFIX)"
  topology
  local line f i
  for line in "${NODES[@]}"; do
    read -ra f <<<"$line"
    node_http_start "${f[0]}" "${f[1]}"
  done
  log "starting the FRR leaves and the spine ($TOR_IMPL)"
  for i in 1 2 3; do
    mkdir -p "$(frr_dir "leaf$i")" && cp "$LAB_ROOT/frr/leaf$i.conf" "$(frr_dir "leaf$i")/frr.conf"
    if ((LAB_BFD)); then leaf_bfd "$(frr_dir "leaf$i")/frr.conf" "10.255.$i.1"; fi
    frr_start "leaf$i"
  done
  local spine_config=$SPINE_CONFIG
  if ((LAB_BFD)) && [[ $TOR_IMPL == bgpd ]]; then
    # The leaves peer group, with BFD at FRR's default timers.
    spine_config="$STATE_DIR/spine-bfd.toml"
    sed '/^name = "leaves"$/a bfd = true' "$SPINE_CONFIG" >"$spine_config"
  fi
  if [[ $TOR_IMPL == frr ]]; then router_start spine "$LAB_ROOT/frr/spine.conf"; else router_start spine "$spine_config"; fi
  log "starting gobgpd in the four nodes"
  for line in "${NODES[@]}"; do
    read -ra f <<<"$line"
    node_bgp_start "${f[0]}" "${f[3]}" "${f[2]}" "${f[4]}" "$(test "${f[5]}" = leaf2 && echo 65002 || echo 65003)"
  done
  log "waiting for the spine's two-way ECMP route and leaf1's route"
  if ! wait_until 90 "the spine's ECMP route for the VIP" spine_converged; then
    router_show_summary spine || true
    ip -n "$(ns spine)" route show "$LAB_VIP" || true
    dump_logs bgpd-spine zebra-spine bgpd-leaf2
    false
  fi
  trap - EXIT
  show
  [[ -n ${LAB_EPHEMERAL:-} ]] ||
    printf '\nThe leaf/spine lab is up (namespaces *-%s). Tear it down with (as root):\n  %sbash lab/leafspine.sh down\n' \
      "$SUFFIX" "$([[ $LAB_NAME == leafspine ]] || echo "LAB_NAME=$LAB_NAME ")"
  return 0
}

# cmd_check: the e2e assertions on a lab of its own, always torn down.
cmd_check() {
  LAB_NAME="$LAB_NAME-check-$$" LAB_EPHEMERAL=1
  trap 'teardown "$LAB_NAME"' EXIT
  cmd_up
  trap 'teardown "$LAB_NAME"' EXIT
  local fail=0 paths
  # Two AS paths at the spine, both selected (multipath), both in the kernel.
  paths=$(router_route_paths spine "$LAB_VIP/32")
  printf '%s\n' "$paths"
  for p in "10.255.2.2 65002.65101" "10.255.3.2 65003.65102"; do
    grep -qE "^$p (multipath|best)\$" <<<"$paths" ||
      { log "FAIL: the spine does not select the path via ${p/ / with AS path }"; fail=1; }
  done
  [[ $(route_nexthops spine "$LAB_VIP/32" | tr '\n' ' ') == "$SPINE_VIP_NEXTHOPS " ]] ||
    { log "FAIL: spine's kernel route is not ECMP over $SPINE_VIP_NEXTHOPS"; fail=1; }
  # leaf1 learned it from the spine (the spine re-advertised it).
  frr_vtysh leaf1 "show bgp ipv4 unicast $LAB_VIP/32" | grep -qE '64999 6500[23] 651' ||
    { log "FAIL: leaf1 did not learn the VIP through the spine"; fail=1; }
  # The client reaches both clusters, nothing fails.
  "$PYTHON" - "$SPREAD" <<'EOF' || fail=1
import json, sys
d = json.loads(sys.argv[1])
k1 = sum(v for k, v in d.items() if k.startswith("kind01"))
k2 = sum(v for k, v in d.items() if k.startswith("kind02"))
problems = []
if d.get("failed"): problems.append(f"{d['failed']} requests failed")
if not k1 or not k2: problems.append(f"not both clusters reached: kind01 {k1}, kind02 {k2}")
for p in problems: print("FAIL:", p)
sys.exit(1 if problems else 0)
EOF
  if ((LAB_BFD)); then
    wait_until 20 "BFD Up between the spine and every leaf" bfd_up_everywhere ||
      { log "FAIL: BFD is not Up on every spine-leaf link"; fail=1; }
    [[ $TOR_IMPL != bgpd ]] || bgpctl_ns spine show bfd
  fi
  ((fail == 0)) && log "leaf/spine ($TOR_IMPL spine): every check passed"
  return $fail
}

# cmd_restart_check: a restart of the spine's daemon under load. leaf1
# (FRR, a graceful-restart helper by default) keeps the routes it learned
# from the spine while the spine's sessions are down, and the spine's kernel
# keeps forwarding ([fib] retain_on_shutdown): the VIP must never leave
# leaf1's kernel and no request may fail.
cmd_restart_check() {
  LAB_NAME="$LAB_NAME-restart-$$" LAB_EPHEMERAL=1
  trap 'teardown "$LAB_NAME"' EXIT
  cmd_up
  trap 'teardown "$LAB_NAME"' EXIT
  local dir="$STATE_DIR/restart" t0 rc=0 conf
  mkdir -p "$dir"
  conf=$([[ $TOR_IMPL == frr ]] && echo "$LAB_ROOT/frr/spine.conf" || echo "$SPINE_CONFIG")
  spawn routewatch leaf1 "$PYTHON" "$LAB_ROOT/tools/routewatch.py" --prefix "$LAB_VIP/32" --out "$dir/routes" >/dev/null
  spawn loadgen client "$PYTHON" "$LAB_ROOT/tools/loadgen.py" run --target "$LAB_VIP" --rate 50 --out "$dir/requests" >/dev/null
  sleep 3
  t0=$(date +%s.%N)
  log "restarting the spine ($TOR_IMPL)"
  router_stop spine
  router_start spine "$conf"
  wait_until 90 "the spine's ECMP route after its restart" spine_converged || rc=1
  sleep 5
  stop_named loadgen TERM 10
  stop_named routewatch TERM 5
  "$PYTHON" "$LAB_ROOT/tools/failover_report.py" --id s --title "restart the spine ($TOR_IMPL), seen from leaf1" \
    --requests "$dir/requests" --routes "$dir/routes" --t0 "$t0" --expect 10.255.1.1 \
    --check --max-failed 0 --min-nexthops 1 || rc=1
  ((rc == 0)) || dump_logs bgpd-spine bgpd-leaf1 zebra-leaf1
  ((rc == 0)) && log "leaf/spine ($TOR_IMPL spine): the VIP stayed in leaf1's kernel across the spine's restart"
  return $rc
}

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

main() {
  local cmd=${1:-}; shift || true
  TOR_IMPL=bgpd
  LAB_BFD=0
  while (($#)); do
    case $1 in
      --bfd) LAB_BFD=1; shift ;;
      --spine | --tor) (($# >= 2)) || die "$1 needs bgpd or frr"; TOR_IMPL=$2; shift 2 ;;
      *) die "unknown argument $1" ;;
    esac
  done
  check_impl "$TOR_IMPL"
  case $cmd in
    up) cmd_up ;;
    down) require_root; teardown "$LAB_NAME"; log "lab '$LAB_NAME' is down" ;;
    status)
      state_load "$LAB_NAME" || { echo "lab '$LAB_NAME' is not up"; exit 1; }
      router_show_summary spine || true
      show
      ;;
    check) cmd_check ;;
    restart-check) cmd_restart_check ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"

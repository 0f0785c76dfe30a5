#!/usr/bin/env bash
# The anycast ToR lab (DESIGN.md's seed topology) in network namespaces:
#
#   client 192.168.20.2 ── ToR 192.168.20.101 ─┬─ br-kind01 10.20.0.101/16 ── kind01-n1 10.20.0.2, kind01-n2 10.20.0.3 (AS 65101)
#                          AS 65001            └─ br-kind02 172.20.0.101/16 ─ kind02-n1 172.20.0.2, kind02-n2 172.20.0.3 (AS 65102)
#
# Every node runs gobgpd configured as Cilium's BGP control plane, advertises
# the LB VIP 172.30.0.10/32 and the ClusterIP 10.96.0.10/32, and serves HTTP on
# the VIP answering its node name. The ToR (bgpd or FRR) installs one ECMP
# route with four next hops and hashes flows on L4.
#
#   anycast.sh up [--tor bgpd|frr]        build, create, start, show; leaves it running
#   anycast.sh up --tor-image[=IMAGE]     the same with bgpd run from its container image
#                                         (default localhost/bgpd:latest, built by scripts/build-image.sh)
#   anycast.sh status                     sessions, VIP route (daemon and kernel), spread
#   anycast.sh down                       removes everything up made (idempotent)
#   anycast.sh failover [--tor bgpd|frr] [--scenarios a,b,c,d,e,f,g] [--out FILE] [--logs DIR] [--check]
#                                         the failover scenarios on a lab of their own
#   anycast.sh check [--tor bgpd|frr | --tor-image[=IMAGE]]
#                                         up on a lab of its own, assert routes and spread, down
#   --peering neighbors|listen            bgpd ToR: nodes as configured neighbours (default) or via listen ranges
#
# LAB_NAME (default "anycast") names the instance; its state is in /run/bgpd-lab/LAB_NAME.
# TOR_CONFIG overrides the bgpd ToR configuration (default config/tor.toml).
# --peering listen (or TOR_PEERING=listen) drops its [[neighbor]] tables, so
# the nodes come in through the listen ranges only (dynamic neighbours).
set -euo pipefail
LAB_ROOT=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/common.sh
source "$LAB_ROOT/lib/common.sh"
source "$LAB_ROOT/lib/node.sh"
source "$LAB_ROOT/lib/frr.sh"
source "$LAB_ROOT/lib/bgpd.sh"
source "$LAB_ROOT/lib/image.sh"
source "$LAB_ROOT/lib/tor.sh"
# A signal ends the script through its EXIT trap, which tears down a lab
# that was being built or measured.
trap 'exit 130' INT
trap 'exit 143' TERM

LAB_NAME=${LAB_NAME:-anycast}
TOR_CONFIG=${TOR_CONFIG:-$REPO_ROOT/config/tor.toml}

# role  node-name  address  AS  ToR-side gateway  bridge  ToR-side port
NODES=(
  "kind01-n1 kind01-n1 10.20.0.2 65101 10.20.0.101 br-kind01 k1n1"
  "kind01-n2 kind01-n2 10.20.0.3 65101 10.20.0.101 br-kind01 k1n2"
  "kind02-n1 kind02-n1 172.20.0.2 65102 172.20.0.101 br-kind02 k2n1"
  "kind02-n2 kind02-n2 172.20.0.3 65102 172.20.0.101 br-kind02 k2n2"
)
NODE_IPS=(10.20.0.2 10.20.0.3 172.20.0.2 172.20.0.3)

node_field() {  # node_field ROLE INDEX: a column of NODES for ROLE
  local line f
  for line in "${NODES[@]}"; do
    read -ra f <<<"$line"
    [[ ${f[0]} == "$1" ]] && { echo "${f[$2]}"; return 0; }
  done
  return 1
}

topology() {
  local line f
  for r in client tor kind01-n1 kind01-n2 kind02-n1 kind02-n2; do ns_add "$r"; done
  router_sysctls tor
  veth tor eth-client client eth0
  ip -n "$(ns tor)" addr add 192.168.20.101/24 dev eth-client
  ip -n "$(ns client)" addr add 192.168.20.2/24 dev eth0
  ip -n "$(ns client)" route add default via 192.168.20.101
  # One bridge per cluster network, inside the ToR's namespace (the kind
  # docker networks); the ToR's cluster-side address lives on the bridge, so a
  # node's link going down leaves the ToR's interface up, as in the seed.
  bridge_add tor br-kind01
  ip -n "$(ns tor)" addr add 10.20.0.101/16 dev br-kind01
  bridge_add tor br-kind02
  ip -n "$(ns tor)" addr add 172.20.0.101/16 dev br-kind02
  for line in "${NODES[@]}"; do
    read -ra f <<<"$line"
    veth tor "${f[6]}" "${f[0]}" eth0
    bridge_port tor "${f[5]}" "${f[6]}"
    node_setup "${f[0]}" "${f[1]}" "${f[2]}/16" "${f[4]}"
  done
}

node_start() {  # node_start ROLE [--restarting]
  node_bgp_start "$1" "$(node_field "$1" 3)" "$(node_field "$1" 2)" "$(node_field "$1" 4)" 65001 "${2:-}"
}

tor_start() {
  if [[ $TOR_IMPL == frr ]]; then
    router_start tor "$LAB_ROOT/frr/anycast-tor.conf"
  elif [[ $TOR_PEERING == listen ]]; then
    # The same file without its [[neighbor]] tables (and their comments).
    awk '/^\[\[neighbor\]\]/ { skip = 1; next } /^\[/ { skip = 0 } !skip' "$TOR_CONFIG" >"$STATE_DIR/tor-listen.toml"
    router_start tor "$STATE_DIR/tor-listen.toml"
  else
    router_start tor "$TOR_CONFIG"
  fi
}

vip_nexthops() { route_nexthops tor "$LAB_VIP/32"; }

# lab_converged: all four sessions up and the kernel's VIP route has the four
# node addresses as next hops.
lab_converged() {
  router_established tor 4 &&
    [[ $(vip_nexthops | tr '\n' ' ') == "$(printf '%s\n' "${NODE_IPS[@]}" | sort | tr '\n' ' ')" ]]
}

spread() {  # spread N: JSON {node: count} of N new-connection requests from the client
  ip netns exec "$(ns client)" "$PYTHON" "$LAB_ROOT/tools/loadgen.py" spread --target "$LAB_VIP" --count "${1:-100}"
}

show() {
  printf '\n== %s: BGP view of %s/32\n' "$TOR_IMPL" "$LAB_VIP"
  router_show_route tor "$LAB_VIP/32" || true
  printf '\n== kernel: ip -n %s route show %s\n' "$(ns tor)" "$LAB_VIP"
  ip -n "$(ns tor)" route show "$LAB_VIP"
  printf '\n== spread of 100 requests from the client (new connection each, L4 hash)\n'
  spread 100 | "$PYTHON" -c 'import json,sys
d = json.load(sys.stdin)
for k, v in d.items(): print(f"  {k:12s} {v:4d} " + "#" * (v // 2))'
}

cmd_up() {
  require_root
  bash "$REPO_ROOT/scripts/install-deps.sh"
  if [[ $TOR_IMPL == bgpd ]]; then
    if [[ -n ${TOR_IMAGE:-} ]]; then image_build; else bgpd_build; fi
  fi
  state_init "$LAB_NAME"
  # Whatever fails from here on, nothing of a half-built lab stays behind.
  trap 'rc=$?; if ((rc)); then log "up failed; tearing down"; teardown "$LAB_NAME"; fi' EXIT
  state_set TOR_IMPL "$TOR_IMPL"
  state_set TOR_IMAGE "${TOR_IMAGE:-}"
  log "creating namespaces (suffix $SUFFIX)"
  topology
  local line f
  for line in "${NODES[@]}"; do
    read -ra f <<<"$line"
    node_http_start "${f[0]}" "${f[1]}"
  done
  log "starting the ToR ($TOR_IMPL${TOR_IMAGE:+ from the image $TOR_IMAGE})"
  tor_start
  log "starting gobgpd in the four nodes"
  for line in "${NODES[@]}"; do
    read -ra f <<<"$line"
    node_start "${f[0]}"
  done
  log "waiting for four sessions and a four-way ECMP route"
  if ! wait_until 60 "four sessions and four next hops" lab_converged; then
    router_show_summary tor || true
    ip -n "$(ns tor)" route show "$LAB_VIP" || true
    dump_logs bgpd-tor zebra-tor gobgpd-kind01-n1
    false
  fi
  trap - EXIT
  show
  [[ -n ${LAB_EPHEMERAL:-} ]] ||
    printf '\nThe lab is up (namespaces *-%s). Tear it down with (as root):\n  %sbash lab/anycast.sh down\n' \
      "$SUFFIX" "$([[ $LAB_NAME == anycast ]] || echo "LAB_NAME=$LAB_NAME ")"
  return 0
}

# cmd_check: the e2e assertions on a lab of its own, always torn down.
cmd_check() {
  LAB_NAME="$LAB_NAME-check-$$" LAB_EPHEMERAL=1
  trap 'teardown "$LAB_NAME"' EXIT
  cmd_up
  trap 'teardown "$LAB_NAME"' EXIT
  local fail=0 paths spread_json
  # The daemon's view: four paths, all multipath (or the best), two AS paths.
  paths=$(router_route_paths tor "$LAB_VIP/32")
  printf '%s\n' "$paths"
  [[ $(grep -cE ' (multipath|best)$' <<<"$paths") -eq 4 ]] ||
    { log "FAIL: the ToR does not select four multipaths for $LAB_VIP/32"; fail=1; }
  [[ $(awk '{print $2}' <<<"$paths" | sort -u | tr '\n' ' ') == "65101 65102 " ]] ||
    { log "FAIL: the paths do not carry the two AS paths 65101 and 65102"; fail=1; }
  # The kernel: one route per prefix with the four nodes as next hops.
  for p in "$LAB_VIP/32" "$LAB_CLUSTER_IP/32"; do
    [[ $(route_nexthops tor "$p" | tr '\n' ' ') == "10.20.0.2 10.20.0.3 172.20.0.2 172.20.0.3 " ]] ||
      { log "FAIL: the kernel route for $p is not ECMP over the four nodes"; fail=1; }
  done
  # The spread: every node serves a share, nothing fails.
  spread_json=$(spread 100)
  echo "spread: $spread_json"
  "$PYTHON" - "$spread_json" <<'EOF' || fail=1
import json, sys
d = json.loads(sys.argv[1])
problems = []
if d.get("failed"): problems.append(f"{d['failed']} of 100 requests failed")
nodes = {k: v for k, v in d.items() if k != "failed"}
if len(nodes) != 4 or min(nodes.values()) < 5:
    problems.append(f"L4 hashing did not spread 100 flows over the four nodes: {nodes}")
for p in problems: print("FAIL:", p)
sys.exit(1 if problems else 0)
EOF
  if [[ -n ${TOR_IMAGE:-} ]]; then image_checks tor 192.168.20.101 || fail=1; fi
  ((fail == 0)) && log "anycast ($TOR_IMPL ToR${TOR_IMAGE:+ from $TOR_IMAGE}): every check passed"
  return $fail
}

cmd_status() {
  state_load "$LAB_NAME" || { echo "lab '$LAB_NAME' is not up"; return 1; }
  printf '== %s ToR, namespaces *-%s\n' "$TOR_IMPL" "$SUFFIX"
  [[ -z ${TOR_IMAGE:-} ]] || podman ps --filter "name=^$(image_container tor)\$" --format '== container {{.Names}} ({{.Image}}) {{.Status}}'
  router_show_summary tor || true
  show
}

cmd_down() {
  require_root
  teardown "$LAB_NAME"
  log "lab '$LAB_NAME' is down"
}

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

main() {
  local cmd=${1:-}; shift || true
  TOR_IMPL=bgpd TOR_IMAGE=
  TOR_PEERING=${TOR_PEERING:-neighbors}
  local fargs=()
  while (($#)); do
    case $1 in
      --tor) (($# >= 2)) || die "--tor needs bgpd or frr"; TOR_IMPL=$2; shift 2 ;;
      --tor=*) TOR_IMPL=${1#--tor=}; shift ;;
      --tor-image) TOR_IMAGE=$TOR_IMAGE_DEFAULT; shift ;;
      --tor-image=*) TOR_IMAGE=${1#--tor-image=}; shift ;;
      --peering) (($# >= 2)) || die "--peering needs neighbors or listen"; TOR_PEERING=$2; shift 2 ;;
      *) fargs+=("$1"); shift ;;
    esac
  done
  check_impl "$TOR_IMPL"
  [[ -z $TOR_IMAGE || $TOR_IMPL == bgpd ]] || die "--tor-image runs bgpd's image; it does not go with --tor $TOR_IMPL"
  [[ $TOR_PEERING == neighbors || $TOR_PEERING == listen ]] || die "--peering: neighbors or listen, not '$TOR_PEERING'"
  [[ $TOR_PEERING == listen && $TOR_IMPL != bgpd ]] && die "--peering listen is for the bgpd ToR"
  case $cmd in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    check) cmd_check ;;
    failover)
      # shellcheck source=failover.sh
      source "$LAB_ROOT/failover.sh"
      failover_main "${fargs[@]}"
      ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"

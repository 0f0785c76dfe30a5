#!/usr/bin/env bash
# Shared harness for bgpd integration tests: network namespaces with a per-run
# suffix, veth pairs, background processes, polling helpers. Everything a test
# creates is removed on EXIT, whether the test passed, failed or was killed.
#
# Usage in a test:
#   source "$(dirname "$0")/lib/netns.sh"
#   netns_init gobgp-passive            # names get "-<run id>" appended
#   ns_add tor; ns_add node1
#   ns_link tor 10.20.0.101/24 node1 10.20.0.2/24
#   ns_spawn tor "$WORK/bgpd.log" "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$WORK/bgpd.sock"
#   wait_until 20 neighbor_state_is "$WORK/bgpd.sock" 10.20.0.2 Established
set -euo pipefail

: "${BGPD:?BGPD must point at build/bgpd/bgpd}"
: "${BGPCTL:?BGPCTL must point at build/bgpd/bgpctl}"

RUN_ID="$$-$RANDOM"
NAMESPACES=()
PIDS=()
WORK=""
TEST_NAME=""

log() { printf '[%s %s] %s\n' "$(date +%H:%M:%S.%N | cut -c1-12)" "$TEST_NAME" "$*" >&2; }
fail() {
  log "FAIL: $*"
  dump_logs
  exit 1
}

dump_logs() {
  [[ -n "$WORK" && -d "$WORK" ]] || return 0
  for f in "$WORK"/*.log; do
    [[ -f "$f" ]] || continue
    echo "----- $(basename "$f") (last 40 lines) -----" >&2
    tail -n 40 "$f" >&2 || true
  done
}

cleanup() {
  local rc=$?
  set +e
  for pid in "${PIDS[@]}"; do
    # Resume first: a SIGSTOPped process would not act on SIGTERM.
    kill -CONT "$pid" 2>/dev/null
    kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  for ns in "${NAMESPACES[@]}"; do
    # Anything still running inside (e.g. FRR daemons that forked) goes too.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  [[ -n "$WORK" && -d "$WORK" && -z "${KEEP_WORK:-}" ]] && rm -rf "$WORK"
  if [[ $rc -eq 0 ]]; then log "PASS"; fi
  exit $rc
}

netns_init() {
  TEST_NAME="$1"
  WORK="$(mktemp -d "/tmp/bgpd-it-${TEST_NAME}-XXXXXX")"
  chmod 0777 "$WORK"  # FRR drops to user frr and writes here
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

# ns NAME -> the real namespace name for this run
ns() { echo "bgpit-$1-$RUN_ID"; }

ns_add() {
  local n; n="$(ns "$1")"
  ip netns add "$n"
  NAMESPACES+=("$n")
  ip -n "$n" link set lo up
}

ns_exec() {
  local n="$1"; shift
  ip netns exec "$(ns "$n")" "$@"
}

# ns_link NS_A ADDR_A/LEN NS_B ADDR_B/LEN: a veth pair between two namespaces.
ns_link() {
  local a="$1" addr_a="$2" b="$3" addr_b="$4"
  local ia="v${#NAMESPACES[@]}a$RANDOM" ib="v${#NAMESPACES[@]}b$RANDOM"
  ip link add "${ia:0:15}" type veth peer name "${ib:0:15}"
  ip link set "${ia:0:15}" netns "$(ns "$a")"
  ip link set "${ib:0:15}" netns "$(ns "$b")"
  ip -n "$(ns "$a")" addr add "$addr_a" dev "${ia:0:15}"
  ip -n "$(ns "$b")" addr add "$addr_b" dev "${ib:0:15}"
  ip -n "$(ns "$a")" link set "${ia:0:15}" up
  ip -n "$(ns "$b")" link set "${ib:0:15}" up
}

# ns_spawn NS LOGFILE CMD...: run CMD in the namespace in the background; its
# pid is recorded for cleanup and printed.
ns_spawn() {
  local n="$1" logfile="$2"; shift 2
  ip netns exec "$(ns "$n")" "$@" >"$logfile" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  echo "$pid"
}

# wait_until SECONDS CMD...: poll CMD every 0.25 s until it succeeds.
wait_until() {
  local timeout="$1"; shift
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  return 1
}

# holds_for SECONDS CMD...: CMD keeps succeeding for the whole period.
holds_for() {
  local period="$1"; shift
  local deadline=$((SECONDS + period))
  while ((SECONDS < deadline)); do
    "$@" >/dev/null 2>&1 || return 1
    sleep 0.5
  done
}

# ---- bgpd ----

bgpd_neighbor_json() { "$BGPCTL" -s "$1" show neighbors "$2" --json | jq '.[0]'; }
neighbor_field() { bgpd_neighbor_json "$1" "$2" | jq -r ".$3"; }
neighbor_state_is() { [[ "$(neighbor_field "$1" "$2" state)" == "$3" ]]; }
neighbor_state_is_not() { [[ "$(neighbor_field "$1" "$2" state)" != "$3" ]]; }
neighbor_last_error_is() { [[ "$(neighbor_field "$1" "$2" 'last_error.code_name + "/" + .last_error.subcode_name')" == "$3" ]]; }

# ---- gobgpd (configured as Cilium configures it, see DESIGN.md) ----

# gobgp_node_config FILE ROUTER_ID AS NEIGHBOR PEER_AS [extra neighbor TOML]
# As lab/lib/node.sh (lab/README.md "Cilium-faithful nodes"), with connect
# retry 1 s so the tests re-peer quickly. GOBGP_GR_NOTIFICATION=0 leaves the
# RFC 8538 N bit out (Cilium sets it).
gobgp_node_config() {
  local file="$1" rid="$2" asn="$3" neighbor="$4" peer_as="$5" extra="${6:-}" notification=true
  [[ ${GOBGP_GR_NOTIFICATION:-1} == 0 ]] && notification=false
  cat >"$file" <<EOT
[global.config]
  as = $asn
  router-id = "$rid"
  port = 179
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$neighbor"
    peer-as = $peer_as
$extra
  [neighbors.timers.config]
    hold-time = 9
    keepalive-interval = 3
    connect-retry = 1
    idle-hold-time-after-reset = 5
  [neighbors.ebgp-multihop.config]
    enabled = true
    multihop-ttl = 4
  [neighbors.graceful-restart.config]
    enabled = true
    restart-time = 15
    notification-enabled = $notification
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
    [neighbors.afi-safis.mp-graceful-restart.config]
      enabled = true
EOT
}

# gobgp NS ARGS...: the gobgp CLI against the gobgpd of namespace NS.
gobgp_cli() {
  local n="$1"; shift
  ns_exec "$n" gobgp -u 127.0.0.1 -p 50051 "$@"
}
gobgp_neighbor_state() { gobgp_cli "$1" neighbor "$2" -j | jq -r '.state.session_state'; }
gobgp_established() { [[ "$(gobgp_neighbor_state "$1" "$2")" == "established" || "$(gobgp_neighbor_state "$1" "$2")" == "6" ]]; }

# bgpd_tor_config FILE NEIGHBOR REMOTE_AS [extra [[neighbor]] lines]: the ToR
# side (AS 65001) with one neighbour, hold 9 / keepalive 3, our networks.
bgpd_tor_config() {
  local file="$1" neighbor="$2" remote_as="$3" extra="${4:-}"
  cat >"$file" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = false
[bgp.ipv4_unicast]
networks = ["10.20.0.0/24", "192.168.20.0/24"]

[[neighbor]]
address = "$neighbor"
remote_as = $remote_as
hold_time = 9
keepalive = 3
connect_retry = 1
$extra
EOT
}

# bgpd_spawn NS: starts bgpd in NS with $WORK/bgpd.toml, waits for its socket.
bgpd_spawn() {
  BGPD_PID=$(ns_spawn "$1" "$WORK/bgpd.log" "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$WORK/bgpd.sock" --log-level debug)
  wait_until 10 test -S "$WORK/bgpd.sock" || fail "bgpd did not create its control socket"
}

# negotiated_has SOCK ADDR CAP...: every CAP is in capabilities.negotiated.
negotiated_has() {
  local sock="$1" addr="$2"; shift 2
  local json; json="$(bgpd_neighbor_json "$sock" "$addr")"
  for cap in "$@"; do
    jq -e --arg c "$cap" '.capabilities.negotiated | index($c)' <<<"$json" >/dev/null || {
      log "missing negotiated capability $cap in $(jq -c .capabilities.negotiated <<<"$json")"
      return 1
    }
  done
}

# Shared plumbing for the lab scripts: state directory, namespaces, veths,
# bridges and the processes the lab starts. Sourced, never executed.
#
# Every lab instance has a name (LAB_NAME, e.g. "anycast"); its state lives in
# /run/bgpd-lab/$LAB_NAME/ and its namespaces carry a random per-run suffix
# (LAB_SUFFIX if set: the e2e tests look for leftovers by it) recorded there, so `down` finds exactly what `up` made and two instances
# (a user's lab and a CI run) never collide.

LAB_ROOT=${LAB_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
REPO_ROOT=$(cd "$LAB_ROOT/.." && pwd)
LAB_RUN_DIR=${LAB_RUN_DIR:-/run/bgpd-lab}
# Debian's own interpreter: a pyenv or venv python3 earlier in PATH may start slowly.
PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

require_root() { [[ $(id -u) -eq 0 ]] || die "the lab needs root (network namespaces)"; }

# state_init NAME: fresh state dir with a new namespace suffix.
state_init() {
  STATE_DIR="$LAB_RUN_DIR/$1"
  [[ -e $STATE_DIR/state ]] && die "lab '$1' is already up (state in $STATE_DIR); run down first"
  mkdir -p "$STATE_DIR"
  chmod 0777 "$STATE_DIR"            # FRR daemons write here after dropping to user frr
  SUFFIX=${LAB_SUFFIX:-$(od -An -N2 -tx2 /dev/urandom | tr -d ' ')}
  printf 'SUFFIX=%s\n' "$SUFFIX" >"$STATE_DIR/state"
  : >"$STATE_DIR/namespaces"
  : >"$STATE_DIR/pids"
}

# state_load NAME: returns 1 when the lab is not up.
state_load() {
  STATE_DIR="$LAB_RUN_DIR/$1"
  [[ -f $STATE_DIR/state ]] || return 1
  # shellcheck disable=SC1091
  source "$STATE_DIR/state"
}

state_set() {  # state_set KEY VALUE: persists KEY for later commands
  sed -i "/^$1=/d" "$STATE_DIR/state"
  printf '%s=%q\n' "$1" "$2" >>"$STATE_DIR/state"
  printf -v "$1" '%s' "$2"
}

# ns ROLE: the namespace name of a role in this run.
ns() { printf '%s-%s' "$1" "$SUFFIX"; }

ns_add() {  # ns_add ROLE: creates the namespace with loopback up
  local n; n=$(ns "$1")
  ip netns add "$n"
  echo "$n" >>"$STATE_DIR/namespaces"
  ip -n "$n" link set lo up
  # New namespaces start with the kernel's defaults; make reverse-path
  # filtering explicit so asymmetric ECMP return paths are never dropped.
  ip netns exec "$n" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
  # A veth hands the sender's socket hash (skb->hash, marked as an L4 hash)
  # to the next namespace, and the ToR's L4 multipath hash reuses it instead of
  # hashing the 5-tuple. By default TCP picks a new random hash on every
  # retransmission timeout, so a SYN retransmitted towards a dead next hop
  # would land elsewhere: something a client on another machine never sees.
  # Keeping the hash per flow makes the ToR's choice depend on the 5-tuple
  # alone, as between real hosts (net.core.txrehash, Linux >= 5.19).
  ip netns exec "$n" sysctl -qw net.core.txrehash=0 2>/dev/null || true
}

# veth ROLE_A IF_A ROLE_B IF_B: a veth pair created directly inside the two
# namespaces (never in the host namespace), both ends up.
veth() {
  ip -n "$(ns "$1")" link add "$2" type veth peer name "$4" netns "$(ns "$3")"
  ip -n "$(ns "$1")" link set "$2" up
  ip -n "$(ns "$3")" link set "$4" up
}

bridge_add() {  # bridge_add ROLE BRIDGE: a Linux bridge inside ROLE's namespace
  ip -n "$(ns "$1")" link add "$2" type bridge
  ip -n "$(ns "$1")" link set "$2" up
}

bridge_port() {  # bridge_port ROLE BRIDGE IF
  ip -n "$(ns "$1")" link set "$3" master "$2"
}

router_sysctls() {  # router_sysctls ROLE: forwarding + L4 ECMP hashing (v4 and v6)
  ip netns exec "$(ns "$1")" sysctl -qw \
    net.ipv4.ip_forward=1 net.ipv4.fib_multipath_hash_policy=1 \
    net.ipv6.conf.all.forwarding=1 net.ipv6.fib_multipath_hash_policy=1
  # LAB_FIB_MULTIPATH_USE_NEIGH=1: the kernel skips ECMP next hops whose
  # neighbour entry is FAILED (unset: the kernel's default, 0). For measuring
  # what the kernel alone does against bgpd's next-hop liveness.
  if [[ -n ${LAB_FIB_MULTIPATH_USE_NEIGH:-} ]]; then
    ip netns exec "$(ns "$1")" sysctl -qw "net.ipv4.fib_multipath_use_neigh=$LAB_FIB_MULTIPATH_USE_NEIGH"
  fi
}

# router_own_hash ROLE: hash the 5-tuple with this router's own key
# (policy 3, fields src/dst address, protocol, src/dst port), for routers
# behind another ECMP hop. Policy 1 reuses the hash the sender's socket put
# on the packet (veths pass it along), so every router of the lab would make
# the same choice and a leaf would always pick the same node for the flows
# the spine sends it: separate machines hash independently. The per-namespace
# seed needs Linux >= 6.11; without it the leaf still decorrelates from the
# spine (which uses the socket's hash).
router_own_hash() {
  ip netns exec "$(ns "$1")" sysctl -qw net.ipv4.fib_multipath_hash_policy=3 \
    net.ipv4.fib_multipath_hash_fields=0x0037
  ip netns exec "$(ns "$1")" sysctl -qw "net.ipv4.fib_multipath_hash_seed=$((RANDOM * 32768 + RANDOM))" 2>/dev/null || true
}

# spawn NAME ROLE CMD...: runs CMD in ROLE's namespace, detached from this shell
# (the lab stays up after the script exits), output in $STATE_DIR/NAME.log;
# the pid is recorded for down. Prints the pid.
spawn() {
  local name=$1 role=$2; shift 2
  setsid ip netns exec "$(ns "$role")" "$@" </dev/null >>"$STATE_DIR/$name.log" 2>&1 &
  local pid=$!
  disown "$pid"   # no "Killed" job notices when a scenario kills it on purpose
  echo "$name $pid" >>"$STATE_DIR/pids"
  echo "$pid"
}

pid_of() {  # pid_of NAME: the last recorded pid of NAME (empty if none)
  awk -v n="$1" '$1 == n { p = $2 } END { if (p) print p }' "$STATE_DIR/pids"
}

alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# stop_pid PID SIGNAL TIMEOUT_S: signals PID and waits for it to exit.
stop_pid() {
  local pid=$1 sig=${2:-TERM} timeout=${3:-10} i
  alive "$pid" || return 0
  kill -s "$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 20; i++)); do
    alive "$pid" || return 0
    sleep 0.05
  done
  kill -s KILL "$pid" 2>/dev/null || true
}

stop_named() {  # stop_named NAME [SIGNAL] [TIMEOUT]
  stop_pid "$(pid_of "$1")" "${2:-TERM}" "${3:-10}"
}

# wait_until TIMEOUT_S DESCRIPTION CMD...: polls CMD every 0.2 s.
wait_until() {
  local timeout=$1 what=$2 deadline; shift 2
  deadline=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    (($(date +%s) < deadline)) || { log "timed out after ${timeout}s waiting for $what"; return 1; }
    sleep 0.2
  done
}

# dump_logs NAME...: the tail of each named process log, for a failed run
# (teardown removes the state directory with the logs).
dump_logs() {
  local name
  for name in "$@"; do
    [[ -s $STATE_DIR/$name.log ]] || continue
    printf -- '--- last lines of %s.log\n' "$name" >&2
    tail -n "${DUMP_LOG_LINES:-40}" "$STATE_DIR/$name.log" >&2
  done
}

# teardown NAME: stops every process the lab started and removes its
# namespaces and state. Idempotent; safe on a half-built lab.
teardown() {
  local dir="$LAB_RUN_DIR/$1" name pid n
  [[ -d $dir ]] || return 0
  # Containers the lab started (anycast.sh --tor-image): stopped with their
  # stop signal and removed before the namespaces they joined go away.
  if [[ -f $dir/containers ]] && command -v podman >/dev/null; then
    while read -r name; do
      [[ -n $name ]] || continue
      podman stop -t 10 "$name" >/dev/null 2>&1 || true
      podman rm -f -v "$name" >/dev/null 2>&1 || true
    done <"$dir/containers"
  fi
  if [[ -f $dir/pids ]]; then
    while read -r name pid; do
      [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null || true
    done <"$dir/pids"
  fi
  if [[ -f $dir/namespaces ]]; then
    # Anything still running inside the lab's own namespaces was started by
    # the lab (FRR daemonizes, so its pids are not all in the pid file).
    while read -r n; do
      for pid in $(ip netns pids "$n" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
    done <"$dir/namespaces"
    sleep 0.5
    while read -r n; do
      for pid in $(ip netns pids "$n" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
      ip netns del "$n" 2>/dev/null || true
    done <"$dir/namespaces"
  fi
  rm -rf "$dir"
}

# route_nexthops ROLE PREFIX: the sorted next hops of PREFIX in ROLE's main table.
route_nexthops() {
  ip -n "$(ns "$1")" route show "$2" 2>/dev/null | grep -o 'via [0-9a-f.:]*' | awk '{print $2}' | sort
}

route_has_nexthops() {  # route_has_nexthops ROLE PREFIX N
  [[ $(route_nexthops "$1" "$2" | wc -l) -eq $3 ]]
}

# bgpd (this repository's daemon) as a router in a lab namespace. Sourced after common.sh.

BGPD_BUILD_DIR=${BGPD_BUILD_DIR:-$REPO_ROOT/build}
BGPD_BIN=${BGPD_BIN:-$BGPD_BUILD_DIR/bgpd/bgpd}
BGPCTL_BIN=${BGPCTL_BIN:-$BGPD_BUILD_DIR/bgpd/bgpctl}

bgpd_socket() { printf '%s/bgpd-%s.sock' "$STATE_DIR" "$1"; }

# bgpd_build: builds the daemon and its client unless prebuilt binaries were
# given (BGPD_BIN/BGPCTL_BIN, as the e2e tests do with their own build tree).
bgpd_build() {
  if [[ -x $BGPD_BIN && -x $BGPCTL_BIN && -n ${BGPD_NO_BUILD:-} ]]; then return 0; fi
  log "building bgpd in $BGPD_BUILD_DIR"
  cmake -S "$REPO_ROOT" -B "$BGPD_BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BGPD_BUILD_DIR" -j2 --target bgpd bgpctl
}

bgpctl_ns() {  # bgpctl_ns ROLE ARGS...: bgpctl against ROLE's daemon
  local role=$1; shift
  # A daemon run from the container image: its own bgpctl (lib/image.sh).
  if declare -F image_runs >/dev/null && image_runs "$role"; then image_bgpctl "$role" "$@"; return; fi
  ip netns exec "$(ns "$role")" "$BGPCTL_BIN" -s "$(bgpd_socket "$role")" "$@"
}

# bgpd_start ROLE CONFIG: the daemon with the repository's config file; only
# the control socket moves under the lab's state directory. The metrics
# listener stays on the namespace's own loopback.
bgpd_start() {
  local role=$1 conf=$2
  [[ -x $BGPD_BIN ]] || die "no bgpd binary at $BGPD_BIN (build it, or set BGPD_BUILD_DIR)"
  ip netns exec "$(ns "$role")" "$BGPD_BIN" -c "$conf" --check-config >/dev/null ||
    die "bgpd rejects $conf"
  spawn "bgpd-$role" "$role" "$BGPD_BIN" -c "$conf" --control-socket "$(bgpd_socket "$role")" >/dev/null
  wait_until 10 "bgpd control socket in $role" bgpctl_ns "$role" show summary || return 1
}

# bgpd_stop ROLE: SIGTERM; the daemon sends Cease to its peers and, by
# design, leaves its routes in the kernel for its successor to reconcile.
bgpd_stop() { stop_named "bgpd-$1" TERM 10; }

bgpd_established() {  # bgpd_established ROLE N
  local n
  n=$(bgpctl_ns "$1" show neighbors --json 2>/dev/null |
    "$PYTHON" -c 'import json,sys; print(sum(1 for p in json.load(sys.stdin) if p.get("state")=="Established"))' 2>/dev/null)
  [[ ${n:-0} -ge $2 ]]
}

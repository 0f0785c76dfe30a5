# bgpd from its container image (Dockerfile, scripts/build-image.sh) as the
# ToR: `anycast.sh up --tor-image`. Sourced after common.sh and bgpd.sh.
#
# The container joins the ToR's network namespace (podman --network
# ns:/run/netns/<tor-ns>), runs as the image's unprivileged user with only
# CAP_NET_ADMIN and CAP_NET_BIND_SERVICE (TOR_IMAGE_CAPS adds more, e.g.
# NET_RAW), a read-only root filesystem and no-new-privileges. The lab's
# config/tor.toml is mounted as /etc/bgpd/bgpd.toml unchanged; the control
# socket's directory /run/bgpd is a directory of the lab's state, so
# `down` finds and removes everything. bgpctl runs inside the container
# (podman exec), so the host needs no build of its own.

TOR_IMAGE_DEFAULT=localhost/bgpd:latest
TOR_IMAGE_CAPS=${TOR_IMAGE_CAPS:-}
# shellcheck source=../../scripts/image-podman.sh
source "$REPO_ROOT/scripts/image-podman.sh"

image_runs() { [[ -n ${TOR_IMAGE:-} && $1 == tor ]]; }   # image_runs ROLE
image_container() { printf 'bgpd-%s-%s' "$1" "$SUFFIX"; }
image_run_dir() { printf '%s/%s-run' "$STATE_DIR" "$1"; }

# image_build: the image, rebuilt from the working tree (cached layers and
# ccache make an unchanged tree a few seconds), unless BGPD_NO_BUILD is set
# and the image exists (the ctest fixture built it).
image_build() {
  if [[ -n ${BGPD_NO_BUILD:-} ]] && podman image exists "$TOR_IMAGE"; then return 0; fi
  log "building the image $TOR_IMAGE (scripts/build-image.sh)"
  bash "$REPO_ROOT/scripts/build-image.sh" --tag "$TOR_IMAGE" >&2
}

# image_start ROLE CONFIG: the container in ROLE's namespace.
image_start() {
  local role=$1 conf=$2 name dir user caps=NET_ADMIN,NET_BIND_SERVICE
  name=$(image_container "$role") dir=$(image_run_dir "$role")
  podman image exists "$TOR_IMAGE" || die "no image $TOR_IMAGE (scripts/build-image.sh builds it)"
  [[ -n $TOR_IMAGE_CAPS ]] && caps+=",$TOR_IMAGE_CAPS"
  # The image's user owns the socket directory it writes to.
  user=$(podman image inspect --format '{{.Config.User}}' "$TOR_IMAGE")
  [[ $user =~ ^[0-9]+:[0-9]+$ ]] || die "image $TOR_IMAGE runs as '$user', not a numeric uid:gid"
  mkdir -p "$dir"
  chown "$user" "$dir"
  chmod 0750 "$dir"
  grep -qx "$name" "$STATE_DIR/containers" 2>/dev/null || echo "$name" >>"$STATE_DIR/containers"
  podman_host_flags
  podman run -d --replace --name "$name" --pull=never \
    "${PODMAN_HOST_FLAGS[@]}" \
    --network "ns:/run/netns/$(ns "$role")" \
    --cap-drop all --cap-add "$caps" --security-opt no-new-privileges --read-only \
    -v "$conf:/etc/bgpd/bgpd.toml:ro" -v "$dir:/run/bgpd" \
    --log-driver k8s-file --log-opt "path=$STATE_DIR/bgpd-$role.log" \
    "$TOR_IMAGE" >/dev/null || die "podman run $TOR_IMAGE failed"
  wait_until 30 "bgpd control socket in the $role container" bgpctl_ns "$role" show summary || return 1
}

# image_stop ROLE: podman stop sends the image's STOPSIGNAL (SIGTERM: Cease
# to every peer, routes left in the kernel), then the container is removed.
image_stop() {
  local name; name=$(image_container "$1")
  podman stop -t 10 "$name" >/dev/null 2>&1 || true
  podman rm -f -v "$name" >/dev/null 2>&1 || true
}

# image_bgpctl ROLE ARGS...: bgpctl inside the container (default socket).
image_bgpctl() {
  local role=$1; shift
  podman exec "$(image_container "$role")" bgpctl "$@"
}

# image_checks ROLE ADDRESS: what running from the image promises, asserted
# on the live container (anycast.sh check --tor-image):
#   - the process in ROLE's namespace is bgpd itself (the entrypoint exec'd),
#     running as the image's unprivileged uid, not root;
#   - it holds exactly CAP_NET_ADMIN and CAP_NET_BIND_SERVICE (plus
#     TOR_IMAGE_CAPS) in its effective, permitted and bounding sets, with
#     no-new-privileges;
#   - /metrics answers on ADDRESS:9179 from another namespace (the client's),
#     as a Prometheus elsewhere in the cluster would scrape it.
image_checks() {
  local role=$1 address=$2 name pid fail=0 uid want=$((1 << 12 | 1 << 10)) cap set
  name=$(image_container "$role")
  pid=$(podman inspect --format '{{.State.Pid}}' "$name")
  [[ $(cat "/proc/$pid/comm") == bgpd ]] ||
    { log "FAIL: PID 1 of $name is $(cat "/proc/$pid/comm"), not bgpd"; fail=1; }
  uid=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")   # real, effective, saved, fs
  [[ ${uid%% *} != 0 && $(tr ' ' '\n' <<<"$uid" | sort -u | wc -l) -eq 1 ]] ||
    { log "FAIL: bgpd in $name runs with uids $uid"; fail=1; }
  for cap in ${TOR_IMAGE_CAPS//,/ }; do
    case ${cap^^} in
      NET_RAW | CAP_NET_RAW) want=$((want | 1 << 13)) ;;
      *) log "image_checks: cannot check extra capability $cap"; return 1 ;;
    esac
  done
  for set in CapEff CapPrm CapBnd; do
    [[ $((16#$(awk -v s="$set:" '$1 == s { print $2 }' "/proc/$pid/status"))) -eq $want ]] ||
      { log "FAIL: bgpd's $set is $(grep "^$set" "/proc/$pid/status"), want $(printf '%x' $want)"; fail=1; }
  done
  grep -q '^NoNewPrivs:[[:space:]]*1' "/proc/$pid/status" || { log "FAIL: no-new-privileges is off"; fail=1; }
  ip netns exec "$(ns client)" curl -sf --max-time 5 "http://$address:9179/metrics" | grep -q '^bgpd_fib_routes_installed' ||
    { log "FAIL: no bgpd metrics at http://$address:9179/metrics from the client namespace"; fail=1; }
  ((fail == 0)) && log "image: bgpd is PID $pid as uid ${uid%% *}, capabilities $(printf '%#x' $want) only, /metrics reachable at $address:9179"
  return $fail
}

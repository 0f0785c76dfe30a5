#!/usr/bin/env bash
# docker/entrypoint.sh, the ToR container's entrypoint, run the way a
# container runtime runs it but inside a fresh network namespace (there is no
# Docker engine here):
#   - it sets ip_forward, IPv6 forwarding and both fib_multipath_hash_policy
#     sysctls to 1 in that namespace, and leaves the host's untouched;
#   - bgpd is exec'd: the process the runtime started IS bgpd (same PID);
#   - SIGTERM to that PID stops bgpd cleanly (exit 0, "bgpd stopped");
#   - a bad or missing config exits 78 with bgpd's file:line:col error and
#     starts nothing; a non-option first argument is run instead of bgpd.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"
ENTRYPOINT="$(cd "$(dirname "$0")/../.." && pwd)/docker/entrypoint.sh"

netns_init entrypoint
ns_add tor
SYSCTLS="net.ipv4.ip_forward net.ipv4.fib_multipath_hash_policy net.ipv6.conf.all.forwarding net.ipv6.fib_multipath_hash_policy"
host_before="$(sysctl -n $SYSCTLS | tr '\n' ' ')"
[[ "$(ns_exec tor sysctl -n $SYSCTLS | tr '\n' ' ')" == "0 0 0 0 " ]] || fail "a fresh namespace should start with the sysctls at 0"

cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
[[neighbor]]
address = "10.20.0.2"
remote_as = 65101
EOT
SOCK="$WORK/bgpd.sock"

# --- a good config: sysctls, exec, SIGTERM ---
ip netns exec "$(ns tor)" env BGPD="$BGPD" BGPD_CONFIG="$WORK/bgpd.toml" \
  "$ENTRYPOINT" --control-socket "$SOCK" --log-level debug >"$WORK/bgpd.log" 2>&1 &
PID=$!
PIDS+=("$PID")
wait_until 10 test -S "$SOCK" || fail "bgpd did not come up behind the entrypoint"
[[ "$(readlink -f /proc/$PID/exe)" == "$(readlink -f "$BGPD")" ]] ||
  fail "PID $PID is $(readlink -f /proc/$PID/exe), not bgpd: the entrypoint did not exec"
[[ "$(tr '\0' ' ' </proc/$PID/cmdline)" == "$BGPD -c $WORK/bgpd.toml --control-socket $SOCK --log-level debug " ]] ||
  fail "unexpected bgpd command line: $(tr '\0' ' ' </proc/$PID/cmdline)"
[[ "$(ns_exec tor sysctl -n $SYSCTLS | tr '\n' ' ')" == "1 1 1 1 " ]] ||
  fail "sysctls in the namespace: $(ns_exec tor sysctl $SYSCTLS | tr '\n' ' ')"
[[ "$(sysctl -n $SYSCTLS | tr '\n' ' ')" == "$host_before" ]] || fail "the entrypoint changed the host's sysctls"
grep -q "configuration OK" "$WORK/bgpd.log" || fail "the config check was not reported"
"$BGPCTL" -s "$SOCK" show summary >/dev/null || fail "bgpctl cannot talk to the exec'd bgpd"
log "bgpd is PID $PID of the entrypoint, sysctls set in the namespace only"

kill -TERM "$PID"
rc=0
wait "$PID" || rc=$?
[[ $rc == 0 ]] || fail "bgpd exited $rc on SIGTERM"
grep -q "received SIGTERM" "$WORK/bgpd.log" && grep -q "bgpd stopped" "$WORK/bgpd.log" || fail "no clean shutdown logged"
log "SIGTERM reached bgpd directly; clean exit 0"

# --- BGPD_METRICS_LISTEN (the image sets 0.0.0.0:9179): /metrics there ---
SOCK2="$WORK/metrics.sock"
ip netns exec "$(ns tor)" env BGPD="$BGPD" BGPD_CONFIG="$WORK/bgpd.toml" BGPD_METRICS_LISTEN=127.0.0.1:19179 \
  "$ENTRYPOINT" --control-socket "$SOCK2" >"$WORK/metrics.log" 2>&1 &
PID=$!
PIDS+=("$PID")
wait_until 10 test -S "$SOCK2" || fail "bgpd did not come up with BGPD_METRICS_LISTEN: $(cat "$WORK/metrics.log")"
[[ "$(tr '\0' ' ' </proc/$PID/cmdline)" == "$BGPD -c $WORK/bgpd.toml --metrics-listen 127.0.0.1:19179 --control-socket $SOCK2 " ]] ||
  fail "BGPD_METRICS_LISTEN not passed on: $(tr '\0' ' ' </proc/$PID/cmdline)"
wait_until 10 bash -c "ip netns exec $(ns tor) curl -sf http://127.0.0.1:19179/metrics | grep -q '^bgpd_'" ||
  fail "no /metrics at the BGPD_METRICS_LISTEN address"
kill -TERM "$PID"
wait "$PID" || fail "bgpd exited $? on SIGTERM"
# An explicit --metrics-listen argument wins over the environment.
SOCK3="$WORK/metrics-arg.sock"
ip netns exec "$(ns tor)" env BGPD="$BGPD" BGPD_CONFIG="$WORK/bgpd.toml" BGPD_METRICS_LISTEN=127.0.0.1:19179 \
  "$ENTRYPOINT" --metrics-listen=127.0.0.1:19180 --control-socket "$SOCK3" >"$WORK/metrics-arg.log" 2>&1 &
PID=$!
PIDS+=("$PID")
wait_until 10 test -S "$SOCK3" || fail "bgpd did not come up with --metrics-listen: $(cat "$WORK/metrics-arg.log")"
[[ "$(tr '\0' ' ' </proc/$PID/cmdline)" == "$BGPD -c $WORK/bgpd.toml --metrics-listen=127.0.0.1:19180 --control-socket $SOCK3 " ]] ||
  fail "the environment overrode an explicit --metrics-listen: $(tr '\0' ' ' </proc/$PID/cmdline)"
kill -TERM "$PID"
wait "$PID" || fail "bgpd exited $? on SIGTERM"
log "BGPD_METRICS_LISTEN puts /metrics on its address; an explicit --metrics-listen wins"

# --- a bad config: exit 78 with the error, nothing started ---
printf '[bgp]\nasn = 65001\nrouter_id = "not-an-address"\n' >"$WORK/bad.toml"
rc=0
ns_exec tor env BGPD="$BGPD" BGPD_CONFIG="$WORK/bad.toml" "$ENTRYPOINT" --control-socket "$WORK/bad.sock" \
  >"$WORK/bad.out" 2>&1 || rc=$?
[[ $rc == 78 ]] || fail "bad config: exit $rc, expected 78: $(cat "$WORK/bad.out")"
grep -q "invalid configuration $WORK/bad.toml" "$WORK/bad.out" || fail "no clear error: $(cat "$WORK/bad.out")"
grep -q "bad.toml:3:" "$WORK/bad.out" || fail "bgpd's file:line error not passed on: $(cat "$WORK/bad.out")"
[[ ! -e "$WORK/bad.sock" ]] || fail "bgpd started despite the bad config"
log "bad config: exit 78, $(grep 'bad.toml:3:' "$WORK/bad.out" | head -1)"

rc=0
ns_exec tor env BGPD="$BGPD" BGPD_CONFIG="$WORK/missing.toml" "$ENTRYPOINT" >"$WORK/missing.out" 2>&1 || rc=$?
[[ $rc == 78 ]] && grep -q "no configuration at $WORK/missing.toml" "$WORK/missing.out" || fail "missing config: exit $rc: $(cat "$WORK/missing.out")"

# A sysctl the kernel lacks is an error, not silently skipped.
mkdir "$WORK/sys"
rc=0
ns_exec tor env BGPD="$BGPD" BGPD_CONFIG="$WORK/bgpd.toml" BGPD_SYSCTL_DIR="$WORK/sys" "$ENTRYPOINT" >"$WORK/sys.out" 2>&1 || rc=$?
[[ $rc != 0 ]] && grep -q "net.ipv4.ip_forward does not exist" "$WORK/sys.out" || fail "missing sysctl not reported: exit $rc"

# A command instead of options runs that command (docker run IMAGE bash).
[[ "$(ns_exec tor env BGPD_CONFIG=/nonexistent "$ENTRYPOINT" echo hello)" == hello ]] || fail "command pass-through broken"

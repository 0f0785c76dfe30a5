#!/usr/bin/env bash
# bgpd started as root with --user nobody (issue 9): after the switch the
# process (every thread) runs as uid/gid 65534 with exactly CAP_NET_ADMIN,
# CAP_NET_BIND_SERVICE and CAP_NET_RAW (bits 10, 12, 13 = 0x3400) in its
# permitted, effective and bounding sets, cannot gain privileges again, still
# accepts gobgpd's connection on port 179 and still installs the learned
# route into the kernel.
#   privdrop.sh cli      bgpd --user nobody
#   privdrop.sh config   [daemon] user = "nobody" in the configuration
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

HOW="${1:-cli}"
netns_init "privdrop-$HOW"
ns_add tor
ns_add node1
ns_link tor 10.20.0.101/24 node1 10.20.0.2/24
chmod 0755 "$WORK"
# The control socket's directory does not exist yet: bgpd creates it for
# the user, as systemd's RuntimeDirectory= would.
SOCK="$WORK/run/bgpd.sock"
VIP=172.30.0.10
NOBODY_UID="$(id -u nobody)"

bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.2 65101 'ebgp_multihop = 4
passive = true'
cat >>"$WORK/bgpd.toml" <<EOT

[fib]
install = true
EOT
user_args=(--user nobody)
if [[ "$HOW" == config ]]; then
  printf '\n[daemon]\nuser = "nobody"\n' >>"$WORK/bgpd.toml"
  user_args=()
fi
gobgp_node_config "$WORK/node1.toml" 10.20.0.2 65101 10.20.0.101 65001

BGPD_PID=$(ns_spawn tor "$WORK/bgpd.log" "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$SOCK" "${user_args[@]}" --log-level debug)
wait_until 10 test -S "$SOCK" || fail "bgpd did not create its control socket"
grep -q "running as user nobody" "$WORK/bgpd.log" || fail "no privilege drop logged"

status_field() { awk -v k="$2:" '$1 == k {$1 = ""; sub(/^ +/, ""); print}' "$1"; }
for task in /proc/"$BGPD_PID"/task/*; do
  [[ "$(status_field "$task/status" Uid)" == "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID" ]] ||
    fail "thread $(basename "$task") uids: $(status_field "$task/status" Uid)"
  for set in CapPrm CapEff CapBnd; do
    [[ "$(status_field "$task/status" $set)" == "0000000000003400" ]] ||
      fail "thread $(basename "$task") $set is $(status_field "$task/status" $set), expected 0000000000003400"
  done
  [[ "$(status_field "$task/status" NoNewPrivs)" == "1" ]] || fail "NoNewPrivs not set"
done
log "bgpd runs as uid $NOBODY_UID with CapEff 0x3400 in $(ls /proc/"$BGPD_PID"/task | wc -l) threads"
[[ "$(stat -c %U "$WORK/run")" == nobody ]] || fail "socket directory not owned by nobody"

ns_spawn node1 "$WORK/gobgpd.log" gobgpd -f "$WORK/node1.toml" --api-hosts 127.0.0.1:50051 >/dev/null
wait_until 10 gobgp_cli node1 global || fail "gobgpd API not up"
gobgp_cli node1 global rib add "$VIP/32" -a ipv4 >/dev/null

wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "bgpd did not reach Established"
# gobgpd's connection came in on our port 179 (bgpd is passive).
[[ "$(neighbor_field "$SOCK" 10.20.0.2 connection)" == incoming ]] || fail "session is not on bgpd's port 179"
ns_exec tor ss -Htn state established '( sport = :179 )' | grep -q 10.20.0.2 || fail "no established connection on port 179"
# The learned VIP is in the kernel: CAP_NET_ADMIN survived in the FIB thread.
wait_until 10 bash -c "ip -n $(ns tor) route show $VIP/32 | grep -q 'via 10.20.0.2'" ||
  fail "VIP not installed in the kernel: $(ip -n "$(ns tor)" route show "$VIP/32")"
log "route $(ip -n "$(ns tor)" route show "$VIP/32") installed after the privilege drop"

# A clean stop still works (the socket directory is ours to clean up).
kill -TERM "$BGPD_PID"
wait_until 10 bash -c "! kill -0 $BGPD_PID" || fail "bgpd did not stop on SIGTERM"

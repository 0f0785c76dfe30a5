#!/usr/bin/env bash
# Every bgpctl command against a live bgpd with two gobgpd peers (configured
# as Cilium), in network namespaces:
#   n1 10.20.0.2 AS 65101: 172.30.0.10/32 (the VIP), 172.30.1.0/24, 172.30.1.128/25
#   n2 10.21.0.2 AS 65102: 172.30.0.10/32
# show summary/neighbors/routes/route/fib/anycast, neighbor clear (hard, soft
# in, soft out), shutdown (RFC 9003 message) / enable, reload (policy change:
# no reset; hold-time change: only that session resets; a broken config is
# rejected and the running one stays), SIGHUP, exit codes, the 0660 socket
# refusing an unprivileged user, and the control socket's client and request
# size limits.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

netns_init bgpctl
ns_add tor
ns_add n1
ns_add n2
ns_link tor 10.20.0.101/24 n1 10.20.0.2/24
ns_link tor 10.21.0.101/24 n2 10.21.0.2/24
SOCK="$WORK/bgpd.sock"
VIP=172.30.0.10

# write_config N1_IMPORT N2_HOLD: the ToR; n1's import policy and n2's hold
# time are what the reloads change.
write_config() {
  cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = true
[bgp.ipv4_unicast]
maximum_paths = 10
multipath_relax = true
networks = ["10.20.0.0/24", "10.21.0.0/24"]

[[peer_group]]
name = "cilium"
export = "accept-all"
keepalive = 3
connect_retry = 1
ebgp_multihop = 4
graceful_restart = true
restart_time = 15

[[neighbor]]
address = "10.20.0.2"
remote_as = 65101
peer_group = "cilium"
hold_time = 9
import = "$1"
description = "kind01 node"

[[neighbor]]
address = "10.21.0.2"
remote_as = 65102
peer_group = "cilium"
hold_time = $2
import = "accept-all"
description = "kind02 node"

[[policy]]
name = "accept-all"
[[policy.term]]
action = "accept"

[[policy]]
name = "no-more-specifics"
[[policy.term]]
action = "reject"
[policy.term.match]
prefix = ["172.30.1.128/25"]
[[policy.term]]
action = "accept"

[fib]
install = true
table = 254

[control]
max_clients = 4
max_request_bytes = 4096
EOT
}

ctl() { "$BGPCTL" -s "$SOCK" "$@"; }
# expect_exit CODE CMD...: CMD exits with CODE.
expect_exit() {
  local want="$1"; shift
  local rc=0
  "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  [[ "$rc" == "$want" ]] || fail "expected exit $want from '$*', got $rc: $(cat "$WORK/out" "$WORK/err")"
}
field() { ctl show neighbors "$1" --json | jq -r ".[0].$2"; }
routes_json() { ctl show routes "$@" --json; }
count_is() { [[ "$("${@:2}")" == "$1" ]]; }
vip_paths() { routes_json "$VIP/32" | jq '[.[0].paths[]?] | length'; }

# ---- before the daemon: exit codes for "not running" and a bad command line
expect_exit 3 ctl show summary
grep -q "not running" "$WORK/err" || fail "no 'not running' message: $(cat "$WORK/err")"
expect_exit 2 ctl show neighbors 10.20.0.300
expect_exit 2 ctl neighbor 10.20.0.2 clear soft sideways
expect_exit 2 ctl show routes --family ipv5

write_config accept-all 9
"$BGPD" --check-config -c "$WORK/bgpd.toml" >/dev/null || fail "config rejected"
ns_exec tor sysctl -qw net.ipv4.fib_multipath_hash_policy=1
bgpd_spawn tor
gobgp_node_config "$WORK/n1.toml" 10.20.0.2 65101 10.20.0.101 65001
gobgp_node_config "$WORK/n2.toml" 10.21.0.2 65102 10.21.0.101 65001
for n in n1 n2; do
  ns_spawn "$n" "$WORK/gobgpd-$n.log" gobgpd -f "$WORK/$n.toml" --api-hosts 127.0.0.1:50051 >/dev/null
  wait_until 10 gobgp_cli "$n" global || fail "gobgpd $n API not up"
  gobgp_cli "$n" global rib add "$VIP/32" -a ipv4 >/dev/null
done
gobgp_cli n1 global rib add 172.30.1.0/24 -a ipv4 >/dev/null
gobgp_cli n1 global rib add 172.30.1.128/25 -a ipv4 >/dev/null

# ---- permissions: 0660 root:root; nobody is refused, nobody in group root is not
[[ "$(stat -c '%a %U %G' "$SOCK")" == "660 root root" ]] || fail "socket mode/owner: $(stat -c '%a %U %G' "$SOCK")"
expect_exit 5 setpriv --reuid=nobody --regid=nogroup --clear-groups "$BGPCTL" -s "$SOCK" show summary
grep -q "permission denied" "$WORK/err" || fail "no 'permission denied' message: $(cat "$WORK/err")"
expect_exit 0 setpriv --reuid=nobody --regid=nogroup --groups=0 "$BGPCTL" -s "$SOCK" show summary
log "socket 0660 root:root: nobody refused (exit 5), a member of its group allowed"

wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "n1 did not reach Established"
wait_until 30 neighbor_state_is "$SOCK" 10.21.0.2 Established || fail "n2 did not reach Established"
wait_until 15 count_is 2 vip_paths || fail "expected 2 paths for the VIP: $(routes_json)"
wait_until 10 count_is 5 bash -c "'$BGPCTL' -s '$SOCK' show routes --json | jq length" || fail "expected 5 prefixes (3 learnt, 2 ours): $(routes_json)"

# ---- show summary / neighbors
ctl show summary >"$WORK/out"
grep -Eq '^10\.20\.0\.2 +4 +65101 ' "$WORK/out" && grep -Eq '^10\.21\.0\.2 +4 +65102 ' "$WORK/out" || fail "summary: $(cat "$WORK/out")"
[[ "$(ctl show summary --json | jq '.neighbors | length')" == 2 ]] || fail "summary --json"
ctl show neighbors 10.20.0.2 | grep -q "BGP neighbor is 10.20.0.2, remote AS 65101" || fail "show neighbors ADDR text"
[[ "$(ctl show neighbors --json | jq length)" == 2 ]] || fail "show neighbors --json"
expect_exit 8 ctl show neighbors 10.99.0.1
grep -q "no such neighbor 10.99.0.1" "$WORK/err" || fail "not-found message: $(cat "$WORK/err")"

# ---- show routes: all, exact, --longer, --family
ctl show routes >"$WORK/out"
grep -Eq '^\*> +172\.30\.0\.10/32 ' "$WORK/out" && grep -Eq '^\*= ' "$WORK/out" || fail "routes table lacks *> / *=: $(cat "$WORK/out")"
[[ "$(routes_json 172.30.1.0/24 | jq -c '[.[].prefix]')" == '["172.30.1.0/24"]' ]] || fail "exact: $(routes_json 172.30.1.0/24)"
[[ "$(ctl show routes --longer 172.30.1.0/24 --json | jq -c '[.[].prefix]')" == '["172.30.1.0/24","172.30.1.128/25"]' ]] ||
  fail "--longer: $(ctl show routes --longer 172.30.1.0/24 --json)"
[[ "$(ctl show routes --family ipv6 --json | jq length)" == 0 ]] || fail "--family ipv6 not empty"
[[ "$(ctl show routes --family ipv4 --json | jq length)" == 5 ]] || fail "--family ipv4"
[[ "$(routes_json "$VIP/32" | jq -r '.[0].fib')" == installed ]] || fail "route not marked installed: $(routes_json "$VIP/32")"

# ---- show route: longest match
[[ "$(ctl show route 172.30.1.200 --json | jq -r .prefix)" == 172.30.1.128/25 ]] || fail "show route 172.30.1.200"
[[ "$(ctl show route 172.30.1.5 --json | jq -r .prefix)" == 172.30.1.0/24 ]] || fail "show route 172.30.1.5"
ctl show route 172.30.1.5 | grep -q "BGP routing table entry for 172.30.1.0/24" || fail "show route text"
expect_exit 8 ctl show route 192.0.2.1

# ---- show fib / anycast
ctl show fib --json | jq -e ".routes[] | select(.prefix == \"$VIP/32\") | .differs == false" >/dev/null || fail "show fib: $(ctl show fib --json)"
ctl show fib | grep -q "$VIP/32" || fail "show fib text"
anycast_status() { ctl show anycast --json | jq -r ".prefixes[] | select(.prefix == \"$VIP/32\") | \"\(.rib_next_hops) \(.kernel_next_hops) \(.kernel) \(.peer_ases | join(\",\"))\""; }
wait_until 10 count_is "2 2 complete 65101,65102" anycast_status || fail "show anycast: $(ctl show anycast --json)"
ctl show anycast | grep -Eq "^$VIP/32 +2 +2 +complete +10\.20\.0\.2 \(AS 65101\), 10\.21\.0\.2 \(AS 65102\)" ||
  fail "show anycast text: $(ctl show anycast)"
[[ "$(ctl show anycast --json | jq '.prefixes | length')" == 1 ]] || fail "show anycast lists only host routes"
log "show commands ok"

# ---- neighbor clear soft out / soft in: no reset, messages flow
updates_out="$(field 10.20.0.2 messages.out.update)"
ctl neighbor 10.20.0.2 clear soft out | grep -q "Adj-RIB-Out re-sent" || fail "clear soft out"
wait_until 5 bash -c "(( \$('$BGPCTL' -s '$SOCK' show neighbors 10.20.0.2 --json | jq '.[0].messages.out.update') > $updates_out ))" ||
  fail "no UPDATE re-sent by clear soft out"
refresh_out="$(field 10.20.0.2 messages.out.route_refresh)"
ctl neighbor 10.20.0.2 clear soft in | grep -q "ROUTE-REFRESH sent" || fail "clear soft in"
[[ "$(field 10.20.0.2 messages.out.route_refresh)" -gt "$refresh_out" ]] || fail "no ROUTE-REFRESH sent"
[[ "$(field 10.20.0.2 flaps)" == 0 ]] || fail "soft clear reset the session"
expect_exit 8 ctl neighbor 10.99.0.1 clear
log "clear soft in/out ok, no flap"

# ---- reload (i-a): n1's import policy changes: no reset, its /25 goes via ROUTE-REFRESH
n2_flaps="$(field 10.21.0.2 flaps)"
write_config no-more-specifics 9
ctl reload --json >"$WORK/reload.json" || fail "reload failed: $(cat "$WORK/reload.json")"
[[ "$(jq -c .refreshed "$WORK/reload.json")" == '["10.20.0.2"]' && "$(jq -c .reset "$WORK/reload.json")" == '[]' ]] ||
  fail "reload result: $(cat "$WORK/reload.json")"
wait_until 10 count_is 0 bash -c "'$BGPCTL' -s '$SOCK' show routes 172.30.1.128/25 --json | jq length" ||
  fail "the new import policy did not remove 172.30.1.128/25: $(routes_json)"
[[ "$(field 10.20.0.2 flaps)" == 0 && "$(field 10.20.0.2 state)" == Established ]] || fail "policy reload reset n1"
[[ "$(field 10.21.0.2 flaps)" == "$n2_flaps" ]] || fail "policy reload touched n2"
log "reload with a policy change: re-evaluated, no session reset"

# ---- reload (i-b): n2's hold time changes: n2 resets, n1 keeps running
n1_uptime="$(field 10.20.0.2 uptime_s)"
write_config no-more-specifics 12
ctl reload >"$WORK/out" || fail "reload failed: $(cat "$WORK/out")"
grep -q "1 reset" "$WORK/out" || fail "reload message: $(cat "$WORK/out")"
wait_until 30 bash -c "[[ \$('$BGPCTL' -s '$SOCK' show neighbors 10.21.0.2 --json | jq -r '.[0].state + \" \" + (.[0].configured_hold_time|tostring)') == 'Established 12' ]]" ||
  fail "n2 not back with hold 12: $(ctl show neighbors 10.21.0.2 --json)"
[[ "$(field 10.20.0.2 flaps)" == 0 ]] || fail "n1 flapped on n2's timer change"
(( $(field 10.20.0.2 uptime_s) >= n1_uptime )) || fail "n1's uptime went back: $(field 10.20.0.2 uptime_s) < $n1_uptime"
log "reload with a timer change: only n2 reset, n1 up for $(field 10.20.0.2 uptime_s) s"

# ---- reload (ii): a broken config is rejected, the running one stays
cp "$WORK/bgpd.toml" "$WORK/good.toml"
printf '[bgp]\nasn = "not a number"\n' >"$WORK/bgpd.toml"
expect_exit 1 ctl reload
grep -q "configuration rejected" "$WORK/err" || fail "reload error not printed: $(cat "$WORK/err")"
neighbor_state_is "$SOCK" 10.20.0.2 Established && neighbor_state_is "$SOCK" 10.21.0.2 Established || fail "a rejected reload changed sessions"
[[ "$(field 10.20.0.2 flaps)" == 0 ]] || fail "a rejected reload reset n1"
cp "$WORK/good.toml" "$WORK/bgpd.toml"
# SIGHUP is the same reload.
write_config accept-all 12
kill -HUP "$BGPD_PID"
wait_until 10 grep -q "reload done: 0 added, 0 removed, 0 reset, 1 re-learning" "$WORK/bgpd.log" || fail "SIGHUP reload not logged"
wait_until 10 count_is 1 bash -c "'$BGPCTL' -s '$SOCK' show routes 172.30.1.128/25 --json | jq length" || fail "SIGHUP: /25 not back"
log "broken config rejected; SIGHUP reload ok"

# ---- neighbor shutdown MESSAGE / enable
ctl neighbor 10.20.0.2 shutdown "maintenance window 42" | grep -q "shut down" || fail "shutdown"
wait_until 5 neighbor_state_is "$SOCK" 10.20.0.2 Idle || fail "n1 not Idle after shutdown"
# The nodes set the RFC 8538 N bit, as Cilium does: the shutdown goes out as
# Cease/Hard Reset with the Administrative Shutdown (and its text) inside.
[[ "$(field 10.20.0.2 last_error.text)" == "maintenance window 42" && "$(field 10.20.0.2 last_error.subcode_name)" == "Hard Reset" ]] ||
  fail "shutdown NOTIFICATION: $(field 10.20.0.2 last_error)"
[[ "$(field 10.20.0.2 admin_down)" == true ]] || fail "admin_down not shown"
holds_for 4 neighbor_state_is "$SOCK" 10.20.0.2 Idle || fail "n1 came back while shut down"
wait_until 10 count_is "1 1 complete 65102" anycast_status || fail "anycast after shutdown: $(ctl show anycast --json)"
ctl neighbor 10.20.0.2 enable | grep -q enabled || fail "enable"
wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "n1 not back after enable"
wait_until 15 count_is "2 2 complete 65101,65102" anycast_status || fail "anycast after enable: $(ctl show anycast --json)"
log "shutdown with RFC 9003 message / enable ok"

# ---- neighbor clear (hard): Cease/Administrative Reset, back up
flaps="$(field 10.20.0.2 flaps)"
ctl neighbor 10.20.0.2 clear | grep -q "Administrative Reset" || fail "clear"
wait_until 5 bash -c "(( \$('$BGPCTL' -s '$SOCK' show neighbors 10.20.0.2 --json | jq '.[0].flaps') > $flaps ))" || fail "clear did not reset"
# (The log, not last_error: gobgpd may answer the immediate reconnection with
# a NOTIFICATION of its own while its side is still in its idle hold time.)
# With the N bit negotiated the Administrative Reset goes as Hard Reset (RFC 8538 §5).
grep -q "neighbor 10.20.0.2: NOTIFICATION sent Cease/Hard Reset (6/9)" "$WORK/bgpd.log" ||
  fail "no Hard Reset sent: $(field 10.20.0.2 last_error)"
wait_until 30 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "n1 not back after clear"
log "hard clear ok"

# ---- control socket limits: max_clients = 4, max_request_bytes = 4096
python3 - "$SOCK" <<'EOF' || fail "control socket limits"
import json, socket, sys
path = sys.argv[1]
def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    return s
def answer(s):
    data = b""
    while not data.endswith(b"\n"):
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    return json.loads(data)
held = [connect() for _ in range(4)]
for s in held:  # each is served
    s.sendall(b'{"command":"show","what":"summary"}\n')
    assert answer(s)["ok"], "held client not served"
extra = connect()
r = answer(extra)
assert r == {"ok": False, "error": "too many control clients"}, r
for s in held:
    s.close()
# bgpd learns of the closes asynchronously: wait until a new client is served
# again before testing the request size limit (one probe holds one slot only).
import time
for _ in range(50):
    probe = connect()
    try:
        probe.sendall(b'{"command":"show","what":"summary"}\n')
        served = answer(probe).get("ok", False)
    except (OSError, ValueError):
        served = False
    probe.close()
    if served:
        break
    time.sleep(0.1)
else:
    raise AssertionError("control socket still refusing clients 5 s after the held ones closed")
big = connect()
big.sendall(b'{"command":"show","what":"' + b"x" * 5000 + b'"}\n')
r = answer(big)
assert not r["ok"] and "request exceeds 4096 bytes" in r["error"], r
EOF
grep -q "client refused, 4 clients already connected" "$WORK/bgpd.log" || fail "refused client not logged"
grep -q "request larger than 4096 bytes refused" "$WORK/bgpd.log" || fail "oversized request not logged"
ctl show summary >/dev/null || fail "control socket unusable after the limits test"
log "control socket limits ok"

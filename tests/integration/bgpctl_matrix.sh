#!/usr/bin/env bash
# Every bgpctl command, as text and as --json, against a bgpd with the FIB
# off and on, with no peers and with a fleet of FLEET dynamic neighbours
# (default 500: Cilium nodes of one listen range, lib/fleet.py, all
# announcing the anycast VIP). Nothing may crash: each command exits 0 or a
# documented code (1 refused, 8 not found), a --json error is one JSON
# object {"error", "code"} on stdout, and a text error a message on stderr.
# Also the operator habits: unique-prefix abbreviations and their ambiguity
# error, `show routes PREFIX longer`, `Idle (Admin)`, time since the last
# change, the PfxSnt column and "(Policy)" (RFC 8212), --version on both
# binaries; --check-config's warnings, every error at once, the reason a
# file cannot be read and what would fail at start.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

FLEET="${FLEET:-500}"
netns_init bgpctl-matrix
ns_add tor
ns_add fleet
ns_link tor 10.30.0.1/16 fleet 10.30.0.2/16
SOCK="$WORK/bgpd.sock"
VIP=172.30.0.10
FIRST=10.30.1.1
ADMIN=10.29.0.2    # shutdown = true in the file
STATIC=10.29.0.3   # configured, never reachable: Active/Connect

# Source addresses of the fleet: 10.30.1.1 onwards.
dev="$(ns_exec fleet ip -o link show type veth | awk -F': ' '{print $2}' | cut -d@ -f1)"
python3 - "$FIRST" "$FLEET" "$dev" >"$WORK/addrs.batch" <<'PY'
import ipaddress, sys
first, count, dev = ipaddress.IPv4Address(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
for i in range(count):
    print(f"address add {first + i}/16 dev {dev}")
PY
ns_exec fleet ip -batch "$WORK/addrs.batch"

# write_config FIB_INSTALL
write_config() {
  cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = true
[bgp.ipv4_unicast]
maximum_paths = 16
networks = ["10.30.0.0/16"]

[[policy]]
name = "accept-all"
[[policy.term]]
action = "accept"

# Cilium nodes: import only. Under RFC 8212 nothing is announced to them,
# which --check-config warns about and show summary marks "(Policy)".
[[peer_group]]
name = "cilium"
remote_as = 65100
import = "accept-all"
hold_time = 90
keepalive = 30

[[listen_range]]
prefix = "10.30.0.0/16"
peer_group = "cilium"
limit = 2000

[[neighbor]]
address = "$ADMIN"
remote_as = 65200
import = "accept-all"
export = "accept-all"
shutdown = true

[[neighbor]]
address = "$STATIC"
remote_as = 65201
import = "accept-all"
export = "accept-all"
connect_retry = 1

[fib]
install = $1
table = 100

[metrics]
listen = "127.0.0.1:9179"
EOT
}

ctl() { "$BGPCTL" -s "$SOCK" "$@"; }

# Every command; $1 labels the phase in messages.
COMMANDS=(
  "show summary" "sh su" "show neighbors" "sh nei $FIRST" "show neighbors $STATIC" "show routes"
  "show routes 172.30.0.0/16 longer" "show routes --family ipv6" "show route $VIP" "show fib" "show anycast"
  "show anycast --family ipv4" "neighbor $STATIC clear soft out" "neighbor $STATIC clear" "neighbor 10.99.0.1 enable"
  "neighbor $ADMIN enable" "reload"
)
run_all() {
  local phase="$1" rc cmd json
  for cmd in "${COMMANDS[@]}"; do
    for json in "" --json; do
      rc=0
      # shellcheck disable=SC2086
      ctl $cmd $json >"$WORK/out" 2>"$WORK/err" || rc=$?
      case "$rc" in
        0 | 1 | 8) ;;
        *) fail "$phase: 'bgpctl $cmd $json' exited $rc: $(head -c 2000 "$WORK/out" "$WORK/err")" ;;
      esac
      if [[ -n "$json" ]]; then
        jq -e . "$WORK/out" >/dev/null || fail "$phase: 'bgpctl $cmd --json' printed no JSON: $(head -c 500 "$WORK/out")"
        if ((rc != 0)); then
          [[ "$(jq -r '.code' "$WORK/out")" == "$rc" && "$(jq -r '.error | type' "$WORK/out")" == string ]] ||
            fail "$phase: 'bgpctl $cmd --json' error is not {error, code: $rc}: $(cat "$WORK/out")"
        fi
      elif ((rc != 0)); then
        [[ -s "$WORK/err" ]] || fail "$phase: 'bgpctl $cmd' failed ($rc) without a message"
      fi
    done
  done
  log "$phase: ${#COMMANDS[@]} commands x (text, --json): no crash, documented exit codes only"
}

established_count() { ctl show summary --json | jq '[.neighbors[] | select(.state == "Established")] | length'; }
count_is() { [[ "$("${@:2}")" == "$1" ]]; }

start_bgpd() {
  write_config "$1"
  bgpd_spawn tor
  wait_until 10 ctl show summary || fail "bgpd ($2) not answering"
}
stop_bgpd() {
  kill -TERM "$BGPD_PID"
  wait_until 10 bash -c "! kill -0 $BGPD_PID" || fail "bgpd did not stop"
}

# ---- --version on both binaries names the commit
"$BGPCTL" --version | grep -Eq '^bgpctl [0-9.]+ \(commit [0-9a-f]{7,}|unknown\)' || fail "bgpctl --version: $("$BGPCTL" --version)"
"$BGPD" --version | grep -Eq '^bgpd [0-9.]+ \(commit [0-9a-f]{7,}|unknown\)' || fail "bgpd --version: $("$BGPD" --version)"
log "versions: $("$BGPCTL" --version) / $("$BGPD" --version)"

# ---- --check-config: warnings, every error, errno, start-time checks
write_config false
ns_exec tor "$BGPD" --check-config -c "$WORK/bgpd.toml" >"$WORK/out" 2>"$WORK/err" || fail "check-config: $(cat "$WORK/err")"
grep -q "warning: .*listen_range 10.30.0.0/16 is eBGP without an export policy: by RFC 8212 nothing is announced to it" "$WORK/err" ||
  fail "no RFC 8212 warning: $(cat "$WORK/err")"
grep -q "warning: .*neighbor $ADMIN is shut down" "$WORK/err" || fail "no shutdown warning: $(cat "$WORK/err")"
grep -q "configuration OK (2 neighbors, 1 listen ranges, 2 warnings)" "$WORK/out" || fail "check-config summary: $(cat "$WORK/out")"
printf '[bgp]\nasn = 0\nrouter_id = "10.0.0.1"\n[[neighbor]]\naddress = "10.0.0.300"\nremote_as = 1\n[log]\nformat = "yaml"\n' >"$WORK/bad.toml"
rc=0; "$BGPD" --check-config -c "$WORK/bad.toml" 2>"$WORK/err" || rc=$?
[[ $rc == 1 && "$(grep -c '^error: ' "$WORK/err")" == 3 ]] || fail "expected 3 errors (exit 1), got $rc: $(cat "$WORK/err")"
grep -q "3 error(s), configuration rejected" "$WORK/err" || fail "no error count: $(cat "$WORK/err")"
grep -q 'must be "text" or "json", not "yaml"' "$WORK/err" || fail "enum values not listed: $(cat "$WORK/err")"
chmod 0600 "$WORK/bgpd.toml"
rc=0; setpriv --reuid=nobody --regid=nogroup --clear-groups "$BGPD" --check-config -c "$WORK/bgpd.toml" 2>"$WORK/err" || rc=$?
[[ $rc == 1 ]] && grep -q "cannot open configuration file: Permission denied" "$WORK/err" || fail "unreadable file: $rc $(cat "$WORK/err")"
chmod 0644 "$WORK/bgpd.toml"
sed -e 's/127.0.0.1:9179/192.0.2.1:9179/' -e 's/^\[fib\]/[daemon]\nuser = "no-such-user-x"\n[fib]/' "$WORK/bgpd.toml" >"$WORK/start.toml"
printf '[[neighbor]]\naddress = "10.28.0.2"\nremote_as = 65202\nimport = "accept-all"\nexport = "accept-all"\ninterface = "nosuchif0"\n' >>"$WORK/start.toml"
rc=0; ns_exec tor "$BGPD" --check-config -c "$WORK/start.toml" 2>"$WORK/err" || rc=$?
[[ $rc == 1 ]] || fail "start-time errors not refused: $rc $(cat "$WORK/err")"
grep -q "error: metrics listen address 192.0.2.1:9179 (\[metrics\] listen): cannot bind: Cannot assign requested address" "$WORK/err" &&
  grep -q "error: user 'no-such-user-x' (\[daemon\] user) does not exist" "$WORK/err" &&
  grep -q "warning: .*interface 'nosuchif0' does not exist" "$WORK/err" || fail "start-time checks: $(cat "$WORK/err")"
log "check-config: warnings, 3 errors at once, errno text, metrics/user/interface checks"

# ---- bgpctl without a daemon: --json errors are JSON on stdout
rc=0; ctl --json show summary >"$WORK/out" 2>/dev/null || rc=$?
[[ $rc == 3 && "$(jq -r .code "$WORK/out")" == 3 ]] || fail "--json not running: $rc $(cat "$WORK/out")"
rc=0; ctl --json sh rou >"$WORK/out" 2>/dev/null || rc=$?
[[ $rc == 2 ]] && jq -e '.code == 2 and (.error | test("ambiguous object .rou. \\(route, routes\\)"))' "$WORK/out" >/dev/null ||
  fail "--json ambiguous: $rc $(cat "$WORK/out")"

# ---- FIB off: no peers, then the fleet
start_bgpd false "FIB off"
run_all "FIB off, no dynamic peers"
FLEET_PID=$(ns_spawn fleet "$WORK/fleet.log" python3 "$(dirname "$0")/lib/fleet.py" 10.30.0.1 "$FIRST" "$FLEET" 65100)
t0=$SECONDS
wait_until 120 count_is "$FLEET" established_count || fail "only $(established_count)/$FLEET dynamic neighbours up: $(tail -3 "$WORK/fleet.log")"
log "FIB off: $FLEET dynamic neighbours Established in $((SECONDS - t0)) s"
wait_until 30 count_is "$FLEET" bash -c "'$BGPCTL' -s '$SOCK' show routes $VIP --json | jq '.[0].paths | length'" ||
  fail "the VIP has not $FLEET paths"
# The regression: show anycast with [fib] install = false aborted (type_error.302).
ctl show anycast >"$WORK/out" || fail "show anycast with the FIB off: $?"
grep -Eq "^$VIP/32 +16 +- +fib off " "$WORK/out" || fail "show anycast, FIB off: $(head -5 "$WORK/out")"
run_all "FIB off, $FLEET dynamic peers"

# ---- show summary habits
ctl sh su >"$WORK/summary"
head -4 "$WORK/summary" | grep -q "PfxSnt" || fail "no PfxSnt column: $(head -4 "$WORK/summary")"
grep -Eq "^$ADMIN +4 +65200 .* Idle \(Admin\)" "$WORK/summary" || fail "no Idle (Admin): $(grep "$ADMIN" "$WORK/summary")"
grep -Eq "^$STATIC .* [0-9]{2}:[0-9]{2}:[0-9]{2} +(Active|Connect|Idle)" "$WORK/summary" ||
  fail "no time since last change for $STATIC: $(grep "$STATIC" "$WORK/summary")"
grep -Eq "^$FIRST\* +4 +65100 .* 1 +1 +\(Policy\)" "$WORK/summary" || fail "no (Policy) PfxSnt: $(grep "^$FIRST\*" "$WORK/summary")"
[[ "$(grep -c '(Policy)' "$WORK/summary")" -ge "$FLEET" ]] || fail "not every dynamic neighbour marked (Policy)"
ctl show routes 172.30.0.0/16 longer --json | jq -e "[.[].prefix] == [\"$VIP/32\"]" >/dev/null || fail "show routes P longer"
log "summary: PfxSnt, Idle (Admin), time since change, (Policy); show routes P longer"

# ---- reload: warnings printed; a broken file lists every error and fails
ctl reload >"$WORK/out" || fail "reload: $(cat "$WORK/out")"
grep -q "^warning: .*RFC 8212" "$WORK/out" || fail "reload printed no warning: $(cat "$WORK/out")"
cp "$WORK/bgpd.toml" "$WORK/good.toml"
cp "$WORK/bad.toml" "$WORK/bgpd.toml"
rc=0; ctl reload 2>"$WORK/err" || rc=$?
[[ $rc == 1 && "$(grep -c "bad.toml\|bgpd.toml:" "$WORK/err")" -ge 3 ]] || fail "rejected reload: $rc $(cat "$WORK/err")"
rc=0; ctl reload --json >"$WORK/out" || rc=$?
[[ $rc == 1 && "$(jq '.details.errors | length' "$WORK/out")" == 3 ]] || fail "rejected reload --json: $(cat "$WORK/out")"
ns_exec tor curl -s http://127.0.0.1:9179/metrics >"$WORK/metrics"
grep -q "^bgpd_config_last_reload_successful 0" "$WORK/metrics" || fail "metric after a failed reload: $(grep bgpd_config "$WORK/metrics")"
cp "$WORK/good.toml" "$WORK/bgpd.toml"
ctl reload >/dev/null || fail "reload of the good file"
ns_exec tor curl -s http://127.0.0.1:9179/metrics >"$WORK/metrics"
grep -q "^bgpd_config_last_reload_successful 1" "$WORK/metrics" && grep -q "^bgpd_config_last_reload_success_timestamp_seconds " "$WORK/metrics" ||
  fail "reload metrics: $(grep bgpd_config "$WORK/metrics")"
log "reload: warnings printed, every error listed, metrics follow"

# ---- FIB on: the fleet reconnects to a new bgpd
stop_bgpd
start_bgpd true "FIB on"
t0=$SECONDS
wait_until 120 count_is "$FLEET" established_count || fail "FIB on: only $(established_count)/$FLEET up"
log "FIB on: $FLEET dynamic neighbours back in $((SECONDS - t0)) s"
wait_until 30 bash -c "'$BGPCTL' -s '$SOCK' show anycast | grep -Eq '^$VIP/32 +16 +16 +complete'" ||
  fail "show anycast, FIB on: $(ctl show anycast | head -5)"
run_all "FIB on, $FLEET dynamic peers"
kill -TERM "$FLEET_PID"
wait_until 60 count_is 0 established_count || fail "fleet did not go away"
run_all "FIB on, no dynamic peers"

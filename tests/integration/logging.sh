#!/usr/bin/env bash
# Logging (issue 7): `--log-format json --log-level warn,fsm=debug` against a
# raw eBGP peer announcing two prefixes. Every line of the log is one JSON
# object naming its subsystem; the session's state changes appear under fsm
# (info and debug); the UPDATE and RIB debug records that the session produces
# do not. A reload adding [log.subsystems] update = "debug" turns them on
# live. Unknown subsystems are a usage error (exit 2) on the command line and
# a file:line:column error in the configuration.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

netns_init logging
ns_add tor
ns_add node
ns_link tor 10.20.0.101/24 node 10.20.0.2/24
SOCK="$WORK/bgpd.sock"
LOG="$WORK/bgpd.log"

# Bad levels first: no namespace needed.
bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.2 65101 'passive = true'
set +e
out="$("$BGPD" -c "$WORK/bgpd.toml" --check-config --log-level warn,session=debug 2>&1)"; rc=$?
set -e
[[ $rc == 2 && "$out" == *"unknown subsystem 'session'"* ]] || fail "--log-level with an unknown subsystem: rc $rc, $out"
printf '[log.subsystems]\nfsm = "debug"\nupdates = "debug"\n' >"$WORK/bad.toml.tail"
cat "$WORK/bgpd.toml" "$WORK/bad.toml.tail" >"$WORK/bad.toml"
line=$(($(wc -l <"$WORK/bgpd.toml") + 3))
set +e
out="$("$BGPD" -c "$WORK/bad.toml" --check-config 2>&1)"; rc=$?
set -e
[[ $rc == 1 && "$out" == *"bad.toml:$line:1: unknown log subsystem 'updates'"*"did you mean 'update'"* ]] ||
  fail "[log.subsystems] with an unknown name: rc $rc, $out"

BGPD_PID=$(ns_spawn tor "$LOG" "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$SOCK" --log-format json --log-level warn,fsm=debug)
wait_until 10 test -S "$SOCK" || fail "bgpd did not create its control socket"
ns_spawn node "$WORK/peer.log" python3 "$(dirname "$0")/lib/announce.py" 10.20.0.101 10.20.0.2 65101 10.20.0.2 10.20.0.2 \
  172.30.0.10/32 172.30.1.0/24 >/dev/null
wait_until 20 neighbor_state_is "$SOCK" 10.20.0.2 Established || fail "session not established"
count_is() { [[ "$("${@:2}")" == "$1" ]]; }
peer_paths() { "$BGPCTL" -s "$SOCK" show routes --json | jq '[.[].paths[]? | select(.peer == "10.20.0.2")] | length'; }
wait_until 10 count_is 2 peer_paths || fail "the peer's two prefixes never arrived: $("$BGPCTL" -s "$SOCK" show routes)"
# The RIB has processed them and the UPDATEs to the peer have gone out:
# the debug records were produced by now (or dropped).
sleep 1

records() { jq -c "select($1)" "$LOG"; }
jq -e . "$LOG" >/dev/null || fail "a log line is not JSON: $(grep -v '^{' "$LOG" | head -3)"
n_lines=$(wc -l <"$LOG")
[[ "$(jq -s 'length' "$LOG")" == "$n_lines" ]] || fail "not one JSON object per line"
bad="$(records '(.subsystem | IN("main", "config", "fsm", "update", "rib", "fib", "control") | not) or .logger != "bgpd" or (.ts | type) != "string" or (.msg | type) != "string"')"
[[ -z "$bad" ]] || fail "records without a known subsystem or the usual fields: $bad"
[[ -n "$(records '.subsystem == "fsm" and .level == "info" and (.msg | test("neighbor 10.20.0.2: .* -> Established"))')" ]] ||
  fail "no fsm record of the state change to Established"
[[ -n "$(records '.subsystem == "fsm" and .level == "debug"')" ]] || fail "fsm=debug: no fsm debug record"
quiet="$(records '.subsystem != "fsm" and (.level == "debug" or .level == "trace" or .level == "info")')"
[[ -z "$quiet" ]] || fail "records below warn from subsystems other than fsm: $quiet"
log "$n_lines JSON records, fsm state changes present, no rib/update debug"

# Live: [log.subsystems] update = "debug" by reload; re-sending the
# Adj-RIB-Out (clear soft out) now logs the UPDATEs sent.
printf '\n[log.subsystems]\nupdate = "debug"\nfsm = "warn"\n' >>"$WORK/bgpd.toml"
before=$(wc -l <"$LOG")
"$BGPCTL" -s "$SOCK" reload >/dev/null || fail "reload failed"
"$BGPCTL" -s "$SOCK" neighbor 10.20.0.2 clear soft out >/dev/null || fail "clear soft out failed"
since_reload() { tail -n +"$((before + 1))" "$LOG" | jq -c "select($1)"; }
has_since_reload() { [[ -n "$(since_reload "$1")" ]]; }
wait_until 5 has_since_reload '.subsystem == "update" and .level == "debug" and (.msg | test("neighbor 10.20.0.2: UPDATEs sent"))' ||
  fail "no update debug record after the reload: $(tail -n +"$((before + 1))" "$LOG")"
# The command line's fsm=debug still wins over the file's fsm = "warn": the
# keepalive timer (3 s) keeps producing fsm debug records.
wait_until 8 has_since_reload '.subsystem == "fsm" and .level == "debug"' || fail "fsm debug records stopped after the reload"
kill -0 "$BGPD_PID" || fail "bgpd died"
log "reload turned update debug on; command line kept fsm at debug"

#!/usr/bin/env bash
# Type=notify readiness (systemd/bgpd.service): bgpd sends READY=1 to
# $NOTIFY_SOCKET only once its control socket answers and port 179 listens,
# so `systemctl start bgpd && bgpctl show summary` never races. A stand-in
# for systemd's notify socket (a unix datagram socket, as sd_notify(3)
# describes) checks both at the moment the datagram arrives, then records
# every later datagram: WATCHDOG=1 at half of WATCHDOG_USEC (WatchdogSec=),
# RELOADING=1 with MONOTONIC_USEC then READY=1 around `bgpctl reload` (the
# unit's ExecReload) whether the file is accepted or rejected (then bgpctl
# exits 1, which fails `systemctl reload`), and STOPPING=1 on SIGTERM.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

netns_init sd-notify
ns_add tor
SOCK="$WORK/bgpd.sock"
bgpd_tor_config "$WORK/bgpd.toml" 10.20.0.2 65101

cat >"$WORK/notify.py" <<'EOT'
import os, socket, subprocess, sys
path, ctl, bgpctl, netns = sys.argv[1:5]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(20)
msg = s.recv(4096).decode()
# At this instant bgpd must already serve its control socket and listen on 179.
summary = subprocess.run([bgpctl, "-s", ctl, "show", "summary"], capture_output=True, text=True)
listening = subprocess.run(["ip", "netns", "exec", netns, "ss", "-Hltn", "( sport = :179 )"], capture_output=True, text=True).stdout
print(f"message={msg!r} bgpctl_rc={summary.returncode} listening={bool(listening.strip())}", flush=True)
# Then every later datagram, one line each (newlines as |), until killed.
s.settimeout(None)
with open(path + ".log", "a") as log:
    while True:
        log.write(s.recv(4096).decode().replace("\n", "|") + "\n")
        log.flush()
EOT
python3 "$WORK/notify.py" "$WORK/notify" "$SOCK" "$BGPCTL" "$(ns tor)" >"$WORK/notify.out" 2>&1 &
NOTIFY_PID=$!
PIDS+=("$NOTIFY_PID")
wait_until 20 test -S "$WORK/notify" || fail "notify socket stand-in did not start"

# WatchdogSec=1s: systemd passes WATCHDOG_USEC (and WATCHDOG_PID, left out
# here: `env` would have another pid than bgpd only if it did not exec).
BGPD_PID=$(ns_spawn tor "$WORK/bgpd.log" env NOTIFY_SOCKET="$WORK/notify" WATCHDOG_USEC=1000000 "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$SOCK")
wait_until 20 grep -q message= "$WORK/notify.out" || fail "no notification: $(cat "$WORK/notify.out")"
out="$(cat "$WORK/notify.out")"
log "$out"
[[ "$out" == *"message='READY=1'"* ]] || fail "expected READY=1, got $out"
[[ "$out" == *"bgpctl_rc=0"* ]] || fail "READY=1 before the control socket answered: $out"
[[ "$out" == *"listening=True"* ]] || fail "READY=1 before port 179 listened: $out"

log "READY=1 only once the control socket answers and port 179 listens"

# ---- watchdog: WATCHDOG=1 every 0.5 s (half of WATCHDOG_USEC)
MSGS="$WORK/notify.log"
before="$(grep -c '^WATCHDOG=1$' "$MSGS" || true)"
sleep 3
pings=$(($(grep -c '^WATCHDOG=1$' "$MSGS" || true) - before))
# 6 in 3 s when idle; the machine may be loaded, but not 1.5 s late each time.
((pings >= 3 && pings <= 8)) || fail "expected ~6 WATCHDOG=1 in 3 s, got $pings"
log "watchdog: $pings WATCHDOG=1 in 3 s (interval 0.5 s)"

# ---- reload accepted: RELOADING=1 with MONOTONIC_USEC, then READY=1
"$BGPCTL" -s "$SOCK" reload >/dev/null || fail "reload of an unchanged file failed"
wait_until 5 grep -q '^READY=1|STATUS=configuration loaded$' "$MSGS" || fail "no READY=1 after reload: $(grep -v WATCHDOG "$MSGS")"
grep -v WATCHDOG "$MSGS" | grep -Eq '^RELOADING=1\|MONOTONIC_USEC=[0-9]+$' || fail "no RELOADING=1 with MONOTONIC_USEC: $(grep -v WATCHDOG "$MSGS")"
[[ "$(grep -v WATCHDOG "$MSGS" | grep -n . | grep -m1 RELOADING | cut -d: -f1)" -lt "$(grep -v WATCHDOG "$MSGS" | grep -n . | grep -m1 'READY=1|STATUS=configuration' | cut -d: -f1)" ]] ||
  fail "READY=1 came before RELOADING=1"
usec="$(grep -o 'MONOTONIC_USEC=[0-9]*' "$MSGS" | head -1 | cut -d= -f2)"
now_usec=$(( $(cut -d. -f1 /proc/uptime) * 1000000 ))
# CLOCK_MONOTONIC, the clock systemd compares it with: within a minute of uptime.
((usec > 0 && usec <= now_usec + 60000000 && usec >= now_usec - 60000000)) || fail "MONOTONIC_USEC $usec far from uptime $now_usec"

# ---- reload rejected: bgpctl exits 1 (ExecReload fails), READY=1 with a STATUS
cp "$WORK/bgpd.toml" "$WORK/good.toml"
printf '[bgp]\nasn = "x"\n' >"$WORK/bgpd.toml"
rc=0
"$BGPCTL" -s "$SOCK" reload 2>"$WORK/reload.err" || rc=$?
[[ $rc == 1 ]] || fail "a rejected reload exited $rc, not 1: $(cat "$WORK/reload.err")"
wait_until 5 grep -q '^READY=1|STATUS=reload rejected' "$MSGS" || fail "no READY=1 after a rejected reload: $(grep -v WATCHDOG "$MSGS")"
[[ "$(grep -c '^RELOADING=1' "$MSGS")" == 2 ]] || fail "expected two RELOADING=1: $(grep -v WATCHDOG "$MSGS")"
cp "$WORK/good.toml" "$WORK/bgpd.toml"
log "reload: RELOADING=1 (MONOTONIC_USEC) ... READY=1; a rejected file fails bgpctl reload with exit 1"

# ---- SIGTERM: STOPPING=1
kill -TERM "$BGPD_PID"
wait_until 10 grep -q '^STOPPING=1$' "$MSGS" || fail "no STOPPING=1: $(grep -v WATCHDOG "$MSGS")"
log "SIGTERM: STOPPING=1"

#!/usr/bin/env bash
# Type=notify readiness (systemd/bgpd.service): bgpd sends READY=1 to
# $NOTIFY_SOCKET only once its control socket answers and port 179 listens,
# so `systemctl start bgpd && bgpctl show summary` never races. A stand-in
# for systemd's notify socket (a unix datagram socket, as sd_notify(3)
# describes) checks both at the moment the datagram arrives.
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
EOT
python3 "$WORK/notify.py" "$WORK/notify" "$SOCK" "$BGPCTL" "$(ns tor)" >"$WORK/notify.out" 2>&1 &
NOTIFY_PID=$!
PIDS+=("$NOTIFY_PID")
wait_until 5 test -S "$WORK/notify" || fail "notify socket stand-in did not start"

ns_spawn tor "$WORK/bgpd.log" env NOTIFY_SOCKET="$WORK/notify" "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$SOCK" >/dev/null
wait "$NOTIFY_PID" || fail "no notification: $(cat "$WORK/notify.out")"
out="$(cat "$WORK/notify.out")"
log "$out"
[[ "$out" == *"message='READY=1'"* ]] || fail "expected READY=1, got $out"
[[ "$out" == *"bgpctl_rc=0"* ]] || fail "READY=1 before the control socket answered: $out"
[[ "$out" == *"listening=True"* ]] || fail "READY=1 before port 179 listened: $out"

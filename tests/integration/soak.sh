#!/usr/bin/env bash
# Soak: a flapping peer (SOAK_FLAPS session flaps, default 1000) and route
# churn (SOAK_CYCLES announce/withdraw cycles, default 100 000) leave bgpd's
# RSS within 5 % of its post-warm-up baseline and its descriptor count where
# it was. With an ASan build (BGPD_SOAK=path/to/asan/bgpd, or the build's own
# bgpd when it is instrumented) the RSS bound is not checked (the ASan
# quarantine holds freed memory by design); instead bgpd is stopped with
# SIGTERM at the end and LeakSanitizer must report nothing.
set -euo pipefail
source "$(dirname "$0")/lib/netns.sh"

BGPD="${BGPD_SOAK:-$BGPD}"
FLAPS="${SOAK_FLAPS:-1000}"
CYCLES="${SOAK_CYCLES:-100000}"
asan=false
grep -q __asan_init "$BGPD" && asan=true
# Under ASan (several times slower) a short warm-up is enough: RSS is not judged.
$asan && export SOAK_WARMUP_CYCLES="${SOAK_WARMUP_CYCLES:-5000}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"

netns_init soak
ns_add tor
ns_add raw
ns_link tor 10.20.0.101/24 raw 10.20.0.3/24
SOCK="$WORK/bgpd.sock"

cat >"$WORK/bgpd.toml" <<EOT
[bgp]
asn = 65001
router_id = "10.0.255.11"
ebgp_requires_policy = false
[bgp.ipv4_unicast]
networks = ["10.20.0.0/24"]

[[neighbor]]
address = "10.20.0.3"
remote_as = 65102
passive = true
hold_time = 9
keepalive = 3
EOT
# Info level: debug would log every UPDATE of the churn. A low glibc trim
# threshold returns freed memory at the top of each malloc arena at once, so
# RSS measures memory in use rather than what the allocator keeps for later
# (the FIB worker's arena otherwise holds a burst's worth of freed results).
BGPD_PID=$(GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072 ns_spawn tor "$WORK/bgpd.log" "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$SOCK" --log-level info)
wait_until 20 test -S "$SOCK" || fail "bgpd did not create its control socket"

ns_exec raw python3 "$(dirname "$0")/lib/soak.py" 10.20.0.101 10.20.0.3 65102 "$BGPCTL" "$SOCK" "$BGPD_PID" "$FLAPS" "$CYCLES" "$(ns tor)" \
  >"$WORK/soak.json" 2>"$WORK/soak.log" || { cat "$WORK/soak.log" >&2; fail "soak driver failed"; }
figures="$(cat "$WORK/soak.json")"
log "figures (asan=$asan): $figures"
kill -0 "$BGPD_PID" || fail "bgpd died"

base_rss=$(jq .baseline.rss_kib <<<"$figures")
base_fds=$(jq .baseline.fds <<<"$figures")
for phase in after_flaps after_churn; do
  rss=$(jq ".$phase.rss_kib" <<<"$figures")
  fds=$(jq ".$phase.fds" <<<"$figures")
  log "$phase: RSS $rss KiB (baseline $base_rss KiB, $(( (rss - base_rss) * 1000 / base_rss ))‰), fds $fds (baseline $base_fds)"
  ((fds == base_fds)) || fail "$phase: descriptor count $fds, baseline $base_fds (leak)"
  if ! $asan; then
    ((rss * 100 <= base_rss * 105)) || fail "$phase: RSS $rss KiB is more than 5 % above the baseline $base_rss KiB"
  fi
done
(( $(jq .neighbor_flaps <<<"$figures") >= FLAPS )) || fail "bgpd counted fewer flaps than the peer made: $figures"

if $asan; then
  kill -TERM "$BGPD_PID"
  for _ in $(seq 1 100); do kill -0 "$BGPD_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$BGPD_PID" 2>/dev/null && fail "bgpd did not exit on SIGTERM"
  if grep -E "LeakSanitizer|AddressSanitizer|runtime error" "$WORK/bgpd.log" >&2; then
    fail "sanitizer report in the bgpd log"
  fi
  log "LeakSanitizer: no leaks reported at exit"
fi

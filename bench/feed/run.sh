#!/usr/bin/env bash
# Receiver benchmark (issue 8): feeds BGP receivers (bgpd, BIRD 2, FRR,
# GoBGP) a pre-encoded UPDATE stream from another network namespace and
# measures, per receiver, the time from the first UPDATE byte until it reports
# every prefix accepted (or, for the FIB scenario, every route in the kernel),
# and its peak RSS (VmHWM). See bench/feed/README.md.
#
#   sudo bash bench/feed/run.sh [--build DIR] [--scenarios a,b] [--receivers a,b]
#                               [--quick] [--prefixes N] [--timeout S] [--out DIR] [--check]
#
# Scenarios: 1x1m 10x100k 4x100k-mp fib300k mrt withdraw (default: all).
# Receivers: bgpd bird frr gobgp (default: all).
# --quick divides every prefix count by 10; --prefixes N sets the count per
# peer of every synthetic scenario. --check exits 1 unless every run
# completed (used by the ctest smoke test).
# Everything (namespaces, daemons) is removed on exit, however the run ends.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

BUILD="$ROOT/build"
SCENARIOS="1x1m,10x100k,4x100k-mp,fib300k,mrt,withdraw"
RECEIVERS="bgpd,bird,frr,gobgp"
DIVISOR=1
PREFIXES=""
TIMEOUT=300
OUT=""
CHECK=0
# The RIS RIB snapshot shipped in tests/data (tests/data/README.md); --mrt picks another.
MRT_FILE="${BGPD_TEST_DATA:-$ROOT/tests/data}/mrt/bview.20020722.2337.gz"
while (($#)); do
  case "$1" in
    --build) BUILD="$(cd "$2" && pwd)"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --receivers) RECEIVERS="$2"; shift 2 ;;
    --quick) DIVISOR=10; shift ;;
    --prefixes) PREFIXES="$2"; shift 2 ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --check) CHECK=1; shift ;;
    --mrt) MRT_FILE="$2"; shift 2 ;;
    -h|--help) sed -n 2,16p "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
SENDER="$BUILD/bench/feed/feed_sender"
FIBCOUNT="$BUILD/bench/feed/feed_fib_count"
BGPD="${BGPD:-$BUILD/bgpd/bgpd}"
BGPCTL="${BGPCTL:-$BUILD/bgpd/bgpctl}"
for b in "$SENDER" "$FIBCOUNT" "$BGPD" "$BGPCTL"; do
  [[ -x "$b" ]] || { echo "missing $b: cmake --build $BUILD --target feed_sender feed_fib_count bgpd bgpctl bench_fib_floor" >&2; exit 2; }
done
[[ $(id -u) -eq 0 ]] || { echo "run as root (network namespaces)" >&2; exit 2; }
OUT="${OUT:-$HERE/results}"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"

RUN_ID="$$-$RANDOM"
NS_R="feedr-$RUN_ID"   # receiver
NS_S="feeds-$RUN_ID"   # sender(s)
WORK="$(mktemp -d /tmp/bgpd-feed-XXXXXX)"
chmod 0777 "$WORK"  # FRR drops to user frr and writes here
PIDS=()

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

teardown() {
  set +e
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  PIDS=()
  [[ -n "${POLL_FD:-}" ]] && exec {POLL_FD}>&-
  POLL_FD=""
  for ns in "$NS_R" "$NS_S"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  set -e
}
cleanup() {
  local rc=$?
  [[ $BASHPID == "$$" ]] || exit "$rc"  # only the main shell tears down, never a $(...) subshell
  teardown
  [[ -z "${KEEP_WORK:-}" ]] && rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
spawn() {  # spawn NS LOG CMD...: background process in NS, pid recorded
  local ns="$1" logfile="$2"; shift 2
  ip netns exec "$ns" "$@" >"$logfile" 2>&1 &
  PIDS+=("$!")
  echo "$!"
}
spawn_to() {  # spawn_to NS STDIN STDOUT STDERR CMD...: the same, without printing the pid
  local ns="$1" in="$2" out="$3" err="$4"; shift 4
  ip netns exec "$ns" "$@" <"$in" >"$out" 2>"$err" &
  PIDS+=("$!")
}

# ---- topology: one veth; receiver 10.0.0.1, senders 10.0.0.2.. ----
setup_net() {
  local peers="$1"
  ip netns add "$NS_R"
  ip netns add "$NS_S"
  ip -n "$NS_R" link set lo up
  ip -n "$NS_S" link set lo up
  ip link add "fr$RUN_ID" type veth peer name "fs$RUN_ID" 2>/dev/null ||
    ip link add "fr${RUN_ID: -8}" type veth peer name "fs${RUN_ID: -8}"
  local a b
  if ip link show "fr$RUN_ID" >/dev/null 2>&1; then a="fr$RUN_ID" b="fs$RUN_ID"; else a="fr${RUN_ID: -8}" b="fs${RUN_ID: -8}"; fi
  ip link set "$a" netns "$NS_R"
  ip link set "$b" netns "$NS_S"
  ip -n "$NS_R" addr add 10.0.0.1/24 dev "$a"
  for i in $(seq 1 "$peers"); do ip -n "$NS_S" addr add "10.0.0.$((i + 1))/24" dev "$b"; done
  ip -n "$NS_R" link set "$a" up
  ip -n "$NS_S" link set "$b" up
}
peer_addrs() { for i in $(seq 1 "$1"); do echo "10.0.0.$((i + 1))"; done; }

# ---- receivers: configure, start, count, pids ----
# Every receiver: AS 65000, router id 10.0.0.1, passive towards the senders
# (AS 65100), hold time 240, import everything, export nothing; multipath 4
# in the multipath scenario; kernel installation only in the FIB scenario.

start_bgpd() {
  local peers="$1" mp="$2" fib="$3"
  {
    cat <<EOT
[bgp]
asn = 65000
router_id = "10.0.0.1"
listen_addresses = ["10.0.0.1"]
ebgp_requires_policy = false
[bgp.ipv4_unicast]
maximum_paths = $mp

[[policy]]
name = "nothing"
[[policy.term]]
action = "reject"

[[peer_group]]
name = "feed"
remote_as = 65100
passive = true
hold_time = 240
export = "nothing"

[fib]
install = $fib

[control]
socket = "$WORK/bgpd.sock"

[log]
level = "warn"
EOT
    for a in $(peer_addrs "$peers"); do printf '\n[[neighbor]]\naddress = "%s"\npeer_group = "feed"\n' "$a"; done
  } >"$WORK/bgpd.toml"
  RPIDS=("$(spawn "$NS_R" "$WORK/bgpd.log" "$BGPD" -c "$WORK/bgpd.toml" --control-socket "$WORK/bgpd.sock")")
  for _ in $(seq 1 100); do [[ -S "$WORK/bgpd.sock" ]] && return 0; sleep 0.1; done
  log "bgpd did not start: $(tail -5 "$WORK/bgpd.log")"; return 1
}
count_bgpd() { "$BGPCTL" -s "$WORK/bgpd.sock" show summary --json 2>/dev/null | jq '[.neighbors[].prefixes_accepted] | add // 0'; }

start_bird() {
  local peers="$1" mp="$2" fib="$3" i=0
  {
    echo "router id 10.0.0.1;"
    echo "protocol device {}"
    if [[ $fib == true ]]; then
      local merge=""
      [[ $mp != 1 ]] && merge="merge paths on limit $mp;"
      echo "protocol kernel { ipv4 { export all; import none; }; learn off; $merge }"
    fi
    cat <<EOT
template bgp feed {
  local 10.0.0.1 as 65000;
  passive on;
  hold time 240;
  ipv4 { import all; export none; };
}
EOT
    for a in $(peer_addrs "$peers"); do i=$((i + 1)); echo "protocol bgp p$i from feed { neighbor $a as 65100; }"; done
  } >"$WORK/bird.conf"
  RPIDS=("$(spawn "$NS_R" "$WORK/bird.log" bird -f -c "$WORK/bird.conf" -s "$WORK/bird.ctl")")
  for _ in $(seq 1 100); do [[ -S "$WORK/bird.ctl" ]] && return 0; sleep 0.1; done
  log "BIRD did not start: $(tail -5 "$WORK/bird.log")"; return 1
}
count_bird() {
  ip netns exec "$NS_R" birdc -s "$WORK/bird.ctl" show protocols all 2>/dev/null |
    awk '/^p[0-9]+ /{bgp=1; next} /^[^ ]/{bgp=0} bgp && /Routes:/{s += $2} END{print s + 0}'
}

start_frr() {
  local peers="$1" mp="$2" fib="$3"
  local d="$WORK/frr"
  mkdir -p "$d" && chmod 0777 "$d"
  {
    cat <<EOT
frr defaults traditional
hostname feed
log file $d/frr.log warnings
route-map NOTHING deny 10
router bgp 65000
 bgp router-id 10.0.0.1
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor feed peer-group
 neighbor feed remote-as 65100
 neighbor feed passive
 neighbor feed timers 80 240
EOT
    for a in $(peer_addrs "$peers"); do echo " neighbor $a peer-group feed"; done
    cat <<EOT
 address-family ipv4 unicast
  maximum-paths $mp
  neighbor feed route-map NOTHING out
 exit-address-family
EOT
  } >"$d/frr.conf"
  chmod 0666 "$d/frr.conf"
  RPIDS=()
  if [[ $fib == true ]]; then
    RPIDS+=("$(spawn "$NS_R" "$WORK/zebra.log" /usr/lib/frr/zebra -f "$d/frr.conf" -i "$d/zebra.pid" -z "$d/zserv.api" --vty_socket "$d")")
    for _ in $(seq 1 100); do [[ -S "$d/zserv.api" ]] && break; sleep 0.1; done
    RPIDS+=("$(spawn "$NS_R" "$WORK/frr-bgpd.log" /usr/lib/frr/bgpd -f "$d/frr.conf" -i "$d/bgpd.pid" -z "$d/zserv.api" --vty_socket "$d" -p 179)")
  else
    RPIDS+=("$(spawn "$NS_R" "$WORK/frr-bgpd.log" /usr/lib/frr/bgpd -Z -f "$d/frr.conf" -i "$d/bgpd.pid" --vty_socket "$d" -p 179)")
  fi
  for _ in $(seq 1 100); do
    ip netns exec "$NS_R" vtysh --vty_socket "$d" -d bgpd -c "show bgp summary" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "FRR did not start: $(tail -5 "$WORK/frr-bgpd.log")"; return 1
}
count_frr() {
  ip netns exec "$NS_R" vtysh --vty_socket "$WORK/frr" -d bgpd -c "show bgp ipv4 unicast summary json" 2>/dev/null |
    jq '[.peers[]?.pfxRcd // 0] | add // 0'
}

start_gobgp() {
  local peers="$1" mp="$2" fib="$3"
  {
    cat <<EOT
[global.config]
  as = 65000
  router-id = "10.0.0.1"
  port = 179
  local-address-list = ["10.0.0.1"]
[global.apply-policy.config]
  default-import-policy = "accept-route"
  default-export-policy = "reject-route"
EOT
    if [[ $mp != 1 ]]; then printf '[global.use-multiple-paths.config]\n  enabled = true\n'; fi
    for a in $(peer_addrs "$peers"); do
      cat <<EOT
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$a"
    peer-as = 65100
  [neighbors.transport.config]
    passive-mode = true
  [neighbors.timers.config]
    hold-time = 240
    keepalive-interval = 80
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
EOT
    done
  } >"$WORK/gobgpd.toml"
  RPIDS=("$(spawn "$NS_R" "$WORK/gobgpd.log" gobgpd -f "$WORK/gobgpd.toml" --api-hosts 127.0.0.1:50051 -l warn)")
  for _ in $(seq 1 100); do
    ip netns exec "$NS_R" gobgp -u 127.0.0.1 -p 50051 global >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "gobgpd did not start: $(tail -5 "$WORK/gobgpd.log")"; return 1
}
count_gobgp() {
  ip netns exec "$NS_R" gobgp -u 127.0.0.1 -p 50051 neighbor -j 2>/dev/null |
    jq '[.[] | .afi_safis[]? | .state.accepted // 0] | add // 0'
}

# Kernel routes of the receiver's protocol in the main table.
fib_protocol() { case "$1" in bgpd|frr) echo 186 ;; bird) echo 12 ;; esac; }
count_fib() { ip netns exec "$NS_R" "$FIBCOUNT" 254 "$(fib_protocol "$1")"; }

peak_rss_mib() {  # sum of VmHWM over the receiver's processes
  local kb=0 v
  for pid in "${RPIDS[@]}"; do
    v=$(awk '/^VmHWM/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    kb=$((kb + ${v:-0}))
  done
  awk -v k="$kb" 'BEGIN{printf "%.0f", k / 1024}'
}

# The poller (poll.py in the receiver's namespace) is started before the
# sender; wait_count hands it a target and waits for its answer.
control_socket() {
  case "$1" in bgpd) echo "$WORK/bgpd.sock" ;; bird) echo "$WORK/bird.ctl" ;; frr) echo "$WORK/frr/bgpd.vty" ;; gobgp) echo - ;; esac
}
start_poller() {  # start_poller RECEIVER FIB FIB_TARGET
  local rcv="$1" fib="$2" extra=()
  [[ $fib == true ]] && extra=(--fib "$3" "$FIBCOUNT" 254 "$(fib_protocol "$rcv")")
  rm -f "$WORK/poll.in"
  mkfifo "$WORK/poll.in"
  exec {POLL_FD}<>"$WORK/poll.in"
  : >"$WORK/poll.out"
  spawn_to "$NS_R" "$WORK/poll.in" "$WORK/poll.out" "$WORK/last_count" python3 "$HERE/poll.py" "$rcv" "$(control_socket "$rcv")" \
    "$(($(date +%s) + 60))" "${extra[@]}"
  for _ in $(seq 1 1200); do grep -q '^ready' "$WORK/poll.out" && return 0; sleep 0.05; done
  return 1
}
cpu_secs() {  # user + system CPU seconds of the receiver's processes (all threads) so far
  local ticks=0 v hz
  hz=$(getconf CLK_TCK)
  for pid in "${RPIDS[@]}"; do
    v=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    ticks=$((ticks + ${v:-0}))
  done
  awk -v t="$ticks" -v h="$hz" 'BEGIN{printf "%.2f", t / h}'
}

# wait_count TARGET SINCE DEADLINE_EPOCH: prints the time of the first poll
# after SINCE that saw TARGET; fails on timeout (the last count is in
# $WORK/last_count).
wait_count() {
  local before
  before=$(grep -c '^done\|^timeout' "$WORK/poll.out" || true)
  echo "$1 $2 $3 $SPID" >&"$POLL_FD"
  while [[ $(grep -c '^done\|^timeout' "$WORK/poll.out" || true) == "$before" ]]; do sleep 0.05; done
  local last; last=$(grep '^done\|^timeout' "$WORK/poll.out" | tail -1)
  [[ $last == done* ]] || return 1
  echo "${last#done }"
}

secs_between() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b - a}'; }
ns_to_s() { awk -v n="$1" 'BEGIN{printf "%.9f", n / 1e9}'; }

record() {  # scenario receiver seconds mib status detail [cpu_seconds]
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "${7:--}" >>"$RESULTS"
  log "$1 $2: ${3}s ${4}MiB cpu ${7:--}s $5 $6"
}

# run_one SCENARIO RECEIVER PEERS PREFIXES_PER_PEER SAME MP FIB WITHDRAW
run_one() {
  local sc="$1" rcv="$2" peers="$3" n="$4" same="$5" mp="$6" fib="$7" withdraw="$8"
  local sender_args=(--remote 10.0.0.1 --remote-as 65000 --local-as 65100)
  for a in $(peer_addrs "$peers"); do sender_args+=(--local "$a"); done
  if [[ $sc == mrt ]]; then sender_args+=(--mrt "$MRT_FILE"); else sender_args+=(--prefixes "$n" --attr-sets 50); fi
  [[ $same == 1 ]] && sender_args+=(--same-prefixes)
  setup_net "$peers"
  "start_$rcv" "$peers" "$mp" "$fib" || { record "$sc" "$rcv" - - failed "did not start"; teardown; return; }
  start_poller "$rcv" "$fib" "$((peers * n))" || { record "$sc" "$rcv" - - failed "poller did not start: $(cat "$WORK/last_count")"; teardown; return; }
  local out="$WORK/sender.out"
  : >"$out"
  local spid cpu_before cpu
  cpu_before=$(cpu_secs)  # the receiver is idle until the sender connects
  spid=$(spawn "$NS_S" "$out" "$SENDER" "${sender_args[@]}")
  SPID=$spid
  # Encoding happens before the sessions open: wait for it, then poll from
  # before the first UPDATE byte, so the driver's own latency is not counted.
  local deadline=$(($(date +%s) + 120))
  while ! grep -q '^encoded' "$out"; do
    if ! kill -0 "$spid" 2>/dev/null || (($(date +%s) > deadline)); then
      record "$sc" "$rcv" - - failed "sender: $(tail -2 "$out" | tr '\n' ' ')"; teardown; return
    fi
    sleep 0.02
  done
  local expected
  expected=$(awk '/^encoded/{print $3}' "$out")
  local tend status=ok secs mib t0 limit
  deadline=$(($(date +%s) + 120))
  while ! grep -q '^first_update_ns' "$out"; do
    if ! kill -0 "$spid" 2>/dev/null || (($(date +%s) > deadline)); then
      record "$sc" "$rcv" - - failed "no session: $(tail -2 "$out" | tr '\n' ' ')"; teardown; return
    fi
    sleep 0.02
  done
  t0=$(ns_to_s "$(awk '/^first_update_ns/{print $2}' "$out")")
  limit=$(awk -v t="$t0" -v s="$TIMEOUT" 'BEGIN{printf "%.3f", t + s}')
  tend=$(wait_count "$expected" "$t0" "$limit") || status=timeout
  mib=$(peak_rss_mib)
  cpu=$(awk -v a="$cpu_before" -v b="$(cpu_secs)" 'BEGIN{printf "%.2f", b - a}')
  if [[ $status != ok ]]; then
    record "$sc" "$rcv" ">$TIMEOUT" "$mib" timeout "$(cat "$WORK/last_count" | tail -1)/$expected $(tail -1 "$out")"; teardown; return
  fi
  secs=$(secs_between "$t0" "$tend")
  if [[ $withdraw == 1 ]]; then
    cpu_before=$(cpu_secs)
    kill -USR1 "$spid"
    while ! grep -q '^first_withdraw_ns' "$out"; do sleep 0.02; done
    t0=$(ns_to_s "$(awk '/^first_withdraw_ns/{print $2}' "$out")")
    limit=$(awk -v t="$t0" -v s="$TIMEOUT" 'BEGIN{printf "%.3f", t + s}')
    if tend=$(wait_count 0 "$t0" "$limit"); then
      secs=$(secs_between "$t0" "$tend")
      mib=$(peak_rss_mib)
      cpu=$(awk -v a="$cpu_before" -v b="$(cpu_secs)" 'BEGIN{printf "%.2f", b - a}')
    else
      record "$sc" "$rcv" ">$TIMEOUT" "$(peak_rss_mib)" timeout "withdraw: $(tail -1 "$WORK/last_count") left"; teardown; return
    fi
  fi
  record "$sc" "$rcv" "$secs" "$mib" ok "$expected prefixes" "$cpu"
  teardown
}

# scenario NAME -> PEERS PREFIXES_PER_PEER SAME MP FIB WITHDRAW
scenario_params() {
  local d=$DIVISOR
  case "$1" in
    1x1m) echo 1 "${PREFIXES:-$((1000000 / d))}" 0 1 false 0 ;;
    10x100k) echo 10 "${PREFIXES:-$((100000 / d))}" 0 1 false 0 ;;
    4x100k-mp) echo 4 "${PREFIXES:-$((100000 / d))}" 1 4 false 0 ;;
    fib300k) echo 1 "${PREFIXES:-$((300000 / d))}" 0 1 true 0 ;;
    mrt) echo 1 0 0 1 false 0 ;;
    withdraw) echo 1 "${PREFIXES:-$((1000000 / d))}" 0 1 false 1 ;;
    *) return 1 ;;
  esac
}

run_floor() {  # the batched-netlink floor of bench/fib, same routes, same run
  local n="$1" floor_out="$WORK/floor.out"
  if [[ ! -x "$BUILD/bench/fib/bench_fib_floor" ]]; then
    record fib300k floor - - failed "bench_fib_floor not built"; return
  fi
  # The feed's prefixes (/24s from 16.0.0.0): the kernel's trie work depends on them.
  if BENCH_FIB_FIRST=16.0.0.0 bash "$ROOT/bench/fib/run.sh" "$BUILD" "$n" >"$floor_out" 2>&1; then
    local s; s=$(awk '/^best of/{for (i = 1; i <= NF; i++) if ($i == "floor") {gsub(",", "", $(i+1)); print $(i+1)}}' "$floor_out")
    record fib300k floor "$s" - ok "bench_fib_floor best of 3"
  else
    record fib300k floor - - failed "$(tail -1 "$floor_out")"
  fi
}

{
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs, kernel $(uname -r)"
  echo "# bgpd $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(bird --version 2>&1 | head -1), FRR $(dpkg-query -W -f '${Version}' frr 2>/dev/null), gobgpd $(dpkg-query -W -f '${Version}' gobgpd 2>/dev/null)"
} >"$RESULTS"
IFS=, read -ra scenario_list <<<"$SCENARIOS"
IFS=, read -ra receiver_list <<<"$RECEIVERS"
for sc in "${scenario_list[@]}"; do
  params=$(scenario_params "$sc") || { echo "unknown scenario $sc" >&2; exit 2; }
  read -r peers n same mp fib withdraw <<<"$params"
  for rcv in "${receiver_list[@]}"; do
    case "$rcv" in bgpd|bird|frr|gobgp) ;; *) echo "unknown receiver $rcv" >&2; exit 2 ;; esac
    if [[ $fib == true && $rcv == gobgp ]]; then record "$sc" gobgp - - n/a "gobgpd does not program the kernel"; continue; fi
    if [[ $sc == mrt && ! -r $MRT_FILE ]]; then
      record "$sc" "$rcv" - - n/a "skipped: cannot read $MRT_FILE (pass --mrt FILE)"
      continue
    fi
    log "scenario $sc: receiver $rcv ($peers peer(s) x ${n/#0/mrt} prefixes)"
    run_one "$sc" "$rcv" "$peers" "$n" "$same" "$mp" "$fib" "$withdraw"
  done
  [[ $fib == true ]] && run_floor "$n"
done
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
bash "$HERE/report.sh" "$OUT"
if [[ $CHECK == 1 ]] && awk -F'\t' '!/^#/ && $5 != "ok" && $5 != "n/a"' "$RESULTS" | grep -q .; then
  log "some runs did not complete"; exit 1
fi

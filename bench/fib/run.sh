#!/usr/bin/env bash
# Runs bench_fib_floor in a scratch network namespace with three veth links
# (fib1..fib3, gateways 10.N.0.2), removing the namespace on exit.
# Usage: sudo bash bench/fib/run.sh [BUILD_DIR] [ROUTES]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
ROUTES=${2:-300000}
BIN=$BUILD/bench/fib/bench_fib_floor
[ -x "$BIN" ] || { echo "build $BIN first: cmake --build $BUILD --target bench_fib_floor" >&2; exit 2; }
NS=fibbench-$$-$RANDOM
cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$NS"
ip -n "$NS" link set lo up
for n in 1 2 3; do
  ip -n "$NS" link add fib$n type veth peer name fib${n}p
  ip -n "$NS" link set fib${n}p up
  ip -n "$NS" link set fib$n up
  ip -n "$NS" addr add 10.$n.0.1/24 dev fib$n
done
ip netns exec "$NS" ${BENCH_WRAPPER:-} "$BIN" "$ROUTES" fib1 10.1.0.2 10.2.0.2 10.3.0.2

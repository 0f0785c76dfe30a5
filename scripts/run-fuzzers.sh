#!/usr/bin/env bash
# Runs every libFuzzer binary in BUILD/fuzz for SECONDS each, seeded from
# fuzz/corpus/<name>/ and the seeds its seeder script extracts. A crash fails.
set -euo pipefail
BUILD=${1:-build-fuzz}
SECONDS_PER=${2:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
shopt -s nullglob
# UBSan findings must stop the run (the fuzz build compiles recoverable checks).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
found=0
for bin in "$BUILD"/fuzz/fuzz_*; do
  [[ -x $bin && -f $bin ]] || continue
  name=$(basename "$bin")
  found=1
  work=$(mktemp -d "/tmp/${name}.XXXXXX")
  seeds=()
  [[ -d $ROOT/fuzz/corpus/$name ]] && seeds+=("$ROOT/fuzz/corpus/$name")
  if [[ -x $ROOT/fuzz/seed-$name.sh ]]; then
    mkdir -p "$work/seed" && "$ROOT/fuzz/seed-$name.sh" "$work/seed" && seeds+=("$work/seed")
  fi
  echo "fuzz: $name for ${SECONDS_PER}s (seeds: ${seeds[*]:-none})"
  mkdir -p "$work/corpus"
  if ! "$bin" -max_total_time="$SECONDS_PER" -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$work/" "$work/corpus" "${seeds[@]}" >"$work/log" 2>&1; then
    tail -50 "$work/log"
    echo "fuzz: $name FAILED; artifacts in $work" >&2
    exit 1
  fi
  grep -E '^(Done [0-9]+ runs|stat::average_exec_per_sec)' "$work/log" || true
  rm -rf "$work"
done
((found)) || echo "fuzz: no fuzz targets built"

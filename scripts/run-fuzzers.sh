#!/usr/bin/env bash
# Runs every libFuzzer binary in BUILD/fuzz for SECONDS each (default
# $FUZZ_SECONDS, else 30), seeded from fuzz/corpus/<name>/ and the seeds its
# seeder script extracts. A crash fails. After each target one line
#   fuzz-summary: NAME SECONDSs runs=N exec/s=N new_units=N cov=N ft=N corpus=N
# is printed and appended to BUILD/fuzz-summary.txt (for the README).
set -euo pipefail
BUILD=${1:-build-fuzz}
SECONDS_PER=${2:-${FUZZ_SECONDS:-30}}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
shopt -s nullglob
# UBSan findings must stop the run (the fuzz build compiles recoverable checks).
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
found=0
summary_file=$BUILD/fuzz-summary.txt
: >"$summary_file"
# Value of a libFuzzer final statistic (-print_final_stats=1) from a log.
fuzz_stat() { awk -v k="stat::$2:" '$1 == k { print $2 }' "$1" | tail -1 || true; }
# cov:/ft:/corp: of the last status line ("#N DONE cov: C ft: F corp: K/..").
status_field() { grep -E '^#[0-9]+' "$1" | tail -1 | sed -nE "s/.* $2: ([0-9]+).*/\1/p" || true; }
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
  line="fuzz-summary: $name ${SECONDS_PER}s runs=$(fuzz_stat "$work/log" number_of_executed_units)"
  line+=" exec/s=$(fuzz_stat "$work/log" average_exec_per_sec) new_units=$(fuzz_stat "$work/log" new_units_added)"
  line+=" cov=$(status_field "$work/log" cov) ft=$(status_field "$work/log" ft) corpus=$(status_field "$work/log" corp)"
  echo "$line" | tee -a "$summary_file"
  rm -rf "$work"
done
((found)) || echo "fuzz: no fuzz targets built"

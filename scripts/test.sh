#!/usr/bin/env bash
# The one command that runs every test: installs dependencies, builds with
# warnings as errors, runs every ctest case (unit, integration and e2e in
# network namespaces), then the unit tests again under ASan+UBSan, then each
# libFuzzer target for a bounded time. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${JOBS:-2}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}

bash scripts/install-deps.sh

# ccache keyed on paths relative to the checkout, so a fresh clone (CI) reuses
# what earlier builds on this machine compiled.
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

step() { printf '\n==== %s\n' "$*"; }

step "release build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$JOBS"

step "all tests (unit, integration, e2e)"
ctest --test-dir build --output-on-failure -j"$JOBS" --timeout 900

step "sanitizer build (ASan+UBSan): unit tests"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBGPD_SANITIZE=ON -DBGPD_BENCH=OFF >/dev/null
cmake --build build-asan -j"$JOBS"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$JOBS" -L unit

step "fuzzing (${FUZZ_SECONDS}s per target)"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBGPD_FUZZ=ON -DBGPD_TESTS=OFF \
  -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz -j"$JOBS"
bash scripts/run-fuzzers.sh build-fuzz "$FUZZ_SECONDS"

step "all test stages passed"

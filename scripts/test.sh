#!/usr/bin/env bash
# The one command that runs every test (README, .ci/run):
#   1. installs the Debian packages it needs;
#   2. builds everything (daemon, tests, benchmarks) ONCE, with GCC, warnings
#      as errors, AddressSanitizer + UndefinedBehaviorSanitizer (-O1, as the
#      ASan documentation advises);
#   3. runs every ctest case of labels unit, integration, soak, e2e and
#      package (the .deb built, installed into a scratch root, checked) on that
#      build, so the daemons the integration and e2e tests start in network
#      namespaces are sanitized too, with LeakSanitizer on: a leak, an
#      out-of-bounds access or undefined behaviour anywhere fails the run;
#   4. builds the libFuzzer targets with clang and runs each for a bounded time.
# Exits non-zero on any failure. The FRR-as-router lab runs (label
# `reference`, the FRR column of the README's failover table) are left out:
# they measure FRR, not bgpd, and CI has 30 minutes on two cores. So is the
# container image (label `image`): on a fresh machine its debootstrap base
# and image build alone take longer than that budget allows.
#
# Environment: JOBS (default 2), FUZZ_SECONDS per target (default 20),
# CTEST_ARGS (extra ctest arguments, e.g. "-R rfc7606" while iterating).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${JOBS:-2}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
START=$SECONDS

bash scripts/install-deps.sh

# ccache keyed on paths relative to the checkout, so a fresh clone (CI) reuses
# what earlier builds on this machine compiled.
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

step() { printf '\n==== [%4ds] %s\n' "$((SECONDS - START))" "$*"; }

step "sanitized build (GCC, -O1, ASan+UBSan, warnings as errors): build-ci"
cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g -DNDEBUG" -DBGPD_SANITIZE=ON -DBGPD_WERROR=ON >/dev/null
cmake --build build-ci -j"$JOBS"

step "every test (unit, integration, soak, e2e) under the sanitizers"
# detect_leaks: every sanitized process reports leaks at exit and fails.
# halt_on_error: the first UBSan finding aborts the process.
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# shellcheck disable=SC2086
ctest --test-dir build-ci --output-on-failure -j"$JOBS" --timeout 900 -LE 'reference|image' ${CTEST_ARGS:-}
unset ASAN_OPTIONS UBSAN_OPTIONS

step "libFuzzer build (clang): build-fuzz"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBGPD_FUZZ=ON -DBGPD_TESTS=OFF \
  -DBGPD_WERROR=ON -DCMAKE_CXX_COMPILER=clang++ >/dev/null
# Only the fuzz targets (and what they link): the daemon is not fuzzed.
mapfile -t fuzz_targets < <(ninja -C build-fuzz -t targets all | sed -n 's|^\(fuzz/fuzz_[a-z0-9_]*\): .*|\1|p' | sort -u)
((${#fuzz_targets[@]})) || { echo "no fuzz targets found" >&2; exit 1; }
cmake --build build-fuzz -j"$JOBS" --target "${fuzz_targets[@]##*/}"

step "fuzzing (${FUZZ_SECONDS}s per target)"
bash scripts/run-fuzzers.sh build-fuzz "$FUZZ_SECONDS"

step "all test stages passed"

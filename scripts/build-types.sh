#!/usr/bin/env bash
# Builds every standard CMake build type with GCC and clang, warnings as
# errors (BGPD_WERROR=ON), each in its own directory (build-types/CC-TYPE) and
# through ccache, and prints how long each took. Not part of scripts/test.sh:
# eight optimised builds of everything (daemon, tests, benchmarks) take long on
# two cores (README: Build types).
#
#   bash scripts/build-types.sh                         # all 4 types x 2 compilers
#   bash scripts/build-types.sh Release                 # one type, both compilers
#   COMPILERS=gcc bash scripts/build-types.sh Debug MinSizeRel
#
# Environment: JOBS (default 2), COMPILERS (default "gcc clang"), TARGETS
# (default: everything; e.g. "bgpd bgpctl" for the shipped binaries only).
# Exits non-zero if any build fails; the others still run.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
JOBS=${JOBS:-2}
read -r -a compilers <<<"${COMPILERS:-gcc clang}"
types=("$@")
((${#types[@]})) || types=(Debug Release RelWithDebInfo MinSizeRel)
read -r -a targets <<<"${TARGETS:-}"

export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

declare -A cxx_of=([gcc]=g++ [clang]=clang++)
results=()
failed=0
for cc in "${compilers[@]}"; do
  [[ -n "${cxx_of[$cc]:-}" ]] || { echo "build-types: unknown compiler '$cc' (gcc or clang)" >&2; exit 2; }
  for type in "${types[@]}"; do
    dir="build-types/$cc-$type"
    log="$dir.log"
    mkdir -p build-types
    printf '==== %-6s %-15s %s\n' "$cc" "$type" "$dir"
    start=$SECONDS
    if cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" -DCMAKE_CXX_COMPILER="${cxx_of[$cc]}" \
      -DBGPD_WERROR=ON >"$log" 2>&1 &&
      cmake --build "$dir" -j"$JOBS" ${targets[@]+--target "${targets[@]}"} >>"$log" 2>&1; then
      status=ok
    else
      status=FAILED
      failed=1
      grep -E -m 20 'error:|FAILED:' "$log" >&2
      echo "build-types: $cc $type failed, full log in $log" >&2
    fi
    results+=("$(printf '%-6s %-15s %-6s %5d s' "$cc" "$type" "$status" "$((SECONDS - start))")")
  done
done
echo
echo "compiler type            result  time"
printf '%s\n' "${results[@]}"
exit "$failed"

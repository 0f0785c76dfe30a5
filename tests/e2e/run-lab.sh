#!/usr/bin/env bash
# run-lab.sh CMD...: runs one lab command as an e2e test. It gives the lab a
# unique name and namespace suffix, bounds its run time, and afterwards fails
# the test if the lab left anything behind (namespaces, state, daemons),
# removing it either way, so a failed run never leaks into the next one.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[[ $(id -u) -eq 0 ]] || { echo "e2e: the lab tests need root (network namespaces)" >&2; exit 1; }

LAB_SUFFIX=e$(od -An -N2 -tx2 /dev/urandom | tr -d ' ')
export LAB_SUFFIX LAB_NAME="e2e-$LAB_SUFFIX"
LAB_TIME_LIMIT=${LAB_TIME_LIMIT:-170}

timeout -k 10 "$LAB_TIME_LIMIT" "$@"
rc=$?
((rc == 124)) && echo "e2e: FAIL: the lab command ran over ${LAB_TIME_LIMIT}s" >&2

leaks=0
# The lab scripts name their instance LAB_NAME-<what>-<pid>; state lives there.
for dir in /run/bgpd-lab/"$LAB_NAME"*; do
  [[ -e $dir ]] || continue
  echo "e2e: FAIL: state left behind: $dir" >&2
  leaks=1
  # shellcheck source=../../lab/lib/common.sh
  (source "$ROOT/lab/lib/common.sh" && teardown "$(basename "$dir")")
done
for n in $(ip netns list | awk '{print $1}' | grep -- "-$LAB_SUFFIX\$"); do
  echo "e2e: FAIL: namespace left behind: $n" >&2
  leaks=1
  for pid in $(ip netns pids "$n"); do kill -KILL "$pid" 2>/dev/null; done
  ip netns del "$n"
done
# Containers of this lab (anycast.sh --tor-image names them bgpd-<role>-<suffix>).
if command -v podman >/dev/null; then
  for c in $(podman ps -a --format '{{.Names}}' | grep -- "-$LAB_SUFFIX\$"); do
    echo "e2e: FAIL: container left behind: $c" >&2
    leaks=1
    podman rm -f "$c" >/dev/null 2>&1
  done
fi
# Daemons started with a path under the lab's state directory on their command line.
for pid in $(pgrep -f "/run/bgpd-lab/$LAB_NAME"); do
  echo "e2e: FAIL: process left behind: $(tr '\0' ' ' </proc/"$pid"/cmdline 2>/dev/null)" >&2
  leaks=1
  kill -KILL "$pid" 2>/dev/null
done
((leaks)) && rc=1
exit "$rc"

#!/usr/bin/env bash
# Seeds for fuzz_mrt: the small MRT dumps of tests/data whole (decompressed) and the
# first records of the large ones. Usage: seed-fuzz_mrt.sh OUTDIR
set -euo pipefail
out=${1:?usage: seed-fuzz_mrt.sh OUTDIR}
. "$(dirname "$0")/mrt_data.sh"
mkdir -p "$out"
n=0
for f in "$data"/*.gz "$data"/mrtparse/*; do
  [[ -f $f && $f != *.conf ]] || continue
  name=$(basename "$f")
  # gzip -dcf passes non-gzip files through unchanged.
  size=$(gzip -dcf "$f" | wc -c)
  if ((size <= 16384)); then
    gzip -dcf "$f" >"$out/$name"
  else
    gzip -dcf "$f" | head -c 8192 >"$out/$name.head" || true
  fi
  n=$((n + 1))
done
echo "seed-fuzz_mrt: $n files seeded into $out"

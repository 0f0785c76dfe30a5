#!/usr/bin/env bash
# Seeds for fuzz_route_refresh: the route-refresh bodies of the BGP4MP records in the MRT
# dumps of tests/data (extract_bgp_messages.py), plus the golden messages of tests/wire. Usage: seed-fuzz_route_refresh.sh OUTDIR
set -euo pipefail
out=${1:?usage: seed-fuzz_route_refresh.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/mrt_data.sh"
mkdir -p "$out"
seed() {  # name, hex
  printf '%s' "$2" | tr -d ' ' | xxd -r -p >"$out/$1"
}
seed ipv4 "0001 00 01"
seed borr-ipv6 "0002 01 01"
seed eorr "0001 02 01"
seed unknown-subtype "0001 07 01"
seed short "0001 00"
python3 "$here/extract_bgp_messages.py" "$data" "$out" route-refresh 200
echo "seed-fuzz_route_refresh: $(ls "$out" | wc -l) files seeded into $out"

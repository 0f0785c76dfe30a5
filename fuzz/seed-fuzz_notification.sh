#!/usr/bin/env bash
# Seeds for fuzz_notification: the notification bodies of the BGP4MP records in the MRT
# dumps of tests/data (extract_bgp_messages.py), plus the golden messages of tests/wire. Usage: seed-fuzz_notification.sh OUTDIR
set -euo pipefail
out=${1:?usage: seed-fuzz_notification.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/mrt_data.sh"
mkdir -p "$out"
seed() {  # name, hex
  printf '%s' "$2" | tr -d ' ' | xxd -r -p >"$out/$1"
}
seed shutdown "06 02 0b 6d61696e74656e616e6365"
seed reset-utf8 "06 04 06 c3a9c3a9c3a9"
seed shutdown-overrun "06 02 20 6162"
seed shutdown-bad-utf8 "06 02 02 c328"
seed bad-length "01 02 1001"
seed hold-timer "04 00"
seed update-attr-flags "03 04 c00201ff"
python3 "$here/extract_bgp_messages.py" "$data" "$out" notification 200
echo "seed-fuzz_notification: $(ls "$out" | wc -l) files seeded into $out"

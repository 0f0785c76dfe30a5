#!/usr/bin/env bash
# Seeds for fuzz_open: the open bodies of the BGP4MP records in the MRT
# dumps of tests/data (extract_bgp_messages.py), plus the golden messages of tests/wire. Usage: seed-fuzz_open.sh OUTDIR
set -euo pipefail
out=${1:?usage: seed-fuzz_open.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/mrt_data.sh"
mkdir -p "$out"
seed() {  # name, hex
  printf '%s' "$2" | tr -d ' ' | xxd -r -p >"$out/$1"
}
# Option octet (see fuzz_open.cpp), then the OPEN body.
seed gobgp 17 "04 fe4d 0009 0a140002 26 02 24 0200 4904 02766d00 0104 00010001 4104 0000fe4d 4006 000f 00010100 0506 000100010002"
seed ours 03 "04 fde9 005a 0a00ff0b 20 02 1e 0104 00010001 0104 00020001 0200 4006 4078 00010180 4104 0000fde9 4600"
seed extended-params 07 "04 fde9 005a 0a00ff0b ff ff 0009 02 0006 0104 00010001"
seed add-path 07 "04 fde9 005a 0a00ff0b 0c 02 0a 4508 00010103 00020101"
seed frr 2f "04 fdea 001e 0a000002 5f 0206 01040001 0001 0206 01040002 0001 0202 8000 0202 0200 0202 4600 0206 4104 0000fdea 0202 0600 020a 4508 00010103 00020103 0209 4907 056c65616631 00 020c 400a c078 00010100 00020100 0210 470e 00010180 000000 00020180 000000"
seed role-customer 00 "04 fdea 005a 0a000002 08 02 06 0901 03 0200"
seed no-params 07 "04 fdea 00b4 0a000002 00"
python3 "$here/extract_bgp_messages.py" "$data" "$out" open 200
echo "seed-fuzz_open: $(ls "$out" | wc -l) files seeded into $out"

#!/usr/bin/env bash
# Seeds for fuzz_attributes: the attributes bodies of the BGP4MP records in the MRT
# dumps of tests/data (extract_bgp_messages.py) and hand-written attribute fields. Usage: seed-fuzz_attributes.sh OUTDIR
set -euo pipefail
out=${1:?usage: seed-fuzz_attributes.sh OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
. "$(dirname "$0")/mrt_data.sh"
mkdir -p "$out"
seed() {  # name, hex
  printf '%s' "$2" | tr -d ' ' | xxd -r -p >"$out/$1"
}
# Context octet (see fuzz_attributes.cpp), then the attribute field.
# ORIGIN IGP, AS_PATH [65101], NEXT_HOP 10.20.0.2 (4-octet session).
seed minimal 01 "40010100 4002060201 0000fe4d 400304 0a140002"
# 2-octet session: AS_PATH [23456], AS4_PATH [4200000001], AGGREGATOR/AS4_AGGREGATOR, communities.
seed as4-merge 00 "40010100 40020402015ba0 400304 0a140002 c0070600 5ba0 0a000001 c0110602 01 fa56ea01 c0120808 fa56ea01 0a000001 c00808 fde80001 ffffff01"
# iBGP: LOCAL_PREF, MED, ORIGINATOR_ID, CLUSTER_LIST, extended and large communities, an unknown transitive.
seed ibgp-everything 05 "40010100 4002060201 0000fe4d 400304 0a140002 80040400000064 40050400000096 800904 0a000009 800a08 0a0000010a000002 c0100800020000fde80064 c0200c 0000fde8 00000001 00000002 e0fe0000 c0fd03 010203"
# Confederation peer: AS_CONFED_SEQUENCE then AS_SEQUENCE.
seed confed 09 "40010100 40020e 0301 0000fde9 0201 0000fe4d 0201 0000fe4e 400304 0a140002"
python3 "$here/extract_bgp_messages.py" "$data" "$out" attributes 3000
echo "seed-fuzz_attributes: $(ls "$out" | wc -l) files seeded into $out"

#!/usr/bin/env bash
# Seeds for fuzz_update: UPDATE bodies from the MRT dumps of tests/data (BGP4MP and
# BGP4MP_ET message records), each prefixed with the context byte the fuzzer
# expects (bit 0: 4-octet AS, bits 1-2: ADD-PATH). Usage: seed-fuzz_update.sh OUTDIR [MAX]
set -euo pipefail
out=${1:?usage: seed-fuzz_update.sh OUTDIR [MAX]}
max=${2:-2000}
. "$(dirname "$0")/mrt_data.sh"
mkdir -p "$out"
python3 - "$data" "$out" "$max" <<'PY'
import glob, gzip, hashlib, os, struct, sys

data, out, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen = set()
written = 0
files = sorted(glob.glob(os.path.join(data, "updates.*.gz")))
per_file = max(1, limit // max(1, len(files)))
for path in files:
    blob = gzip.open(path).read()
    pos = taken = 0
    while pos + 12 <= len(blob) and taken < per_file:
        _, mtype, sub, length = struct.unpack(">IHHI", blob[pos:pos + 12])
        rec = blob[pos + 12:pos + 12 + length]
        pos += 12 + length
        if mtype not in (16, 17) or sub not in (1, 4, 6, 7, 8, 9, 10, 11):
            continue
        as4 = sub in (4, 7, 9, 11)
        add_path = sub in (8, 9, 10, 11)
        off = (4 if mtype == 17 else 0) + (8 if as4 else 4) + 2
        if len(rec) < off + 2:
            continue
        afi = struct.unpack(">H", rec[off:off + 2])[0]
        off += 2 + (32 if afi == 2 else 8)
        hdr = rec[off:off + 19]
        if len(hdr) < 19 or hdr[18] != 2:
            continue
        msg_len = struct.unpack(">H", hdr[16:18])[0]
        body = rec[off + 19:off + msg_len]
        ctx = (1 if as4 else 0) | (6 if add_path else 0)
        seed = bytes([ctx]) + body
        digest = hashlib.sha1(seed).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        with open(os.path.join(out, digest), "wb") as f:
            f.write(seed)
        taken += 1
        written += 1
print(f"seed-fuzz_update: {written} UPDATE bodies seeded into {out}")
PY

#!/usr/bin/env bash
# Seeds for fuzz_message: the golden messages of tests/wire (one option octet,
# see fuzz_message.cpp, then a message stream). Usage: seed-fuzz_message.sh OUTDIR
set -euo pipefail
out=${1:?usage: seed-fuzz_message.sh OUTDIR}
mkdir -p "$out"
M=ffffffffffffffffffffffffffffffff
seed() {  # name, option octet, hex of the stream
  printf '%s%s' "$2" "$3" | tr -d ' ' | xxd -r -p >"$out/$1"
}
gobgp_open="$M 0043 01 04 fe4d 0009 0a140002 26 02 24 0200 4904 02766d00 0104 00010001 4104 0000fe4d 4006 000f 00010100 0506 000100010002"
our_open="$M 003d 01 04 fde9 005a 0a00ff0b 20 02 1e 0104 00010001 0104 00020001 0200 4006 4078 00010180 4104 0000fde9 4600"
ext_open="$M 0029 01 04 fde9 005a 0a00ff0b ff ff 0009 02 0006 0104 00010001"
addpath_open="$M 0029 01 04 fde9 005a 0a00ff0b 0c 02 0a 4508 00010103 00020101"
frr_open="$M 007c 01 04 fdea 001e 0a000002 5f 0206 01040001 0001 0206 01040002 0001 0202 8000 0202 0200 0202 4600 0206 4104 0000fdea 0202 0600 020a 4508 00010103 00020103 0209 4907 056c65616631 00 020c 400a c078 00010100 00020100 0210 470e 00010180 000000 00020180 000000"
keepalive="$M 0013 04"
shutdown="$M 0021 03 06 02 0b 6d61696e74656e616e6365"
bad_len_notify="$M 0017 03 01 02 1001"
refresh="$M 0017 05 0001 00 01"
borr="$M 0017 05 0002 01 01"
# UPDATE: ORIGIN IGP, AS_PATH [65101], NEXT_HOP 10.20.0.2, NLRI 172.30.0.10/32.
update="$M 0030 02 0000 0014 40010100 4002060201 0000fe4d 400304 0a140002 20 ac1e000a"
# End-of-RIB for IPv4 unicast.
eor="$M 0017 02 0000 0000"
seed gobgp-session 02 "$gobgp_open $keepalive $update $eor $keepalive"
seed our-open 02 "$our_open"
seed frr-open 02 "$frr_open $keepalive"
seed extended-open 00 "$ext_open"
seed add-path-open 06 "$addpath_open"
seed shutdown 00 "$keepalive $shutdown"
seed header-error-notify 00 "$bad_len_notify"
seed route-refresh 03 "$refresh $borr"
seed update-2octet 00 "$M 002e 02 0000 0012 40010100 40020402 01fe4d 400304 0a140002 20 ac1e000a"
seed update 02 "$update"
# Real sessions: the first BGP messages of each BGP4MP dump in tests/data,
# as one stream per dump (4-octet AS option when the records are AS4).
. "$(dirname "$0")/mrt_data.sh"
python3 - "$data" "$out" <<'PY'
import glob, gzip, os, struct, sys
data, out = sys.argv[1], sys.argv[2]
for path in sorted(glob.glob(data + "/updates.*.gz") + glob.glob(data + "/mrtparse/*_bgp")):
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    i, msgs, as4 = 0, [], False
    while i + 12 <= len(raw) and len(msgs) < 64:
        _, t, st, n = struct.unpack(">IHHI", raw[i:i + 12])
        rec, i = raw[i + 12:i + 12 + n], i + 12 + n
        if t not in (16, 17) or st not in (1, 4, 6, 7):
            continue
        if t == 17:
            rec = rec[4:]
        as4 = st in (4, 7)
        off = (8 if as4 else 4) + 2
        afi = struct.unpack(">H", rec[off:off + 2])[0]
        msgs.append(rec[off + 2 + (32 if afi == 2 else 8):])
    if msgs:
        with open(os.path.join(out, "mrt-" + os.path.basename(path).removesuffix(".gz")), "wb") as f:
            f.write(bytes([2 if as4 else 0]) + b"".join(msgs))
PY
echo "seed-fuzz_message: $(ls "$out" | wc -l) files seeded into $out"

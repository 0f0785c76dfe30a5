#!/usr/bin/env python3
"""Extracts BGP message bodies of one type from the BGP4MP / BGP4MP_ET message
records (RFC 6396 §4.4, RFC 8050 ADD-PATH subtypes) of the MRT dumps of tests/data,
as fuzz seeds. Usage:
  extract_bgp_messages.py DATA_DIR OUT_DIR TYPE [MAX]
TYPE: open | notification | route-refresh (the body, prefixed by an option
octet for open) or attributes (the UPDATE path attribute field, prefixed by
the fuzz_attributes context octet: bit 0 4-octet AS, bit 1 ADD-PATH IPv4).
Seeds are named by their SHA-1, so duplicates collapse."""
import glob
import gzip
import hashlib
import os
import struct
import sys

KINDS = {"open": 1, "update": 2, "notification": 3, "route-refresh": 5, "attributes": 2}


def messages(data_dir):
    """Yields (file, as4, add_path, message) for every BGP message record."""
    paths = sorted(glob.glob(os.path.join(data_dir, "*.gz")) + glob.glob(os.path.join(data_dir, "mrtparse", "*_bgp")))
    for path in paths:
        raw = open(path, "rb").read()
        if raw[:2] == b"\x1f\x8b":
            try:
                raw = gzip.decompress(raw)
            except (OSError, EOFError):
                continue
        i = 0
        while i + 12 <= len(raw):
            _, mtype, sub, length = struct.unpack(">IHHI", raw[i:i + 12])
            rec, i = raw[i + 12:i + 12 + length], i + 12 + length
            if mtype not in (16, 17) or sub not in (1, 4, 6, 7, 8, 9, 10, 11):
                continue
            as4 = sub in (4, 7, 9, 11)
            add_path = sub >= 8
            off = (4 if mtype == 17 else 0) + (8 if as4 else 4) + 2
            if len(rec) < off + 2:
                continue
            afi = struct.unpack(">H", rec[off:off + 2])[0]
            msg = rec[off + 2 + (32 if afi == 2 else 8):]
            if len(msg) < 19:
                continue
            msg_len = struct.unpack(">H", msg[16:18])[0]
            yield path, as4, add_path, msg[:msg_len]


def main():
    data_dir, out_dir, kind = sys.argv[1], sys.argv[2], sys.argv[3]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    os.makedirs(out_dir, exist_ok=True)
    written = 0
    seen = set()
    per_file = {}  # spread the limit over the dumps (2-octet, 4-octet, ADD-PATH sessions)
    files = len(glob.glob(os.path.join(data_dir, "*.gz"))) + len(glob.glob(os.path.join(data_dir, "mrtparse", "*_bgp")))
    file_limit = max(1, limit // max(1, files))
    for path, as4, add_path, msg in messages(data_dir):
        if written >= limit:
            break
        if msg[18] != KINDS[kind] or per_file.get(path, 0) >= file_limit:
            continue
        body = msg[19:]
        if kind == "attributes":
            if len(body) < 4:
                continue
            wlen = struct.unpack(">H", body[:2])[0]
            alen = struct.unpack(">H", body[2 + wlen:4 + wlen])[0] if len(body) >= 4 + wlen else 0
            field = body[4 + wlen:4 + wlen + alen]
            if not field:
                continue
            seed = bytes([(1 if as4 else 0) | (2 if add_path else 0)]) + field
        elif kind == "open":
            seed = bytes([0x07]) + body  # no local role, accept any peer AS
        else:
            seed = body
        digest = hashlib.sha1(seed).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        with open(os.path.join(out_dir, digest), "wb") as f:
            f.write(seed)
        written += 1
        per_file[path] = per_file.get(path, 0) + 1
    print(f"{kind}: {written} seeds from {data_dir} into {out_dir}")


if __name__ == "__main__":
    main()

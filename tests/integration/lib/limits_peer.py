#!/usr/bin/env python3
"""Raw peer for the resource-limit tests. One JSON line per run.
    limits_peer.py hold TARGET SOURCE ASN SECONDS      establish, keep the session SECONDS
    limits_peer.py try TARGET SOURCE ASN               does a session come up?
    limits_peer.py flood TARGET SOURCE ASN COUNT       establish, announce COUNT /32s, report the NOTIFICATION
    limits_peer.py attrs TARGET SOURCE ASN COUNT       COUNT UPDATEs, each a new attribute set (MED), report the NOTIFICATION
"""
import json
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from raw_peer import KEEPALIVE, connect, establish, message, wait_notification  # noqa: E402

mode, target, source, asn = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def attr(flags, type_code, value):
    return struct.pack("!BBB", flags, type_code, len(value)) + value


def main():
    try:
        s = connect(target, source)
        establish(s, asn, source)
    except (RuntimeError, OSError) as e:
        print(json.dumps({"established": False, "detail": str(e)}), flush=True)
        return 0
    if mode == "try":
        print(json.dumps({"established": True}), flush=True)
        s.close()
    elif mode == "hold":
        print(json.dumps({"established": True}), flush=True)
        end = time.time() + float(sys.argv[5])
        while time.time() < end:
            s.sendall(KEEPALIVE)
            time.sleep(1)
        s.close()
    elif mode == "flood":
        attrs = attr(0x40, 1, b"\x00") + attr(0x40, 2, b"\x02\x01" + struct.pack("!I", asn)) + attr(0x40, 3, socket.inet_aton(source))
        nlri = b"".join(b"\x20" + socket.inet_aton(f"198.18.0.{i + 1}") for i in range(int(sys.argv[5])))
        s.sendall(message(2, struct.pack("!HH", 0, len(attrs)) + attrs + nlri))
        result = wait_notification(s)
        result["established"] = True
        print(json.dumps(result), flush=True)
    elif mode == "attrs":
        base = attr(0x40, 1, b"\x00") + attr(0x40, 2, b"\x02\x01" + struct.pack("!I", asn)) + attr(0x40, 3, socket.inet_aton(source))
        batch = b""
        for i in range(int(sys.argv[5])):
            attrs = base + attr(0x80, 4, struct.pack("!I", i))
            batch += message(2, struct.pack("!HH", 0, len(attrs)) + attrs + b"\x20" + socket.inet_aton(f"198.19.0.{i + 1}"))
        s.sendall(batch)  # one write: bgpd closes as soon as the limit is hit
        result = wait_notification(s)
        result["established"] = True
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""announce.py TARGET SOURCE ASN ROUTER_ID NEXT_HOP PREFIX...: one BGP session
from SOURCE to TARGET:179 announcing PREFIX... with the given NEXT_HOP (any
address: e.g. one only a static route reaches, which gobgpd would rewrite)
and AS path [ASN] (an eBGP neighbour); prints
{"announced": N} and keeps the session up until killed."""
import json
import socket
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from bestpath import HOLD_TIME, open_message, update_message  # noqa: E402
from raw_peer import KEEPALIVE, read_message  # noqa: E402


def main():
    target, source, asn, router_id, next_hop = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    prefixes = sys.argv[6:]
    deadline = time.time() + 30
    while True:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((source, 0))
        s.settimeout(2)
        try:
            s.connect((target, 179))
            break
        except OSError:
            s.close()
            if time.time() > deadline:
                raise
            time.sleep(0.5)
    s.sendall(open_message(asn, router_id))
    got_open = False
    while True:
        m = read_message(s, 20)
        if m is None or m[0] == 3:
            print(json.dumps({"error": "session refused", "notification": m[1].hex() if m else None}), flush=True)
            return 1
        if m[0] == 1:
            got_open = True
            s.sendall(KEEPALIVE)
        elif m[0] == 4 and got_open:
            break
    path = {"as_path": [("seq", [asn])]}  # an eBGP neighbour's first AS is its own
    for p in prefixes:
        s.sendall(update_message(path, next_hop, p))
    print(json.dumps({"announced": len(prefixes)}), flush=True)
    s.settimeout(HOLD_TIME / 3)
    while True:
        try:
            m = read_message(s, HOLD_TIME / 3)
            if m is None or m[0] == 3:
                print(json.dumps({"error": "session ended"}), flush=True)
                return 1
        except socket.timeout:
            pass
        s.sendall(KEEPALIVE)


if __name__ == "__main__":
    sys.exit(main())

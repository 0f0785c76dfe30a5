#!/usr/bin/env python3
"""Feeder and checker for bestpath_frr.sh (scenario table: bestpath_table.py).

  bestpath.py feed TARGET...        every feeder peer of the table opens a
      session to every TARGET address (run in the feeders' namespace, which
      holds all their addresses), sends its paths of every scenario, prints
      {"fed": N} and keeps the sessions up (KEEPALIVEs) until killed.
  bestpath.py check ROUND FRR_JSON BGPD_JSON
      compares, per scenario prefix, the best path and the multipath set of
      FRR's `show ip bgp json` with bgpctl's `show routes --json` and with the
      table's expectation; prints a diff table and exits 1 on any mismatch.
  bestpath.py prefixes              the scenario prefixes, one a line.

A hand-written speaker (only the standard library, like raw_peer.py):
gobgpd cannot send AS_CONFED segments, ORIGINATOR_ID or CLUSTER_LIST from an
eBGP/iBGP neighbour of its choice, and one process serving six peers keeps
the test quick.
"""
import ipaddress
import json
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from bestpath_table import PEERS, SCENARIOS, expected  # noqa: E402
from raw_peer import KEEPALIVE, message, read_message  # noqa: E402

HOLD_TIME = 90
SEGMENT_TYPES = {"set": 1, "seq": 2, "confed_seq": 3, "confed_set": 4}


def open_message(asn, router_id):
    # Multiprotocol IPv4 unicast and 4-octet AS (RFC 4760, RFC 6793).
    caps = bytes([1, 4, 0, 1, 0, 1]) + bytes([65, 4]) + struct.pack("!I", asn)
    params = bytes([2, len(caps)]) + caps
    body = struct.pack("!BHH4sB", 4, asn if asn < 65536 else 23456, HOLD_TIME, socket.inet_aton(router_id),
                       len(params)) + params
    return message(1, body)


def attribute(flags, code, value):
    if len(value) > 255:
        return struct.pack("!BBH", flags | 0x10, code, len(value)) + value
    return struct.pack("!BBB", flags, code, len(value)) + value


def update_message(path, next_hop, prefix):
    attrs = attribute(0x40, 1, bytes([path.get("origin", 0)]))
    segments = b"".join(struct.pack("!BB", SEGMENT_TYPES[t], len(asns)) + b"".join(struct.pack("!I", a) for a in asns)
                        for t, asns in path["as_path"])
    attrs += attribute(0x40, 2, segments)
    attrs += attribute(0x40, 3, socket.inet_aton(next_hop))
    if "med" in path:
        attrs += attribute(0x80, 4, struct.pack("!I", path["med"]))
    if "local_pref" in path:
        attrs += attribute(0x40, 5, struct.pack("!I", path["local_pref"]))
    if "originator_id" in path:
        attrs += attribute(0x80, 9, socket.inet_aton(path["originator_id"]))
    if "cluster_list" in path:
        attrs += attribute(0x80, 10, b"".join(socket.inet_aton(c) for c in path["cluster_list"]))
    net = ipaddress.ip_network(prefix)
    nlri = bytes([net.prefixlen]) + net.network_address.packed[: (net.prefixlen + 7) // 8]
    return message(2, struct.pack("!H", 0) + struct.pack("!H", len(attrs)) + attrs + nlri)


class Session:
    def __init__(self, peer, target):
        self.peer, self.target = peer, target
        address, self.asn, self.router_id = PEERS[peer]
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((address, 0))
        self.address = address
        self.lock = threading.Lock()

    def establish(self, deadline):
        while True:
            try:
                self.sock.settimeout(2)
                self.sock.connect((self.target, 179))
                break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError(f"{self.peer} cannot connect to {self.target}")
                time.sleep(0.5)
                self.sock.close()
                self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                self.sock.bind((self.address, 0))
        self.sock.sendall(open_message(self.asn, self.router_id))
        got_open = False
        while True:
            m = read_message(self.sock, max(1.0, deadline - time.time()))
            if m is None:
                raise RuntimeError(f"{self.peer} -> {self.target}: closed during the handshake")
            if m[0] == 1:
                got_open = True
                self.send(KEEPALIVE)
            elif m[0] == 4 and got_open:
                return
            elif m[0] == 3:
                raise RuntimeError(f"{self.peer} -> {self.target}: NOTIFICATION {m[1].hex()}")

    def send(self, data):
        with self.lock:
            self.sock.sendall(data)

    def serve(self):
        """Read and drop what the router sends; a NOTIFICATION or close is fatal for the test."""
        try:
            while True:
                m = read_message(self.sock, None)
                if m is None or m[0] == 3:
                    print(json.dumps({"error": f"{self.peer} -> {self.target}: session ended",
                                      "notification": m[1].hex() if m else None}), flush=True)
                    return
        except OSError as e:
            print(json.dumps({"error": f"{self.peer} -> {self.target}: {e}"}), flush=True)


def feed(targets):
    sessions = [Session(peer, t) for t in targets for peer in PEERS]
    deadline = time.time() + 40
    for s in sessions:
        s.establish(deadline)
    sent = 0
    for s in sessions:
        for sc in SCENARIOS:
            for path in sc["paths"]:
                if path["peer"] == s.peer:
                    s.send(update_message(path, s.address, sc["prefix"]))
                    sent += 1
        threading.Thread(target=s.serve, daemon=True).start()
    print(json.dumps({"fed": sent}), flush=True)
    while True:
        time.sleep(HOLD_TIME / 3)
        for s in sessions:
            s.send(KEEPALIVE)


PEER_NAME = {address: name for name, (address, _, _) in PEERS.items()}


def frr_selection(frr, prefix):
    paths = frr.get("routes", {}).get(prefix, [])
    best = [PEER_NAME.get(p.get("peerId"), p.get("peerId")) for p in paths if p.get("bestpath")]
    multi = sorted(PEER_NAME.get(p.get("peerId"), p.get("peerId")) for p in paths if p.get("multipath") or p.get("bestpath"))
    return (best[0] if best else None), multi, len(paths)


def bgpd_selection(bgpd, prefix):
    route = next((r for r in bgpd if r.get("prefix") == prefix), {"paths": []})
    paths = route["paths"]
    best = [PEER_NAME.get(p["peer"], p["peer"]) for p in paths if p.get("best")]
    multi = sorted(PEER_NAME.get(p["peer"], p["peer"]) for p in paths if p.get("multipath") or p.get("best"))
    return (best[0] if best else None), multi, len(paths)


def check(round_name, frr_file, bgpd_file):
    with open(frr_file) as f:
        frr = json.load(f)
    with open(bgpd_file) as f:
        bgpd = json.load(f)
    bad = 0
    rows = []
    for sc in SCENARIOS:
        want = expected(sc, round_name)
        f_best, f_multi, f_n = frr_selection(frr, sc["prefix"])
        b_best, b_multi, b_n = bgpd_selection(bgpd, sc["prefix"])
        n = len(sc["paths"])
        ok = (f_best, f_multi) == want and (b_best, b_multi) == want and f_n == n and b_n == n
        bad += not ok
        rows.append(("ok  " if ok else "FAIL") + f" {sc['prefix']:<16} {sc['name']:<62} "
                    f"want {want[0]} {','.join(want[1]):<9} frr {f_best} {','.join(f_multi):<9} ({f_n} paths) "
                    f"bgpd {b_best} {','.join(b_multi):<9} ({b_n} paths)")
    print(f"round {round_name}: {len(SCENARIOS) - bad}/{len(SCENARIOS)} scenarios agree")
    print("\n".join(rows))
    return 1 if bad else 0


def main():
    cmd = sys.argv[1]
    if cmd == "feed":
        feed(sys.argv[2:])
        return 0
    if cmd == "check":
        return check(sys.argv[2], sys.argv[3], sys.argv[4])
    if cmd == "prefixes":
        print("\n".join(sc["prefix"] for sc in SCENARIOS))
        return 0
    if cmd == "paths":
        print(sum(len(sc["paths"]) for sc in SCENARIOS))
        return 0
    print(f"unknown command {cmd}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

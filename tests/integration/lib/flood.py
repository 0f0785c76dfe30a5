#!/usr/bin/env python3
"""Flooding peer: announces PREFIXES host routes as fast as TCP lets it,
ROUNDS times, each round with the other next hop (so every round reprograms
every kernel route), while a thread samples bgpd's VmRSS every 50 ms.

Run inside the raw peer's namespace:
    flood.py TARGET SOURCE ASN BGPCTL SOCKET BGPD_PID BGPD_NETNS PREFIXES ROUNDS NEXT_HOP_A NEXT_HOP_B

bgpd must not buffer the flood: it stops reading while its FIB queue is long
(back-pressure through TCP), so our sendall() blocks instead. Prints one JSON
object: peak RSS during the flood, steady RSS once the FIB is idle, timings.
"""
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from raw_peer import KEEPALIVE, connect, establish, message  # noqa: E402

TARGET, SOURCE, ASN, BGPCTL, SOCK, PID, NETNS, PREFIXES, ROUNDS, NH_A, NH_B = sys.argv[1:12]
ASN, PID, PREFIXES, ROUNDS = int(ASN), int(PID), int(PREFIXES), int(ROUNDS)
BASE_ADDR = struct.unpack("!I", socket.inet_aton("20.0.0.0"))[0]
PER_UPDATE = 800  # /32s per UPDATE: 5 octets each, under 4096 with the attributes


def attr(flags, type_code, value):
    return struct.pack("!BBB", flags, type_code, len(value)) + value


def updates(next_hop):
    attrs = (attr(0x40, 1, b"\x00") + attr(0x40, 2, b"\x02\x01" + struct.pack("!I", ASN)) +
             attr(0x40, 3, socket.inet_aton(next_hop)))
    head = struct.pack("!HH", 0, len(attrs)) + attrs
    out = []
    for start in range(0, PREFIXES, PER_UPDATE):
        nlri = b"".join(b"\x20" + struct.pack("!I", BASE_ADDR + i) for i in range(start, min(PREFIXES, start + PER_UPDATE)))
        out.append(message(2, head + nlri))
    return out


def rss_kib():
    with open(f"/proc/{PID}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


class Sampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0
        self.samples = 0
        self.running = True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_kib())
            self.samples += 1
            time.sleep(0.05)


def drain(sock):
    while True:
        try:
            if not sock.recv(1 << 16):
                return
        except OSError:
            return


def kernel_has(prefix, next_hop):
    # "route get" is a lookup; "route show PREFIX" would dump the whole table.
    out = subprocess.run(["ip", "netns", "exec", NETNS, "ip", "-4", "route", "get", prefix.split("/")[0]],
                         capture_output=True, text=True, timeout=30).stdout
    return f"via {next_hop} " in out


def main():
    last = socket.inet_ntoa(struct.pack("!I", BASE_ADDR + PREFIXES - 1)) + "/32"
    rounds = [updates(NH_A if r % 2 == 0 else NH_B) for r in range(ROUNDS)]
    s = connect(TARGET, SOURCE)
    establish(s, ASN, SOURCE)
    s.settimeout(None)  # sendall blocks while bgpd back-pressures
    threading.Thread(target=drain, args=(s,), daemon=True).start()
    before = rss_kib()
    sampler = Sampler()
    sampler.start()
    t0 = time.time()
    blocked = 0.0
    timings = []
    for r, msgs in enumerate(rounds):
        nh = NH_A if r % 2 == 0 else NH_B
        tr = time.time()
        last_keepalive = time.time()
        for i in range(0, len(msgs), 16):
            ts = time.time()
            s.sendall(b"".join(msgs[i:i + 16]))
            blocked += time.time() - ts
            if time.time() - last_keepalive > 1:
                s.sendall(KEEPALIVE)
                last_keepalive = time.time()
        sent = time.time() - tr
        # The last prefix goes last into the FIB queue: once the kernel has it
        # with this round's next hop, the round is programmed.
        deadline = time.time() + 150
        while not kernel_has(last, nh):
            if time.time() > deadline:
                raise RuntimeError(f"round {r}: {last} never reached the kernel via {nh}")
            s.sendall(KEEPALIVE)
            time.sleep(0.25)
        timings.append({"round": r, "sent_s": round(sent, 1), "programmed_s": round(time.time() - tr, 1)})
    time.sleep(1.0)
    steady = min(rss_kib() for _ in range(3) if time.sleep(0.2) is None)
    sampler.running = False
    sampler.join()
    n = json.loads(subprocess.run([BGPCTL, "-s", SOCK, "--json", "show", "neighbors", SOURCE],
                                  capture_output=True, text=True, timeout=30).stdout)[0]
    print(json.dumps({
        "prefixes": PREFIXES, "rounds": ROUNDS, "rss_before_kib": before, "rss_peak_kib": sampler.peak,
        "rss_steady_kib": steady, "peak_minus_steady_kib": sampler.peak - steady, "samples": sampler.samples,
        "sender_blocked_s": round(blocked, 1), "total_s": round(time.time() - t0, 1), "timings": timings,
        "state": n["state"], "prefixes_accepted": n["prefixes_accepted"],
    }), flush=True)
    s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

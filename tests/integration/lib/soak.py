#!/usr/bin/env python3
"""Soak driver: a flapping peer and route churn against one bgpd.

Run inside the raw peer's namespace:
    soak.py TARGET SOURCE ASN BGPCTL SOCKET BGPD_PID FLAPS CYCLES BGPD_NETNS

Phases: warm-up (two rounds of a few flaps and CYCLES churn cycles, so
allocator pools, queues and hash tables reach their working size), baseline
(the larger warm-up sample), FLAPS session flaps
(connect, OPEN, a few UPDATEs, then a Cease NOTIFICATION or a bare close,
alternately), sample, CYCLES announce/withdraw cycles on one session (the
MED changes with the cycle, so attribute sets are interned and freed too),
sample. A sample waits until bgpd is quiet (the raw peer's session gone, its
prefixes withdrawn from the RIB and from the kernel, so the FIB worker is
idle too) and reads VmRSS and the descriptor count of BGPD_PID.
Prints one JSON object with the figures; the shell script judges them.
Investigation aids: SOAK_EXTRA_ROUNDS=N repeats the churn and prints each
sample to stderr; SOAK_DEBUG=1 prints the mappings above 1 MiB of RSS.
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

TARGET, SOURCE, ASN, BGPCTL, SOCK, PID, FLAPS, CYCLES, BGPD_NETNS = sys.argv[1:10]
# The warm-up churn has the measured shape: bursts leave high-water marks
# (the FIB worker's queue, hash tables) that are reused, not leaked.
WARMUP_CYCLES = int(os.environ.get("SOAK_WARMUP_CYCLES", CYCLES))
ASN, PID, FLAPS, CYCLES = int(ASN), int(PID), int(FLAPS), int(CYCLES)
POOL = 1000  # distinct prefixes the churn cycles through


def attr(flags, type_code, value):
    return struct.pack("!BBB", flags, type_code, len(value)) + value


BASE = attr(0x40, 1, b"\x00") + attr(0x40, 2, b"\x02\x01" + struct.pack("!I", ASN)) + attr(0x40, 3, socket.inet_aton(SOURCE))


def pool_prefix(k):
    # 100.64.0.0/10 carved into /24s
    return bytes([24, 100, 64 + (k >> 8), k & 0xFF])


def announce(k, med):
    attrs = BASE + attr(0x80, 4, struct.pack("!I", med))
    return message(2, struct.pack("!HH", 0, len(attrs)) + attrs + pool_prefix(k))


def withdraw(k):
    w = pool_prefix(k)
    return message(2, struct.pack("!H", len(w)) + w + struct.pack("!H", 0))


CEASE = message(3, bytes([6, 2]))  # Cease / Administrative Shutdown


def bgpctl(*args):
    out = subprocess.run([BGPCTL, "-s", SOCK, "--json", *args], capture_output=True, text=True, timeout=10)
    if out.returncode != 0:
        raise RuntimeError(f"bgpctl {' '.join(args)}: {out.stderr.strip()}")
    return json.loads(out.stdout)


def proc_figures():
    with open(f"/proc/{PID}/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return {"rss_kib": rss, "fds": len(os.listdir(f"/proc/{PID}/fd"))}


def quiet():
    """Waits until the raw peer's session is gone and its routes withdrawn."""
    deadline = time.time() + 30
    while time.time() < deadline:
        n = bgpctl("show", "neighbors", SOURCE)[0]
        if n["state"] != "Established" and n["prefixes_received"] == 0:
            routes = bgpctl("show", "routes", "100.64.0.0/10")
            if not routes:
                break
        time.sleep(0.2)
    else:
        raise RuntimeError("bgpd did not settle")
    while time.time() < deadline:
        # The FIB worker has caught up when the kernel has none of the churned routes left.
        kernel = subprocess.run(["ip", "netns", "exec", BGPD_NETNS, "ip", "-4", "route", "show", "root", "100.64.0.0/10"],
                                capture_output=True, text=True, timeout=10).stdout
        if not kernel.strip():
            break
        time.sleep(0.2)
    else:
        raise RuntimeError("the kernel still has churned routes")
    time.sleep(0.5)
    samples = [proc_figures()]
    for _ in range(2):
        time.sleep(0.3)
        samples.append(proc_figures())
    if os.environ.get("SOAK_DEBUG"):
        maps, cur = [], None
        with open(f"/proc/{PID}/smaps") as f:
            for line in f:
                if "-" in line.split()[0] and not line.startswith(("Rss", "Size")):
                    cur = line.split()
                elif line.startswith("Rss:") and int(line.split()[1]) > 1000:
                    maps.append((cur[0], cur[-1] if len(cur) > 5 else "anon", int(line.split()[1])))
        print(json.dumps(maps), file=sys.stderr, flush=True)
    return {"rss_kib": min(s["rss_kib"] for s in samples), "fds": samples[-1]["fds"]}


def drain(sock):
    """bgpd's UPDATEs and KEEPALIVEs to us: read and dropped, so its send path
    never stalls. Blocking reads until the connection is shut down."""
    while True:
        try:
            if not sock.recv(1 << 16):
                return
        except OSError:
            return


def flaps(count):
    retries = 0
    done = 0
    while done < count:
        try:
            s = connect(TARGET, SOURCE)
            establish(s, ASN, SOURCE)
        except (RuntimeError, OSError):
            # bgpd had not yet seen the previous close: this connection lost
            # the collision (RFC 4271 §6.8). Try again.
            retries += 1
            if retries > count:
                raise RuntimeError("too many failed reconnections")
            time.sleep(0.01)
            continue
        for k in range(3):
            s.sendall(announce((done * 3 + k) % POOL, done))
        if done % 2:
            s.sendall(CEASE)
        s.close()
        done += 1
        # The next connection may only come once bgpd saw this one go.
        time.sleep(0.002)
    return retries


def churn(cycles, chunk=250):
    s = connect(TARGET, SOURCE)
    establish(s, ASN, SOURCE)
    # Blocking without a time limit: bgpd back-pressures through TCP (it stops
    # reading while its FIB queue is long), and a slow (sanitizer) build may
    # keep a send waiting for seconds.
    s.settimeout(None)
    reader = threading.Thread(target=drain, args=(s,), daemon=True)
    reader.start()
    last_keepalive = time.time()
    c = 0
    while c < cycles:
        n = min(chunk, cycles - c)
        batch = b"".join(announce((c + i) % POOL, (c + i) % 5000) + withdraw((c + i) % POOL) for i in range(n))
        s.sendall(batch)
        c += n
        if time.time() - last_keepalive > 1:
            s.sendall(KEEPALIVE)
            last_keepalive = time.time()
    # In-order processing: once this marker is in the RIB, every cycle is.
    s.sendall(announce(POOL, 1))
    deadline = time.time() + 120
    while not bgpctl("show", "routes", "100.67.232.0/24") and time.time() < deadline:
        s.sendall(KEEPALIVE)
        time.sleep(0.2)
    if time.time() >= deadline:
        raise RuntimeError("churn marker never arrived")
    s.sendall(CEASE)
    s.shutdown(socket.SHUT_RDWR)
    reader.join()
    s.close()


def main():
    t0 = time.time()
    # Baseline: the steady state after warm-up, the larger of two warm-up
    # rounds (glibc's main heap keeps a few hundred KiB of fragmentation that
    # moves from round to round).
    warmup = []
    for _ in range(2):
        flaps(20)
        churn(WARMUP_CYCLES)
        warmup.append(quiet())
    baseline = {"rss_kib": max(w["rss_kib"] for w in warmup), "fds": warmup[-1]["fds"]}
    t1 = time.time()
    retries = flaps(FLAPS)
    t_flaps = time.time() - t1
    after_flaps = quiet()
    t2 = time.time()
    churn(CYCLES)
    t_churn = time.time() - t2
    after_churn = quiet()
    rounds = [after_churn]
    for _ in range(int(os.environ.get("SOAK_EXTRA_ROUNDS", "0"))):
        churn(CYCLES)
        rounds.append(quiet())
    if len(rounds) > 1:
        print(json.dumps({"rounds": rounds}), file=sys.stderr, flush=True)
    print(json.dumps({
        "warmup": warmup, "baseline": baseline, "after_flaps": after_flaps, "after_churn": after_churn,
        "flaps": FLAPS, "flap_retries": retries, "flap_seconds": round(t_flaps, 1),
        "cycles": CYCLES, "churn_seconds": round(t_churn, 1), "total_seconds": round(time.time() - t0, 1),
        "neighbor_flaps": bgpctl("show", "neighbors", SOURCE)[0]["flaps"],
    }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

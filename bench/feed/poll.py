#!/usr/bin/env python3
"""Completion poller of the feed benchmark (run inside the receiver's netns).

    poll.py RECEIVER SOCKET START_DEADLINE [--fib TARGET CMD...]

Connects to RECEIVER (bgpd, bird, frr, gobgp), prints "ready", and from then
on asks it, at most 20 times a second, how many prefixes it has accepted,
over its own control socket (bgpd: JSON lines; BIRD: the birdc text
protocol; FRR: the vtysh protocol on bgpd.vty; GoBGP: the gobgp CLI, its API
being gRPC). For each line "TARGET SINCE DEADLINE SENDER_PID" on stdin it
prints "done T", T being the CLOCK_REALTIME seconds of the first answer
after SINCE with the count equal to TARGET. With --fib, once the count
reaches the FIB TARGET it also runs CMD (feed_fib_count) at most 5 times a
second, and a request for that TARGET is answered with the first time CMD
printed it. "timeout" at DEADLINE or when the sender is
gone (its session was closed), with the last count on stderr.

Started before the sender, with its sockets held open, so a poll costs one
round trip and not a CLI or interpreter start (seconds on a loaded machine,
more than the whole feed of a fast receiver)."""
import json
import os
import re
import select
import socket
import subprocess
import sys
import time

RIB_INTERVAL = 0.05  # 20 polls per second at most, the same for every receiver
FIB_INTERVAL = 0.2   # a dump of the kernel table is heavier
TRACE = open(os.environ["FEED_TRACE"], "a") if os.environ.get("FEED_TRACE") else None  # one line per poll


class Bgpd:
    def __init__(self, path):
        self.path = path
        self.sock = None
        self.buf = b""

    def count(self):
        if self.sock is None:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.connect(self.path)
            self.buf = b""
        self.sock.sendall(b'{"command": "show", "what": "summary"}\n')
        while b"\n" not in self.buf:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                self.sock = None
                raise ConnectionError("bgpd closed the control socket")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        reply = json.loads(line)
        return sum(n.get("prefixes_accepted", 0) for n in reply["result"]["neighbors"])


class Bird:
    """birdc's protocol: numbered reply lines, the last one 0000 (or an error)."""
    IMPORTED = re.compile(rb"Routes:\s+(\d+) imported")

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.file = self.sock.makefile("rb")
        self.file.readline()  # 0001 BIRD x.y ready.

    def count(self):
        self.sock.sendall(b"show protocols all\n")
        total = 0
        while True:
            line = self.file.readline()
            if not line:
                raise ConnectionError("BIRD closed the control socket")
            m = self.IMPORTED.search(line)
            if m:
                total += int(m.group(1))
            if re.match(rb"^(0000|[89]\d{3})", line):
                return total


class Frr:
    """vtysh's protocol on bgpd.vty: a command ends with NUL; the answer with
    three NULs and a status byte."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)

    def count(self):
        self.sock.sendall(b"show bgp ipv4 unicast summary json\0")
        buf = b""
        while not (len(buf) >= 4 and buf[-4:-1] == b"\0\0\0"):
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("FRR closed the vty socket")
            buf += chunk
        text = buf[:-4].decode(errors="replace").strip()
        peers = json.loads(text).get("peers", {}) if text else {}
        return sum(p.get("pfxRcd", 0) for p in peers.values())


class Gobgp:
    def __init__(self, _):
        pass

    def count(self):
        out = subprocess.run(["gobgp", "-u", "127.0.0.1", "-p", "50051", "neighbor", "-j"],
                             capture_output=True, check=True).stdout
        total = 0
        for n in json.loads(out):
            for afi in n.get("afi_safis") or []:
                total += (afi.get("state") or {}).get("accepted", 0)
        return total


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def sample(fn):
    try:
        return fn()
    except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as e:
        return f"error: {e}"


def main():
    receiver, path, deadline = sys.argv[1], sys.argv[2], float(sys.argv[3])
    fib_target, fib_cmd = None, None
    if sys.argv[4:5] == ["--fib"]:
        fib_target, fib_cmd = int(sys.argv[5]), sys.argv[6:]
    client = None
    while client is None:
        try:
            client = {"bgpd": Bgpd, "bird": Bird, "frr": Frr, "gobgp": Gobgp}[receiver](path)
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)
    print("ready", flush=True)
    # Polls all the time, recording when the count changes; a request
    # "TARGET SINCE DEADLINE SENDER_PID" is answered from that history, so the
    # driver's own latency in asking never adds to the measured time. With
    # --fib, once the RIB holds the FIB target, the kernel table is counted
    # as well (its own history) and requests are answered from that.
    rib, fib = [], []  # (time of the answer, count), on every change
    last_fib_poll = 0.0
    request = None
    pending = ""
    while True:
        started = time.time()
        count = sample(client.count)
        now = time.time()
        if not rib or rib[-1][1] != count:
            rib.append((now, count))
            if TRACE:
                print(f"rib {started:.3f} {now:.3f} {count}", file=TRACE, flush=True)
        if fib_cmd and any(c == fib_target for _, c in rib[-1:]) and now - last_fib_poll >= FIB_INTERVAL:
            last_fib_poll = now
            f = sample(lambda: int(subprocess.run(fib_cmd, capture_output=True, check=True).stdout))
            t = time.time()
            if not fib or fib[-1][1] != f:
                fib.append((t, f))
                if TRACE:
                    print(f"fib {now:.3f} {t:.3f} {f}", file=TRACE, flush=True)
        if request is not None:
            target, since, until, sender = request
            history = fib if fib_cmd and target == fib_target else rib
            hit = next((t for t, c in history if t >= since and c == target), None)
            if hit is not None:
                print(f"done {hit:.6f}", flush=True)
                request = None
            elif now > until or not alive(sender):
                print(history[-1][1] if history else count, file=sys.stderr, flush=True)
                print("timeout", flush=True)
                request = None
        readable, _, _ = select.select([sys.stdin], [], [], max(0.0, RIB_INTERVAL - (time.time() - started)))
        if readable:
            chunk = os.read(sys.stdin.fileno(), 4096).decode()
            if not chunk:
                return
            pending += chunk
            while "\n" in pending:
                line, pending = pending.split("\n", 1)
                target, since, until, sender = line.split()
                request = (int(target), float(since), float(until), int(sender))
            time.sleep(max(0.0, RIB_INTERVAL - (time.time() - started)))


if __name__ == "__main__":
    main()

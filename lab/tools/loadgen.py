#!/usr/bin/env python3
"""Client-side traffic for the lab, run inside the client namespace.

  loadgen.py spread --target VIP --count 100
      N sequential requests, each on a new TCP connection (so each has a new
      source port and the ToR's L4 hash may pick another next hop); prints
      a JSON object {node: count, ..., "failed": n}.

  loadgen.py run --target VIP --rate 50 --out FILE
      Starts a request every 1/rate seconds, each on a new connection, until
      SIGTERM/SIGINT or --duration; writes one line per request to FILE:
      "<start epoch s> <latency s> <local port> <node name | ERR:reason>".
      Requests run concurrently, so a stalled flow never slows the rate.
"""
import argparse
import concurrent.futures
import json
import signal
import socket
import sys
import threading
import time
from collections import Counter

REQUEST = b"GET / HTTP/1.0\r\nHost: vip\r\n\r\n"


def one_request(target: str, port: int, timeout: float) -> tuple[float, float, int, str]:
    start = time.time()
    local_port = 0
    try:
        with socket.create_connection((target, port), timeout=timeout) as s:
            local_port = s.getsockname()[1]
            s.settimeout(max(0.05, timeout - (time.time() - start)))
            s.sendall(REQUEST)
            chunks = []
            while True:
                data = s.recv(4096)
                if not data:
                    break
                chunks.append(data)
        reply = b"".join(chunks)
        head, _, body = reply.partition(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0].split()
        if len(status) < 2 or status[1] != b"200":
            result = "ERR:bad-reply"
        else:
            result = body.decode(errors="replace").strip() or "ERR:empty"
    except socket.timeout:
        result = "ERR:timeout"
    except OSError as e:
        result = "ERR:" + (e.strerror or type(e).__name__).replace(" ", "-")
    return start, time.time() - start, local_port, result


def spread(args: argparse.Namespace) -> int:
    counts: Counter[str] = Counter()
    for _ in range(args.count):
        _, _, _, result = one_request(args.target, args.port, args.timeout)
        counts["failed" if result.startswith("ERR:") else result] += 1
    print(json.dumps(dict(sorted(counts.items()))))
    return 0


def run(args: argparse.Namespace) -> int:
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    out = open(args.out, "w", buffering=1)
    lock = threading.Lock()

    def task() -> None:
        start, latency, lport, result = one_request(args.target, args.port, args.timeout)
        with lock:
            out.write(f"{start:.6f} {latency:.6f} {lport} {result}\n")

    interval = 1.0 / args.rate
    # Enough workers that every request in flight for a whole timeout has one.
    workers = int(args.rate * (args.timeout + 1)) + 8
    deadline = time.time() + args.duration if args.duration else None
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        next_at = time.time()
        while not stop.is_set() and (deadline is None or time.time() < deadline):
            pool.submit(task)
            next_at += interval
            delay = next_at - time.time()
            if delay > 0:
                stop.wait(delay)
    out.close()
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    for name in ("spread", "run"):
        p = sub.add_parser(name)
        p.add_argument("--target", required=True)
        p.add_argument("--port", type=int, default=80)
        p.add_argument("--timeout", type=float, default=2.0,
                       help="seconds a request may take before it counts as failed")
    sub.choices["spread"].add_argument("--count", type=int, default=100)
    sub.choices["run"].add_argument("--rate", type=float, default=50.0)
    sub.choices["run"].add_argument("--out", required=True)
    sub.choices["run"].add_argument("--duration", type=float, default=0.0)
    args = ap.parse_args()
    return spread(args) if args.mode == "spread" else run(args)


if __name__ == "__main__":
    sys.exit(main())

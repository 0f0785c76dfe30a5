#!/usr/bin/env python3
"""Records how a route's next-hop set changes over time, run inside the
router's namespace: polls `ip route show PREFIX` every --interval seconds and
writes a line "<epoch s> <count> <nh,nh,...|->" to --out at start and on
every change, until SIGTERM/SIGINT.

Polling (rather than `ip monitor`) sees the effective set however the route
is programmed: plain multipath, nexthop objects (zebra's nhid) or replaced
groups all show up the same way in `ip route show`.
"""
import argparse
import re
import signal
import subprocess
import threading
import time

VIA = re.compile(r"\bvia (?:inet6? )?([0-9a-fA-F.:]+)")


def nexthops(prefix: str) -> tuple[str, ...]:
    out = subprocess.run(["ip", "route", "show", prefix], capture_output=True, text=True).stdout
    if not out.strip():
        return ()
    hops = VIA.findall(out)
    # A connected/device route without "via" still counts as one path.
    return tuple(sorted(hops)) if hops else ("dev",)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--interval", type=float, default=0.01)
    args = ap.parse_args()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    last = None
    with open(args.out, "w", buffering=1) as out:
        while not stop.is_set():
            now = time.time()
            hops = nexthops(args.prefix)
            if hops != last:
                out.write(f"{now:.6f} {len(hops)} {','.join(hops) or '-'}\n")
                last = hops
            stop.wait(args.interval)


if __name__ == "__main__":
    main()

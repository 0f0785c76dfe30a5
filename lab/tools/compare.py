#!/usr/bin/env python3
"""Puts the failover tables of two ToR implementations side by side, one row
per scenario, for the README:

  compare.py results/frr.md results/bgpd.md

Each input is a file holding the table `anycast.sh failover` prints (any
other text around it is ignored); columns come out in the order given,
named after the files (frr, bgpd).
"""
import os
import re
import sys

ROW = re.compile(r"^\| \((?P<id>[a-f])\) (?P<title>[^|]+)\| (?P<failed>[^|]+)\| (?P<loss>[^|]+)\| (?P<route>[^|]+)\|$")


def read_table(path: str) -> dict[str, dict[str, str]]:
    rows = {}
    with open(path) as f:
        for line in f:
            m = ROW.match(line.strip())
            if m:
                rows[m["id"]] = {k: v.strip() for k, v in m.groupdict().items()}
    return rows


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    names = [os.path.splitext(os.path.basename(p))[0] for p in sys.argv[1:]]
    tables = [read_table(p) for p in sys.argv[1:]]
    ids = sorted(set().union(*tables))
    head = "| scenario | " + " | ".join(f"{n}: failed | {n}: loss window | {n}: ECMP route" for n in names) + " |"
    print(head)
    print("|---" * (1 + 3 * len(names)) + "|")
    for i in ids:
        title = next(t[i]["title"] for t in tables if i in t)
        cells = []
        for t in tables:
            r = t.get(i)
            cells += [r["failed"], r["loss"], r["route"]] if r else ["not run"] * 3
        print(f"| ({i}) {title} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

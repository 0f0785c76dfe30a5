#!/usr/bin/env python3
"""Normalises one prefix's BGP paths from a router's JSON to lines of
"<next hop> <as path, dot-joined or 'empty'> <multipath|best|other>",
whichever implementation produced it:

  --format frr    vtysh 'show bgp ipv4 unicast PREFIX json'
  --format bgpd   bgpctl 'show routes PREFIX --json' (DESIGN.md's public
                  contract: objects with prefix, best, paths[next_hop,
                  as_path, peer, multipath])
"""
import argparse
import json
import sys


def as_path_text(value) -> str:
    if isinstance(value, dict):  # FRR
        value = value.get("string", "")
    if isinstance(value, list):
        value = " ".join(str(a) for a in value)
    value = str(value).strip()
    return value.replace(" ", ".") if value else "empty"


def frr_paths(doc: dict):
    for p in doc.get("paths", []):
        hops = p.get("nexthops") or [{}]
        best = p.get("bestpath", {}).get("overall", False)
        kind = "multipath" if p.get("multipath") else ("best" if best else "other")
        yield hops[0].get("ip", "?"), as_path_text(p.get("aspath")), kind


def bgpd_paths(doc, prefix: str):
    routes = doc if isinstance(doc, list) else [doc]
    for r in routes:
        if prefix and r.get("prefix") != prefix:
            continue
        for p in r.get("paths", []):
            kind = "multipath" if p.get("multipath") else ("best" if p.get("best") else "other")
            yield p.get("next_hop", "?"), as_path_text(p.get("as_path")), kind


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--format", choices=("frr", "bgpd"), required=True)
    ap.add_argument("--prefix", default="")
    args = ap.parse_args()
    text = sys.stdin.read()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        print(f"route_paths: not JSON from the router: {text.strip()[:200]!r}", file=sys.stderr)
        return 1
    paths = frr_paths(doc) if args.format == "frr" else bgpd_paths(doc, args.prefix)
    for hop, aspath, kind in sorted(paths):
        print(hop, aspath, kind)
    return 0


if __name__ == "__main__":
    sys.exit(main())

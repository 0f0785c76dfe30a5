#!/usr/bin/env python3
"""Turns one failover scenario's raw logs into figures, a markdown table row,
and (with --check) a verdict against the scenario's expectations.

Inputs: the load generator's request log (loadgen.py run), the route
watcher's change log (routewatch.py), the instant t0 the scenario acted.

Figures:
  failed      requests that got no HTTP 200 within the client's timeout
  rehashed    failed requests that were in flight when the route changed and
              were reset: with hash-threshold ECMP (Linux's default nexthop
              groups) removing one next hop moves some flows of the others,
              and the node that gets a flow mid-connection answers RST
  slow        requests served, but only after 0.9 s (a retransmitted SYN)
  loss        from the first failed request's start to the last failed one's end, relative to t0
  route       every change of the VIP route's next-hop set after t0 ("4→3 +8.95 s")
  converged   when the route last changed into the expected final set (0 = it never changed)
"""
import argparse
import json
import sys


def read_requests(path: str) -> list[tuple[float, float, str]]:
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4:
                rows.append((float(parts[0]), float(parts[1]), parts[3]))
    return sorted(rows)


def read_routes(path: str) -> list[tuple[float, frozenset[str]]]:
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                hops = frozenset() if parts[2] == "-" else frozenset(parts[2].split(","))
                rows.append((float(parts[0]), hops))
    return rows


def analyse(args: argparse.Namespace) -> dict:
    reqs = read_requests(args.requests)
    routes = read_routes(args.routes)
    t0 = args.t0
    expect = frozenset(args.expect.split(",")) if args.expect else frozenset()

    during = [r for r in reqs if r[0] >= t0]
    failed = [r for r in reqs if r[2].startswith("ERR:")]
    reasons: dict[str, int] = {}
    for r in failed:
        reasons[r[2][4:]] = reasons.get(r[2][4:], 0) + 1
    change_times = [ts for ts, _ in routes if ts >= t0]

    def rehashed(r: tuple[float, float, str]) -> bool:
        return "reset" in r[2].lower() and any(
            r[0] - 0.05 <= tc <= r[0] + r[1] + 0.05 for tc in change_times)

    n_rehashed = sum(1 for r in failed if rehashed(r))
    # Served, but only after the client's SYN was retransmitted (1 s RTO).
    slow = [r for r in reqs if not r[2].startswith("ERR:") and r[1] >= 0.9]
    nodes: dict[str, int] = {}
    for r in reqs:
        if not r[2].startswith("ERR:"):
            nodes[r[2]] = nodes.get(r[2], 0) + 1

    before = [h for ts, h in routes if ts < t0]
    state = before[-1] if before else (routes[0][1] if routes else frozenset())
    initial = state
    events = []
    for ts, hops in routes:
        if ts >= t0:
            events.append((round(ts - t0, 3), len(state), len(hops)))
            state = hops
    final = state
    converged = None
    if final == expect:
        # The change log holds only transitions: the last one into the
        # expected set is when the route came to reflect the scenario.
        converged = 0.0
        for ts, hops in routes:
            if ts >= t0 and hops == expect:
                converged = round(ts - t0, 3)
    counts_after = [len(h) for ts, h in routes if ts >= t0] + [len(initial)]

    return {
        "id": args.id,
        "title": args.title,
        "requests": len(reqs),
        "requests_after_t0": len(during),
        "failed": len(failed),
        "failed_reasons": reasons,
        "rehashed": n_rehashed,
        "route_changes": len(change_times),
        "slow": len(slow),
        "nodes": nodes,
        "loss_start": round(failed[0][0] - t0, 2) if failed else None,
        "loss_end": round(max(r[0] + r[1] for r in failed) - t0, 2) if failed else None,
        "route_events": events,
        "initial_nexthops": sorted(initial),
        "final_nexthops": sorted(final),
        "expected_nexthops": sorted(expect),
        "converged_s": converged,
        "min_nexthops": min(counts_after),
    }


def markdown_row(m: dict) -> str:
    failed = f"{m['failed']} / {m['requests']}"
    notes = []
    if m["rehashed"]:
        notes.append(f"{m['rehashed']} in flight at a route change, reset")
    if m["slow"]:
        notes.append(f"{m['slow']} served after > 0.9 s")
    if notes:
        failed += " (" + "; ".join(notes) + ")"
    loss = "—" if m["loss_start"] is None else f"+{m['loss_start']:.1f} s … +{m['loss_end']:.1f} s"
    if m["route_events"]:
        route = ", ".join(f"{a}→{b} at +{t:.2f} s" for t, a, b in m["route_events"])
    else:
        route = f"unchanged ({len(m['initial_nexthops'])} next hops)"
    if m["converged_s"] is None:
        route += f"; **ended at {len(m['final_nexthops'])}, expected {len(m['expected_nexthops'])}**"
    return f"| ({m['id']}) {m['title']} | {failed} | {loss} | {m['min_nexthops']} | {route} |"


def check(m: dict, args: argparse.Namespace) -> list[str]:
    problems = []
    if m["converged_s"] is None:
        problems.append(f"route ended with {m['final_nexthops']}, expected {m['expected_nexthops']}")
    elif args.max_converge is not None and m["converged_s"] > args.max_converge:
        problems.append(f"route converged after {m['converged_s']} s > {args.max_converge} s")
    if args.min_converge is not None and (m["converged_s"] or 0) < args.min_converge:
        problems.append(f"route converged after {m['converged_s']} s < {args.min_converge} s")
    if args.max_failed is not None and m["failed"] - m["rehashed"] > args.max_failed:
        problems.append(f"{m['failed'] - m['rehashed']} failed requests (besides {m['rehashed']} reset by"
                        f" a rehash) > {args.max_failed} ({m['failed_reasons']})")
    # A route change may reset the few flows in flight that it moves; more
    # than a handful per change means something else went wrong.
    if m["rehashed"] > args.max_rehashed_per_change * max(1, m["route_changes"]):
        problems.append(f"{m['rehashed']} requests reset at {m['route_changes']} route changes")
    if args.min_nexthops is not None and m["min_nexthops"] < args.min_nexthops:
        problems.append(f"route fell to {m['min_nexthops']} next hops < {args.min_nexthops}")
    if args.losses_only_until_converged and m["failed"]:
        # Only flows hashed to the lost node fail, and only until the route drops it.
        conv = m["converged_s"] or 0.0
        if m["loss_start"] < -0.5 or m["loss_start"] > conv:
            problems.append(f"losses started at +{m['loss_start']} s, outside [0, {conv}] s")
        started_late = [1 for ts, _, r in read_requests(args.requests)
                        if r.startswith("ERR:") and ts - args.t0 > conv + 0.5]
        if started_late:
            problems.append(f"{len(started_late)} requests started after convergence (+{conv} s) failed")
        window = [r for r in read_requests(args.requests) if 0 <= r[0] - args.t0 <= conv]
        share = m["failed"] / max(1, len(window))
        if share > args.max_loss_share:
            problems.append(f"{share:.0%} of the requests during the outage failed > {args.max_loss_share:.0%}")
    if args.min_nodes is not None and len(m["nodes"]) < args.min_nodes:
        problems.append(f"requests reached {len(m['nodes'])} nodes < {args.min_nodes}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--id", required=True)
    ap.add_argument("--title", required=True)
    ap.add_argument("--requests", required=True)
    ap.add_argument("--routes", required=True)
    ap.add_argument("--t0", type=float, required=True)
    ap.add_argument("--expect", default="", help="comma-separated expected final next hops")
    ap.add_argument("--json-out")
    ap.add_argument("--row-out")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--max-failed", type=int)
    ap.add_argument("--max-converge", type=float)
    ap.add_argument("--min-converge", type=float)
    ap.add_argument("--min-nexthops", type=int)
    ap.add_argument("--min-nodes", type=int)
    ap.add_argument("--losses-only-until-converged", action="store_true")
    ap.add_argument("--max-loss-share", type=float, default=0.5)
    ap.add_argument("--max-rehashed-per-change", type=int, default=3)
    args = ap.parse_args()

    m = analyse(args)
    row = markdown_row(m)
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump(m, f, indent=1)
    if args.row_out:
        with open(args.row_out, "a") as f:
            f.write(row + "\n")
    print(row)
    print(f"  requests by node: {m['nodes']}; failures: {m['failed_reasons'] or 'none'}")
    if args.check:
        problems = check(m, args)
        for p in problems:
            print(f"  FAIL ({m['id']}): {p}")
        if problems:
            return 1
        print(f"  ok ({m['id']}): within expectations")
    return 0


if __name__ == "__main__":
    sys.exit(main())

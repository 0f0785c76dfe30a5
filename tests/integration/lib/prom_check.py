#!/usr/bin/env python3
"""Scrapes bgpd's /metrics, parses the Prometheus text exposition format
(0.0.4) strictly, and checks the values against `bgpctl --json` output.

  prom_check.py parse URL
      scrape and parse only (exit 0 when the exposition is well formed)
  prom_check.py selftest
      the parser accepts a well-formed exposition and rejects each of a set
      of malformed ones (so the strict checks above can fail)
  prom_check.py compare URL DIR ANYCAST_NEXT_HOPS
      DIR holds neighbors.json, summary.json, anycast.json, fib.json and
      routes.json, written by bgpctl just before the scrape; every anycast
      prefix must have ANYCAST_NEXT_HOPS next hops in the RIB and the kernel.

Strict means: every sample belongs to a family declared by # TYPE before it,
HELP/TYPE at most once per family, a family's samples contiguous, names and
label names match the grammar, label values are quoted with only \\\\, \\" and
\\n escapes, no duplicate series, counters non-negative, histograms with
ascending le buckets ending at +Inf whose count equals _count and with a
_sum, and a final newline.
"""
import json
import math
import pathlib
import re
import sys
import urllib.request

NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
LABEL_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}


class ParseError(Exception):
    pass


def parse_value(text: str, where: str) -> float:
    low = text.lower()
    if low in ("+inf", "inf"):
        return math.inf
    if low == "-inf":
        return -math.inf
    if low == "nan":
        return math.nan
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        raise ParseError(f"{where}: bad value {text!r}")
    return float(text)


def parse_labels(s: str, pos: int, where: str):
    """Parses '{a="x",b="y"}' starting at s[pos] == '{'; returns (labels, next pos)."""
    labels = {}
    pos += 1
    while True:
        if s[pos] == "}":
            return labels, pos + 1
        m = LABEL_NAME.match(s, pos)
        if not m:
            raise ParseError(f"{where}: bad label name at column {pos}")
        name = m.group(0)
        pos = m.end()
        if s[pos:pos + 2] != '="':
            raise ParseError(f"{where}: expected =\" after label {name}")
        pos += 2
        value = []
        while True:
            if pos >= len(s):
                raise ParseError(f"{where}: unterminated label value")
            c = s[pos]
            if c == "\\":
                nxt = s[pos + 1:pos + 2]
                if nxt not in ("\\", '"', "n"):
                    raise ParseError(f"{where}: bad escape \\{nxt}")
                value.append("\n" if nxt == "n" else nxt)
                pos += 2
            elif c == '"':
                pos += 1
                break
            else:
                value.append(c)
                pos += 1
        if name in labels:
            raise ParseError(f"{where}: label {name} twice")
        labels[name] = "".join(value)
        if s[pos] == ",":
            pos += 1
        elif s[pos] != "}":
            raise ParseError(f"{where}: expected , or }} after label {name}")


def family_of(sample: str, types: dict) -> str:
    if sample in types:
        return sample
    for suffix in ("_bucket", "_sum", "_count"):
        base = sample[: -len(suffix)]
        if sample.endswith(suffix) and types.get(base) in ("histogram", "summary"):
            if suffix == "_bucket" and types[base] != "histogram":
                break
            return base
    raise ParseError(f"sample {sample} has no # TYPE line before it")


def parse(text: str) -> dict:
    """Returns {family: {"type", "help", "samples": [(name, labels, value)]}}."""
    if not text.endswith("\n"):
        raise ParseError("exposition does not end with a newline")
    families: dict = {}
    types: dict = {}
    seen_series = set()
    current = None
    closed = set()
    for n, line in enumerate(text.split("\n")[:-1], 1):
        where = f"line {n}"
        if line == "":
            continue
        if line.startswith("#"):
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                name = parts[2]
                if not NAME.fullmatch(name):
                    raise ParseError(f"{where}: bad metric name {name!r}")
                fam = families.setdefault(name, {"type": None, "help": None, "samples": []})
                key = parts[1].lower()
                if fam[key] is not None:
                    raise ParseError(f"{where}: second {parts[1]} for {name}")
                if fam["samples"]:
                    raise ParseError(f"{where}: {parts[1]} for {name} after its samples")
                if parts[1] == "TYPE":
                    if len(parts) != 4 or parts[3] not in TYPES:
                        raise ParseError(f"{where}: bad TYPE line {line!r}")
                    fam["type"] = parts[3]
                    types[name] = parts[3]
                else:
                    fam["help"] = parts[3] if len(parts) == 4 else ""
            continue
        m = NAME.match(line)
        if not m:
            raise ParseError(f"{where}: bad sample line {line!r}")
        sample = m.group(0)
        pos = m.end()
        labels = {}
        if pos < len(line) and line[pos] == "{":
            try:
                labels, pos = parse_labels(line, pos, where)
            except IndexError:
                raise ParseError(f"{where}: label set not closed") from None
        if pos >= len(line) or line[pos] != " ":
            raise ParseError(f"{where}: expected a space before the value")
        fields = line[pos + 1:].split(" ")
        if not 1 <= len(fields) <= 2:
            raise ParseError(f"{where}: expected value [timestamp]")
        value = parse_value(fields[0], where)
        if len(fields) == 2 and not re.fullmatch(r"-?\d+", fields[1]):
            raise ParseError(f"{where}: bad timestamp {fields[1]!r}")
        fam_name = family_of(sample, types)
        if fam_name != current:
            if fam_name in closed:
                raise ParseError(f"{where}: samples of {fam_name} are not contiguous")
            if current is not None:
                closed.add(current)
            current = fam_name
        series = (sample, tuple(sorted(labels.items())))
        if series in seen_series:
            raise ParseError(f"{where}: duplicate series {sample}{labels}")
        seen_series.add(series)
        if types[fam_name] == "counter" and not value >= 0:
            raise ParseError(f"{where}: counter {sample} is {value}")
        families[fam_name]["samples"].append((sample, labels, value))
    for name, fam in families.items():
        if fam["type"] is None:
            raise ParseError(f"{name}: HELP without TYPE")
        if fam["type"] == "histogram":
            check_histogram(name, fam["samples"])
    return families


def check_histogram(name: str, samples: list) -> None:
    groups: dict = {}
    for sample, labels, value in samples:
        key = tuple(sorted((k, v) for k, v in labels.items() if k != "le"))
        g = groups.setdefault(key, {"buckets": [], "sum": None, "count": None})
        if sample == name + "_bucket":
            if "le" not in labels:
                raise ParseError(f"{name}: bucket without le")
            g["buckets"].append((parse_value(labels["le"], name), value))
        elif sample == name + "_sum":
            g["sum"] = value
        elif sample == name + "_count":
            g["count"] = value
        else:
            raise ParseError(f"{name}: unexpected sample {sample} in a histogram")
    for key, g in groups.items():
        b = g["buckets"]
        if not b or b[-1][0] != math.inf:
            raise ParseError(f"{name}{key}: the last bucket is not le=\"+Inf\"")
        if any(b[i][0] >= b[i + 1][0] for i in range(len(b) - 1)):
            raise ParseError(f"{name}{key}: le bounds not ascending")
        if any(b[i][1] > b[i + 1][1] for i in range(len(b) - 1)):
            raise ParseError(f"{name}{key}: bucket counts not cumulative")
        if g["count"] is None or g["sum"] is None:
            raise ParseError(f"{name}{key}: _count or _sum missing")
        if b[-1][1] != g["count"]:
            raise ParseError(f"{name}{key}: +Inf bucket {b[-1][1]} != _count {g['count']}")


def scrape(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as r:
        ctype = r.headers.get("Content-Type", "")
        # prometheus-cpp 1.0 sends "text/plain; charset=utf-8": Prometheus
        # reads plain text as format 0.0.4; a version, when given, must be it.
        version = re.search(r"version=([^;\s]+)", ctype)
        if not ctype.startswith("text/plain") or (version and version.group(1) != "0.0.4"):
            raise ParseError(f"Content-Type {ctype!r} is not the text format 0.0.4")
        return r.read().decode("utf-8")


def value(families: dict, name: str, **labels) -> float:
    fam = families.get(name) or families.get(re.sub(r"_(bucket|sum|count)$", "", name))
    if fam is None:
        raise AssertionError(f"no family {name}")
    found = [v for s, l, v in fam["samples"] if s == name and all(l.get(k) == str(w) for k, w in labels.items())]
    if len(found) != 1:
        raise AssertionError(f"{name}{labels}: {len(found)} samples")
    return found[0]


def compare(families: dict, d: pathlib.Path, anycast_hops: int) -> None:
    neighbors = json.loads((d / "neighbors.json").read_text())
    summary = json.loads((d / "summary.json").read_text())
    anycast = json.loads((d / "anycast.json").read_text())
    fib = json.loads((d / "fib.json").read_text())
    routes = json.loads((d / "routes.json").read_text())
    errors = []

    def check(ok: bool, what: str) -> None:
        if not ok:
            errors.append(what)

    check(len(summary["neighbors"]) == len(neighbors), "summary and neighbors disagree")
    up_series = families["bgpd_neighbor_up"]["samples"]
    check(len(up_series) == len(neighbors), f"{len(up_series)} bgpd_neighbor_up series for {len(neighbors)} neighbours")
    for n in neighbors:
        a = n["address"]
        peer_as = n["remote_as"]
        lab = {"neighbor": a, "peer_as": peer_as}
        check(value(families, "bgpd_neighbor_up", **lab) == (1 if n["state"] == "Established" else 0), f"{a}: up")
        check(value(families, "bgpd_neighbor_state", state=n["state"], **lab) == 1, f"{a}: state {n['state']} not 1")
        states = [v for s, l, v in families["bgpd_neighbor_state"]["samples"] if l["neighbor"] == a]
        check(sorted(states) == [0, 0, 0, 0, 0, 1], f"{a}: state gauges {states}")
        for key in ("received", "accepted", "stale", "advertised"):
            got = value(families, f"bgpd_neighbor_prefixes_{key}", **lab)
            check(got == n[f"prefixes_{key}"], f"{a}: prefixes_{key} {got} != bgpctl {n['prefixes_' + key]}")
        check(value(families, "bgpd_neighbor_uptime_seconds", **lab) >= n["uptime_s"], f"{a}: uptime below bgpctl's")
        check(value(families, "bgpd_neighbor_flaps_total", **lab) == n["flaps"], f"{a}: flaps")
        for direction, metric in (("in", "received"), ("out", "sent")):
            m = n["messages"][direction]
            for t in ("open", "update", "notification", "keepalive", "route_refresh"):
                got = value(families, f"bgpd_neighbor_messages_{metric}_total", type=t, **lab)
                # Scraped after bgpctl: equal, or a few more (keepalives every 3 s).
                check(m[t] <= got <= m[t] + 3, f"{a}: {metric} {t} {got} vs bgpctl {m[t]}")
            got_bytes = value(families, f"bgpd_neighbor_{metric}_bytes_total", **lab)
            check(m["bytes"] <= got_bytes <= m["bytes"] + 3 * 19, f"{a}: {metric} bytes {got_bytes} vs {m['bytes']}")
            # Counters span sessions: at least one OPEN per Established session.
            opens = value(families, f"bgpd_neighbor_messages_{metric}_total", type="open", **lab)
            check(opens >= 1 + n["flaps"], f"{a}: {opens} OPENs {metric} for {n['flaps']} flaps")
            check(value(families, f"bgpd_neighbor_messages_{metric}_total", type="update", **lab) >= 1, f"{a}: an UPDATE {metric}")
        for action in ("treat_as_withdraw", "attribute_discard", "session_reset"):
            check(value(families, "bgpd_neighbor_rfc7606_actions_total", action=action, **lab) == n["rfc7606"][action],
                  f"{a}: rfc7606 {action}")
    v4_best = sum(1 for r in routes if ":" not in r["prefix"] and any(p.get("best") for p in r["paths"]))
    v4_paths = sum(len(r["paths"]) for r in routes if ":" not in r["prefix"])
    check(value(families, "bgpd_rib_prefixes", family="ipv4-unicast") == v4_best, f"Loc-RIB ipv4 prefixes != {v4_best}")
    check(value(families, "bgpd_rib_paths", family="ipv4-unicast") == v4_paths, f"ipv4 paths != {v4_paths}")
    installed = sum(1 for r in fib["routes"] if r.get("state") == "installed")
    check(value(families, "bgpd_fib_enabled") == 1, "fib not enabled")
    check(value(families, "bgpd_fib_routes_installed") == installed, f"FIB installed != show fib's {installed}")
    check(value(families, "bgpd_fib_routes_failed") == 0, "FIB failures")
    check(value(families, "bgpd_fib_netlink_operations_total", op="route_add") >= installed, "fewer route adds than routes")
    check(value(families, "bgpd_fib_install_latency_seconds_count") >= installed, "fewer latency samples than routes")
    check(len(anycast["prefixes"]) >= 1, "show anycast lists nothing")
    rib_series = families["bgpd_anycast_rib_next_hops"]["samples"]
    check(len(rib_series) == len(anycast["prefixes"]), "anycast prefixes: metrics and bgpctl disagree")
    for p in anycast["prefixes"]:
        lab = {"prefix": p["prefix"], "family": "ipv6-unicast" if ":" in p["prefix"] else "ipv4-unicast"}
        rib = value(families, "bgpd_anycast_rib_next_hops", **lab)
        kernel = value(families, "bgpd_anycast_kernel_next_hops", **lab)
        check(rib == p["rib_next_hops"] == anycast_hops, f"{p['prefix']}: RIB next hops {rib}, bgpctl {p['rib_next_hops']}")
        check(kernel == p["kernel_next_hops"] == anycast_hops, f"{p['prefix']}: kernel next hops {kernel}, bgpctl {p['kernel_next_hops']}")
    if errors:
        raise AssertionError("; ".join(errors))


GOOD = """# HELP a_total A counter.
# TYPE a_total counter
a_total{x="1",y="q\\"uote\\\\ and \\n"} 3
a_total{x="2"} 0
# TYPE g gauge
g NaN
g{z="1"} -1.5e3 1700000000000
# HELP h Latency.
# TYPE h histogram
h_bucket{le="0.1"} 1
h_bucket{le="1"} 2
h_bucket{le="+Inf"} 3
h_sum 4.5
h_count 3
"""

BAD = {
    "no final newline": GOOD.rstrip("\n"),
    "sample before TYPE": "x 1\n# TYPE x gauge\n",
    "second TYPE": "# TYPE x gauge\n# TYPE x gauge\nx 1\n",
    "unknown type": "# TYPE x meter\nx 1\n",
    "bad metric name": "# TYPE 1x gauge\n1x 1\n",
    "bad label name": "# TYPE x gauge\nx{1a=\"b\"} 1\n",
    "unquoted label value": "# TYPE x gauge\nx{a=b} 1\n",
    "bad escape": "# TYPE x gauge\nx{a=\"\\t\"} 1\n",
    "duplicate series": "# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n",
    "interleaved families": "# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx{a=\"1\"} 1\n",
    "negative counter": "# TYPE c counter\nc -1\n",
    "bad value": "# TYPE x gauge\nx one\n",
    "label set not closed": "# TYPE x gauge\nx{a=\"1\"\n",
    "no +Inf bucket": "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n",
    "+Inf bucket != count": "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 1\n",
    "buckets not cumulative": "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
    "histogram without _sum": "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n",
}


def selftest() -> int:
    fams = parse(GOOD)
    assert fams["a_total"]["samples"][0][1]["y"] == 'q"uote\\ and \n', fams["a_total"]
    assert math.isnan(fams["g"]["samples"][0][2])
    failures = []
    for name, text in BAD.items():
        try:
            parse(text)
            failures.append(name)
        except ParseError:
            pass
    if failures:
        print(f"FAIL: accepted malformed expositions: {', '.join(failures)}", file=sys.stderr)
        return 1
    print(f"ok: 1 good exposition parsed, {len(BAD)} malformed ones rejected")
    return 0


def main() -> int:
    if sys.argv[1] == "selftest":
        return selftest()
    try:
        families = parse(scrape(sys.argv[2]))
        if sys.argv[1] == "compare":
            compare(families, pathlib.Path(sys.argv[3]), int(sys.argv[4]))
        print(f"ok: {len(families)} families, {sum(len(f['samples']) for f in families.values())} samples")
        return 0
    except (ParseError, AssertionError, KeyError) as e:
        print(f"FAIL: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""RFC 7606 / RFC 4271 §6 malformed-UPDATE suite over a real TCP session.

Run inside the raw peer's namespace:
    rfc7606_suite.py TARGET SOURCE ASN ROUTER_ID BGPCTL SOCKET BGPD_LOG [ebgp|ibgp]

ebgp (the default) runs CASES from an external peer; ibgp runs IBGP_CASES
from an internal one (ASN = bgpd's own), the rules that depend on the
session being internal (LOCAL_PREF mandatory, RFC 4271 §5.1.5).

One table (CASES) lists every malformation with the action the RFCs
prescribe. For each case a valid announcement of the case's own prefix comes
first, then the malformed message; the test then checks what became of that
prefix, the NOTIFICATION (or that none came), bgpd's per-neighbour
"rfc7606" counters and a log line naming the fault. Prints one JSON line per
case and exits non-zero on the first mismatch. Only the standard library.
"""
import json
import os
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from raw_peer import KEEPALIVE, MARKER, connect, establish, message, read_message  # noqa: E402

TARGET, SOURCE, ASN, ROUTER_ID, BGPCTL, SOCK, BGPD_LOG = sys.argv[1:8]
SESSION = sys.argv[8] if len(sys.argv) > 8 else "ebgp"
ASN = int(ASN)
PEER = SOURCE

# ---- encoding helpers (4-octet AS session, RFC 6793) ----


def attr(flags: int, type_code: int, value: bytes) -> bytes:
    if flags & 0x10:
        return struct.pack("!BBH", flags, type_code, len(value)) + value
    return struct.pack("!BBB", flags, type_code, len(value)) + value


def prefix(text: str) -> bytes:
    addr, length = text.split("/")
    length = int(length)
    return bytes([length]) + socket.inet_aton(addr)[: (length + 7) // 8]


def update(attrs: bytes = b"", nlri: bytes = b"", withdrawn: bytes = b"") -> bytes:
    return struct.pack("!H", len(withdrawn)) + withdrawn + struct.pack("!H", len(attrs)) + attrs + nlri


def mp_reach(nlri: bytes, next_hop: bytes = socket.inet_aton("10.20.0.3")) -> bytes:
    return attr(0x80, 14, struct.pack("!HBB", 1, 1, len(next_hop)) + next_hop + b"\x00" + nlri)


def mp_unreach(withdrawn: bytes) -> bytes:
    return attr(0x80, 15, struct.pack("!HB", 1, 1) + withdrawn)


ORIGIN = attr(0x40, 1, b"\x00")
AS_PATH = attr(0x40, 2, b"\x02\x01" + struct.pack("!I", ASN))
NEXT_HOP = attr(0x40, 3, socket.inet_aton("10.20.0.3"))


def med(value: int) -> bytes:
    return attr(0x80, 4, struct.pack("!I", value))


BASE = ORIGIN + AS_PATH + NEXT_HOP
MARK_MED = 77  # discard cases carry it: the route with MED 77 proves the UPDATE was applied


class Raw(bytes):
    """A whole message (header included), sent as it is."""


def nh(addr: str) -> bytes:
    return attr(0x40, 3, socket.inet_aton(addr))


# ---- the table: name -> (message builder(P, P_wire) -> UPDATE body or whole message, expected, log text) ----
# expected: "withdraw" (route gone, session up, treat_as_withdraw + 1)
#           "discard"  (route kept with MED 77, session up, attribute_discard + 1)
#           "accept"   (route kept, nothing counted)
#           (code, subcode[, data hex]) NOTIFICATION, session reset, routes of the session gone
# A builder returning Raw(...) gives the whole message, header included.
W, D, A = "withdraw", "discard", "accept"
CASES = [
    # RFC 7606 §7.1 ORIGIN
    ("origin-length-2", lambda p: update(attr(0x40, 1, b"\0\0") + AS_PATH + NEXT_HOP, p), W, "ORIGIN length is not 1"),
    ("origin-value-3", lambda p: update(attr(0x40, 1, b"\x03") + AS_PATH + NEXT_HOP, p), W, "ORIGIN value undefined"),
    ("origin-flags-optional", lambda p: update(attr(0xC0, 1, b"\0") + AS_PATH + NEXT_HOP, p), W, "ORIGIN flags wrong"),
    # §7.2 AS_PATH
    ("as-path-flags-optional", lambda p: update(ORIGIN + attr(0xC0, 2, b"\x02\x01" + struct.pack("!I", ASN)) + NEXT_HOP, p), W,
     "AS_PATH flags wrong"),
    ("as-path-bad-segment-type", lambda p: update(ORIGIN + attr(0x40, 2, b"\x05\x01" + struct.pack("!I", ASN)) + NEXT_HOP, p), W,
     "AS_PATH segment type unknown"),
    ("as-path-segment-overrun", lambda p: update(ORIGIN + attr(0x40, 2, b"\x02\x02" + struct.pack("!I", ASN)) + NEXT_HOP, p), W,
     "AS_PATH segment overruns"),
    ("as-path-zero-length-segment", lambda p: update(ORIGIN + attr(0x40, 2, b"\x02\x00") + NEXT_HOP, p), W,
     "AS_PATH segment of length zero"),
    ("as-path-confed-from-ebgp", lambda p: update(ORIGIN + attr(0x40, 2, b"\x03\x01" + struct.pack("!I", ASN)) + NEXT_HOP, p), W,
     "confederation segment from an external peer"),
    # §7.3 NEXT_HOP, RFC 4271 §6.3 semantics
    ("next-hop-length-5", lambda p: update(ORIGIN + AS_PATH + attr(0x40, 3, b"\x0a\x14\x00\x03\x00"), p), W,
     "NEXT_HOP length is not 4"),
    ("next-hop-flags-optional", lambda p: update(ORIGIN + AS_PATH + attr(0xC0, 3, socket.inet_aton("10.20.0.3")), p), W,
     "NEXT_HOP flags wrong"),
    ("next-hop-zero", lambda p: update(ORIGIN + AS_PATH + nh("0.0.0.0"), p), W, "NEXT_HOP is not a unicast host address"),
    ("next-hop-multicast", lambda p: update(ORIGIN + AS_PATH + nh("224.0.0.5"), p), W, "NEXT_HOP is not a unicast host address"),
    ("next-hop-loopback", lambda p: update(ORIGIN + AS_PATH + nh("127.0.0.1"), p), W, "NEXT_HOP is not a unicast host address"),
    ("next-hop-broadcast", lambda p: update(ORIGIN + AS_PATH + nh("255.255.255.255"), p), W,
     "NEXT_HOP is not a unicast host address"),
    ("next-hop-own-address", lambda p: update(ORIGIN + AS_PATH + nh(TARGET), p), W, "NEXT_HOP is our own address"),
    # §7.4 MULTI_EXIT_DISC
    ("med-length-3", lambda p: update(BASE + attr(0x80, 4, b"\0\0\1"), p), W, "MULTI_EXIT_DISC length is not 4"),
    ("med-flags-transitive", lambda p: update(BASE + attr(0xC0, 4, b"\0\0\0\1"), p), W, "MULTI_EXIT_DISC flags wrong"),
    # §7.5 LOCAL_PREF from an external peer: discarded whatever it looks like
    ("local-pref-from-ebgp", lambda p: update(BASE + med(MARK_MED) + attr(0x40, 5, b"\0\0\0\x64"), p), D,
     "LOCAL_PREF from an external peer ignored"),
    ("local-pref-from-ebgp-length-3", lambda p: update(BASE + med(MARK_MED) + attr(0x40, 5, b"\0\0\x64"), p), D,
     "LOCAL_PREF from an external peer ignored"),
    # §7.6 ATOMIC_AGGREGATE, §7.7 AGGREGATOR
    ("atomic-aggregate-length-1", lambda p: update(BASE + med(MARK_MED) + attr(0x40, 6, b"\0"), p), D,
     "ATOMIC_AGGREGATE length is not 0"),
    ("atomic-aggregate-flags-optional", lambda p: update(BASE + med(MARK_MED) + attr(0xC0, 6, b""), p), D,
     "ATOMIC_AGGREGATE flags wrong"),
    ("aggregator-two-octet-form", lambda p: update(BASE + med(MARK_MED) + attr(0xC0, 7, b"\xfe\x4e\x0a\x14\x00\x03"), p), D,
     "AGGREGATOR length wrong"),
    # §7.8 COMMUNITIES, §7.9 ORIGINATOR_ID, §7.10 CLUSTER_LIST, §7.14 EXTENDED_COMMUNITIES, RFC 8092
    ("communities-length-3", lambda p: update(BASE + attr(0xC0, 8, b"\0\0\1"), p), W, "COMMUNITIES length"),
    ("communities-flags-non-transitive", lambda p: update(BASE + attr(0x80, 8, b"\0\0\0\1"), p), W, "COMMUNITIES flags wrong"),
    ("originator-id-length-3", lambda p: update(BASE + attr(0x80, 9, b"\1\2\3"), p), W, "ORIGINATOR_ID length is not 4"),
    ("cluster-list-length-3", lambda p: update(BASE + attr(0x80, 10, b"\1\2\3"), p), W, "CLUSTER_LIST length"),
    ("ext-communities-length-7", lambda p: update(BASE + attr(0xC0, 16, b"\0" * 7), p), W, "EXTENDED_COMMUNITIES length"),
    ("large-communities-length-11", lambda p: update(BASE + attr(0xC0, 32, b"\0" * 11), p), W, "LARGE_COMMUNITY length"),
    # §3 (g) duplicates: the first copy wins
    ("duplicate-origin", lambda p: update(BASE + med(MARK_MED) + attr(0x40, 1, b"\x02"), p), D, "attribute repeated"),
    ("duplicate-med", lambda p: update(BASE + med(MARK_MED) + med(5), p), D, "attribute repeated"),
    # §3 (d) missing well-known mandatory attributes
    ("missing-origin", lambda p: update(AS_PATH + NEXT_HOP, p), W, "mandatory attribute missing"),
    ("missing-as-path", lambda p: update(ORIGIN + NEXT_HOP, p), W, "mandatory attribute missing"),
    ("missing-next-hop", lambda p: update(ORIGIN + AS_PATH, p), W, "mandatory attribute missing"),
    # §4 an attribute running past the path attribute field
    ("attribute-overruns-field", lambda p: update(BASE + b"\xc0\x63\x32\x01\x02", p), W,
     "attribute overruns the path attribute field"),
    ("extended-length-header-truncated", lambda p: update(BASE + b"\xd0\x63\x00", p), W,
     "attribute overruns the path attribute field"),
    # unknown optional attributes are not errors (RFC 4271 §5)
    ("unknown-optional-non-transitive", lambda p: update(BASE + attr(0x80, 0x63, b"ab"), p), A, None),
    ("unknown-optional-transitive", lambda p: update(BASE + attr(0xC0, 0x63, b"ab"), p), A, None),
    # ---- session resets ----
    # RFC 4271 §6.3 unrecognized well-known attribute: data = the attribute
    ("unrecognized-well-known", lambda p: update(BASE + attr(0x40, 0x63, b"ab"), p), (3, 2, "40630261 62".replace(" ", "")),
     "unrecognized well-known attribute"),
    # §3 (g) repeated MP_REACH / MP_UNREACH
    ("duplicate-mp-reach", lambda p: update(BASE + mp_reach(p) + mp_reach(p)), (3, 1), "MP_UNREACH_NLRI repeated"),
    ("duplicate-mp-unreach", lambda p: update(mp_unreach(p) + mp_unreach(p)), (3, 1), "MP_UNREACH_NLRI repeated"),
    # §7.11 MP_REACH / MP_UNREACH errors: AFI/SAFI disable, handled as a reset
    ("mp-reach-next-hop-length-5", lambda p: update(ORIGIN + AS_PATH + mp_reach(p, b"\x0a\x14\x00\x03\x00")), (3, 9),
     "next-hop length wrong for the AFI"),
    ("mp-reach-too-short", lambda p: update(BASE + attr(0x80, 14, b"\x00\x01"), p), (3, 9), "too short to name a family"),
    ("mp-reach-bad-prefix-length", lambda p: update(ORIGIN + AS_PATH + mp_reach(b"\x28" + b"\xac" * 5)), (3, 9),
     "MP_REACH_NLRI prefix field malformed"),
    ("mp-reach-next-hop-overrun", lambda p: update(ORIGIN + AS_PATH + attr(0x80, 14, b"\x00\x01\x01\x10\x0a\x14")), (3, 9),
     "next hop overruns the attribute"),
    ("mp-unreach-bad-prefix-length", lambda p: update(mp_unreach(b"\x21" + b"\xac" * 5)), (3, 9),
     "MP_UNREACH_NLRI prefix field malformed"),
    ("mp-reach-flags-well-known", lambda p: update(ORIGIN + AS_PATH + attr(0x40, 14, mp_reach(p)[3:])), (3, 4),
     "MP_REACH_NLRI flags wrong"),
    # §5.3 NLRI / withdrawn routes that cannot be parsed: Invalid Network Field
    ("nlri-prefix-length-33", lambda p: update(BASE, b"\x21\xac\x1f\x00\x00\x00"), (3, 10), "NLRI field malformed"),
    ("nlri-overrun", lambda p: update(BASE, b"\x18\xac"), (3, 10), "NLRI field malformed"),
    ("withdrawn-prefix-length-33", lambda p: update(b"", b"", b"\x21\xac\x1f\x00\x00\x00"), (3, 10),
     "withdrawn routes field malformed"),
    # §4 / RFC 4271 §6.3 lengths inconsistent with the message: Malformed Attribute List
    ("withdrawn-length-overruns-message", lambda p: struct.pack("!HH", 100, 0), (3, 1), "overruns the UPDATE"),
    ("attribute-length-overruns-message", lambda p: struct.pack("!HH", 0, 200) + BASE, (3, 1), "overruns the UPDATE"),
    # An UPDATE shorter than its 23-octet minimum is a header error (RFC 4271 §6.1)
    ("update-truncated", lambda p: b"\x00\x00", (1, 2, "0015"), "message header error"),
    # RFC 4271 §6.1 message header errors on an Established session
    ("header-bad-marker", lambda p: Raw(b"\x00" * 16 + struct.pack("!HB", 19, 4)), (1, 1), "message header error"),
    ("header-length-18", lambda p: Raw(MARKER + struct.pack("!HB", 18, 4)), (1, 2, "0012"), "message header error"),
    ("header-length-4097", lambda p: Raw(MARKER + struct.pack("!HB", 4097, 2) + b"\0" * 4078), (1, 2, "1001"),
     "message header error"),
    ("header-update-length-22", lambda p: Raw(MARKER + struct.pack("!HB", 22, 2) + b"\0\0\0"), (1, 2, "0016"),
     "message header error"),
    ("header-keepalive-length-20", lambda p: Raw(MARKER + struct.pack("!HB", 20, 4) + b"\0"), (1, 2, "0014"),
     "message header error"),
    ("header-bad-type", lambda p: Raw(MARKER + struct.pack("!HB", 19, 9)), (1, 3, "09"), "message header error"),
]

# From an internal peer: an empty AS_PATH (the route originates in our AS),
# the peer itself as next hop, and LOCAL_PREF, which it MUST send (RFC 4271
# §5.1.5). Prefixes from 172.31.200.0 on, apart from the eBGP run's.
AS_PATH_IBGP = attr(0x40, 2, b"")
LOCAL_PREF = attr(0x40, 5, struct.pack("!I", 100))
BASE_IBGP = ORIGIN + AS_PATH_IBGP + nh(SOURCE) + LOCAL_PREF
IBGP_CASES = [
    # RFC 7606 §3 (d): LOCAL_PREF is well-known mandatory on internal sessions
    ("ibgp-missing-local-pref", lambda p: update(ORIGIN + AS_PATH_IBGP + nh(SOURCE), p), W,
     "no LOCAL_PREF from an internal peer"),
    ("ibgp-missing-local-pref-mp-reach", lambda p: update(ORIGIN + AS_PATH_IBGP + mp_reach(p, socket.inet_aton(SOURCE))), W,
     "no LOCAL_PREF from an internal peer"),
    # §7.5: from an internal peer a malformed LOCAL_PREF withdraws (from an external one it is discarded)
    ("ibgp-local-pref-length-3", lambda p: update(ORIGIN + AS_PATH_IBGP + nh(SOURCE) + attr(0x40, 5, b"\0\0\x64"), p), W,
     "LOCAL_PREF length is not 4"),
    ("ibgp-with-local-pref", lambda p: update(BASE_IBGP + attr(0x80, 0x63, b"ab"), p), A, None),
]


# ---- observing bgpd ----


def bgpctl(*args):
    out = subprocess.run([BGPCTL, "-s", SOCK, "--json", *args], capture_output=True, text=True, timeout=10)
    if out.returncode != 0:
        raise RuntimeError(f"bgpctl {' '.join(args)} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def neighbor(addr):
    return bgpctl("show", "neighbors", addr)[0]


def path_of(pfx, peer=PEER):
    for r in bgpctl("show", "routes", pfx):
        if r["prefix"] != pfx:
            continue
        for path in r["paths"]:
            if path["peer"] == peer:
                return path
    return None


def wait_for(what, cond, timeout=5.0):
    deadline = time.time() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def log_has(text, start):
    with open(BGPD_LOG, "rb") as f:
        f.seek(start)
        new = f.read().decode(errors="replace")
    return any(f"neighbor {PEER}" in line and text in line for line in new.splitlines())


def log_size():
    return os.path.getsize(BGPD_LOG)


def drain_for_notification(s):
    """Reads whatever bgpd sent without blocking; returns a NOTIFICATION if any."""
    s.setblocking(False)
    buf = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
    except BlockingIOError:
        pass
    finally:
        s.setblocking(True)
    while len(buf) >= 19:
        length, msg_type = struct.unpack("!HB", buf[16:19])
        if msg_type == 3:
            return buf[19:length].hex()
        buf = buf[length:]
    return None


def wait_notification(s, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        m = read_message(s, max(0.1, deadline - time.time()))
        if m is None:
            return None
        if m[0] == 3:
            return m[1]
    return None


def counters():
    return neighbor(PEER)["rfc7606"]


# ---- running the table ----


def main():
    session = None
    results = []
    table, base, first = (IBGP_CASES, BASE_IBGP, 200) if SESSION == "ibgp" else (CASES, BASE, 0)
    for index, (name, build, expected, log_text) in enumerate(table, first):
        pfx = f"172.31.{index}.0/24"
        p = prefix(pfx)
        if session is None:
            session = connect(TARGET, SOURCE)
            establish(session, ASN, ROUTER_ID)
            wait_for("session Established", lambda: neighbor(PEER)["state"] == "Established")
        session.sendall(KEEPALIVE)  # hold time 9 s: keep the long-lived session alive
        session.sendall(message(2, update(base + med(1), p)))
        wait_for(f"{name}: valid announcement of {pfx}", lambda: path_of(pfx))
        before = counters()
        start = log_size()
        body = build(p)
        session.sendall(body if isinstance(body, Raw) else message(2, body))
        outcome = {"case": name, "prefix": pfx}
        if isinstance(expected, tuple):
            n = wait_notification(session)
            if n is None:
                raise AssertionError(f"{name}: expected NOTIFICATION {expected}, got none")
            got = (n[0], n[1])
            outcome["notification"] = {"code": n[0], "subcode": n[1], "data": n[2:].hex()}
            if got != expected[:2]:
                raise AssertionError(f"{name}: expected NOTIFICATION {expected}, got {outcome['notification']}")
            if len(expected) > 2 and n[2:].hex() != expected[2]:
                raise AssertionError(f"{name}: expected data {expected[2]}, got {n[2:].hex()}")
            session.close()
            session = None
            wait_for(f"{name}: session down", lambda: neighbor(PEER)["state"] != "Established")
            wait_for(f"{name}: routes of the reset session withdrawn", lambda: path_of(pfx) is None)
            if expected[0] == 3:
                wait_for(f"{name}: session_reset counted",
                         lambda: counters()["session_reset"] == before["session_reset"] + 1)
        else:
            key = {W: "treat_as_withdraw", D: "attribute_discard"}.get(expected)
            if key:
                wait_for(f"{name}: {key} counted", lambda: counters()[key] == before[key] + 1)
            else:
                # Nothing to count: a follow-up UPDATE (processed in order) marks the end.
                marker = f"172.31.{index}.128/25"
                session.sendall(message(2, update(base, prefix(marker))))
                wait_for(f"{name}: follow-up announcement", lambda: path_of(marker))
            after = counters()
            for k in ("treat_as_withdraw", "attribute_discard", "session_reset"):
                if after[k] != before[k] + (1 if k == key else 0):
                    raise AssertionError(f"{name}: counters {before} -> {after}")
            path = path_of(pfx)
            if expected == W and path is not None:
                raise AssertionError(f"{name}: {pfx} still present after treat-as-withdraw: {path}")
            if expected == D and (path is None or path.get("med") != MARK_MED):
                raise AssertionError(f"{name}: {pfx} should carry MED {MARK_MED} after attribute discard: {path}")
            if expected == D and name == "duplicate-origin" and path["origin"] not in ("IGP", "i"):
                raise AssertionError(f"{name}: the first ORIGIN (IGP) must be kept: {path}")
            if expected == A and path is None:
                raise AssertionError(f"{name}: {pfx} should be accepted")
            n = drain_for_notification(session)
            if n is not None:
                raise AssertionError(f"{name}: unexpected NOTIFICATION {n}")
            if neighbor(PEER)["state"] != "Established":
                raise AssertionError(f"{name}: session went down")
            outcome["route"] = "present" if path else "withdrawn"
        if log_text:
            wait_for(f"{name}: log line naming the fault ({log_text!r})", lambda: log_has(log_text, start), 3)
        outcome["counters"] = counters()
        print(json.dumps(outcome), flush=True)
        results.append(outcome)
    print(json.dumps({"cases": len(results), "ok": True}), flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AssertionError as e:
        print(json.dumps({"ok": False, "error": str(e)}), flush=True)
        sys.exit(1)

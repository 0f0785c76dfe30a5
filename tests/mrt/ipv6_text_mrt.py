#!/usr/bin/env python3
"""Writes an MRT file (RFC 6396 §4.4.3 BGP4MP_MESSAGE_AS4 records) whose IPv6
peer addresses, next hops and /128 prefixes are the addresses whose text
differs between bgpdump and RFC 5952 / inet_ntop (a single zero group, equal
zero runs, IPv4-compatible and -mapped forms) plus ordinary ones. Both
`bgpdump -m` and `bgpctl show mrt file` read it in debian_bgpdump_test.sh.
Usage: ipv6_text_mrt.py OUT"""
import ipaddress
import struct
import sys

ADDRESSES = [
    "2001:db8:0:1:1:1:1:1",
    "2001:7f8:4:0:1:2:3:4",
    "0:1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:0",
    "2001:7f8:30:0:2:1:0:8447",
    "2001:db8:0:0:1:0:0:1",
    "2001:0:0:1:0:0:0:1",
    "2001:db8::1",
    "fe80::",
    "fe80::21b:21ff:fe3b:2c2",
    "::1",
    "::",
    "::1:0:0",
    "::ffff:0.0.0.0",
    "2001:db8:a0:b00:1000:1:10:100",
    "::ffff:192.0.2.1",
    "::192.0.2.1",
    "::0.0.1.2",
    "::2",
]


def attribute(flags, code, value):
    return struct.pack(">BBB", flags, code, len(value)) + value


def update(next_hop, prefix):
    mp_reach = struct.pack(">HBB", 2, 1, 16) + next_hop + b"\x00" + bytes([128]) + prefix
    attrs = (attribute(0x40, 1, b"\x00")                                  # ORIGIN IGP
             + attribute(0x40, 2, struct.pack(">BBI", 2, 1, 65001))       # AS_PATH [65001]
             + attribute(0x80, 14, mp_reach))                             # MP_REACH_NLRI
    body = struct.pack(">H", 0) + struct.pack(">H", len(attrs)) + attrs
    return b"\xff" * 16 + struct.pack(">HB", 19 + len(body), 2) + body


def record(timestamp, peer, message):
    local = ipaddress.IPv6Address("2001:db8::ffff").packed
    body = struct.pack(">IIHH", 65001, 65000, 0, 2) + peer + local + message
    return struct.pack(">IHHI", timestamp, 16, 4, len(body)) + body


def main():
    out = bytearray()
    for i, text in enumerate(ADDRESSES):
        a = ipaddress.IPv6Address(text).packed
        out += record(1700000000 + i, a, update(a, a))
    with open(sys.argv[1], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A deliberately misbehaving BGP peer for integration tests.

Each case opens a TCP connection to bgpd, sends what the case says, and
prints one JSON line with the NOTIFICATION bgpd answered with (code, subcode,
data as hex) or the reason none came. Only the standard library is used.
"""
import json
import socket
import struct
import sys
import time

MARKER = b"\xff" * 16


def message(msg_type: int, body: bytes) -> bytes:
    return MARKER + struct.pack("!HB", 19 + len(body), msg_type) + body


def open_message(asn: int, hold: int, router_id: str, version: int = 4) -> bytes:
    # Capabilities: multiprotocol IPv4 unicast, 4-octet AS (RFC 5492, 4760, 6793).
    caps = bytes([1, 4, 0, 1, 0, 1]) + bytes([65, 4]) + struct.pack("!I", asn)
    params = bytes([2, len(caps)]) + caps
    my_as = asn if asn < 65536 else 23456
    body = struct.pack("!BHH4sB", version, my_as, hold, socket.inet_aton(router_id), len(params)) + params
    return message(1, body)


KEEPALIVE = message(4, b"")


def read_message(sock: socket.socket, timeout: float):
    sock.settimeout(timeout)
    header = b""
    while len(header) < 19:
        chunk = sock.recv(19 - len(header))
        if not chunk:
            return None
        header += chunk
    length, msg_type = struct.unpack("!HB", header[16:19])
    body = b""
    while len(body) < length - 19:
        chunk = sock.recv(length - 19 - len(body))
        if not chunk:
            return None
        body += chunk
    return msg_type, body


def wait_notification(sock: socket.socket, timeout: float = 10.0):
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            m = read_message(sock, max(0.1, deadline - time.time()))
            if m is None:
                return {"notification": None, "reason": "connection closed without NOTIFICATION"}
            msg_type, body = m
            if msg_type == 3:
                return {"notification": {"code": body[0], "subcode": body[1], "data": body[2:].hex()}}
            if msg_type == 1:
                sock.sendall(KEEPALIVE)  # complete the handshake if bgpd is still going
    except socket.timeout:
        pass
    return {"notification": None, "reason": "timeout"}


def connect(target: str, source: str) -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((source, 0))
    s.settimeout(5)
    s.connect((target, 179))
    return s


def establish(s: socket.socket, asn: int, router_id: str) -> None:
    """Valid OPEN, then KEEPALIVEs until bgpd's KEEPALIVE confirms the session."""
    s.sendall(open_message(asn, 9, router_id))
    got_open = False
    deadline = time.time() + 10
    while time.time() < deadline:
        m = read_message(s, 10)
        if m is None:
            raise RuntimeError("closed during handshake")
        if m[0] == 1:
            got_open = True
            s.sendall(KEEPALIVE)
        elif m[0] == 4 and got_open:
            return
        elif m[0] == 3:
            raise RuntimeError(f"NOTIFICATION during handshake: {m[1].hex()}")
    raise RuntimeError("handshake timed out")


def first_reply(sock: socket.socket):
    """The first KEEPALIVE or NOTIFICATION after our OPEN."""
    while True:
        m = read_message(sock, 10)
        if m is None:
            return {"type": "closed"}
        if m[0] == 4:
            return {"type": "keepalive"}
        if m[0] == 3:
            return {"type": "notification", "code": m[1][0], "subcode": m[1][1]}


def collision(target: str, source: str, asn: int, router_id: str) -> int:
    """RFC 4271 §6.8: bgpd's connection to us and ours to bgpd both reach
    OpenSent; then our OPEN goes out on both and we report what each got."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((source, 179))
    listener.listen(4)
    print(json.dumps({"listening": True}), flush=True)
    listener.settimeout(20)
    accepted, _ = listener.accept()  # bgpd's outgoing connection
    assert read_message(accepted, 10)[0] == 1, "expected bgpd's OPEN"
    connected = connect(target, source)  # our connection: bgpd's incoming
    assert read_message(connected, 10)[0] == 1, "expected bgpd's OPEN on the second connection"
    accepted.sendall(open_message(asn, 9, router_id))
    connected.sendall(open_message(asn, 9, router_id))
    result = {"bgpd_outgoing": first_reply(accepted), "bgpd_incoming": first_reply(connected)}
    for sock, key in ((accepted, "bgpd_outgoing"), (connected, "bgpd_incoming")):
        if result[key]["type"] == "keepalive":
            sock.sendall(KEEPALIVE)  # complete the surviving session
    print(json.dumps(result), flush=True)
    time.sleep(float(sys.argv[6]) if len(sys.argv) > 6 else 3)  # keep the session up while the test looks
    return 0


def main() -> int:
    case, target, source, asn, router_id = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    if case == "collision":
        return collision(target, source, asn, router_id)
    s = connect(target, source)
    if case == "open-hold-time-1":
        s.sendall(open_message(asn, 1, router_id))  # RFC 4271 §6.2: 2/6
    elif case == "open-version-3":
        s.sendall(open_message(asn, 9, router_id, version=3))  # 2/1, data = 0x0004
    elif case == "open-bad-peer-as":
        s.sendall(open_message(asn + 1, 9, router_id))  # 2/2
    elif case == "open-zero-router-id":
        s.sendall(open_message(asn, 9, "0.0.0.0"))  # 2/3
    elif case == "header-bad-marker":
        s.sendall(b"\x00" * 16 + struct.pack("!HB", 19, 4))  # 1/1
    elif case == "header-bad-type":
        s.sendall(MARKER + struct.pack("!HB", 19, 9))  # 1/3, data = 0x09
    elif case == "unknown-peer":
        pass  # bgpd refuses us with Cease/Connection Rejected (6/5)
    elif case in ("update-attribute-list-overrun", "update-bad-length"):
        establish(s, asn, router_id)
        if case == "update-attribute-list-overrun":
            # Withdrawn length 0, total path attribute length 200 with 3 bytes
            # present: RFC 4271 §6.3 / RFC 7606 §4 Malformed Attribute List (3/1).
            s.sendall(message(2, struct.pack("!HH", 0, 200) + b"\x40\x01\x01"))
        else:
            # A KEEPALIVE whose length field says 20: 1/2 Bad Message Length.
            s.sendall(MARKER + struct.pack("!HB", 20, 4) + b"\x00")
    else:
        print(json.dumps({"error": f"unknown case {case}"}))
        return 2
    result = wait_notification(s)
    result["case"] = case
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

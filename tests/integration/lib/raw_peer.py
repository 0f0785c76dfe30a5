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
import threading
import time

MARKER = b"\xff" * 16


def message(msg_type: int, body: bytes) -> bytes:
    return MARKER + struct.pack("!HB", 19 + len(body), msg_type) + body


def open_message(asn: int, hold: int, router_id: str, version: int = 4, graceful=None, extra_caps: bytes = b"") -> bytes:
    # Capabilities: multiprotocol IPv4 unicast, 4-octet AS (RFC 5492, 4760, 6793).
    caps = bytes([1, 4, 0, 1, 0, 1]) + bytes([65, 4]) + struct.pack("!I", asn)
    if graceful is not None:
        # RFC 4724 §3: Restart State bit when `graceful` is True (we restarted),
        # restart time 15 s; IPv4 unicast with forwarding state preserved.
        flags_time = (0x8000 if graceful else 0) | 15
        caps += bytes([64, 6]) + struct.pack("!HHBB", flags_time, 1, 1, 0x80)
    caps += extra_caps
    params = bytes([2, len(caps)]) + caps
    my_as = asn if asn < 65536 else 23456
    body = struct.pack("!BHH4sB", version, my_as, hold, socket.inet_aton(router_id), len(params)) + params
    return message(1, body)


KEEPALIVE = message(4, b"")


def read_message(sock: socket.socket, timeout):
    if timeout is not None:
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


def establish(s: socket.socket, asn: int, router_id: str, graceful=None) -> None:
    """Valid OPEN, then KEEPALIVEs until bgpd's KEEPALIVE confirms the session."""
    s.sendall(open_message(asn, 9, router_id, graceful=graceful))
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


def announce_vip(s: socket.socket, asn: int, next_hop: str) -> None:
    """UPDATE: ORIGIN IGP, AS_PATH asn, NEXT_HOP next_hop, NLRI 172.30.0.10/32."""
    attrs = bytes([0x40, 1, 1, 0]) + bytes([0x40, 2, 6, 2, 1]) + struct.pack("!I", asn)
    attrs += bytes([0x40, 3, 4]) + socket.inet_aton(next_hop)
    s.sendall(message(2, struct.pack("!HH", 0, len(attrs)) + attrs + bytes([32, 172, 30, 0, 10])))


def first_message(sock: socket.socket, timeout: float = 5.0):
    try:
        m = read_message(sock, timeout)
    except (socket.timeout, OSError):
        return {"type": "timeout"}
    if m is None:
        return {"type": "closed"}
    names = {1: "open", 2: "update", 3: "notification", 4: "keepalive"}
    out = {"type": names.get(m[0], str(m[0]))}
    if m[0] == 3:
        out.update(code=m[1][0], subcode=m[1][1])
    return out


def until_closed(sock: socket.socket, timeout: float = 5.0):
    """What ends the connection: a NOTIFICATION, a close, or nothing in time."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            m = read_message(sock, max(0.1, deadline - time.time()))
        except (socket.timeout, OSError):
            break
        if m is None:
            return {"type": "closed"}
        if m[0] == 3:
            return {"type": "notification", "code": m[1][0], "subcode": m[1][1]}
    return {"type": "open"}


def second_connection_fails(target: str, source: str, asn: int, router_id: str) -> int:
    """A second connection while the session is Established reaches OpenSent
    (bgpd's OPEN) and is closed by us; a third one must still be taken up:
    the failed one may not linger as the collision in progress."""
    first = connect(target, source)
    establish(first, asn, router_id)
    second = connect(target, source)
    result = {"second": first_message(second)}
    second.close()
    time.sleep(1.0)
    third = connect(target, source)
    result["third"] = first_message(third)
    if result["third"]["type"] == "open":
        # RFC 4271 §6.8 against an Established session: the new one is closed.
        third.sendall(open_message(asn, 9, router_id))
        result["third_after_open"] = first_message(third)
    first.sendall(KEEPALIVE)
    print(json.dumps(result), flush=True)
    time.sleep(float(sys.argv[6]) if len(sys.argv) > 6 else 3)
    return 0


def graceful_reconnect(target: str, source: str, asn: int, router_id: str) -> int:
    """RFC 4724 §4.2: a graceful-restart peer comes back on a new connection
    while bgpd still holds its old session as Established (the old TCP
    connection is silently dead). The new connection must win; the old one
    is closed and its routes kept as stale until End-of-RIB."""
    old = connect(target, source)
    establish(old, asn, router_id, graceful=False)
    announce_vip(old, asn, source)
    time.sleep(1.0)
    new = connect(target, source)
    new.sendall(open_message(asn, 9, router_id, graceful=True))
    result = {"new": first_message(new)}
    if result["new"]["type"] == "open":
        new.sendall(KEEPALIVE)
        result["new_after_open"] = first_message(new)
    result["old"] = until_closed(old)
    print(json.dumps(result), flush=True)
    deadline = time.time() + (float(sys.argv[6]) if len(sys.argv) > 6 else 3)
    while time.time() < deadline:  # keep the new session up while the test looks
        new.sendall(KEEPALIVE)
        time.sleep(1)
    return 0


def load_and_watch(target: str, source: str, asn: int, router_id: str) -> int:
    """Announces COUNT /32s (argv[6]) as fast as bgpd takes them while
    recording when each of bgpd's KEEPALIVEs arrives, for DURATION seconds
    (argv[7]) in all; prints "loaded" once everything is sent, then one
    JSON line: KEEPALIVEs seen, the largest gap between two, and whether bgpd
    closed the session. Our KEEPALIVEs go out every second meanwhile."""
    count, duration = int(sys.argv[6]), float(sys.argv[7])
    start = time.time()
    s = connect(target, source)
    establish(s, asn, router_id)
    s.settimeout(None)
    stamps, ended = [time.time()], {}
    write = threading.Lock()
    done = threading.Event()

    def reader():
        try:
            while True:
                m = read_message(s, None)
                if m is None:
                    ended["closed"] = time.time() - start
                    return
                if m[0] == 4:
                    stamps.append(time.time())
                elif m[0] == 3:
                    ended["notification"] = [m[1][0], m[1][1]]
                    return
        except OSError as e:
            if not done.is_set():
                ended["error"] = str(e)

    def keepalives():
        while not done.wait(1.0):
            try:
                with write:
                    s.sendall(KEEPALIVE)
            except OSError:
                return

    threading.Thread(target=reader, daemon=True).start()
    threading.Thread(target=keepalives, daemon=True).start()
    attrs = bytes([0x40, 1, 1, 0]) + bytes([0x40, 2, 6, 2, 1]) + struct.pack("!I", asn)
    attrs += bytes([0x40, 3, 4]) + socket.inet_aton(source)
    per_message = (4096 - 19 - 4 - len(attrs)) // 5
    batch = []
    for first in range(0, count, per_message):
        nlri = b"".join(bytes([32]) + struct.pack("!I", 0x0B000000 + i) for i in range(first, min(first + per_message, count)))
        batch.append(message(2, struct.pack("!HH", 0, len(attrs)) + attrs + nlri))
        if len(batch) == 64 or first + per_message >= count:
            with write:
                s.sendall(b"".join(batch))
            batch = []
    print(json.dumps({"loaded": count, "after_s": round(time.time() - start, 2)}), flush=True)
    while time.time() - start < duration and not ended:
        time.sleep(0.2)
    done.set()
    stamps.append(time.time())  # the gap up to now counts too
    gaps = [b - a for a, b in zip(stamps, stamps[1:])]
    print(json.dumps({"keepalives": len(stamps) - 2, "max_gap_s": round(max(gaps), 2), **ended}), flush=True)
    return 0


def enhanced_refresh(target: str, source: str, asn: int, router_id: str) -> int:
    """RFC 7313: announces 172.30.0.10/32 and .11/32, then answers bgpd's
    ROUTE-REFRESH with BoRR, only .10 again, EoRR: .11 is no longer in our
    Adj-RIB-Out and bgpd must purge it at EoRR although no withdrawal came."""
    s = connect(target, source)
    # Route refresh (2) and enhanced route refresh (70) on top of the usual capabilities.
    s.sendall(open_message(asn, 9, router_id, extra_caps=bytes([2, 0, 70, 0])))
    got_open = False
    while True:
        m = read_message(s, 10)
        if m is None:
            raise RuntimeError("closed during handshake")
        if m[0] == 1:
            got_open = True
            s.sendall(KEEPALIVE)
        elif m[0] == 4 and got_open:
            break
        elif m[0] == 3:
            raise RuntimeError(f"NOTIFICATION during handshake: {m[1].hex()}")
    attrs = bytes([0x40, 1, 1, 0]) + bytes([0x40, 2, 6, 2, 1]) + struct.pack("!I", asn)
    attrs += bytes([0x40, 3, 4]) + socket.inet_aton(source)
    update = lambda nlri: message(2, struct.pack("!HH", 0, len(attrs)) + attrs + nlri)
    s.sendall(update(bytes([32, 172, 30, 0, 10, 32, 172, 30, 0, 11])))
    print(json.dumps({"announced": 2}), flush=True)
    deadline = time.time() + (float(sys.argv[6]) if len(sys.argv) > 6 else 20)
    refreshed = False
    last_keepalive = time.time()
    while time.time() < deadline:
        if time.time() - last_keepalive > 1:
            s.sendall(KEEPALIVE)
            last_keepalive = time.time()
        try:
            m = read_message(s, 0.5)
        except socket.timeout:
            continue
        if m is None:
            print(json.dumps({"closed": True}), flush=True)
            return 1
        if m[0] == 5 and not refreshed and m[1][2] == 0:  # a normal ROUTE-REFRESH request
            refreshed = True
            s.sendall(message(5, struct.pack("!HBB", 1, 1, 1)))  # BoRR, IPv4 unicast
            s.sendall(update(bytes([32, 172, 30, 0, 10])))
            s.sendall(message(5, struct.pack("!HBB", 1, 2, 1)))  # EoRR
            print(json.dumps({"refreshed": True}), flush=True)
    return 0


def main() -> int:
    case, target, source, asn, router_id = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    if case == "collision":
        return collision(target, source, asn, router_id)
    if case == "second-connection-fails":
        return second_connection_fails(target, source, asn, router_id)
    if case == "graceful-reconnect":
        return graceful_reconnect(target, source, asn, router_id)
    if case == "enhanced-refresh":
        return enhanced_refresh(target, source, asn, router_id)
    if case == "load-and-watch":
        return load_and_watch(target, source, asn, router_id)
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

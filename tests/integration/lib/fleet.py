#!/usr/bin/env python3
"""A fleet of minimal BGP speakers, one per source address, for tests that
need many dynamic neighbours (a listen range full of Cilium nodes).

    fleet.py TARGET FIRST_SOURCE COUNT ASN [PREFIX]

Session i connects from FIRST_SOURCE + i to TARGET:179, opens with ASN
(4-octet AS, IPv4 unicast), answers KEEPALIVEs, announces PREFIX (default
172.30.0.10/32, the anycast VIP) with itself as next hop, and reconnects
after a second when the session drops (bgpd restarted with another
configuration). One line "established N" is printed each time the count of
Established sessions changes. Standard library only (asyncio): one process
holds hundreds of sessions.
"""
import asyncio
import ipaddress
import socket
import struct
import sys

MARKER = b"\xff" * 16
HOLD = 90


def message(msg_type: int, body: bytes) -> bytes:
    return MARKER + struct.pack("!HB", 19 + len(body), msg_type) + body


def open_message(asn: int, router_id: str) -> bytes:
    caps = bytes([1, 4, 0, 1, 0, 1]) + bytes([65, 4]) + struct.pack("!I", asn)
    params = bytes([2, len(caps)]) + caps
    my_as = asn if asn < 65536 else 23456
    body = struct.pack("!BHH4sB", 4, my_as, HOLD, socket.inet_aton(router_id), len(params)) + params
    return message(1, body)


def update_message(asn: int, next_hop: str, prefix: ipaddress.IPv4Network) -> bytes:
    def attr(flags, code, value):
        return struct.pack("!BBB", flags, code, len(value)) + value
    attrs = attr(0x40, 1, b"\x00")  # ORIGIN IGP
    attrs += attr(0x40, 2, struct.pack("!BBI", 2, 1, asn))  # AS_PATH: AS_SEQUENCE [asn], 4-octet
    attrs += attr(0x40, 3, socket.inet_aton(next_hop))  # NEXT_HOP
    plen = prefix.prefixlen
    nlri = bytes([plen]) + prefix.network_address.packed[: (plen + 7) // 8]
    return message(2, struct.pack("!H", 0) + struct.pack("!H", len(attrs)) + attrs + nlri)


KEEPALIVE = message(4, b"")
established = 0


def report():
    print(f"established {established}", flush=True)


async def read_message(reader):
    header = await reader.readexactly(19)
    length, msg_type = struct.unpack("!HB", header[16:19])
    body = await reader.readexactly(length - 19)
    return msg_type, body


async def session(target, source, asn, prefix):
    global established
    while True:
        up = False
        writer = None
        try:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            sock.bind((source, 0))
            await asyncio.wait_for(asyncio.get_running_loop().sock_connect(sock, (target, 179)), 5)
            reader, writer = await asyncio.open_connection(sock=sock)
            writer.write(open_message(asn, source))
            await writer.drain()
            while True:
                msg_type, _ = await asyncio.wait_for(read_message(reader), HOLD)
                if msg_type == 1:
                    writer.write(KEEPALIVE)
                elif msg_type == 4 and not up:
                    up = True
                    established += 1
                    report()
                    writer.write(update_message(asn, source, prefix))
                    asyncio.get_running_loop().create_task(keepalives(writer))
                elif msg_type == 3:
                    break
                await writer.drain()
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            if writer is not None:
                writer.close()
            if up:
                established -= 1
                report()
        await asyncio.sleep(1)


async def keepalives(writer):
    try:
        while not writer.is_closing():
            await asyncio.sleep(HOLD / 3)
            writer.write(KEEPALIVE)
            await writer.drain()
    except (OSError, ConnectionError):
        pass


async def main():
    target, first, count, asn = sys.argv[1], ipaddress.IPv4Address(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    prefix = ipaddress.IPv4Network(sys.argv[5] if len(sys.argv) > 5 else "172.30.0.10/32")
    report()
    await asyncio.gather(*(session(target, str(first + i), asn, prefix) for i in range(count)))


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass

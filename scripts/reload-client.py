#!/usr/bin/env python3
"""An independent RELOAD client for driving `relo forwarder` over UDP.

It shares no code with relo: every frame is built and parsed here from the text of
draft-bryan-p2psip-reload-02 (section numbers below are the draft's), with only the
Python standard library. It plays one or more peers at fixed UDP addresses, which is
what a forwarder's `--link HEX32@HOST:PORT` expects: datagrams from that address come
from that peer.

Commands:
  ping  send a PING request from an origin peer through the forwarders to a target
        peer, answer it at the target with a PING response routed back by the
        reversed via list (section 4.1.2.2), and receive that at the origin.
  send  build one frame (or a deliberately malformed one) and send it.
  recv  receive frames on an address and print what they parse to.

Each frame sent or received is printed on one line as key=value pairs, e.g.
  received at=127.0.0.1:7001 from=127.0.0.1:7002 bytes=135 magic=RELO overlay=0x61d6b1c4
  ttl=97 routing=1 frag=0 lfrg=0 frag_offset=0 exp=0 version=1 length=135
  txid=0x... route=<id>,<id> via=<id>,<id> flags=0x0000 kind=request code=1 method=PING
  reserved=0 payload_bytes=3 ping_info=1,2 signature_bytes=0
Exit status: 0 when everything asked for happened, 1 on a timeout or a frame that does
not parse, 2 for bad arguments.
"""

import argparse
import os
import select
import socket
import struct
import sys
import time
import zlib

# section 4.1: the first four bytes are "RELO"
MAGIC = b"RELO"
# section 4.1: Version1.0 : 0x1
VERSION_1 = 0x1
# section 4.1: Routing values
ROUTING_NAMES = {0x00: "UNSPECIFIED", 0x01: "RECURSIVE", 0x02: "ITERATIVE"}
# section 4.1: the only defined flag
ROUTE_LOG_FLAG = 0x1
# section 4.1: Route List Length and Via List Length count peer-ids; ids are 128 bits in this overlay
PEER_ID_BYTES = 16
# the fixed part of the forwarding header in the section 4.1 diagram: bytes 0 to 27
FIXED_HEADER_BYTES = 28
# the largest value the 24-bit Length field can hold
MAX_LENGTH = (1 << 24) - 1

# section 4.2.1: R/r is the top bit of the first 16 bits; Code is the other 15
RESPONSE_BIT = 0x8000
CODE_MASK = 0x7FFF
# section 5: method codes as relo's wire choices number them (PING=1 ... UPDATE=10)
METHOD_NAMES = {1: "PING", 2: "CONNECT", 3: "TUNNEL", 4: "STORE", 5: "FETCH", 6: "REMOVE",
                7: "FIND", 8: "JOIN", 9: "LEAVE", 10: "UPDATE"}
PING = 1
OK = 200
# section 5.1.1.1: RESPONSIBLE-SET 0x01, NUM-RESOURCES 0x02
INFO_RESPONSIBLE = 1
INFO_NUM_RESOURCES = 2

MALFORMATIONS = ("magic", "version", "length", "route-overrun", "truncated")


class UsageError(Exception):
    pass


class ParseError(Exception):
    pass


# ------------------------------------------------------------------------------------------- values

def peer_id(text):
    """A 128-bit id written as 32 hex digits."""
    digits = text[2:] if text.lower().startswith("0x") else text
    if len(digits) != 32:
        raise UsageError("a peer-id is 32 hex digits, got %d characters: %r" % (len(digits), text))
    try:
        return bytes.fromhex(digits)
    except ValueError:
        raise UsageError("a peer-id is 32 hex digits: %r" % text)


def host_port(text):
    """HOST:PORT, an IPv6 host in brackets."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit():
        raise UsageError("expected HOST:PORT, got %r" % text)
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host, int(port)


def peer_at(text):
    """HEX32@HOST:PORT: a peer and the address it uses."""
    ident, sep, address = text.partition("@")
    if not sep:
        raise UsageError("expected HEX32@HOST:PORT, got %r" % text)
    return peer_id(ident), host_port(address)


def overlay_hash(name):
    """Section 4.1: "The CRC-32 checksum MUST be used to convert the variable length string
    representing the overlay name into a 32bit value." zlib's CRC-32 over the UTF-8 name."""
    return zlib.crc32(name.encode("utf-8")) & 0xFFFFFFFF


def show_address(address):
    host, port = address[0], address[1]
    return ("[%s]:%d" % (host, port)) if ":" in host else ("%s:%d" % (host, port))


# ------------------------------------------------------------------------------------------- building

def forwarding_header(overlay, ttl, routing, txid, route, via, flags=0, frag=0, lfrg=0, frag_offset=0,
                      exp=0, version=VERSION_1, contents_length=0, route_log=b""):
    """Section 4.1, field by field in the order of its diagram."""
    route_list = b"".join(route)
    via_list = b"".join(via)
    length = FIXED_HEADER_BYTES + len(route_list) + len(via_list) + len(route_log) + contents_length
    if length > MAX_LENGTH:
        raise UsageError("a frame of %d bytes does not fit the 24-bit Length field" % length)
    if not 0 <= frag_offset < (1 << 14):
        raise UsageError("the fragment offset is 14 bits")
    # bytes 10-11: FRAG (top bit), LFRG, then the 14-bit fragment offset
    fragment_word = (frag << 15) | (lfrg << 14) | frag_offset
    # bytes 12-15: EXP (top bit), 7-bit Version, then the 24-bit Length
    version_length = ((exp << 7 | version) << 24) | length
    header = MAGIC
    header += struct.pack("!I", overlay)
    header += struct.pack("!BBH", ttl, routing, fragment_word)
    header += struct.pack("!I", version_length)
    header += struct.pack("!Q", txid)
    header += struct.pack("!BBH", len(route), len(via), flags)
    return header + route_list + via_list + route_log


def message_contents(code, reserved, payload):
    """Section 4.2.1 common header (R/r + 15-bit code, 16 reserved bits) then the section 4.2.2
    payload: a 32-bit length and that many bytes."""
    return struct.pack("!HHI", code, reserved, len(payload)) + payload


def ping_request(infos):
    """Section 5.1.1.1: struct { uint8 ping_info<255>; } - a one-byte length, then the bytes."""
    if len(infos) > 255:
        raise UsageError("ping_info holds at most 255 values")
    return struct.pack("!B", len(infos)) + bytes(infos)


def ping_response(response_id, infos):
    """Section 5.1.1.2: uint64 response_id, then ping_info_data infos<65000> (a two-byte length);
    each ping_info_data is a 16-bit type followed, for both defined types, by a uint32."""
    body = b"".join(struct.pack("!HI", kind, value) for kind, value in infos)
    return struct.pack("!QH", response_id, len(body)) + body


def frame(overlay, ttl, routing, txid, route, via, contents):
    return forwarding_header(overlay, ttl, routing, txid, route, via, contents_length=len(contents)) + contents


def malform(data, how):
    """Break one rule of section 4.1 in a frame that was well formed."""
    data = bytearray(data)
    if how == "magic":
        data[3] = ord("X")                    # "RELX": the first four bytes identify RELOAD
    elif how == "version":
        data[12] = (data[12] & 0x80) | 0x7F   # Version 127, not Version1.0
    elif how == "length":
        data += b"\x00"                       # one byte more than the Length field counts
    elif how == "route-overrun":
        data[24] = 200                        # 200 route ids cannot fit in the datagram
    elif how == "truncated":
        data = data[:20]                      # shorter than the fixed header
    else:
        raise UsageError("--malform is one of %s" % ", ".join(MALFORMATIONS))
    return bytes(data)


# ------------------------------------------------------------------------------------------- parsing

def parse(data):
    """Parse a frame into a dict of its fields, checking what section 4.1 and 4.2 say."""
    if len(data) < FIXED_HEADER_BYTES:
        raise ParseError("%d bytes is shorter than the %d-byte fixed header" % (len(data), FIXED_HEADER_BYTES))
    if data[0:4] != MAGIC:
        raise ParseError("does not start with RELO: %r" % data[0:4])
    overlay, = struct.unpack_from("!I", data, 4)
    ttl, routing, fragment_word = struct.unpack_from("!BBH", data, 8)
    version_length, = struct.unpack_from("!I", data, 12)
    txid, = struct.unpack_from("!Q", data, 16)
    route_count, via_count, flags = struct.unpack_from("!BBH", data, 24)
    length = version_length & 0xFFFFFF
    fields = {
        "magic": "RELO",
        "overlay": "0x%08x" % overlay,
        "ttl": ttl,
        "routing": routing,
        "frag": fragment_word >> 15,
        "lfrg": (fragment_word >> 14) & 1,
        "frag_offset": fragment_word & 0x3FFF,
        "exp": version_length >> 31,
        "version": (version_length >> 24) & 0x7F,
        "length": length,
        "txid": "0x%016x" % txid,
    }
    if length != len(data):
        raise ParseError("Length field says %d bytes, the datagram has %d" % (length, len(data)))
    at = FIXED_HEADER_BYTES
    ids = []
    for count in (route_count, via_count):
        end = at + count * PEER_ID_BYTES
        if end > length:
            raise ParseError("a list of %d ids runs past the end of the frame" % count)
        ids.append([data[i:i + PEER_ID_BYTES].hex() for i in range(at, end, PEER_ID_BYTES)])
        at = end
    fields["route"] = ",".join(ids[0]) or "-"
    fields["via"] = ",".join(ids[1]) or "-"
    fields["flags"] = "0x%04x" % flags
    if flags & ROUTE_LOG_FLAG:
        # section 4.1.4: "The first two bytes are the length, followed by a sequence of route log entries"
        if at + 2 > length:
            raise ParseError("ROUTE-LOG is set but the route log length runs past the frame")
        log_length, = struct.unpack_from("!H", data, at)
        at += 2 + log_length
        if at > length:
            raise ParseError("the route log runs past the frame")
        fields["route_log_bytes"] = log_length
    if fields["frag"]:
        fields["kind"] = "fragment"
        fields["fragment_bytes"] = length - at
        return fields
    if at + 8 > length:
        raise ParseError("the message contents (4-byte common header, 4-byte payload length) do not fit")
    code_word, reserved, payload_length = struct.unpack_from("!HHI", data, at)
    at += 8
    if at + payload_length > length:
        raise ParseError("the payload length %d runs past the frame" % payload_length)
    payload = data[at:at + payload_length]
    at += payload_length
    code = code_word & CODE_MASK
    if code_word & RESPONSE_BIT:
        fields["kind"] = "response"
        fields["code"] = code
        fields["reserved"] = reserved
        fields["method"] = METHOD_NAMES.get(reserved, "?")
    else:
        fields["kind"] = "request"
        fields["code"] = code
        fields["method"] = METHOD_NAMES.get(code, "?")
        fields["reserved"] = reserved
    fields["payload_bytes"] = payload_length
    if fields["method"] == "PING" and fields["kind"] == "request":
        if not payload or payload[0] != len(payload) - 1:
            raise ParseError("ping_request: the one-byte ping_info length does not match the payload")
        fields["ping_info"] = ",".join(str(b) for b in payload[1:]) or "-"
    elif fields["method"] == "PING" and code == OK:
        if len(payload) < 10:
            raise ParseError("ping_response is shorter than response_id and the infos length")
        response_id, infos_length = struct.unpack_from("!QH", payload, 0)
        if 10 + infos_length != len(payload) or infos_length % 6:
            raise ParseError("ping_response: infos length %d does not match the payload" % infos_length)
        fields["response_id"] = "0x%016x" % response_id
        fields["infos"] = ",".join("%d:%d" % struct.unpack_from("!HI", payload, i)
                                   for i in range(10, 10 + infos_length, 6)) or "-"
    # section 4.2.3: what follows the contents before Length is the signature
    fields["signature_bytes"] = length - at
    return fields


def line(event, fields, **where):
    parts = [event] + ["%s=%s" % item for item in where.items()] + ["%s=%s" % item for item in fields.items()]
    print(" ".join(parts), flush=True)


# ------------------------------------------------------------------------------------------- sockets

def bound_socket(address):
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_DGRAM)
    try:
        sock.bind(address)
    except OSError as ex:
        raise UsageError("cannot bind %s: %s" % (show_address(address), ex.strerror))
    return sock


def send(sock, data, to, fields=None):
    sock.sendto(data, to)
    where = {"from": show_address(sock.getsockname()), "to": show_address(to), "bytes": len(data)}
    if fields is None:
        try:
            fields = parse(data)
        except ParseError as ex:
            fields = {"malformed": '"%s"' % ex}
    line("sent", fields, **where)


def receive(sock, timeout):
    """One datagram, or None after timeout seconds."""
    ready, _, _ = select.select([sock], [], [], timeout)
    if not ready:
        return None
    data, sender = sock.recvfrom(65536)
    return data, sender


# ------------------------------------------------------------------------------------------- commands

def command_ping(args):
    overlay = overlay_hash(args.overlay)
    origin_id, origin_address = peer_at(args.origin)
    _, first_hop_address = peer_at(args.first_hop)
    target_id, target_address = peer_at(args.target)
    last_hop_id, last_hop_address = peer_at(args.last_hop)
    infos = [int(v) for v in args.ping_info.split(",") if v] if args.ping_info else []
    origin = bound_socket(origin_address)
    target = bound_socket(target_address)
    txid = args.txid if args.txid is not None else struct.unpack("!Q", os.urandom(8))[0]

    # section 4.1.2.1: the most common route list is a single entry, the destination
    request = frame(overlay, args.ttl, args.routing, txid, [target_id], [],
                    message_contents(PING, 0, ping_request(infos)))
    send(origin, request, first_hop_address)

    got = receive(target, args.timeout)
    if got is None:
        print("timeout: no request reached %s within %.1f s" % (show_address(target_address), args.timeout),
              file=sys.stderr)
        return 1
    data, sender = got
    fields = parse(data)
    line("received", fields, at=show_address(target_address), **{"from": show_address(sender), "bytes": len(data)})
    if fields["txid"] != "0x%016x" % txid or fields["kind"] != "request":
        print("the target received a frame that is not the request sent", file=sys.stderr)
        return 1

    # section 4.1.2.2: the response's route list reverses the via list; as in the section 4.1.2.3.3
    # example (E answers D with route list (D, C, B, A)), it starts with the peer the request came from.
    via = [bytes.fromhex(v) for v in fields["via"].split(",")] if fields["via"] != "-" else []
    route = [last_hop_id] + list(reversed(via))
    infos_out = [(INFO_RESPONSIBLE, 250_000_000)] if INFO_RESPONSIBLE in infos else []
    if INFO_NUM_RESOURCES in infos:
        infos_out.append((INFO_NUM_RESOURCES, 0))
    # section 4.1: "Responses use the same Transaction ID as the request they correspond to"
    response = frame(overlay, args.ttl, args.routing, txid, route, [],
                     message_contents(RESPONSE_BIT | OK, PING,
                                      ping_response(struct.unpack("!Q", os.urandom(8))[0], infos_out)))
    send(target, response, last_hop_address)

    got = receive(origin, args.timeout)
    if got is None:
        print("timeout: no response reached %s within %.1f s" % (show_address(origin_address), args.timeout),
              file=sys.stderr)
        return 1
    data, sender = got
    fields = parse(data)
    line("received", fields, at=show_address(origin_address), **{"from": show_address(sender), "bytes": len(data)})
    if fields["txid"] != "0x%016x" % txid or fields["kind"] != "response":
        print("the origin received a frame that is not the response", file=sys.stderr)
        return 1
    if fields["route"].split(",")[0] != origin_id.hex():
        print("the response arrived with route list %s, not ending at the origin" % fields["route"], file=sys.stderr)
        return 1
    return 0


def command_send(args):
    overlay = overlay_hash(args.overlay)
    sock = bound_socket(host_port(args.bind))
    route = [peer_id(r) for r in args.route]
    via = [peer_id(v) for v in args.via]
    infos = [int(v) for v in args.ping_info.split(",") if v] if args.ping_info else []
    txid = args.txid if args.txid is not None else struct.unpack("!Q", os.urandom(8))[0]
    data = frame(overlay, args.ttl, args.routing, txid, route, via, message_contents(PING, 0, ping_request(infos)))
    if args.malform:
        data = malform(data, args.malform)
    send(sock, data, host_port(args.to))
    return 0


def command_recv(args):
    sock = bound_socket(host_port(args.bind))
    deadline = time.monotonic() + args.timeout
    received = 0
    while received < args.count:
        got = receive(sock, max(0.0, deadline - time.monotonic()))
        if got is None:
            break
        data, sender = got
        received += 1
        try:
            fields = parse(data)
        except ParseError as ex:
            fields = {"malformed": '"%s"' % ex}
        line("received", fields, at=show_address(sock.getsockname()),
             **{"from": show_address(sender), "bytes": len(data)})
    print("received %d frames" % received, flush=True)
    return 0 if received >= args.count else 1


def main(argv):
    parser = argparse.ArgumentParser(
        prog="reload-client.py",
        description="An independent RELOAD (draft-bryan-p2psip-reload-02) client for driving relo forwarders.")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--overlay", required=True, help="overlay name; its CRC-32 goes in the Overlay field")
        p.add_argument("--ttl", type=int, default=100, help="initial TTL (the draft leaves it TBD; default 100)")
        p.add_argument("--routing", type=int, default=1, help="Routing field (0 UNSPECIFIED, 1 RECURSIVE, 2 ITERATIVE)")
        p.add_argument("--txid", type=lambda t: int(t, 0), help="transaction id (default random)")
        p.add_argument("--ping-info", default="1,2", help="comma-separated ping_info values (default 1,2)")

    ping = commands.add_parser("ping", help="PING a target through forwarders and route the response back")
    common(ping)
    ping.add_argument("--origin", required=True, metavar="HEX32@HOST:PORT", help="the requesting peer, bound here")
    ping.add_argument("--first-hop", required=True, metavar="HEX32@HOST:PORT", help="the forwarder it sends to")
    ping.add_argument("--target", required=True, metavar="HEX32@HOST:PORT", help="the peer pinged, bound here")
    ping.add_argument("--last-hop", required=True, metavar="HEX32@HOST:PORT",
                      help="the forwarder the target is linked to")
    ping.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for each frame")

    send_p = commands.add_parser("send", help="send one PING request frame, possibly malformed")
    common(send_p)
    send_p.add_argument("--bind", required=True, metavar="HOST:PORT", help="source address (port 0: any)")
    send_p.add_argument("--to", required=True, metavar="HOST:PORT")
    send_p.add_argument("--route", action="append", default=[], metavar="HEX32", help="route list entry, repeatable")
    send_p.add_argument("--via", action="append", default=[], metavar="HEX32", help="via list entry, repeatable")
    send_p.add_argument("--malform", choices=MALFORMATIONS, help="break one rule of section 4.1")

    recv_p = commands.add_parser("recv", help="receive frames and print them")
    recv_p.add_argument("--bind", required=True, metavar="HOST:PORT")
    recv_p.add_argument("--count", type=int, default=1)
    recv_p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait in all")

    args = parser.parse_args(argv)
    try:
        return {"ping": command_ping, "send": command_send, "recv": command_recv}[args.command](args)
    except UsageError as ex:
        print("reload-client.py: %s" % ex, file=sys.stderr)
        return 2
    except ParseError as ex:
        print("reload-client.py: a received frame does not parse: %s" % ex, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

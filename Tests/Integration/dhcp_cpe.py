#!/usr/bin/env python3
"""A CPE behind a cable modem, as the CMTS relays it: DISCOVER/REQUEST carrying relay agent
information (option 82) with the modem's MAC as remote-id, which dhclient cannot send.
Prints the bound address and the server that gave it; exits 1 when no lease comes. With a fifth
argument `release`, it then gives the lease back (DHCPRELEASE), as a CPE that shuts down does.
With CPE_SECS set, its packets say it has been trying that many seconds (the `secs` field).
With MODEM-MAC `-` it sends no relay agent information (a modem itself); DHCP_VENDOR adds a
vendor class (option 60); with OFFER_ONLY=1 it only asks (DISCOVER), prints the offered address
and the offering server, and takes nothing: which peer answers, without a lease changing."""
import os, random, socket, struct, sys, time

IFACE, MAC, MODEM, TIMEOUT = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
RELEASE = sys.argv[5:] == ["release"]
mac = bytes(int(x, 16) for x in MAC.split(":"))
modem = bytes(int(x, 16) for x in MODEM.split(":")) if MODEM != "-" else b""
vendor = os.environ.get("DHCP_VENDOR", "").encode()

def packet(kind, xid, extra=b"", ciaddr=b"\0\0\0\0"):
    head = struct.pack("!BBBBIHH", 1, 1, 6, 0, xid, int(os.environ.get("CPE_SECS", "0")), 0x8000) + ciaddr + b"\0" * 12 + mac + b"\0" * 10
    head += b"\0" * 192 + b"\x63\x82\x53\x63"
    agent = b"\x02\x06" + modem
    opts = bytes([53, 1, kind]) + extra
    if vendor: opts += bytes([60, len(vendor)]) + vendor
    if modem: opts += bytes([82, len(agent)]) + agent
    opts += b"\xff"
    return head + opts

def options(data):
    found, i = {}, 240
    while i < len(data) and data[i] != 255:
        if data[i] == 0: i += 1; continue
        found[data[i]] = data[i + 2:i + 2 + data[i + 1]]; i += 2 + data[i + 1]
    return found

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, IFACE.encode())
s.bind(("0.0.0.0", 68))
s.settimeout(1)
xid = random.getrandbits(32)

def exchange(kind, extra, want):
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        s.sendto(packet(kind, xid, extra), ("255.255.255.255", 67))
        end = time.time() + 2
        while time.time() < end:
            try: data = s.recv(2048)
            except socket.timeout: break
            if len(data) > 240 and data[4:8] == struct.pack("!I", xid) and options(data).get(53) == bytes([want]):
                return data
    return None

offer = exchange(1, b"", 2)
if not offer: sys.exit(1)
yiaddr, server = offer[16:20], options(offer)[54]
if os.environ.get("OFFER_ONLY") == "1":
    print(socket.inet_ntoa(yiaddr), socket.inet_ntoa(server))
    sys.exit(0)
ack = exchange(3, bytes([50, 4]) + yiaddr + bytes([54, 4]) + server, 5)
if not ack: sys.exit(1)
print(socket.inet_ntoa(ack[16:20]), socket.inet_ntoa(options(ack)[54]))
if RELEASE:
    s.sendto(packet(7, xid, bytes([54, 4]) + options(ack)[54], ciaddr=ack[16:20]), ("255.255.255.255", 67))

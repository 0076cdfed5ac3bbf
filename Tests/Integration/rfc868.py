"""Asks a Time Protocol (RFC 868) server the time, as a DOCSIS device does at boot.

    rfc868.py SERVER udp|tcp   -> prints the server's time minus ours in seconds; exit 1 on no answer
"""
import socket
import struct
import sys
import time

SECONDS_1900_TO_1970 = 2208988800


def ask(server: str, transport: str) -> int:
    if transport == "udp":
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(3)
            sock.sendto(b"", (server, 37))
            answer, _ = sock.recvfrom(16)
    else:
        with socket.create_connection((server, 37), timeout=3) as sock:
            answer = b""
            while len(answer) < 4:
                chunk = sock.recv(4 - len(answer))
                if not chunk:
                    break
                answer += chunk
    if len(answer) != 4:
        raise ValueError(f"expected 4 bytes, got {len(answer)}")
    return struct.unpack("!I", answer)[0] - SECONDS_1900_TO_1970


if __name__ == "__main__":
    try:
        print(ask(sys.argv[1], sys.argv[2]) - int(time.time()))
    except (OSError, ValueError) as error:
        print(f"no answer: {error}", file=sys.stderr)
        sys.exit(1)

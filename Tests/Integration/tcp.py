"""TCP helpers for the firewall checks of the integration suite.

    tcp.py listen PORT...            bind each free PORT on all addresses and accept forever
    tcp.py reach [-b SOURCE] HOST PORT...   print the ports that do not accept a connection
                                            within 3 s; exit 1 if any
"""
import socket
import sys
import threading


def listen(ports):
    servers = []
    for port in ports:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            server.bind(("0.0.0.0", port))
        except OSError:
            continue  # a daemon of the suite already listens there
        server.listen(16)
        servers.append(server)
    def accept(server):
        while True:
            connection, _ = server.accept()
            connection.close()
    for server in servers:
        threading.Thread(target=accept, args=(server,), daemon=True).start()
    threading.Event().wait()


def reach(arguments):
    source = None
    if arguments[0] == "-b":
        source, arguments = arguments[1], arguments[2:]
    host, ports = arguments[0], [int(port) for port in arguments[1:]]
    unreachable = []
    for port in ports:
        connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        connection.settimeout(3)
        try:
            if source:
                connection.bind((source, 0))
            connection.connect((host, port))
        except OSError:
            unreachable.append(port)
        finally:
            connection.close()
    print(" ".join(map(str, unreachable)))
    sys.exit(1 if unreachable else 0)


if __name__ == "__main__":
    if sys.argv[1] == "listen":
        listen([int(port) for port in sys.argv[2:]])
    else:
        reach(sys.argv[2:])

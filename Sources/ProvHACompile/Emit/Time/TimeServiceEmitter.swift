/// Both nodes answer the Time Protocol (RFC 868, port 37, UDP and TCP) on their own address:
/// DOCSIS devices ask the `time-servers` with it, not with NTP. systemd sockets start a small
/// Perl helper (Perl is part of every NMS Prime server): per TCP connection it writes the
/// time once; on the UDP socket it answers each datagram.
struct TimeServiceEmitter: NodeEmitter {
    static let helper = "\(SystemdPaths.helpers)/rfc868-time"

    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let address = node.own.address
        let helperCommand = "/usr/bin/perl \(Self.helper)"
        let stream = SystemdUnitText.socket(
            node, description: "Time Protocol (RFC 868) over TCP for the DOCSIS devices of the ProvHA pair",
            listen: "ListenStream=\(address):37", accept: true)
        let streamService = SystemdUnitText.socketService(
            node, description: "Time Protocol (RFC 868) answer over TCP", command: helperCommand, serviceLines: ["DynamicUser=yes"])
        let datagram = SystemdUnitText.socket(
            node, description: "Time Protocol (RFC 868) over UDP for the DOCSIS devices of the ProvHA pair",
            listen: "ListenDatagram=\(address):37")
        let datagramService = SystemdUnitText.socketService(
            node, description: "Time Protocol (RFC 868) answers over UDP", unitLines: ["Requires=nmsprime-provha-time-udp.socket"],
            command: helperCommand, serviceLines: ["DynamicUser=yes"])
        return [
            node.file(SystemdPaths.unit("time.socket"), reload: .systemd, contents: stream),
            node.file(SystemdPaths.unit("time@.service"), reload: .systemd, contents: streamService),
            node.file(SystemdPaths.unit("time-udp.socket"), reload: .systemd, contents: datagram),
            node.file(SystemdPaths.unit("time-udp.service"), reload: .systemd, contents: datagramService),
            node.file(Self.helper, reload: .none, contents: node.header() + Self.script, mode: 0o755),
        ]
    }

    /// Seconds since 1900-01-01 as 32 bits, big-endian (RFC 868); wraps in 2036 as the RFC says.
    static let script = """
        # Time Protocol (RFC 868) on the socket systemd hands over as standard input.
        use strict;
        use warnings;
        use Socket qw(SOL_SOCKET SO_TYPE SOCK_DGRAM);

        sub now { return pack("N", (time() + 2208988800) % 4294967296); }

        # Standard input is the socket; Perl opens it for reading only, so take it read-write.
        open(my $socket, "+<&=", 0) or die "standard input is not a socket: $!";
        my $type = unpack("i", getsockopt($socket, SOL_SOCKET, SO_TYPE) // pack("i", 0));
        if ($type == SOCK_DGRAM) {
            while (defined(my $peer = recv($socket, my $request, 512, 0))) {
                send($socket, now(), 0, $peer);
            }
        } else {
            binmode($socket);
            syswrite($socket, now());
        }

        """
}

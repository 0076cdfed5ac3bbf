/// Where generated systemd units and their helpers are deployed, and how a unit is named.
enum SystemdPaths {
    static let units = "/etc/systemd/system"
    static let helpers = "/usr/libexec/nmsprime-provha"

    static func unit(_ name: String) -> String { "\(units)/nmsprime-provha-\(name)" }
}

/// The text of the socket and service units the TFTP and time emitters generate: one shape,
/// so every socket binds the node's own address the same way.
enum SystemdUnitText {
    /// A socket unit: `[Unit]` lines, one `Listen…=` line, `FreeBind` (the address may come up
    /// after the unit starts), `Accept=yes` when each connection gets its own service.
    static func socket(_ node: NodeContext, description: String, unitLines: [String] = [], listen: String, accept: Bool = false) -> String {
        node.header() + "[Unit]\nDescription=\(description)\n" + unitLines.map { $0 + "\n" }.joined()
            + "\n[Socket]\n\(listen)\n" + (accept ? "Accept=yes\n" : "") + "FreeBind=yes\n\n[Install]\nWantedBy=sockets.target\n"
    }

    /// A timer unit that starts its service `seconds` after boot, then `seconds` after the
    /// service last started (`OnUnitActiveSec`) or, with `afterItEnds`, after it last finished
    /// (`OnUnitInactiveSec`: a long run never overlaps the next).
    static func timer(_ node: NodeContext, description: String, seconds: Int, afterItEnds: Bool = false) -> String {
        node.header() + """
            [Unit]
            Description=\(description)

            [Timer]
            OnBootSec=\(seconds)
            \(afterItEnds ? "OnUnitInactiveSec" : "OnUnitActiveSec")=\(seconds)
            AccuracySec=1

            [Install]
            WantedBy=timers.target

            """
    }

    /// A service unit started on its socket: the socket is its standard input (and output).
    static func socketService(
        _ node: NodeContext, description: String, unitLines: [String] = [], command: String,
        serviceLines: [String] = []
    ) -> String {
        node.header() + "[Unit]\nDescription=\(description)\n" + unitLines.map { $0 + "\n" }.joined()
            + "\n[Service]\nExecStart=\(command)\nStandardInput=socket\n" + serviceLines.map { $0 + "\n" }.joined()
    }
}

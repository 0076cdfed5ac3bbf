import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `apply`'s reload commands (`ApplySettings.commands`) on a node, one service at a time,
/// and waits for the peer's DHCP server before it restarts this node's.
///
/// Each command runs with `/bin/sh -c` and, besides this process's environment, `PROVHA_NODE`
/// (`master`/`slave`), `PROVHA_ROOT` (the root the files were written under), `PROVHA_CHANGED`
/// (the changed paths of that service, relative to the root, space-separated) and
/// `PROVHA_CHANGED_UNITS` (the systemd units among them). A command must not leave a process
/// holding its standard output (start daemons with their output redirected): `apply` reads it
/// to the end.
public struct ServiceReloader {
    let settings: ApplySettings
    let node: NodeRole
    public let root: String
    /// Where the peer's DHCP servers answer while they run (failover or HA port), by the reload
    /// that restarts each.
    let peerDHCP: [Reload: Endpoint]

    /// An address and TCP port.
    struct Endpoint: Sendable {
        let address: IPv4Address
        let port: Int
    }

    /// What one reload did.
    public struct Step: Sendable, Equatable {
        public let service: Reload
        let seconds: Double
        /// nil: succeeded; else the command's exit status and its last lines.
        let failure: String?
    }

    init(settings: ApplySettings, node: NodeRole, root: String, peerDHCP: [Reload: Endpoint]) {
        self.settings = settings
        self.node = node
        self.root = root
        self.peerDHCP = peerDHCP
    }

    /// Runs the command of `service`; `changed` are its files that changed or went.
    func reload(_ service: Reload, changed: [String], log: (String) -> Void) -> Step {
        guard let command = settings.commands[service] else { return Step(service: service, seconds: 0, failure: nil) }
        if let peer = peerDHCP[service] { waitForPeer(peer, log: log) }
        let units = Set(changed.compactMap(Self.unitName)).sorted()
        let started = DispatchTime.now()
        let result = Subprocess.run(
            "/bin/sh", ["-c", command],
            environment: [
                "PROVHA_NODE": node.rawValue, "PROVHA_ROOT": root, "PROVHA_CHANGED": changed.joined(separator: " "),
                "PROVHA_CHANGED_UNITS": units.joined(separator: " "),
            ])
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        guard result.status != 0 else { return Step(service: service, seconds: seconds, failure: nil) }
        let lastLines = result.output.split(separator: "\n").suffix(3).joined(separator: " / ")
        return Step(service: service, seconds: seconds, failure: "exit status \(result.status)\(lastLines.isEmpty ? "" : ": \(lastLines)")")
    }

    /// Waits until the peer's DHCP server accepts a connection, at most `settings.peerWait`
    /// seconds: restarting this node's while the peer's restarts would leave the network without
    /// DHCP. A peer that stays silent is logged, and this node restarts anyway.
    func waitForPeer(_ peer: Endpoint, log: (String) -> Void) {
        let deadline = Date().addingTimeInterval(Double(settings.peerWait))
        var logged = false
        while !TCPProbe.accepts(peer.address, port: peer.port, timeout: 1) {
            if !logged {
                log(
                    "the peer's DHCP server (\(peer.address):\(peer.port)) does not answer; waiting up to \(settings.peerWait) s before restarting this node's"
                )
                logged = true
            }
            guard Date() < deadline else {
                log("the peer's DHCP server still does not answer; restarting this node's anyway")
                return
            }
            usleep(500_000)
        }
        if logged { log("the peer's DHCP server answers again") }
    }

    /// The systemd unit a changed file belongs to: a unit file, or a drop-in's unit. Not the
    /// watch service: `apply` may run inside it, and restarting it would stop that apply (its
    /// timer starts the changed unit next time).
    static func unitName(_ path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 4, parts[0] == "etc", parts[1] == "systemd", parts[2] == "system",
            "/" + path != SystemdPaths.unit(WatchUnitsEmitter.service)
        else { return nil }
        if parts.count == 5, parts[3].hasSuffix(".d") { return String(parts[3].dropLast(2)) }
        return parts.count == 4 && [".service", ".timer", ".socket"].contains(where: parts[3].hasSuffix) ? parts[3] : nil
    }
}

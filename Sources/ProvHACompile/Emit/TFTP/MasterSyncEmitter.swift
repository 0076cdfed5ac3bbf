import Foundation

/// On the master only: what NMS Prime's `provha:sync_ha_master_files` does every minute — push
/// the TFTP material only the master builds (`cvc`, `fw`, `keyfile` under `tftp.root`), the
/// CPE DNS update key and NMS Prime's shared storage folders (`tftp.sync.storage`: `config` and
/// five `data` folders, never `data/provha`) to the slave with `rsync --delete` over ssh — each
/// source a folder that lands under the same parent on the slave — as a systemd service and
/// timer, with a dedicated key and the slave's host key pinned in a known_hosts file of its
/// own. The slave never pushes. Without `tftp.sync` nothing is generated (a warning says so).
struct MasterSyncEmitter: NodeEmitter {
    static let knownHosts = "/etc/nmsprime-provha/sync-known_hosts"
    /// The CPE DNS update key NMS Prime's named-ddns.sh uses (the master's, made by ddns-confgen).
    static let cpeDNSKey = "/etc/named-ddns-cpe.key"

    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        guard node.role == .master, let sync = node.model.tftp.sync else { return [] }
        let root = node.model.tftp.root
        let slave = node.peer.address
        let port = node.model.nmsprime.slaveSSHPort
        // ssh names a host on another port than 22 `[address]:port` in known_hosts.
        let knownHost = port == 22 ? "\(slave)" : "[\(slave)]:\(port)"
        let ssh =
            "/usr/bin/ssh -i \(sync.identityFile)" + (port == 22 ? "" : " -p \(port)") + " -o BatchMode=yes -o StrictHostKeyChecking=yes"
            + " -o UserKnownHostsFile=\(Self.knownHosts) -o GlobalKnownHostsFile=/dev/null"
        let rsync = "/usr/bin/rsync --archive --delete --ignore-missing-args"
        var service =
            node.header() + """
                [Unit]
                Description=Copy the master's shared TFTP files, CPE DNS key and NMS Prime storage to the ProvHA slave \(node.peer.hostname)
                After=network-online.target
                Wants=network-online.target

                [Service]
                Type=oneshot
                Environment="RSYNC_RSH=\(ssh)"
                ExecStart=\(rsync) \(root)/cvc \(root)/fw \(root)/keyfile \(sync.user)@\(slave):\(root)/
                ExecStart=\(rsync) \(Self.cpeDNSKey) \(sync.user)@\(slave):\(Self.cpeDNSKey)

                """
        // Each group of folders with one parent is one rsync into that parent on the slave.
        let storage = sync.storage.map(NMSPrimeStorage.path(of:))
        for parent in [NMSPrimeStorage.root, "\(NMSPrimeStorage.root)/data"] {
            let sources = storage.filter { ($0 as NSString).deletingLastPathComponent == parent }
            guard !sources.isEmpty else { continue }
            service += "ExecStart=\(rsync) \(sources.joined(separator: " ")) \(sync.user)@\(slave):\(parent)/\n"
        }
        let timer = SystemdUnitText.timer(
            node, description: "Copy the master's shared TFTP files to the ProvHA slave every \(sync.interval) s", seconds: sync.interval)
        let knownHosts = node.header() + "\(knownHost) \(sync.slaveHostKey)\n"
        return [
            node.file(SystemdPaths.unit("sync.service"), reload: .systemd, contents: service),
            node.file(SystemdPaths.unit("sync.timer"), reload: .systemd, contents: timer),
            node.file(Self.knownHosts, reload: .none, contents: knownHosts),
        ]
    }
}

/// On the master only: what NMS Prime's `provha:sync_ha_master_files` does every minute — push
/// the TFTP material only the master builds (`cvc`, `fw`, `keyfile` under `tftp.root`) and the
/// CPE DNS update key to the slave with `rsync --delete` over ssh — as a systemd service and
/// timer, with a dedicated key and the slave's host key pinned in a known_hosts file of its
/// own. The slave never pushes. Without `tftp.sync` nothing is generated (a warning says so).
struct MasterSyncEmitter: NodeEmitter {
    static let knownHosts = "/etc/nmsprime-provha/sync-known_hosts"
    /// The CPE DNS update key NMS Prime's named-ddns.sh uses (the master's, made by ddns-confgen).
    static let cpeDNSKey = "/etc/named-ddns-cpe.key"

    init() {}

    public func emit(_ node: NodeContext) -> [GeneratedFile] {
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
        let service =
            node.header() + """
                [Unit]
                Description=Copy the master's shared TFTP files and CPE DNS key to the ProvHA slave \(node.peer.hostname)
                After=network-online.target
                Wants=network-online.target

                [Service]
                Type=oneshot
                Environment="RSYNC_RSH=\(ssh)"
                ExecStart=\(rsync) \(root)/cvc \(root)/fw \(root)/keyfile \(sync.user)@\(slave):\(root)/
                ExecStart=\(rsync) \(Self.cpeDNSKey) \(sync.user)@\(slave):\(Self.cpeDNSKey)

                """
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

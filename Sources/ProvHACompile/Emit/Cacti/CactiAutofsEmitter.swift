/// On the slave only, the seed's layout for reading the master's cacti rra files: an autofs
/// indirect map on its own folder (`cacti.mount_root`, `--ghost` so the key shows before the
/// first mount) mounting the master's rra folder read-only over sshfs as `rra` (a dedicated
/// user's key, `nodev`, `noatime`, the master's host key pinned when the cluster file gives it),
/// and a tmpfiles.d rule linking the folder cacti reads (`cacti.mount_point`) to it. Mounting on
/// cacti's own folder instead would hide everything else there (EPEL cacti keeps `scripts/` and
/// `cli/` beside `rra/`).
struct CactiAutofsEmitter: NodeEmitter {
    static let masterMapEntry = "/etc/auto.master.d/nmsprime-cacti.autofs"
    static let map = "/etc/auto.nmsprime-cacti"
    static let knownHosts = "/etc/nmsprime-provha/cacti-known_hosts"
    static let link = "/etc/tmpfiles.d/nmsprime-provha-cacti.conf"
    /// The map's key: the master's rra folder appears as `<mount_root>/rra`.
    static let key = "rra"

    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        guard node.role == .slave else { return [] }
        let cacti = node.model.cacti
        let master = node.peer.address
        let entry = node.header() + "\(cacti.mountRoot) \(Self.map) --timeout=\(cacti.timeout) --ghost\n"
        var options = [
            "fstype=fuse", "ro", "nodev", "noatime", "allow_other", "reconnect",
            "IdentityFile=\(cacti.identityFile)", "ServerAliveInterval=15", "BatchMode=yes",
        ]
        var files: [GeneratedFile] = []
        if let hostKey = cacti.masterHostKey {
            options += ["StrictHostKeyChecking=yes", "UserKnownHostsFile=\(Self.knownHosts)", "GlobalKnownHostsFile=/dev/null"]
            files.append(node.file(Self.knownHosts, reload: .autofs, contents: node.header() + "\(master) \(hostKey)\n"))
        }
        let source = ":sshfs\\#\(cacti.user)@\(master)\\:\(cacti.remotePath)"
        let map = node.header() + "\(Self.key) -\(options.joined(separator: ",")) \(source)\n"
        let link =
            node.header() + """
                # cacti reads the master's rra files through the autofs mount (created at boot, or by
                # systemd-tmpfiles --create on deploy; an existing folder there is left alone: move it aside once).
                L \(cacti.mountPoint) - - - - \(cacti.mountRoot)/\(Self.key)

                """
        files += [
            node.file(Self.masterMapEntry, reload: .autofs, contents: entry),
            node.file(Self.map, reload: .autofs, contents: map),
            node.file(Self.link, reload: .tmpfiles, contents: link),
        ]
        return files
    }
}

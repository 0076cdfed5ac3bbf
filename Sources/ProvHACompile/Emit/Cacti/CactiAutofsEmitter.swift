/// On the slave only: the autofs master-map entry and the sshfs map that mount the master's
/// cacti rra folder read-only on demand, so the slave's graphs read the master's data.
public struct CactiAutofsEmitter: NodeEmitter {
    static let masterMapEntry = "/etc/auto.master.d/nmsprime-cacti.autofs"
    static let map = "/etc/auto.nmsprime-cacti"

    public init() {}

    public func emit(_ node: NodeContext) -> [GeneratedFile] {
        guard node.role == .slave else { return [] }
        let cacti = node.model.config.cacti
        let mountPoint = cacti.mountPoint.value
        let parent = Self.parent(of: mountPoint)
        let key = String(mountPoint.split(separator: "/").last ?? "rra")
        let entry = node.header() + "\(parent) \(Self.map) --timeout=\(cacti.timeout.value)\n"
        let options = ["fstype=fuse", "ro", "allow_other", "reconnect", "IdentityFile=\(cacti.identityFile.value)",
                       "ServerAliveInterval=15"].joined(separator: ",")
        let source = ":sshfs\\#\(cacti.user)@\(node.peer.address.value)\\:\(cacti.remotePath.value)"
        let map = node.header() + "\(key) -\(options) \(source)\n"
        return [
            GeneratedFile(path: node.path(Self.masterMapEntry), contents: entry),
            GeneratedFile(path: node.path(Self.map), contents: map),
        ]
    }

    /// `/var/lib/cacti` for `/var/lib/cacti/rra`; the mount point itself is the map's key.
    static func parent(of path: String) -> String {
        let parts = path.split(separator: "/")
        return "/" + parts.dropLast().joined(separator: "/")
    }
}

/// The node's `watch` as systemd runs it: `nmsprime-provha-watch.timer` starts
/// `nmsprime-provha-watch.service` every `apply.poll_interval` seconds (NMS Prime's scheduler
/// checks every minute), a oneshot `provha-compile watch --once` that applies the node's files
/// when the database changed or the slave's rebuild interval passed. The database password comes
/// from `/etc/nmsprime-provha/watch.env` (the variable `snapshot.mariadb.password_env` names),
/// which the operator creates, readable by root only.
struct WatchUnitsEmitter: NodeEmitter {
    init() {}

    /// The environment file the unit reads (the database password): never generated.
    static let environmentFile = "/etc/nmsprime-provha/watch.env"
    static let service = "watch.service"

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let apply = node.model.apply
        // Both paths have `DeployedPath`'s plain form: nothing in them needs quoting.
        let command = "\(apply.program) watch \(apply.clusterFile) --node \(node.role.rawValue) --once"
        return [
            node.file(
                SystemdPaths.unit(Self.service), reload: .systemd,
                contents: node.header() + """
                    [Unit]
                    Description=Apply the ProvHA configuration of \(node.own.hostname) when the NMS Prime database changes
                    Wants=network-online.target
                    After=network-online.target mariadb.service

                    [Service]
                    Type=oneshot
                    EnvironmentFile=-\(Self.environmentFile)
                    ExecStart=\(command)

                    """),
            node.file(
                SystemdPaths.unit("watch.timer"), reload: .systemd,
                contents: SystemdUnitText.timer(
                    node, description: "Check the NMS Prime database for changes every \(apply.pollInterval) s", seconds: apply.pollInterval,
                    afterItEnds: true)),
        ]
    }
}

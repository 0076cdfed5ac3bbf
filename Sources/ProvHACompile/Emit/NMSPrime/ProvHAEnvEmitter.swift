/// `/etc/nmsprime/env/provha.env`, the file NMS Prime's ProvHA module installs on each node and
/// Laravel's dotenv reads: `PROVHA__OWN_STATE` (`master` or `slave`, lower case), the node's role
/// and the central setting of the module, and `SLAVE_SSH_PORT`, always written, since the
/// module's sync reads it with PHP's `getenv`, which has no default (a missing key breaks ssh).
/// The file is the module's own, so it is written whole; its values are a role name and a port,
/// which need no quoting in dotenv. A change reloads NMS Prime's cached configuration.
struct ProvHAEnvEmitter: NodeEmitter {
    static let path = "/etc/nmsprime/env/provha.env"

    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let text =
            node.header() + """
                PROVHA__OWN_STATE=\(node.role.rawValue)
                SLAVE_SSH_PORT=\(node.model.nmsprime.slaveSSHPort)

                """
        return [node.file(Self.path, reload: .nmsprimeConfig, contents: text)]
    }
}

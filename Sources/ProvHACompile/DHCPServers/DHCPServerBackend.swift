/// A DHCP server the pair can run, picked by `dhcp.server`: everything the pipeline does
/// differently for one server goes through here, so that the stages, the model and the CLI
/// name none. ISC dhcpd with failover (`ISC/`) and Kea DHCPv4 with its HA hook (`Kea/`)
/// implement it; `DHCPServers.registry` is the list `dhcp.server` chooses from.
///
/// A value of it is the server resolved for one cluster (Kea's carries its HA settings), held
/// by the model as `ClusterModel.dhcp`.
protocol DHCPServerBackend: Sendable {
    /// `dhcp.server`'s value that picks it.
    static var name: String { get }
    /// The group the daemon runs as when `dhcp.group` does not say (it must read the key files).
    static var defaultGroup: String { get }
    /// Whether the daemon has dhcpd's OMAPI, and so reads `failover.omapi_key`.
    static var readsOMAPIKey: Bool { get }
    /// Resolves the server for a cluster, reporting through `validator` (located) what it cannot
    /// express of the cluster file and the snapshot.
    static func resolve(by validator: Validator, _ inputs: DHCPServerInputs) -> Self

    /// The daemon's program, as `status` names it.
    static var daemon: String { get }
    /// The emitters of its files, in the tree's order.
    static var emitters: [any Emitter] { get }
    /// The reload that restarts the daemon itself (`apply` waits for the peer's to answer first).
    static var serverReload: Reload { get }

    /// What `role`'s firewall opens to the peer for this server.
    func peerOpenings(_ model: ClusterModel, on role: NodeRole) -> [FirewallOpening]
    /// The TCP port on which `role`'s server accepts its peer while it runs.
    func peerPort(_ model: ClusterModel, of role: NodeRole) -> Int
    /// Whether `checkPair` checks anything (`check` renders the tree for it even without `--verify`).
    static var checksThePair: Bool { get }
    /// The checks across the rendered pair that the daemon's own checker cannot make; true when
    /// they hold (every finding in `diagnostics`).
    func checkPair(_ files: [GeneratedFile], model: ClusterModel, diagnostics: DiagnosticCollector) -> Bool
    /// The daemon's own checkers on one node's laid-out tree (`node`: its folder), for the files
    /// of this server among `deployed`.
    static func checkerRuns(node: String, deployed: Set<String>) -> [RealCheckers.Check]
    /// Asks the server at `address` for its state in the pair.
    func askState(_ probe: DHCPStateProbe, at address: IPv4Address) -> DHCPStateProbe.Reply
    /// The node that answers a client whose identifier hashes to `bucket` (RFC 3074) while both
    /// nodes are up.
    func answeringNode(bucket: Int, failover: FailoverSettings) -> NodeRole
    /// Why `node` answers a client in `bucket`, as `explain` says it after "answered by: the node".
    func whyAnswers(_ node: NodeRole, bucket: Int, failover: FailoverSettings) -> String
}

extension ClusterModel {
    /// The DHCP server's kind: its name, daemon, emitters and checkers.
    var dhcpServer: any DHCPServerBackend.Type { type(of: dhcp) }
}

/// What a server's resolution may look at beyond the cluster file: the validated devices and
/// pools (Kea warns about what its reservations and pool halves cannot express).
struct DHCPServerInputs {
    let devices: ValidatedDevices
    let statements: [Int: DHCPDStatements]
    let cmtses: [CMTSModel]
    let maxCPE: Int
}

/// One opening of a node's firewall for its peer.
struct FirewallOpening {
    let `protocol`: String
    let port: Int
    /// What uses it, written beside the port in the zone file.
    let purpose: String
}

/// The DHCP servers `dhcp.server` chooses from.
enum DHCPServers {
    /// Every server, the default (NMS Prime's own, ISC dhcpd) first.
    static let registry: [any DHCPServerBackend.Type] = [ISCDHCPServer.self, KeaDHCPServer.self]

    /// `dhcp.server`'s values, in the registry's order.
    static var names: [String] { registry.map { $0.name } }

    /// The server `name` picks; nil for a name no server has.
    static func named(_ name: String) -> (any DHCPServerBackend.Type)? { registry.first { $0.name == name } }

    /// The server a cluster file without `dhcp.server` runs.
    static var standard: any DHCPServerBackend.Type { ISCDHCPServer.self }

    /// Every server's emitters (part of the registry of emitters' full list).
    static var allEmitters: [any Emitter] { registry.flatMap { $0.emitters } }

    /// Whether `reload` restarts some server's daemon, taking the node's DHCP service away for a moment.
    static func restartsServer(_ reload: Reload) -> Bool { registry.contains { $0.serverReload == reload } }
}

/// A DHCP server the pair runs: everything the pipeline does differently for one server goes
/// through here, so that the stages, the model and the CLI name none. ISC dhcpd with failover
/// (`ISC/`) and Kea DHCPv4 with its HA hook (`Kea/`) are the DHCPv4 servers `dhcp.server`
/// chooses from (`DHCPv4Server`); Kea DHCPv6 with its HA hook serves the IPv6 pools beside
/// either (`dhcp6`).
///
/// A value of it is the server resolved for one cluster (Kea's carries its HA settings), held
/// by the model as `ClusterModel.dhcp` and `ClusterModel.dhcp6`; `ClusterModel.dhcpServers`
/// lists the ones a cluster runs.
protocol DHCPServerBackend: Sendable {
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

/// A DHCPv4 server `dhcp.server` picks, by name.
protocol DHCPv4Server: DHCPServerBackend {
    /// `dhcp.server`'s value that picks it.
    static var name: String { get }
    /// The group the daemon runs as when `dhcp.group` does not say (it must read the key files).
    static var defaultGroup: String { get }
    /// Whether the daemon has dhcpd's OMAPI, and so reads `failover.omapi_key`.
    static var readsOMAPIKey: Bool { get }
    /// Resolves the server for a cluster, reporting through `validator` (located) what it cannot
    /// express of the cluster file and the snapshot.
    static func resolve(by validator: Validator, _ inputs: DHCPServerInputs) -> Self
}

extension ClusterModel {
    /// The DHCPv4 server's kind: its name, daemon, emitters and checkers.
    var dhcpServer: any DHCPv4Server.Type { type(of: dhcp) }

    /// Every DHCP server the nodes run: the DHCPv4 server, then Kea DHCPv6 when it serves.
    var dhcpServers: [any DHCPServerBackend] { [dhcp] + (dhcp6.map { [$0] } ?? []) }

    /// Whether some server checks the rendered pair (`check` renders the tree for it).
    var checksThePair: Bool { dhcpServers.contains { type(of: $0).checksThePair } }

    /// Every server's checks across the rendered pair, each run (all findings reported); true
    /// when all hold.
    func checkPairs(_ files: [GeneratedFile], diagnostics: DiagnosticCollector) -> Bool {
        dhcpServers.map { $0.checkPair(files, model: self, diagnostics: diagnostics) }.allSatisfy { $0 }
    }
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

/// The DHCP servers `dhcp.server` chooses from, and DHCPv6's.
enum DHCPServers {
    /// Every DHCPv4 server, the default (NMS Prime's own, ISC dhcpd) first.
    static let registry: [any DHCPv4Server.Type] = [ISCDHCPServer.self, KeaDHCPServer.self]
    /// Every server a tree may hold files of: the DHCPv4 ones and Kea DHCPv6.
    static let every: [any DHCPServerBackend.Type] = registry + [KeaDHCP6Server.self]

    /// `dhcp.server`'s values, in the registry's order.
    static var names: [String] { registry.map { $0.name } }

    /// The server `name` picks; nil for a name no server has.
    static func named(_ name: String) -> (any DHCPv4Server.Type)? { registry.first { $0.name == name } }

    /// The server a cluster file without `dhcp.server` runs.
    static var standard: any DHCPv4Server.Type { ISCDHCPServer.self }

    /// Every server's emitters (part of the registry of emitters' full list).
    static var allEmitters: [any Emitter] { every.flatMap { $0.emitters } }

    /// Whether `reload` restarts some server's daemon, taking the node's DHCP service away for a moment.
    static func restartsServer(_ reload: Reload) -> Bool { every.contains { $0.serverReload == reload } }
}

/// Kea DHCPv4 with the HA hook, its control agent and its DDNS daemon: how the pair shares the
/// clients and where its parts talk (resolved by `Validator.resolveKea`).
struct KeaDHCPServer: DHCPv4Server, KeaHAPeer {
    /// How the HA hook shares the clients between the peers.
    enum Mode: Sendable, Equatable {
        /// `split 128`: half of the clients each (Kea: even hashes to the primary), the master primary.
        case loadBalancing
        /// `split 256` or `0`: `primary` answers everything, the other node stands by.
        case hotStandby(primary: NodeRole)
    }

    let mode: Mode
    /// The folder of `libdhcp_lease_cmds.so` and `libdhcp_ha.so`.
    let hooksDirectory: String
    /// The HA hook's dedicated HTTP listener, where each peer sends lease updates and heartbeats.
    let haPort: Int
    /// The control agent (operators, `status`): `ha-status-get`, `lease4-get`, `config-reload`.
    let apiPort: Int
    /// HA heartbeat, milliseconds: a sixth of `maxResponseDelay` (Kea's defaults, 10 s of 60 s).
    let heartbeatDelay: Int
    /// Milliseconds without contact after which the peer counts as unreachable (ISC's
    /// `max-response-delay`, there in seconds).
    let maxResponseDelay: Int
    /// Milliseconds a client may wait unanswered before it counts towards partner-down: ISC's
    /// `load balance max seconds`, after which dhcpd answers the peer's clients itself.
    let maxAckDelay: Int
    /// `kea_reservations: database`: where both nodes read the reservations (nil: inline).
    var hostsDatabase: KeaHostsDatabase?

    // MARK: the backend

    static let name = "kea"
    /// Debian's packages run Kea as `_kea`.
    static let defaultGroup = "_kea"
    static let readsOMAPIKey = false
    static let daemon = "kea-dhcp4"
    static let emitters: [any Emitter] = [KeaDHCP4Emitter(), KeaControlAgentEmitter(), KeaDDNSEmitter(), KeaHostsSQLEmitter()]
    static let serverReload = Reload.keaDHCP4

    static func resolve(by validator: Validator, _ inputs: DHCPServerInputs) -> KeaDHCPServer { validator.resolveKea(inputs) }

    func peerOpenings(_ model: ClusterModel, on role: NodeRole) -> [FirewallOpening] {
        [FirewallOpening(protocol: "tcp", port: haPort, purpose: "Kea HA: the peer's lease updates and heartbeats")]
    }

    static let checksThePair = true

    func checkPair(_ files: [GeneratedFile], model: ClusterModel, diagnostics: DiagnosticCollector) -> Bool {
        KeaPairCheck.check(files, model: model, diagnostics: diagnostics)
    }

    /// Kea 2.2's -t checks syntax and the core's settings, not the HA hook's (`checkPair` does).
    static func checkerRuns(node: String, deployed: Set<String>) -> [RealCheckers.Check] {
        [("kea-dhcp4", KeaPaths.dhcp4), ("kea-ctrl-agent", KeaPaths.controlAgent), ("kea-dhcp-ddns", KeaPaths.ddns)]
            .filter { deployed.contains($0.1) }
            .map { program, path in RealCheckers.Check(program: program, arguments: ["-t", "\(node)\(path)"], file: path) }
    }

    func askState(_ probe: DHCPStateProbe, at address: IPv4Address) -> DHCPStateProbe.Reply { probe.askKea(address, port: haPort) }

    func whyAnswers(_ node: NodeRole, bucket: Int, failover: FailoverSettings) -> String {
        switch mode {
        case .loadBalancing:
            return "(RFC 3074 bucket \(bucket) of its identifier; Kea's load-balancing gives the master the even buckets, the slave the odd), "
                + "from the \(node.rawValue)'s half of each pool; by the other node only once that one is in partner-down"
        case .hotStandby:
            return "(Kea hot-standby: the primary answers every client); by the standby only once it is in partner-down"
        }
    }
}

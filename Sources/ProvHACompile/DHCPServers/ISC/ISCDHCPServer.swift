/// ISC dhcpd with its failover protocol, as NMS Prime runs it: the failover settings and the
/// OMAPI key are the model's (`ClusterModel.failover`, `omapiKey`), so nothing is left to resolve.
struct ISCDHCPServer: DHCPv4Server {
    static let name = "isc"
    /// EL's packages run dhcpd as `dhcpd`.
    static let defaultGroup = "dhcpd"
    static let readsOMAPIKey = true
    static let daemon = "dhcpd"
    static let emitters: [any Emitter] = [
        DHCPDConfEmitter(),
        FailoverConfEmitter(),
        GlobalConfEmitter(),
        DefaultNetworkEmitter(),
        CMTSGatewaysEmitter(),
        ModemHostsEmitter(),
        DeviceHostsEmitter(),
        LogConfEmitter(),
        ClientClassesEmitter(),
    ]
    static let serverReload = Reload.dhcpd

    /// dhcpd keeps its host entries in its files: Kea's reservation settings are left unused, said.
    static func resolve(by validator: Validator, _ inputs: DHCPServerInputs) -> ISCDHCPServer {
        let dhcp = validator.config.dhcp
        if let location = dhcp.keaReservations?.location ?? dhcp.keaHostsDatabase?.location {
            validator.warning(
                "dhcp.kea_reservations and dhcp.kea_hosts_database are for dhcp.server: kea; dhcpd's host entries stay in its files", location)
        }
        return ISCDHCPServer()
    }

    func peerOpenings(_ model: ClusterModel, on role: NodeRole) -> [FirewallOpening] {
        [
            FirewallOpening(protocol: "tcp", port: model.failover.port(of: role), purpose: "dhcpd failover"),
            FirewallOpening(protocol: "tcp", port: model.failover.omapiPort, purpose: "dhcpd OMAPI"),
        ]
    }

    func peerPort(_ model: ClusterModel, of role: NodeRole) -> Int { model.failover.port(of: role) }

    static let checksThePair = false

    /// `dhcpd -t` on each node sees all a node's failover needs; the pair's agreement (ports,
    /// split, peer addresses) is the validator's and the emitters' by construction.
    func checkPair(_ files: [GeneratedFile], model: ClusterModel, diagnostics: DiagnosticCollector) -> Bool { true }

    /// Not -q: it silences the errors too.
    static func checkerRuns(node: String, deployed: Set<String>) -> [RealCheckers.Check] {
        let config = DHCPPaths.file("dhcpd.conf")
        guard deployed.contains(config) else { return [] }
        return [RealCheckers.Check(program: "dhcpd", arguments: ["-t", "-4", "-cf", "\(node)\(config)", "-lf", "/dev/null"], file: config)]
    }

    func askState(_ probe: DHCPStateProbe, at address: IPv4Address) -> DHCPStateProbe.Reply { probe.askDHCPD(address) }

    /// dhcpd's primary (the master) takes the buckets below `split`.
    func answeringNode(bucket: Int, failover: FailoverSettings) -> NodeRole { bucket < failover.split ? .master : .slave }

    func whyAnswers(_ node: NodeRole, bucket: Int, failover: FailoverSettings) -> String {
        let split = failover.split
        let range = node == .master ? "0-\(split - 1)" : "\(split)-255"
        return "(RFC 3074 bucket \(bucket) of its identifier; split \(split) gives the \(node.rawValue) buckets \(range)); "
            + "by either node once it has retried for more than \(failover.loadBalanceMaxSeconds) s, or while the other is down"
    }
}

/// The folder NMS Prime's dhcpd reads its configuration from.
enum DHCPPaths {
    static let folder = "/etc/dhcp-nmsprime"
    static func file(_ name: String) -> String { "\(folder)/\(name)" }
}

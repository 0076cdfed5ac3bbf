import Foundation

/// Kea DHCPv6 with the HA hook, for the snapshot's IPv6 pools (`dhcp6`), beside either DHCPv4
/// server (ISC dhcpd for v4 and Kea for v6 is NMS Prime's own mix): the CMTSs' shared networks,
/// resolved and checked (`Validator.resolveKeaDHCP6`), and how the pair shares the clients.
struct KeaDHCP6Server: KeaHAPeer {
    /// One CMTS's IPv6 subnets (`gateways6/<id>.conf`).
    struct SharedNetwork: Sendable {
        let cmtsID: Int
        let name: String
        let subnets: [Subnet]
    }

    /// The IPv6 pools of one CMTS that share a network, lowest pool id first.
    struct Subnet: Sendable {
        /// The first pool's id: Kea's subnet id, the same on both peers.
        let id: Int
        let network: IPv6Network
        let ranges: [IPv6Range]
        let delegations: [PrefixDelegation]
        /// The relay addresses Kea selects the subnet by (the pools' `router_ip`).
        let relays: [IPv6Address]
        let dnsServers: [IPv6Address]
        /// Only the reservations whose address or prefix lies in this subnet (NMS Prime puts
        /// every reservation into every subnet, which Kea refuses).
        let reservations: [IPv6Reservation]
        /// `ippool.optional`, checked Kea members, on the subnet (NMS Prime: on the shared network).
        let extraMembers: [(String, JSON)]
    }

    /// How the HA hook shares the clients (load-balancing: by the DUID's hash).
    let mode: KeaDHCPServer.Mode
    let hooksDirectory: String
    /// kea-dhcp6's HA listener, where the peer sends lease updates and heartbeats.
    let haPort: Int
    let heartbeatDelay: Int
    let maxResponseDelay: Int
    let maxAckDelay: Int
    let preferredLifetime: Int
    let validLifetime: Int
    /// What each node's kea-dhcp6 listens on: `interface/address` (the unicast address relays
    /// send to), or `*` (link-local and multicast only).
    let listen: [NodeRole: String]
    /// The nodes' `address6`, master first, where the CMTSs relay to; empty unless both have one.
    let relayDestinations: [IPv6Address]
    let networks: [SharedNetwork]

    /// The reservation of `mac`, with the subnet and shared network that hold it.
    func reservation(of mac: MACAddress) -> (reservation: IPv6Reservation, subnet: Subnet, network: SharedNetwork)? {
        for network in networks {
            for subnet in network.subnets {
                if let reservation = subnet.reservations.first(where: { $0.mac == mac }) { return (reservation, subnet, network) }
            }
        }
        return nil
    }

    /// Whether it serves an IPv6 subnet of the CMTS with `cmtsID`.
    func serves(cmtsID: Int) -> Bool { networks.contains { $0.cmtsID == cmtsID } }

    // MARK: the backend

    static let daemon = "kea-dhcp6"
    static let emitters: [any Emitter] = [KeaDHCP6Emitter()]
    static let serverReload = Reload.keaDHCP6

    func peerOpenings(_ model: ClusterModel, on role: NodeRole) -> [FirewallOpening] {
        [FirewallOpening(protocol: "tcp", port: haPort, purpose: "Kea DHCPv6 HA: the peer's lease updates and heartbeats")]
    }

    static let checksThePair = true

    func checkPair(_ files: [GeneratedFile], model: ClusterModel, diagnostics: DiagnosticCollector) -> Bool {
        KeaDHCP6PairCheck.check(files, diagnostics: diagnostics)
    }

    /// `kea-dhcp6 -t` reads the main file and, through its includes, the shared networks. It
    /// also asks this machine whether the node's interface holds the node's address, which only
    /// the node can answer: the checked copy listens on `*` instead, all else byte for byte.
    /// (It also requires the data directory, made here in the laid-out tree.)
    static func checkerRuns(node: String, deployed: Set<String>) -> [RealCheckers.Check] {
        guard deployed.contains(KeaPaths.dhcp6) else { return [] }
        let path = "\(node)\(KeaPaths.dhcp6)"
        // The data directory the package makes on a node; -t requires it to exist.
        try? FileManager.default.createDirectory(atPath: "\(node)\(KeaPaths.dataDirectory)", withIntermediateDirectories: true)
        let checked = "\(node)/dhcp6-checked.conf"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let start = text.range(of: "\"interfaces\": [ \""), let end = text[start.upperBound...].range(of: "\" ]"),
            FileManager.default.createFile(
                atPath: checked, contents: Data((text[..<start.upperBound] + "*" + text[end.lowerBound...]).utf8))
        else { return [RealCheckers.Check(program: "kea-dhcp6", arguments: ["-t", path], file: KeaPaths.dhcp6)] }
        return [RealCheckers.Check(program: "kea-dhcp6", arguments: ["-t", checked], file: KeaPaths.dhcp6)]
    }

    func askState(_ probe: DHCPStateProbe, at address: IPv4Address) -> DHCPStateProbe.Reply { probe.askKea(address, port: haPort, service: "dhcp6") }

    func whyAnswers(_ node: NodeRole, bucket: Int, failover: FailoverSettings) -> String {
        switch mode {
        case .loadBalancing:
            return "(Kea DHCPv6 load-balancing by the hash of the client's DUID), from the \(node.rawValue)'s half of each pool and pd-pool; "
                + "by the other node only once that one is in partner-down"
        case .hotStandby:
            return "(Kea DHCPv6 hot-standby: the primary answers every client); by the standby only once it is in partner-down"
        }
    }
}

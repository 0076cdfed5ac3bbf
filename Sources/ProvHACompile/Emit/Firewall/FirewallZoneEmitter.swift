/// firewalld zones bound to source addresses; such a zone takes all traffic from its sources.
/// Zone names stay within firewalld's 17 characters.
///
/// `nmsprime-provha.xml`, whose source is the peer, opens on each node exactly what the peer
/// must reach there. Both nodes: the node's own failover port and OMAPI (Kea: the HA hook's
/// listener; its control agent listens on 127.0.0.1 only), and DNS (notify and zone
/// transfer), Galera (3306, 4444, 4567 tcp/udp, 4568). The master also: syslog from the slave
/// and SSH for the slave's sshfs mount of the cacti files; the slave: SSH for the master's
/// rsync, icinga2 (5665) and SNMP for the master's monitoring. Plus `firewall.extra_peer_ports`.
///
/// `nmsprime-devices.xml`, whose sources are the CM and MTA networks, opens what those
/// devices are told to use on this node, and nothing more: DHCP (relayed by the CMTS from its
/// address in those networks), TFTP (`next-server`, vivso), time (RFC 868, `time-servers`),
/// DNS (`domain-name-servers`) and syslog (`log-servers`).
///
/// `nmsprime-cpe.xml`, whose sources are the CPE and STB networks, opens DNS: their pools hand
/// out both servers as resolvers, and named recurses for them.
struct FirewallZoneEmitter: NodeEmitter {
    /// firewalld refuses a zone name longer than 17 characters — and then falls back to its stock
    /// configuration, dropping every zone of the folder.
    static let peerZoneName = "nmsprime-provha"
    static let deviceZoneName = "nmsprime-devices"
    static let customerZoneName = "nmsprime-cpe"
    static let peerZone = path(of: peerZoneName)
    static let deviceZone = path(of: deviceZoneName)
    static let customerZone = path(of: customerZoneName)

    static func path(of zone: String) -> String { "/etc/firewalld/zones/\(zone).xml" }

    typealias Opening = (protocol: String, port: Int, purpose: String)

    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let model = node.model
        // A source zone takes all of the peer's traffic (firewalld >= 1.0 lets none drift to the
        // interface's zone): every service the pair uses between its nodes is listed here.
        var ports: [Opening] = model.dhcpServers.flatMap { $0.peerOpenings(model, on: node.role) }.map { ($0.protocol, $0.port, $0.purpose) }
        ports += [
            ("tcp", 53, "DNS: zone transfer, updates and lookups"),
            ("udp", 53, "DNS: notify, updates and lookups"),
            ("tcp", 3306, "MariaDB (Galera clients and replication)"),
            ("tcp", 4444, "Galera state snapshot transfer"),
            ("tcp", 4567, "Galera group communication"),
            ("udp", 4567, "Galera group communication (multicast replication)"),
            ("tcp", 4568, "Galera incremental state transfer"),
        ]
        switch node.role {
        case .master:
            ports.append(("tcp", model.syslog.port, "rsyslog from the slave"))
            ports.append(("tcp", 22, "ssh: the slave's sshfs mount of the cacti rra folder"))
        case .slave:
            ports.append(("tcp", model.nmsprime.slaveSSHPort, "ssh: the master's rsync of the shared TFTP files"))
            ports.append(("tcp", 5665, "icinga2: the master's monitoring of the slave"))
            ports.append(("udp", 161, "SNMP: the master's monitoring of the slave"))
        }
        ports += model.firewall.extraPeerPorts.map { ($0.protocol, $0.port, "firewall.extra_peer_ports") }
        let peer = zone(
            node, short: Self.peerZoneName,
            description: "What the ProvHA peer \(node.peer.hostname) may reach on \(node.own.hostname).",
            sources: ["\(node.peer.address)/32"], ports: ports)
        let deviceNetworks = Set(model.cmtses.flatMap(\.subnets).filter { $0.pools.contains { [.cm, .mta].contains($0.type) } }.map(\.network))
            .sorted { $0.first < $1.first }
        let devices = zone(
            node, short: Self.deviceZoneName,
            description: "What cable modems and MTAs may reach on \(node.own.hostname).",
            sources: deviceNetworks.map(\.description),
            ports: [
                ("udp", 67, "DHCP, relayed by the CMTS"),
                ("udp", 69, "TFTP: next-server and vivso TFTP servers"),
                ("udp", 37, "Time Protocol (RFC 868): time-servers"),
                ("tcp", 37, "Time Protocol (RFC 868): time-servers"),
                ("udp", 53, "DNS: domain-name-servers"),
                ("tcp", 53, "DNS: domain-name-servers"),
                ("udp", 514, "syslog: log-servers"),
            ])
        // A network is the source of one zone only: one that also holds CM or MTA pools stays the devices'.
        let customerNetworks = Set(
            model.cmtses.flatMap(\.subnets).filter { $0.pools.contains { [.cpePrivate, .cpePublic, .stb].contains($0.type) } }
                .map(\.network)
        ).subtracting(deviceNetworks).sorted { $0.first < $1.first }
        let customers = zone(
            node, short: Self.customerZoneName,
            description: "What customer devices (CPEs, STBs) may reach on \(node.own.hostname).",
            sources: customerNetworks.map(\.description),
            ports: [
                ("udp", 53, "DNS: the pools hand out both servers as resolvers"),
                ("tcp", 53, "DNS: the pools hand out both servers as resolvers"),
            ])
        var files = [
            node.file(Self.peerZone, reload: .firewalld, contents: peer),
            node.file(Self.deviceZone, reload: .firewalld, contents: devices),
            node.file(Self.customerZone, reload: .firewalld, contents: customers),
        ]
        // Relayed DHCPv6 comes from the CMTSs' addresses in their IPv6 subnets.
        if let dhcp6 = model.dhcp6 {
            let subnets = dhcp6.networks.flatMap(\.subnets).map(\.network).sorted { $0.first < $1.first }
            let relays = zone(
                node, short: Self.dhcp6ZoneName, description: "What the CMTSs' DHCPv6 relays may reach on \(node.own.hostname).",
                sources: subnets.map(\.description), ports: [("udp", 547, "DHCPv6, relayed by the CMTS")])
            files.append(node.file(Self.path(of: Self.dhcp6ZoneName), reload: .firewalld, contents: relays))
        }
        return files
    }

    static let dhcp6ZoneName = "nmsprime-dhcp6"

    private func zone(_ node: NodeContext, short: String, description: String, sources: [String], ports: [Opening]) -> String {
        var text = node.model.generatedHeader(comment: "<!--", closing: " -->")
        text += "<zone>\n  <short>\(short)</short>\n  <description>\(description)</description>\n"
        for source in sources { text += "  <source address=\"\(source)\"/>\n" }
        for entry in ports {
            text += "  <port protocol=\"\(entry.protocol)\" port=\"\(entry.port)\"/><!-- \(entry.purpose) -->\n"
        }
        text += "</zone>\n"
        return text
    }
}

/// Where Kea's files and sockets lie on a node (Debian's Kea 2.2 packages).
enum KeaPaths {
    static let folder = "/etc/kea"
    static let dhcp4 = "\(folder)/kea-dhcp4.conf"
    static let controlAgent = "\(folder)/kea-ctrl-agent.conf"
    static let ddns = "\(folder)/kea-dhcp-ddns.conf"
    static let dhcp4Socket = "/run/kea/kea4-ctrl-socket"
    static let ddnsSocket = "/run/kea/kea-ddns-ctrl-socket"
    static let leases = "/var/lib/kea/kea-leases4.csv"
    /// Where kea-dhcp4 sends name changes: kea-dhcp-ddns on the node itself.
    static let ddnsPort = 53001
}

/// `kea-dhcp4.conf`: Kea DHCPv4 with the HA hook, the same behaviour as the dhcpd files — every
/// server list own address first, the device classes, the CMTSs' shared networks with their
/// pools (in load-balancing split into the peers' halves), the host reservations, DDNS through
/// the node's kea-dhcp-ddns. The two nodes' files differ only in `this-server-name` and in the
/// order of the server lists.
struct KeaDHCP4Emitter: PreparedNodeEmitter {
    init() {}

    /// Part of the first node's reservations (`KeaReservations`); none for an ISC model.
    struct Part: Sendable {
        fileprivate let reservations: KeaReservations.Part?
    }

    /// The reservations, rendered once for both nodes, in parts (`KeaReservations.part`).
    func preparePart(_ index: Int, of count: Int, model: ClusterModel) -> Part {
        // With the host database the reservations are rows of `kea-hosts.sql`, not in the file.
        guard let kea = model.dhcp as? KeaDHCPServer, kea.hostsDatabase == nil else { return Part(reservations: nil) }
        return Part(reservations: KeaReservations.part(index, of: count, node: NodeContext(model: model, role: NodeRole.allCases[0]), indent: 2))
    }

    func emit(_ node: NodeContext, parts: [Part]) -> [GeneratedFile] {
        guard let kea = node.model.dhcp as? KeaDHCPServer else { return [] }
        let reservations = KeaReservations.array(for: node, fromFirstNodes: parts.compactMap(\.reservations), indent: 2)
        let model = node.model
        let servers = node.serverAddresses.dhcpList
        let publishes = model.ddnsKey != nil
        var members: [(String, JSON)] = [
            ("interfaces-config", .object([("interfaces", .array([.string("*")])), ("dhcp-socket-type", .string("udp"))])),
            ("control-socket", .object([("socket-type", .string("unix")), ("socket-name", .string(KeaPaths.dhcp4Socket))])),
            (
                "lease-database",
                .object([
                    ("type", .string("memfile")), ("persist", .bool(true)), ("name", .string(KeaPaths.leases)), ("lfc-interval", .int(3600)),
                ])
            ),
            // Kea 2.2 runs single-threaded unless told; the HA hook's own listener needs this.
            (
                "multi-threading",
                .object([("enable-multi-threading", .bool(true)), ("thread-pool-size", .int(4)), ("packet-queue-size", .int(64))])
            ),
            ("valid-lifetime", .int(model.defaultLeaseTime)),
            ("max-valid-lifetime", .int(model.maxLeaseTime)),
            ("authoritative", .bool(true)),
            ("host-reservation-identifiers", .array([.string("hw-address")])),
            // dhcpd's host entries are global: a modem's CMTS is not known when the file is built.
            // From the database, global only: each identifier type and scope is one more query per packet.
            ("reservations-global", .bool(true)),
            ("reservations-in-subnet", .bool(kea.hostsDatabase == nil)),
            ("reservations-out-of-pool", .bool(true)),
            ("next-server", .string(node.own.address.description)),
            (
                "option-data",
                .array([
                    Self.option("domain-name", model.domain), Self.option("domain-name-servers", servers),
                    Self.option("time-servers", servers), Self.option("log-servers", servers),
                    Self.option("time-offset", String(model.timeOffset)),
                ])
            ),
            ("option-def", Self.packetCableOptions),
            (
                "client-classes",
                .array(
                    KeaClasses.deviceClasses(node) + KeaClasses.poolClasses(model, loadBalancing: kea.mode == .loadBalancing)
                        + (kea.hostsDatabase == nil || !model.modems.contains(where: \.hasMTA) ? [] : [KeaClasses.packetCableServersClass(node)]))
            ),
        ]
        if let database = kea.hostsDatabase {
            members.append(
                (
                    "hosts-database",
                    .object([
                        ("type", .string("mysql")), ("name", .string(database.name)), ("host", .string(database.host)),
                        ("port", .int(database.port)), ("user", .string(database.user)), ("password", .string(database.password)),
                        ("readonly", .bool(true)),
                    ])
                ))
        } else {
            // Members of "Dhcp4" stand at indent 2 (the file's object, then "Dhcp4").
            members.append(("reservations", reservations.array))
        }
        members += [
            ("shared-networks", .array(model.cmtses.filter { !$0.subnets.isEmpty }.map { sharedNetwork($0, node, kea) })),
            ("ddns-send-updates", .bool(false)),
            ("ddns-qualifying-suffix", .string(model.domain + ".")),
            ("ddns-override-client-update", .bool(true)),
            (
                "dhcp-ddns",
                .object([
                    ("enable-updates", .bool(publishes)), ("server-ip", .string("127.0.0.1")), ("server-port", .int(KeaPaths.ddnsPort)),
                ])
            ),
            ("hooks-libraries", hooksLibraries(node, kea)),
            ("loggers", Self.syslogLogger("kea-dhcp4")),
        ]
        let text = JSON.object([("Dhcp4", .object(members))]).renderedFile(after: node.header(comment: "//"), block: reservations.block)
        // The host database's password makes the file readable by owner and Kea's group only.
        guard kea.hostsDatabase != nil else { return [node.file(KeaPaths.dhcp4, reload: .keaDHCP4, text: text)] }
        return [node.file(KeaPaths.dhcp4, reload: .keaDHCP4, text: text, mode: 0o640, group: model.dhcpGroup)]
    }

    static func option(_ name: String, _ data: String) -> JSON { .object([("name", .string(name)), ("data", .string(data))]) }

    static func syslogLogger(_ name: String) -> JSON {
        .array([
            .object([("name", .string(name)), ("severity", .string("INFO")), ("output_options", .array([.object([("output", .string("syslog"))])]))])
        ])
    }

    /// Option 122 (RFC 3495, CableLabs client configuration), which Kea does not predefine.
    static let packetCableOptions: JSON = .array([
        .object([
            ("space", .string("dhcp4")), ("name", .string("ccc")), ("code", .int(122)), ("type", .string("empty")),
            ("encapsulate", .string("ccc")),
        ]),
        .object([("space", .string("ccc")), ("name", .string("dhcp-server-1")), ("code", .int(1)), ("type", .string("ipv4-address"))]),
        .object([("space", .string("ccc")), ("name", .string("dhcp-server-2")), ("code", .int(2)), ("type", .string("ipv4-address"))]),
        .object([
            ("space", .string("ccc")), ("name", .string("provisioning-server")), ("code", .int(3)), ("type", .string("record")),
            ("record-types", .string("uint8, fqdn")),
        ]),
        .object([("space", .string("ccc")), ("name", .string("kerberos-realm")), ("code", .int(6)), ("type", .string("fqdn"))]),
    ])

    /// The pair's hooks (`KeaHAPeer.hooksLibraries`), and with PacketCable MTAs the hook that
    /// gives them their MAC's digits as option 12 (`KeaClasses.packetCableHostNameHook`).
    private func hooksLibraries(_ node: NodeContext, _ kea: KeaDHCPServer) -> JSON {
        let pair = kea.hooksLibraries(node)
        guard node.model.mtas.contains(where: \.isPacketCable), case let .array(hooks) = pair else { return pair }
        return .array(hooks + [KeaClasses.packetCableHostNameHook(hooksDirectory: kea.hooksDirectory)])
    }

    private func sharedNetwork(_ cmts: CMTSModel, _ node: NodeContext, _ kea: KeaDHCPServer) -> JSON {
        .object([("name", .string(cmts.cmts.hostname)), ("subnet4", .array(cmts.subnets.map { subnet($0, node, kea) }))])
    }

    private func subnet(_ subnet: PoolSubnet, _ node: NodeContext, _ kea: KeaDHCPServer) -> JSON {
        let subnetOptions = SubnetOptions(subnet, node)
        var options = [Self.option("routers", subnetOptions.router.description)]
        if let broadcast = subnetOptions.broadcast {
            options.append(Self.option("broadcast-address", broadcast.description))
        }
        if !subnetOptions.dnsServers.isEmpty {
            options.append(Self.option("domain-name-servers", subnetOptions.dnsServers.dhcpList))
        }
        if let domain = subnetOptions.domainName {
            options.append(Self.option("domain-name", domain))
        }
        // Kea 2.2 switches DDNS per subnet only (dhcpd: per class, CM and MTA).
        let publishes = node.model.ddnsKey != nil && subnet.pools.contains { $0.type == .cm || $0.type == .mta }
        var members: [(String, JSON)] = [
            ("id", .int(subnet.primary.id)), ("subnet", .string(subnet.network.description)), ("option-data", .array(options)),
        ]
        if publishes {
            members += [("ddns-send-updates", .bool(true)), ("ddns-replace-client-name", .string("always"))]
        }
        let pools = subnet.pools.filter(\.isActive).flatMap { pool in
            self.pools(pool, node, kea, dnsServers: subnetOptions.dnsServers(of: pool))
        }
        members.append(("pools", .array(pools)))
        return .object(members)
    }

    /// A pool's ranges, whole (hot-standby) or as the peers' halves (load-balancing).
    private func pools(_ pool: ServedPool, _ node: NodeContext, _ kea: KeaDHCPServer, dnsServers: [IPv4Address]) -> [JSON] {
        let parts: [(ranges: [IPv4Range], peer: Server?)]
        if kea.mode == .loadBalancing {
            let halves = PoolHalves.split(pool.ranges)
            parts = [(halves.first, node.model.master), (halves.second, node.model.slave)]
        } else {
            parts = [(pool.ranges, nil)]
        }
        return parts.flatMap { part in
            part.ranges.map { range in
                var members: [(String, JSON)] = [
                    ("pool", .string("\(range.first) - \(range.last)")),
                    ("client-class", .string(KeaClasses.poolClass(pool.type, peer: part.peer))),
                ]
                if !dnsServers.isEmpty {
                    members.append(("option-data", .array([Self.option("domain-name-servers", dnsServers.dhcpList)])))
                }
                return JSON.object(members)
            }
        }
    }
}

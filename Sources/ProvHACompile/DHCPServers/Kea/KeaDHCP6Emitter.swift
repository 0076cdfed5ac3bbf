/// Kea DHCPv6 at NMS Prime's paths, so that `diff` against a live install compares like with
/// like: `dhcp6-nmsprime.conf` (the server, its leases and the HA hook: the only file that
/// differs between the nodes), `gateways6.conf` (an include per CMTS) and `gateways6/<id>.conf`
/// (one CMTS's shared network: subnets, pools, pd-pools, relay, DNS and the reservations that
/// lie in each subnet). NMS Prime's `global6.conf` is folded into the main file, and its
/// `hosts6.conf` (every reservation in every subnet) is not written. A systemd drop-in starts
/// kea-dhcp6 on the main file, as NMS Prime's does.
struct KeaDHCP6Emitter: NodeEmitter {
    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        guard let kea = node.model.dhcp6 else { return [] }
        var files = [mainFile(node, kea), gatewaysFile(node, kea)]
        let model = node.model
        let peers: [String?] = kea.mode == .loadBalancing ? [model.master.hostname, model.slave.hostname] : [nil]
        for network in kea.networks {
            let text = sharedNetwork(network, peers: peers).renderedFile(after: node.header(comment: "//"))
            files.append(node.file(KeaPaths.gateway6(network.cmtsID), reload: .keaDHCP6, text: text))
        }
        files.append(
            node.file(
                KeaPaths.dhcp6DropIn, reload: .systemd,
                text: GeneratedText(node.header() + "[Service]\nExecStart=\nExecStart=/usr/sbin/kea-dhcp6 -c \(KeaPaths.dhcp6)\n")))
        return files
    }

    private func mainFile(_ node: NodeContext, _ kea: KeaDHCP6Server) -> GeneratedFile {
        var members: [(String, JSON)] = [
            ("interfaces-config", .object([("interfaces", .array([.string(kea.listen[node.role] ?? "*")]))])),
            // Where kea-dhcp6 keeps its server DUID (each node its own).
            ("data-directory", .string(KeaPaths.dataDirectory)),
            ("control-socket", .object([("socket-type", .string("unix")), ("socket-name", .string(KeaPaths.dhcp6Socket))])),
            (
                "lease-database",
                .object([
                    ("type", .string("memfile")), ("persist", .bool(true)), ("name", .string(KeaPaths.leases6)), ("lfc-interval", .int(3600)),
                ])
            ),
            (
                "multi-threading",
                .object([("enable-multi-threading", .bool(true)), ("thread-pool-size", .int(4)), ("packet-queue-size", .int(64))])
            ),
            ("preferred-lifetime", .int(kea.preferredLifetime)),
            ("valid-lifetime", .int(kea.validLifetime)),
            ("host-reservation-identifiers", .array([.string("hw-address")])),
        ]
        // Kea's grammar refuses an empty class list.
        if kea.mode == .loadBalancing {
            members.append(("client-classes", .array([node.model.master, node.model.slave].map { haClass($0) })))
        }
        members += [
            ("shared-networks", .array([.include(KeaPaths.gateways6)])),
            ("hooks-libraries", kea.hooksLibraries(node)),
            ("loggers", KeaDHCP4Emitter.syslogLogger("kea-dhcp6")),
        ]
        let text = JSON.object([("Dhcp6", .object(members))]).renderedFile(after: node.header(comment: "//"))
        return node.file(KeaPaths.dhcp6, reload: .keaDHCP6, text: text)
    }

    /// The includes of the CMTSs' shared networks, as items of `shared-networks`.
    private func gatewaysFile(_ node: NodeContext, _ kea: KeaDHCP6Server) -> GeneratedFile {
        var bytes = Array(node.header(comment: "//").utf8)
        for (index, network) in kea.networks.enumerated() {
            JSON.include(KeaPaths.gateway6(network.cmtsID)).write(into: &bytes, indent: 0)
            bytes += Array((index == kea.networks.count - 1 ? "\n" : ",\n").utf8)
        }
        return node.file(KeaPaths.gateways6, reload: .keaDHCP6, text: GeneratedText(String(decoding: bytes, as: UTF8.self)))
    }

    /// Load-balancing's class of a peer's clients (Kea's HA hook puts each client in one).
    private func haClass(_ peer: Server) -> JSON { .object([("name", .string("HA_\(peer.hostname)"))]) }

    /// `peers`: in load-balancing the two nodes' hostnames (each pool split into their halves).
    private func sharedNetwork(_ network: KeaDHCP6Server.SharedNetwork, peers: [String?]) -> JSON {
        .object([("name", .string(network.name)), ("subnet6", .array(network.subnets.map { subnet($0, peers: peers) }))])
    }

    private func subnet(_ subnet: KeaDHCP6Server.Subnet, peers: [String?]) -> JSON {
        var members: [(String, JSON)] = [("id", .int(subnet.id)), ("subnet", .string(subnet.network.description))]
        if !subnet.relays.isEmpty {
            members.append(("relay", .object([("ip-addresses", .array(subnet.relays.map { .string($0.description) }))])))
        }
        if !subnet.dnsServers.isEmpty {
            members.append(
                ("option-data", .array([KeaDHCP4Emitter.option("dns-servers", subnet.dnsServers.map(\.description).joined(separator: ", "))])))
        }
        let pools = subnet.ranges.flatMap { range in
            split(range, peers).map { part, peer in pool([("pool", .string(part.description))], peer) }
        }
        let pdPools = subnet.delegations.flatMap { delegation in
            split(delegation.prefix, peers).map { prefix, peer in
                pool(
                    [
                        ("prefix", .string(prefix.address.description)), ("prefix-len", .int(prefix.prefixLength)),
                        ("delegated-len", .int(delegation.delegatedLength)),
                    ], peer)
            }
        }
        if !pools.isEmpty { members.append(("pools", .array(pools))) }
        if !pdPools.isEmpty { members.append(("pd-pools", .array(pdPools))) }
        if !subnet.reservations.isEmpty {
            members.append(("reservations", .array(subnet.reservations.compactMap(reservation))))
        }
        members += subnet.extraMembers
        return .object(members)
    }

    /// A pool or pd-pool, limited to a peer's class in load-balancing.
    private func pool(_ members: [(String, JSON)], _ peer: String?) -> JSON {
        .object(members + (peer.map { [("client-class", .string("HA_\($0)"))] } ?? []))
    }

    private func split(_ range: IPv6Range, _ peers: [String?]) -> [(IPv6Range, String?)] {
        guard peers.count == 2 else { return [(range, nil)] }
        guard let halves = range.halves else { return [(range, peers[0])] }
        return [(halves.0, peers[0]), (halves.1, peers[1])]
    }

    private func split(_ prefix: IPv6Network, _ peers: [String?]) -> [(IPv6Network, String?)] {
        guard peers.count == 2, let halves = prefix.halves else { return [(prefix, nil)] }
        return [(halves.0, peers[0]), (halves.1, peers[1])]
    }

    private func reservation(_ reservation: IPv6Reservation) -> JSON? {
        guard let mac = reservation.mac else { return nil }
        var members: [(String, JSON)] = [("hw-address", .string(mac.description))]
        if let address = reservation.address { members.append(("ip-addresses", .array([.string(address.description)]))) }
        if let prefix = reservation.prefix { members.append(("prefixes", .array([.string(prefix.description)]))) }
        if DNSName.isValidLabel(reservation.hostname) { members.append(("hostname", .string(reservation.hostname))) }
        return .object(members)
    }
}

extension KeaPaths {
    static let dhcp6 = "\(folder)/dhcp6-nmsprime.conf"
    static let gateways6 = "\(folder)/gateways6.conf"
    static func gateway6(_ cmtsID: Int) -> String { "\(folder)/gateways6/\(cmtsID).conf" }
    static let dhcp6Socket = "/run/kea/kea6-ctrl-socket"
    static let dataDirectory = "/var/lib/kea"
    static let leases6 = "\(dataDirectory)/kea-leases6.csv"
    /// NMS Prime's start of kea-dhcp6 on its own file (EL's unit name).
    static let dhcp6DropIn = "/etc/systemd/system/kea-dhcp6.service.d/nmsprime-provha.conf"
}

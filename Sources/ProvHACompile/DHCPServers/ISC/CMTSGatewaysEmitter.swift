import Foundation

/// `cmts_gws.conf` (one include per CMTS) and `cmts_gws/<id>.conf`: one shared-network per
/// CMTS, one subnet per network, one failover pool per IP pool with its ranges and the
/// allow/deny lines of its type.
///
/// Unlike NMS Prime, leasequery is allowed in the subnet itself instead of a
/// `subnet <router> netmask 255.255.255.255` that overlaps it (dhcpd warns about each), and
/// pools of one CMTS on one network share a single subnet declaration.
struct CMTSGatewaysEmitter: NodeEmitter {
    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        var index = node.header()
        var files: [GeneratedFile] = []
        for cmts in node.model.cmtses {
            let name = "cmts_gws/\(cmts.cmts.id).conf"
            index += "include \"\(DHCPPaths.file(name))\";\n"
            files.append(node.file(DHCPPaths.file(name), reload: .dhcpd, contents: sharedNetwork(cmts, node)))
        }
        files.append(node.file(DHCPPaths.file("cmts_gws.conf"), reload: .dhcpd, contents: index))
        return files
    }

    private func sharedNetwork(_ cmts: CMTSModel, _ node: NodeContext) -> String {
        var text = node.header()
        guard !cmts.subnets.isEmpty else { return text }
        text += "shared-network \"\(cmts.cmts.hostname)\"\n{\n"
        for subnet in cmts.subnets {
            let options = SubnetOptions(subnet, node)
            text += "\tsubnet \(subnet.network.first) netmask \(subnet.network.netmask)\n\t{\n"
            text += "\t\toption routers \(options.router);\n"
            if let broadcast = options.broadcast {
                text += "\t\toption broadcast-address \(broadcast);\n"
            }
            if !options.dnsServers.isEmpty {
                text += "\t\toption domain-name-servers \(options.dnsServers.dhcpList);\n"
            }
            if let domain = options.domainName {
                text += "\t\toption domain-name \"\(domain)\";\n"
            }
            text += "\t\tallow leasequery;\n"
            for pool in subnet.pools {
                text += self.pool(pool, node, dnsServers: options.dnsServers(of: pool))
            }
            for pool in subnet.pools {
                guard let statements = pool.statements else { continue }
                for line in statements.description.split(whereSeparator: \.isNewline) {
                    text += "\t\t\(line.trimmingCharacters(in: .whitespaces))\n"
                }
            }
            text += "\t}\n"
        }
        text += "}\n"
        return text
    }

    private func pool(_ pool: ServedPool, _ node: NodeContext, dnsServers: [IPv4Address]) -> String {
        var text = "\t\t# ippool id \(pool.id) (\(pool.type.rawValue))\n\t\tpool\n\t\t{\n"
        for range in pool.ranges {
            text += "\t\t\trange \(range.first) \(range.last);\n"
        }
        if !dnsServers.isEmpty {
            text += "\t\t\toption domain-name-servers \(dnsServers.dhcpList);\n"
        }
        text += "\t\t\tfailover peer \"\(node.model.failover.name)\";\n"
        if pool.isActive {
            for line in Self.permits(pool.type) {
                text += "\t\t\t\(line)\n"
            }
        } else {
            text += "\t\t\tdeny all clients;\n"
        }
        text += "\t\t}\n"
        return text
    }

    static func permits(_ type: PoolType) -> [String] {
        switch type {
        case .cm: return ["allow members of \"CM\";", "deny unknown-clients;"]
        case .cpePrivate: return ["allow members of \"Client\";", "deny members of \"Client-Public\";"]
        case .cpePublic: return ["allow members of \"Client-Public\";"]
        case .mta: return ["allow members of \"MTA\";"]
        case .stb: return ["allow members of \"STB\";"]
        }
    }

    static func ownServerFirst(_ servers: [IPv4Address], _ node: NodeContext) -> [IPv4Address] {
        ServerOrder.ownFirst(servers, own: node.own.address, peer: node.peer.address)
    }
}

/// What a subnet hands out besides its pools' ranges, as a node says it — the same for dhcpd's
/// subnet and Kea's: the first pool's router and broadcast address; the DNS servers (own first)
/// at the subnet when all its pools share them, else in each pool; the MTA domain where an MTA
/// pool is.
struct SubnetOptions {
    let router: IPv4Address
    let broadcast: IPv4Address?
    /// The subnet's DNS servers; empty when there are none or each pool names its own.
    let dnsServers: [IPv4Address]
    let domainName: String?
    private let node: NodeContext
    private let poolsKeepTheirDNS: Bool

    init(_ subnet: PoolSubnet, _ node: NodeContext) {
        let primary = subnet.primary
        self.node = node
        router = primary.router
        broadcast = primary.broadcast
        poolsKeepTheirDNS = !subnet.pools.allSatisfy { $0.dnsServers == primary.dnsServers }
        dnsServers = poolsKeepTheirDNS ? [] : CMTSGatewaysEmitter.ownServerFirst(primary.dnsServers, node)
        domainName = subnet.pools.contains { $0.type == .mta } ? node.model.mtaDomain : nil
    }

    /// The DNS servers `pool` names itself (own first): only where the subnet's pools differ.
    func dnsServers(of pool: ServedPool) -> [IPv4Address] {
        poolsKeepTheirDNS ? CMTSGatewaysEmitter.ownServerFirst(pool.dnsServers, node) : []
    }
}

/// How a node orders a list of servers it hands out.
enum ServerOrder {
    /// A pool's DNS list as the database orders it, except that where it names both provisioning
    /// servers each node hands out its own before the peer: the two swap places, other resolvers
    /// keep theirs.
    static func ownFirst(_ servers: [IPv4Address], own: IPv4Address, peer: IPv4Address) -> [IPv4Address] {
        let ours = [own, peer].filter(servers.contains)
        var remaining = ours[...]
        return servers.map { server in
            guard ours.contains(server), let next = remaining.popFirst() else { return server }
            return next
        }
    }
}

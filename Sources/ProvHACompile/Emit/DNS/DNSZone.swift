/// One DNS zone both servers serve: the cluster's forward zone or a reverse zone.
struct DNSZone {
    let name: String
    /// For a reverse zone, the network it covers.
    let reverseNetwork: IPv4Network?

    /// The forward zone first, then the reverse zones in address order.
    static func all(of model: ClusterModel) -> [DNSZone] {
        [DNSZone(name: model.domain, reverseNetwork: nil)]
            + model.reverseZones.map { DNSZone(name: ReverseZones.name(of: $0), reverseNetwork: $0) }
    }

    /// Where named keeps this zone's file on the deployed machine.
    func filePath(_ model: ClusterModel) -> String { "\(model.config.dns.zoneFolder)/\(name).zone" }
}

/// Where named's configuration of the cluster lives on the deployed machine.
enum NamedPaths {
    static let config = "/etc/named-nmsprime.conf"
    static let key = "/etc/named-nmsprime.key"
}

/// `named-nmsprime.conf`: named's **whole** configuration on an NMS Prime server (its systemd
/// drop-in sets `NAMEDCONF=/etc/named-nmsprime.conf`), and the DDNS key file it includes (mode
/// 0640). Options: ACLs `cm`, `cpe`, `mta` of the pools' networks and `nmsprime` (loopback, both
/// servers, their networks); recursion for exactly those — the CPE pools hand out the two servers
/// as resolvers —, the cluster file's forwarders and DNSSEC validation; logging to syslog; then
/// the zones. Both servers are primaries of every zone: each accepts dynamic updates signed with
/// the key, notifies its peer and allows the peer to transfer.
public struct NamedConfEmitter: NodeEmitter {
    public init() {}

    public func emit(_ node: NodeContext) -> [GeneratedFile] {
        let model = node.model
        let dns = model.config.dns
        let peer = node.peer.address.value
        var text = node.header()
        text += "# named's whole configuration on this node: NMS Prime's systemd drop-in sets NAMEDCONF to this file.\n\n"
        for (name, networks) in Self.accessLists(node) {
            text += "acl \"\(name)\" { " + networks.map { "\($0); " }.joined() + "};\n"
        }
        let clients = "localhost; nmsprime; cm; cpe; mta;"
        text += """

            options {
            \tdirectory "\(dns.directory)";
            \tpid-file "/run/named/named.pid";
            \tlisten-on port 53 { 127.0.0.1; \(node.own.address.value); };
            \tlisten-on-v6 { none; };
            \trecursion yes;
            \tallow-recursion { \(clients) };
            \tallow-query-cache { \(clients) };

            """
        if !dns.forwarders.isEmpty {
            text += "\tforwarders { " + dns.forwarders.map { "\($0); " }.joined() + "};\n"
        }
        text += """
            \tdnssec-validation \(dns.dnssecValidation);
            };

            logging {
            \tchannel nmsprime_syslog { syslog daemon; severity info; };
            \tcategory default { nmsprime_syslog; };
            \tcategory lame-servers { null; };
            };

            """
        var files: [GeneratedFile] = []
        if let key = model.ddnsKey {
            text += "\ninclude \"\(NamedPaths.key)\";\n"
            let keyText = node.header() + "key \"\(key.name)\" {\n\talgorithm \(key.algorithm);\n\tsecret \"\(key.secret)\";\n};\n"
            // named reads it after dropping privileges: group-readable for its group.
            files.append(GeneratedFile(path: node.path(NamedPaths.key), contents: keyText, mode: 0o640, group: dns.group))
        }
        for zone in DNSZone.all(of: model) {
            text += "\nzone \"\(zone.name)\" IN {\n\ttype master;\n\tfile \"\(zone.filePath(model))\";\n"
            if let key = model.ddnsKey {
                text += "\tallow-update { key \"\(key.name)\"; };\n"
            }
            text += "\tnotify yes;\n\talso-notify { \(peer); };\n\tallow-transfer { 127.0.0.1; \(peer); };\n};\n"
        }
        files.append(GeneratedFile(path: node.path(NamedPaths.config), contents: text))
        return files
    }

    /// The ACLs, in order: `nmsprime` (loopback, both servers, their networks), then the pools'
    /// networks by the devices they serve (`cm`; `cpe` for CPEPub, CPEPriv and STB; `mta`).
    static func accessLists(_ node: NodeContext) -> [(name: String, networks: [String])] {
        let subnets = node.model.cmtses.flatMap(\.subnets)
        func networks(_ types: Set<PoolType>) -> [String] {
            let matching = subnets.filter { $0.pools.contains { types.contains($0.type) } }.map(\.network)
            return matching.isEmpty ? ["none"] : matching.map(\.description)
        }
        let servers = ["127.0.0.1", "\(node.own.address.value)", "\(node.peer.address.value)"] + node.model.serverNetworks.map(\.description)
        return [
            ("nmsprime", servers),
            ("cm", networks([.cm])),
            ("cpe", networks([.cpePublic, .cpePrivate, .stb])),
            ("mta", networks([.mta])),
        ]
    }
}

/// The zone files: SOA and NS naming both servers, A records of both servers and of every
/// fixed-IP endpoint, and their PTR records in the reverse zones. Modems and MTAs lease their
/// addresses, so their records arrive by dynamic update from dhcpd (`ddns-hostname`).
public struct ZoneFileEmitter: NodeEmitter {
    public init() {}

    public func emit(_ node: NodeContext) -> [GeneratedFile] {
        let model = node.model
        let hosts = Self.addressedHosts(model)
        let reverseHosts = Self.hostsByReverseZone(hosts, zones: model.reverseZones)
        return DNSZone.all(of: model).map { zone in
            var text = node.header(comment: ";")
            text += soa(zone, node)
            if let network = zone.reverseNetwork {
                for host in reverseHosts[network] ?? [] {
                    text += "\(Self.reverseLabel(host.address, in: network))\tIN\tPTR\t\(host.name).\(model.domain).\n"
                }
            } else {
                for host in hosts {
                    text += "\(host.name)\tIN\tA\t\(host.address)\n"
                }
            }
            return GeneratedFile(path: node.path(zone.filePath(model)), contents: text)
        }
    }

    private func soa(_ zone: DNSZone, _ node: NodeContext) -> String {
        let model = node.model
        let own = "\(node.own.hostname.value).\(model.domain)."
        let peer = "\(node.peer.hostname.value).\(model.domain)."
        let mailbox = model.config.dns.hostmaster?.value ?? "hostmaster.\(model.domain)"
        let ttl = model.config.dns.ttl
        return """
            $TTL \(ttl)
            @\tIN\tSOA\t\(own) \(mailbox). (
            \t\t\(model.zoneSerial)\t; serial: the newest change in the snapshot
            \t\t3600\t\t; refresh
            \t\t900\t\t; retry
            \t\t1209600\t\t; expire
            \t\t\(min(ttl, 3600))\t\t; negative-answer TTL
            \t\t)
            \tIN\tNS\t\(own)
            \tIN\tNS\t\(peer)

            """
    }

    /// The hosts whose addresses the compiler knows: both servers, then fixed-IP endpoints.
    static func addressedHosts(_ model: ClusterModel) -> [(name: String, address: IPv4Address)] {
        [(model.config.master.hostname.value, model.config.master.address.value),
         (model.config.slave.hostname.value, model.config.slave.address.value)]
            + model.fixedEndpoints.compactMap { endpoint in endpoint.fixedIP.map { (endpoint.hostname, $0) } }
    }

    /// Each host under the reverse zone that holds its address. Zones are /8, /16 or /24 and do
    /// not overlap, so three lookups per host find it: no zone × host loop.
    static func hostsByReverseZone(_ hosts: [(name: String, address: IPv4Address)],
                                   zones: [IPv4Network]) -> [IPv4Network: [(name: String, address: IPv4Address)]] {
        let zoneSet = Set(zones)
        var result: [IPv4Network: [(name: String, address: IPv4Address)]] = [:]
        for host in hosts {
            let zone = [24, 16, 8].lazy
                .map { IPv4Network(address: IPv4Address(host.address.value & IPv4Network.mask(forPrefix: $0)), prefixLength: $0) }
                .first(where: zoneSet.contains)
            if let zone { result[zone, default: []].append(host) }
        }
        return result
    }

    /// The owner name of an address inside a reverse zone: the host octets, reversed.
    static func reverseLabel(_ address: IPv4Address, in network: IPv4Network) -> String {
        address.octets.dropFirst(network.prefixLength / 8).reversed().map(String.init).joined(separator: ".")
    }
}

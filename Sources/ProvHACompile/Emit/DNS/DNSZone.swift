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

    /// Where named keeps this zone's file on the deployed machine (named's own once it runs).
    func filePath(_ model: ClusterModel) -> String { "\(model.dns.zoneFolder)/\(name).zone" }

    /// Where the zone's first-install seed is deployed; `dns-sync seed` copies it to `filePath`.
    var seedPath: String { "\(DNSSyncPaths.seeds)/\(name).zone" }
}

/// Where named's configuration of the cluster lives on the deployed machine.
enum NamedPaths {
    static let config = "/etc/named-nmsprime.conf"
    static let key = "/etc/named-nmsprime.key"
    /// named writes its session key here; `dns-sync` signs its local updates with it.
    static let sessionKey = "/run/named/session.key"
}

/// `named-nmsprime.conf`: named's **whole** configuration on an NMS Prime server (its systemd
/// drop-in sets `NAMEDCONF=/etc/named-nmsprime.conf`), and the DDNS key file it includes (mode
/// 0640). Options: ACLs `cm`, `cpe`, `mta` of the pools' networks and `nmsprime` (loopback, both
/// servers, their networks); recursion for exactly those — the CPE pools hand out the two servers
/// as resolvers —, the cluster file's forwarders and DNSSEC validation; logging to syslog; then
/// the zones. Both servers are primaries of every zone: each accepts dynamic updates signed with
/// the DDNS key (its dhcpd) or named's session key (`dns-sync` on the node itself), counts its
/// serial in NMS Prime's `YYYYMMDDnn` form, and lets the peer transfer the zone (the peer's
/// `dns-sync mirror` reads it). A NOTIFY would be ignored by a primary, so none is sent.
struct NamedConfEmitter: NodeEmitter {
    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let model = node.model
        let dns = model.dns
        let peer = node.peer.address
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
            \tsession-keyfile "\(NamedPaths.sessionKey)";
            \tlisten-on port 53 { 127.0.0.1; \(node.own.address); };
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
            files.append(node.file(NamedPaths.key, reload: .named, contents: keyText, mode: 0o640, group: dns.group))
        }
        let updaters = "grant local-ddns zonesub any; " + (model.ddnsKey.map { "grant \"\($0.name)\" zonesub any; " } ?? "")
        for zone in DNSZone.all(of: model) {
            text += """

                zone "\(zone.name)" IN {
                \ttype master;
                \tfile "\(zone.filePath(model))";
                \tupdate-policy { \(updaters)};
                \tserial-update-method date;
                \tnotify no;
                \tallow-transfer { 127.0.0.1; \(peer); };
                };

                """
        }
        files.append(node.file(NamedPaths.config, reload: .named, contents: text))
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
        let servers = ["127.0.0.1", "\(node.own.address)", "\(node.peer.address)"] + node.model.serverNetworks.map(\.description)
        return [
            ("nmsprime", servers),
            ("cm", networks([.cm])),
            ("cpe", networks([.cpePublic, .cpePrivate, .stb])),
            ("mta", networks([.mta])),
        ]
    }
}

/// The zones' first-install seeds: SOA (this node as MNAME) and NS naming both servers, and
/// the servers' A records the NS records need. `dns-sync seed` copies a seed to named's zone
/// folder only where named has no file for the zone yet; from then on named owns the zone, and
/// everything else reaches it by dynamic update (static records: `StaticRecordsEmitter`).
struct ZoneSeedEmitter: NodeEmitter {
    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let model = node.model
        return DNSZone.all(of: model).map { zone in
            var text = node.header(comment: ";")
            text += "; First-install seed of zone \(zone.name): dns-sync seed copies it to \(zone.filePath(model))\n"
            text += "; only while that file is missing; named owns the zone after that.\n"
            text += soa(zone, node)
            if zone.reverseNetwork == nil {
                for server in [model.master, model.slave] {
                    text += "\(server.hostname.lowercased())\tIN\tA\t\(server.address)\n"
                }
            }
            return node.file(zone.seedPath, reload: .none, contents: text, seeds: zone.filePath(model))
        }
    }

    private func soa(_ zone: DNSZone, _ node: NodeContext) -> String {
        let model = node.model
        let own = "\(node.own.hostname.lowercased()).\(model.domain)."
        let peer = "\(node.peer.hostname.lowercased()).\(model.domain)."
        let mailbox = model.dns.hostmaster
        let ttl = model.dns.ttl
        return """
            $TTL \(ttl)
            @\tIN\tSOA\t\(own) \(mailbox). (
            \t\t1\t\t; serial: named owns it from the first load (serial-update-method date); fixed, so that no other change moves the seed
            \t\t3600\t\t; refresh
            \t\t900\t\t; retry
            \t\t1209600\t\t; expire
            \t\t\(min(ttl, 3600))\t\t; negative-answer TTL
            \t\t)
            \tIN\tNS\t\(own)
            \tIN\tNS\t\(peer)

            """
    }
}

/// One record the compiler publishes in a zone; names are absolute and lower case, as `dig`
/// prints them back, so that `dns-sync` can compare what it wants with what named holds.
struct DNSRecord: Equatable {
    let zone: String
    let owner: String
    let type: String
    let data: String
}

/// `static-records`: every record the compiler knows, one per line (`zone owner ttl type data`):
/// A and PTR of both servers, and of every fixed-IP endpoint as NMS Prime publishes it
/// (`<hostname>.cpe.<domain>`, plus `add_reverse` as a second PTR name). `dns-sync static`
/// brings named's zones to exactly this set by dynamic update, leaving leased names alone.
struct StaticRecordsEmitter: NodeEmitter {
    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        let ttl = node.model.dns.ttl
        var text = node.header()
        text += "# The static records dns-sync static keeps in this node's named: zone owner ttl type data.\n"
        for record in Self.records(node.model) {
            text += "\(record.zone) \(record.owner) \(ttl) \(record.type) \(record.data)\n"
        }
        return [node.file(DNSSyncPaths.staticRecords, reload: .dnsRecords, contents: text)]
    }

    /// The forward zone's A records, then each reverse zone's PTR records, in zone order.
    static func records(_ model: ClusterModel) -> [DNSRecord] {
        let domain = model.domain.lowercased()
        var hosts: [(name: String, address: IPv4Address, extraPTR: String?)] = [
            ("\(model.master.hostname.lowercased()).\(domain).", model.master.address, nil),
            ("\(model.slave.hostname.lowercased()).\(domain).", model.slave.address, nil),
        ]
        for endpoint in model.fixedEndpoints {
            hosts.append(
                ("\(endpoint.hostname.lowercased()).cpe.\(domain).", endpoint.address, endpoint.reverseName.map { "\($0.lowercased())." }))
        }
        var records = hosts.map { DNSRecord(zone: domain, owner: $0.name, type: "A", data: "\($0.address)") }
        let byZone = hostsByReverseZone(hosts.map { ($0.name, $0.address) }, zones: model.reverseZones)
        let extraPTRs = Dictionary(hosts.compactMap { host in host.extraPTR.map { (host.name, $0) } }, uniquingKeysWith: { first, _ in first })
        for network in model.reverseZones {
            let zone = ReverseZones.name(of: network)
            for host in byZone[network] ?? [] {
                let owner = "\(reverseLabel(host.address, in: network)).\(zone)."
                records.append(DNSRecord(zone: zone, owner: owner, type: "PTR", data: host.name))
                if let extra = extraPTRs[host.name] { records.append(DNSRecord(zone: zone, owner: owner, type: "PTR", data: extra)) }
            }
        }
        return records
    }

    /// Each host under the reverse zone that holds its address. Zones are /8, /16 or /24 and do
    /// not overlap, so three lookups per host find it: no zone × host loop.
    static func hostsByReverseZone(
        _ hosts: [(name: String, address: IPv4Address)],
        zones: [IPv4Network]
    ) -> [IPv4Network: [(name: String, address: IPv4Address)]] {
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

/// Kea's client classes for the pair: the device classes of NMS Prime's `global.conf` (CM, MTA,
/// STB, Client, Client-Public; "blocked" becomes Kea's `DROP`), and one class per pool type —
/// per peer in load-balancing, where each pool half admits only the clients of its peer's HA
/// scope (`HA_<peer name>`, assigned by the HA hook).
enum KeaClasses {
    /// `substring(option[60].hex,0,N) == 0x…`: the vendor class starts with `prefix`. The prefix
    /// is written in hex, so no text of the database stands in the expression.
    static func vendorPrefix(_ prefix: String) -> String {
        let bytes = Array(prefix.utf8)
        return "substring(option[60].hex,0,\(bytes.count)) == 0x" + bytes.map(HexDigits.octet).joined()
    }

    static let cableModem = vendorPrefix("docsis")
    static let packetCable = vendorPrefix("pktc")

    /// Modems per class of a long modem list (`behind`): Kea 2.2 parses one `or` chain in time
    /// that grows faster than its length (`kea-dhcp4 -t` at 1M modems: 6.1 s with the public and
    /// blocked modems' 132,000 comparisons in two tests, 1.6 s with them in classes of 1,000).
    static let modemsPerClass = 1000

    /// True for a DHCP request relayed for a device behind one of `modems` (the relay's remote-id,
    /// sub-option 2 of option 82, is the modem's MAC). Up to `modemsPerClass` modems, the test
    /// itself; above, `member()` of the helper classes `<prefix>-1`, `-2`, … (returned, to be
    /// defined before the class whose test this is), each testing a part of the list.
    static func behind(_ modems: [MACAddress], helpers prefix: String) -> (test: String, helpers: [JSON]) {
        guard !modems.isEmpty else { return ("'no modem' == 'any modem'", []) }
        let tests = stride(from: 0, to: modems.count, by: modemsPerClass).map { start in
            modems[start..<min(modems.count, start + modemsPerClass)].map { "relay4[2].hex == 0x" + $0.hexDigits }.joined(separator: " or ")
        }
        guard tests.count > 1 else { return ("(" + tests[0] + ")", []) }
        let names = tests.indices.map { "\(prefix)-\($0 + 1)" }
        let helpers = zip(names, tests).map { JSON.object([("name", .string($0)), ("test", .string($1))]) }
        return ("(" + names.map { "member('\($0)')" }.joined(separator: " or ") + ")", helpers)
    }

    /// The device classes, in the order Kea must read them (a test names only classes before it).
    static func deviceClasses(_ node: NodeContext) -> [JSON] {
        let model = node.model
        let servers = node.serverAddresses.dhcpList
        let stbTests = model.stbVendorClasses.map { vendorPrefix($0.description) }
        let client = "not (\(cableModem)) and not (\(packetCable))" + stbTests.map { " and not (\($0))" }.joined()
        var classes: [JSON] = [
            .object([
                ("name", .string("CM")), ("test", .string(cableModem)), ("next-server", .string(node.own.address.description)),
                (
                    "option-data",
                    .array([
                        .object([("name", .string("vivso-suboptions")), ("data", .string("4491"))]),
                        .object([
                            ("name", .string("tftp-servers")), ("space", .string("vendor-4491")), ("data", .string(servers)),
                            ("always-send", .bool(true)),
                        ]),
                    ])
                ),
            ]),
            .object([
                ("name", .string("MTA")), ("test", .string(packetCable)),
                (
                    "option-data",
                    .array([
                        .object([("name", .string("ccc")), ("always-send", .bool(true))]),
                        .object([
                            ("name", .string("provisioning-server")), ("space", .string("ccc")),
                            ("data", .string("0, \(node.own.hostname).\(model.domain).")),
                        ]),
                        .object([("name", .string("kerberos-realm")), ("space", .string("ccc")), ("data", .string("BASIC.1."))]),
                    ])
                ),
            ]),
        ]
        if !stbTests.isEmpty {
            classes.append(.object([("name", .string("STB")), ("test", .string(stbTests.map { "(\($0))" }.joined(separator: " or ")))]))
        }
        classes.append(.object([("name", .string("Client")), ("test", .string(client))]))
        let publicModems = behind(model.modems.filter(\.isPublic).map(\.mac), helpers: "provha-public-modems")
        classes += publicModems.helpers
        classes.append(.object([("name", .string("Client-Public")), ("test", .string("member('Client') and " + publicModems.test))]))
        let blockedModems = model.modems.filter { !$0.internetAccess }.map(\.mac)
        if !blockedModems.isEmpty {
            // Kea drops a packet of class DROP unanswered, as dhcpd's "blocked" class denies booting.
            let blocked = behind(blockedModems, helpers: "provha-blocked-modems")
            classes += blocked.helpers
            classes.append(.object([("name", .string("DROP")), ("test", .string("(\(client)) and " + blocked.test))]))
        }
        if !model.plainEndpoints.isEmpty {
            // Given by reservation only (no test): what an endpoint known by MAC alone reserves.
            classes.append(.object([("name", .string(knownEndpoint))]))
        }
        if model.mtas.contains(where: \.isPacketCable) {
            // Given by a PacketCable MTA's reservation (no test): its option 12 becomes its MAC's digits.
            classes.append(.object([("name", .string(packetCableMTA))]))
        }
        return classes
    }

    /// The class of an endpoint known by its MAC alone. dhcpd's `host NAME { hardware ethernet
    /// MAC; }` only makes the client known (no address, file or name); Kea refuses a reservation
    /// without a resource, and a class is one that changes nothing else: the reservation makes
    /// the client KNOWN, as dhcpd's entry does, and this class has no test and no option.
    static let knownEndpoint = "provha-known-endpoint"

    /// The class a PacketCable MTA's reservation gives it. dhcpd sends such an MTA its MAC's hex
    /// digits as `host-name` (option 12, from which it builds its FQDN) and registers its NMS
    /// Prime name in DNS (`ddns-hostname`); Kea 2.2 sends the reservation's qualified `hostname`
    /// as option 12 ahead of any `host-name` option data, and uses the same name for DNS. The
    /// `flex_option` hook (`packetCableHostNameHook`) supersedes option 12 in the answer to this
    /// class's members with their MAC's digits, after the DNS update took the name.
    static let packetCableMTA = "provha-packetcable-mta"

    /// `libdhcp_flex_option.so` superseding option 12 for `packetCableMTA`'s members (an empty
    /// value, for everyone else, leaves the answer as it is).
    static func packetCableHostNameHook(hooksDirectory: String) -> JSON {
        .object([
            ("library", .string("\(hooksDirectory)/libdhcp_flex_option.so")),
            (
                "parameters",
                .object([
                    (
                        "options",
                        .array([
                            .object([
                                ("code", .int(12)), ("supersede", .string("ifelse(member('\(packetCableMTA)'), hexstring(pkt4.mac, ''), '')")),
                            ])
                        ])
                    )
                ])
            ),
        ])
    }

    /// With the reservations in the host database: the class a modem with an MTA gets from its
    /// host row, handing out the PacketCable DHCP servers own then peer (each node its own: a
    /// shared table cannot hold per-node values).
    static let packetCableServers = "provha-packetcable-servers"

    static func packetCableServersClass(_ node: NodeContext) -> JSON {
        .object([
            ("name", .string(packetCableServers)),
            (
                "option-data",
                .array([
                    .object([("name", .string("ccc")), ("always-send", .bool(true))]),
                    .object([("name", .string("dhcp-server-1")), ("space", .string("ccc")), ("data", .string(node.own.address.description))]),
                    .object([("name", .string("dhcp-server-2")), ("space", .string("ccc")), ("data", .string(node.peer.address.description))]),
                ])
            ),
        ])
    }

    /// Which clients a pool of `type` admits, as dhcpd's allow/deny lines say.
    static func admits(_ type: PoolType) -> String {
        switch type {
        case .cm: return "member('CM') and member('KNOWN')"
        case .mta: return "member('MTA')"
        case .stb: return "member('STB')"
        case .cpePrivate: return "member('Client') and not member('Client-Public')"
        case .cpePublic: return "member('Client-Public')"
        }
    }

    /// The class of the pools (or pool halves) of `type` that `peer`'s clients use; nil peer: the
    /// whole pool, in hot-standby.
    static func poolClass(_ type: PoolType, peer: Server?) -> String {
        "pool-\(type.rawValue)" + (peer.map { "-\($0.hostname)" } ?? "")
    }

    /// The HA hook's scope class of `peer`'s clients.
    static func haScope(_ peer: Server) -> String { "HA_\(peer.hostname)" }

    /// The pool classes of the pool types that active pools use.
    static func poolClasses(_ model: ClusterModel, loadBalancing: Bool) -> [JSON] {
        let used = Set(model.cmtses.flatMap { $0.subnets.flatMap { $0.pools.filter(\.isActive).map(\.type) } })
        return PoolType.allCases.filter(used.contains).flatMap { type -> [JSON] in
            guard loadBalancing else {
                return [.object([("name", .string(poolClass(type, peer: nil))), ("test", .string(admits(type)))])]
            }
            return [model.master, model.slave].map { peer in
                .object([
                    ("name", .string(poolClass(type, peer: peer))),
                    ("test", .string("\(admits(type)) and member('\(haScope(peer))')")),
                ])
            }
        }
    }
}

/// `kea-ctrl-agent.conf`: the REST API for operators and `status` (`ha-status-get`,
/// `lease4-get`, `config-reload`) on 127.0.0.1 only, passed to kea-dhcp4 and kea-dhcp-ddns over
/// their unix sockets. The peers do not use it: the HA hook's own listener carries their traffic.
struct KeaControlAgentEmitter: NodeEmitter {
    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        guard let kea = node.model.dhcp as? KeaDHCPServer else { return [] }
        let socket = { (path: String) -> JSON in .object([("socket-type", .string("unix")), ("socket-name", .string(path))]) }
        let agent: JSON = .object([
            (
                "Control-agent",
                .object([
                    ("http-host", .string("127.0.0.1")), ("http-port", .int(kea.apiPort)),
                    (
                        "control-sockets",
                        .object(
                            [("dhcp4", socket(KeaPaths.dhcp4Socket))] + (node.model.dhcp6 == nil ? [] : [("dhcp6", socket(KeaPaths.dhcp6Socket))])
                                + [("d2", socket(KeaPaths.ddnsSocket))])
                    ),
                    ("loggers", KeaDHCP4Emitter.syslogLogger("kea-ctrl-agent")),
                ])
            )
        ])
        return [node.file(KeaPaths.controlAgent, reload: .keaCtrlAgent, text: agent.renderedFile(after: node.header(comment: "//")))]
    }
}

/// `kea-dhcp-ddns.conf`: kea-dhcp-ddns (D2) takes kea-dhcp4's name changes and sends them, signed
/// with the DDNS key, to the node's own named for the domain and every reverse zone; the peer's
/// `dns-sync mirror` takes them over, as with dhcpd. (D2's server list is a failover order, not a
/// fan-out, so it names only the node's own named.) The key's secret makes the file readable by
/// owner and Kea's group only. Without a key D2 has no zones and kea-dhcp4 sends it nothing.
struct KeaDDNSEmitter: NodeEmitter {
    init() {}

    func emit(_ node: NodeContext) -> [GeneratedFile] {
        guard node.model.dhcp is KeaDHCPServer else { return [] }
        let model = node.model
        var members: [(String, JSON)] = [
            ("ip-address", .string("127.0.0.1")), ("port", .int(KeaPaths.ddnsPort)), ("dns-server-timeout", .int(1000)),
            ("control-socket", .object([("socket-type", .string("unix")), ("socket-name", .string(KeaPaths.ddnsSocket))])),
        ]
        var forward: [JSON] = []
        var reverse: [JSON] = []
        if let key = model.ddnsKey {
            members.append(
                (
                    "tsig-keys",
                    .array([
                        .object([("name", .string(key.name)), ("algorithm", .string(key.algorithm.uppercased())), ("secret", .string(key.secret))])
                    ])
                ))
            let ownNamed: JSON = .array([.object([("ip-address", .string("127.0.0.1")), ("port", .int(53))])])
            for zone in DNSZone.all(of: model) {
                let domain: JSON = .object([("name", .string(zone.name + ".")), ("key-name", .string(key.name)), ("dns-servers", ownNamed)])
                if zone.reverseNetwork == nil { forward.append(domain) } else { reverse.append(domain) }
            }
        }
        members += [
            ("forward-ddns", .object([("ddns-domains", .array(forward))])),
            ("reverse-ddns", .object([("ddns-domains", .array(reverse))])),
            ("loggers", KeaDHCP4Emitter.syslogLogger("kea-dhcp-ddns")),
        ]
        let text = JSON.object([("DhcpDdns", .object(members))]).renderedFile(after: node.header(comment: "//"))
        return [node.file(KeaPaths.ddns, reload: .keaDDNS, text: text, mode: 0o640, group: model.dhcpGroup)]
    }
}

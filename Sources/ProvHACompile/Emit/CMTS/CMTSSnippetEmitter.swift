/// The lines a CMTS needs for the failover pair in one vendor's syntax: DHCP relay to both
/// servers and both servers as time servers, own-then-peer order being irrelevant here
/// (the CMTS relays to both at once), master first by convention.
protocol CMTSVendorSyntax: Sendable {
    /// The comment marker of the vendor's configuration language.
    var comment: String { get }
    /// Which document confirms the syntax — or that none does: printed in the snippet.
    var source: String { get }
    /// The relay interface when the cluster file names none, for a CMTS of this model series.
    func defaultRelayInterface(series: String) -> String
    func lines(relayInterface: String, servers: [IPv4Address]) -> [String]
    /// The DHCPv6 relay to both servers' `address6` (for a CMTS with IPv6 pools).
    func relay6Lines(relayInterface: String, servers: [IPv6Address]) -> [String]
}

extension CMTSVendorSyntax {
    /// Where no document confirms the vendor's DHCPv6 relay syntax: what to configure, in words.
    func relay6Lines(relayInterface: String, servers: [IPv6Address]) -> [String] {
        ["\(comment) DHCPv6 relay: no syntax confirmed for this vendor. Configure by hand:"]
            + servers.map { "\(comment)   DHCPv6 relay destination on \(relayInterface): \($0)" }
    }
}

/// Cisco IOS / IOS-XE (uBR, cBR-8): `cable helper-address` inside the bundle interface, and
/// the relay agent information option that the CPE classes match on (remote-id).
struct CiscoSyntax: CMTSVendorSyntax {
    let comment = "!"
    let source = "syntax: NMS Prime's cisco.blade.php (helper-address, ip dhcp relay information option)"

    func defaultRelayInterface(series: String) -> String { "Bundle1" }

    func lines(relayInterface: String, servers: [IPv4Address]) -> [String] {
        ["ip dhcp relay information option", "!", "interface \(relayInterface)"] + servers.map { " cable helper-address \($0)" } + ["!"]
            + servers.map { "ntp server \($0)" }
    }

    /// Cisco IOS's interface command (Implementing DHCP for IPv6, IOS 15.2S configuration guide).
    func relay6Lines(relayInterface: String, servers: [IPv6Address]) -> [String] {
        ["! DHCPv6 relay (syntax: Cisco IOS, Implementing DHCP for IPv6: ipv6 dhcp relay destination)", "interface \(relayInterface)"]
            + servers.map { " ipv6 dhcp relay destination \($0)" } + ["!"]
    }
}

/// Casa (C10G, C40G, C100G): helper addresses per device class on the IP bundle.
struct CasaSyntax: CMTSVendorSyntax {
    let comment = "!"
    let source = "UNCONFIRMED syntax: no Casa document was found and NMS Prime's Casa template has no relay section; review before use"

    func defaultRelayInterface(series: String) -> String { "ip-bundle 1" }

    func lines(relayInterface: String, servers: [IPv4Address]) -> [String] {
        ["interface \(relayInterface)"]
            + servers.flatMap { server in ["cable-modem", "mta", "host"].map { " cable helper-address \(server) \($0)" } }
            + ["!"] + servers.map { "ntp server \($0)" }
    }
}

/// ARRIS / CommScope (C4, E6000): one-line `configure` commands on the cable-mac interface (the
/// E6000 relays from its IP sub-interface `cable-mac 1.0`); NTP as the clock source.
struct ArrisSyntax: CMTSVendorSyntax {
    let comment = "#"
    let source =
        "syntax: ARRIS C4 CMTS Release 8.3 User Guide (cable helper-address, ntp server, clock network ntp); E6000 sub-interface: NMS Prime's arris template"

    func defaultRelayInterface(series: String) -> String {
        series.uppercased().contains("E6000") ? "cable-mac 1.0" : "cable-mac 1"
    }

    func lines(relayInterface: String, servers: [IPv4Address]) -> [String] {
        servers.map { "configure interface \(relayInterface) cable helper-address \($0) any" }
            + servers.map { "configure ntp server \($0)" } + ["configure clock network ntp"]
    }
}

/// No known vendor: what to configure, in words an engineer translates.
struct GenericSyntax: CMTSVendorSyntax {
    let comment = "#"
    let source = "GENERIC SNIPPET: no syntax is known for this vendor. Configure by hand:"

    func defaultRelayInterface(series: String) -> String { "the DOCSIS bundle / cable-mac interface" }

    func lines(relayInterface: String, servers: [IPv4Address]) -> [String] {
        servers.map { "#   DHCP relay (helper address) on \(relayInterface): \($0)" }
            + servers.map { "#   NTP / time server: \($0)" }
    }
}

/// `cmts/<hostname>.cfg`: one snippet per CMTS for the network engineers, in its vendor's
/// syntax. Each vendor is one small `CMTSVendorSyntax` type, chosen in `syntax(for:)`.
struct CMTSSnippetEmitter: Emitter {
    init() {}

    static func syntax(for vendor: CMTSVendor) -> any CMTSVendorSyntax {
        switch vendor {
        case .cisco: return CiscoSyntax()
        case .casa: return CasaSyntax()
        case .arris: return ArrisSyntax()
        case .generic: return GenericSyntax()
        }
    }

    func emit(_ model: ClusterModel) -> [GeneratedFile] {
        model.cmtses.map { snippet(for: $0, in: model) }
    }

    /// The snippet of one CMTS (also what `provha-compile cmts-snippet` prints).
    func snippet(for cmts: CMTSModel, in model: ClusterModel) -> GeneratedFile {
        let syntax = Self.syntax(for: cmts.vendor)
        let servers = [model.master.address, model.slave.address]
        var text = model.generatedHeader(comment: syntax.comment)
        text +=
            "\(syntax.comment) \(cmts.cmts.hostname) (\(cmts.label)): DHCP relay and time servers of the ProvHA pair \(model.master.hostname) / \(model.slave.hostname)\n"
        text += "\(syntax.comment) \(syntax.source)\n"
        let relayInterface = cmts.relayInterface ?? syntax.defaultRelayInterface(series: cmts.cmts.series.uncheckedValue)
        for line in syntax.lines(relayInterface: relayInterface, servers: servers) {
            text += line + "\n"
        }
        if let dhcp6 = model.dhcp6, dhcp6.serves(cmtsID: cmts.cmts.id) {
            let lines =
                dhcp6.relayDestinations.isEmpty
                ? ["\(syntax.comment) DHCPv6: set nodes.master.address6 and nodes.slave.address6 to name the relay destinations"]
                : syntax.relay6Lines(relayInterface: relayInterface, servers: dhcp6.relayDestinations)
            for line in lines { text += line + "\n" }
        }
        return GeneratedFile(path: "cmts/\(cmts.cmts.hostname).cfg", reload: .none, contents: text)
    }
}

extension ClusterModel {
    /// The snippet of the CMTS named `hostname` (case-insensitive), or nil.
    public func cmtsSnippet(hostname: String) -> GeneratedFile? {
        cmtses.first { $0.cmts.hostname.lowercased() == hostname.lowercased() }
            .map { CMTSSnippetEmitter().snippet(for: $0, in: self) }
    }

    /// Says that no CMTS has this name, suggesting the nearest one.
    public func unknownCMTSMessage(_ hostname: String) -> String {
        var message = "no CMTS named '\(hostname)' in the snapshot"
        if let suggestion = Spelling.nearest(to: hostname, among: cmtses.map(\.cmts.hostname)) {
            message += "; did you mean '\(suggestion)'?"
        }
        return message
    }
}

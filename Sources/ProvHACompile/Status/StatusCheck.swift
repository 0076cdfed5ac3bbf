import Foundation

/// `status`: the pair's health as a monitoring plugin reports it. Asks both DHCP servers for
/// their failover state (`DHCPStateProbe`), both nameds for the zone's SOA serial and a sample of
/// names (both servers', fixed endpoints', modems' spread over the database) that must resolve
/// alike on the two nodes, and whether the master's syslog port takes the slave's lines.
///
/// Levels: a node that does not answer, or a pair running without failover (dhcpd
/// `communications-interrupted`/`partner-down`, Kea `partner-down`/`terminated`) is CRITICAL; a
/// pair on its way (startup, recover, syncing, …), names the nodes do not share, or a syslog
/// port that refuses is a WARNING; a refused OMAPI key or a missing omshell is UNKNOWN.
public struct StatusCheck {
    let model: ClusterModel
    /// Seconds each question may take.
    public var timeout = 5

    public init(model: ClusterModel) { self.model = model }

    public func run() -> PairStatus {
        let started = Date()
        var status = PairStatus()
        checkDHCP(&status)
        checkDNS(&status)
        checkSyslog(&status)
        status.measure("time", String(format: "%.2fs", Date().timeIntervalSince(started)))
        return status
    }

    /// Each DHCP server on each node (DHCPv4, then DHCPv6: measures `<role>_dhcp_state`,
    /// `<role>_dhcp6_state`).
    private func checkDHCP(_ status: inout PairStatus) {
        let probe = DHCPStateProbe(model: model, timeout: timeout)
        let servers = model.dhcpServers
        let questions = servers.flatMap { server in NodeRole.allCases.map { (server, $0) } }
        let replies = Parallel.map(questions.count) { probe.ask(questions[$0].1, server: questions[$0].0) }
        for ((server, role), reply) in zip(questions, replies) {
            let who = "\(role.rawValue) \(type(of: server).daemon)"
            let measure = "\(role.rawValue)_dhcp\(server is KeaDHCP6Server ? "6" : "")_state"
            switch reply {
            case let .state(name, number):
                status.measure(measure, "\(number)")
                status.add(Self.level(ofState: name), "\(who): \(Self.meaning(ofState: name))")
            case let .unreachable(why):
                status.measure(measure, "0")
                status.add(.critical, "\(who): \(why)")
            case let .refused(why), let .cannotAsk(why):
                status.add(.unknown, "\(who): \(why)")
            }
        }
    }

    public static func level(ofState state: String) -> PairStatus.Level {
        switch state {
        case "normal", "load-balancing", "hot-standby", "backup", "passive-backup": return .ok
        case "communications-interrupted", "partner-down", "terminated": return .critical
        default: return .warning
        }
    }

    static func meaning(ofState state: String) -> String {
        switch level(ofState: state) {
        case .ok: return "failover state \(state)"
        case .critical: return "failover state \(state): the pair runs without failover"
        default: return "failover state \(state): the pair is not (yet) in step"
        }
    }

    private func checkDNS(_ status: inout PairStatus) {
        var serving: [NodeRole] = []
        for role in NodeRole.allCases {
            let server = model.node(role).address
            switch DNSQuery.ask(model.domain, type: .soa, server: server, timeout: Double(timeout)) {
            case let .success(answer) where answer.responseCode == 0 && answer.serial != nil:
                status.measure("\(role.rawValue)_soa", "\(answer.serial ?? 0)")
                serving.append(role)
            case let .success(answer):
                status.add(.critical, "\(role.rawValue) named: no SOA for \(model.domain) (response code \(answer.responseCode))")
            case let .failure(failure):
                status.add(.critical, "\(role.rawValue) named at \(server): \(failure)")
            }
        }
        guard serving.count == 2 else { return }
        var differing: [String] = []
        let names = sampleNames
        for name in names {
            let answers = NodeRole.allCases.map { role in
                DNSQuery.ask(name, type: .a, server: model.node(role).address, timeout: Double(timeout)).map(\.addresses)
            }
            guard case let .success(master) = answers[0], case let .success(slave) = answers[1] else {
                differing.append("\(name) (no answer from one node)")
                continue
            }
            if master != slave { differing.append("\(name): master \(Self.list(master)), slave \(Self.list(slave))") }
        }
        status.measure("dns_names_differing", "\(differing.count)")
        if differing.isEmpty {
            status.add(.ok, "DNS: both nameds serve \(model.domain) and agree on \(names.count) sampled names")
        } else {
            status.add(
                .warning,
                "DNS: the nodes do not share \(differing.count) of \(names.count) sampled names: \(differing.prefix(3).joined(separator: "; "))")
        }
    }

    /// Both servers' names, up to three fixed endpoints' and up to ten modems' spread evenly over
    /// the database (a sample that stays small at a million modems).
    var sampleNames: [String] {
        var names = NodeRole.allCases.map { "\(model.node($0).hostname).\(model.domain)" }
        names += model.fixedEndpoints.prefix(3).map { "\($0.hostname.lowercased()).cpe.\(model.domain)" }
        let step = max(1, model.modems.count / 10)
        names += stride(from: 0, to: model.modems.count, by: step).prefix(10).map { "\(model.modems[$0].hostname).\(model.domain)" }
        return names
    }

    private static func list(_ addresses: [IPv4Address]) -> String {
        addresses.isEmpty ? "none" : addresses.map(\.description).joined(separator: ",")
    }

    private func checkSyslog(_ status: inout PairStatus) {
        let master = model.master.address
        if TCPProbe.accepts(master, port: model.syslog.port, timeout: Double(timeout)) {
            status.add(.ok, "syslog: the master takes the slave's lines on \(master):\(model.syslog.port)/tcp")
        } else {
            status.add(
                .warning, "syslog: the master's \(master):\(model.syslog.port)/tcp refuses connections; the slave queues its lines on disk")
        }
    }
}

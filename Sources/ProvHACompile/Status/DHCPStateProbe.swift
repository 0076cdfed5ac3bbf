import Foundation

/// Asks one node's DHCP server for its failover state: ISC dhcpd over OMAPI (ISC's `omshell`,
/// with the cluster's key, on its standard input so that the secret is never an argument), Kea
/// over its HA listener (`ha-heartbeat`, as the peer asks it).
struct DHCPStateProbe {
    let model: ClusterModel
    /// Seconds one question may take.
    var timeout = 5

    /// What a node's DHCP server said of its state.
    enum Reply: Equatable {
        /// The state's name (`normal`, `partner-down`, `load-balancing`, …) and, for dhcpd, its
        /// number (the performance data's value; Kea's states get theirs from `keaStateNumbers`).
        case state(name: String, number: Int)
        /// Nothing answered (or not within the timeout).
        case unreachable(String)
        /// It answered but refused the question (OMAPI: the key).
        case refused(String)
        /// The probe itself could not run (no omshell).
        case cannotAsk(String)
    }

    func ask(_ role: NodeRole) -> Reply {
        switch model.dhcpServer {
        case .isc: return askDHCPD(model.node(role).address)
        case let .kea(kea): return askKea(model.node(role).address, port: kea.haPort)
        }
    }

    /// dhcpd's failover states (`enum failover_state`, dhcpd's failover.h).
    static let dhcpdStates: [Int: String] = [
        1: "startup", 2: "normal", 3: "communications-interrupted", 4: "partner-down", 5: "potential-conflict", 6: "recover",
        7: "paused", 8: "shutdown", 9: "recover-done", 10: "resolution-interrupted", 11: "conflict-done", 254: "recover-wait",
    ]

    /// Kea HA states, numbered for the performance data.
    static let keaStateNumbers: [String: Int] = [
        "waiting": 1, "syncing": 2, "ready": 3, "load-balancing": 4, "hot-standby": 5, "partner-down": 6, "partner-in-maintenance": 7,
        "in-maintenance": 8, "communication-recovery": 9, "backup": 10, "passive-backup": 11, "terminated": 12,
    ]

    private func askDHCPD(_ address: IPv4Address) -> Reply {
        let programs = ProgramSearch()
        guard let omshell = programs.find("omshell") else { return .cannotAsk("omshell (ISC DHCP server package) is not installed") }
        guard let timeoutProgram = programs.find("timeout") else { return .cannotAsk("timeout (coreutils) is not installed") }
        var script = ""
        if let key = model.omapiKey {
            script += "key-algorithm \(key.algorithm)\nkey \(key.name) \(key.secret)\n"
        }
        script += "server \(address)\nport \(model.failover.omapiPort)\nconnect\nnew failover-state\n"
        script += "set name = \"\(model.failover.name)\"\nopen\n"
        let result = Subprocess.run(timeoutProgram, ["\(timeout)", omshell], input: script)
        let output = result.output
        if let line = output.split(separator: "\n").first(where: { $0.contains("local-state =") }),
            let value = line.split(separator: "=").last.map({ String($0).trimmingCharacters(in: .whitespaces) })
        {
            let number = value.split(separator: ":").reduce(0) { $0 << 8 | (Int($1, radix: 16) ?? 0) }
            return .state(name: Self.dhcpdStates[number] ?? "state \(number)", number: number)
        }
        let lines = output.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "> ").union(.whitespaces)) }
        let complaint = lines.last { line in ["can't", "not ", "fail", "error", "invalid"].contains { line.lowercased().contains($0) } }
        let said = complaint ?? lines.last { !$0.isEmpty } ?? ""
        if result.status == 124 { return .unreachable("no OMAPI answer within \(timeout) s") }
        // Something listens but gave no state: it refused the key (or knows no such failover peer).
        if TCPProbe.accepts(address, port: model.failover.omapiPort, timeout: Double(timeout)) {
            return .refused(
                "OMAPI refuses the key \(model.omapiKey?.name ?? "(none)") or knows no failover peer \(DiagnosticText.quoted(model.failover.name)) (omshell: \(said))"
            )
        }
        return .unreachable("does not answer OMAPI on \(address):\(model.failover.omapiPort) (omshell: \(said))")
    }

    private func askKea(_ address: IPv4Address, port: Int) -> Reply {
        let question = #"{ "command": "ha-heartbeat", "service": [ "dhcp4" ] }"#
        let body: [UInt8]
        switch HTTPPost(address: address, port: port, timeout: Double(timeout)).send(json: question) {
        case let .success(reply): body = reply.body
        case let .failure(.malformed(what)): return .refused("its HA listener \(address):\(port) answered \(what)")
        case let .failure(failure): return .unreachable("its HA listener \(address):\(port) does not answer (\(failure.description))")
        }
        // The answer is a list of one object per service, or that object alone.
        guard let parsed = JSONParser.parse(String(decoding: body, as: UTF8.self)),
            let answer = parsed.arrayValue.first ?? (parsed["result"] != nil ? parsed : nil)
        else { return .refused("its HA listener answered something that is not Kea's JSON") }
        guard answer["result"] == .int(0), let state = answer["arguments"]?["state"]?.stringValue else {
            return .refused("ha-heartbeat: \(answer["text"]?.stringValue ?? "refused")")
        }
        return .state(name: state, number: Self.keaStateNumbers[state] ?? 0)
    }
}

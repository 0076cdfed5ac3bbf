import Foundation

/// dhcpd's failover state over OMAPI: ISC's `omshell`, with the cluster's key on its standard
/// input so that the secret is never an argument.
extension DHCPStateProbe {
    /// dhcpd's failover states (`enum failover_state`, dhcpd's failover.h).
    static let dhcpdStates: [Int: String] = [
        1: "startup", 2: "normal", 3: "communications-interrupted", 4: "partner-down", 5: "potential-conflict", 6: "recover",
        7: "paused", 8: "shutdown", 9: "recover-done", 10: "resolution-interrupted", 11: "conflict-done", 254: "recover-wait",
    ]

    func askDHCPD(_ address: IPv4Address) -> Reply {
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

}

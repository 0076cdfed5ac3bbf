/// Kea's HA state over its HA listener (`ha-heartbeat`, as the peer asks it).
extension DHCPStateProbe {
    /// Kea HA states, numbered for the performance data.
    static let keaStateNumbers: [String: Int] = [
        "waiting": 1, "syncing": 2, "ready": 3, "load-balancing": 4, "hot-standby": 5, "partner-down": 6, "partner-in-maintenance": 7,
        "in-maintenance": 8, "communication-recovery": 9, "backup": 10, "passive-backup": 11, "terminated": 12,
    ]

    /// `service`: `dhcp4` or `dhcp6`, the server whose HA listener `port` is.
    func askKea(_ address: IPv4Address, port: Int, service: String = "dhcp4") -> Reply {
        let question = #"{ "command": "ha-heartbeat", "service": [ ""# + service + #"" ] }"#
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

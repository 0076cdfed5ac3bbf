import Foundation

/// The checks `kea-dhcp4 -t` of Kea 2.2 skips (it loads no hook library, and a pool's class is
/// only a name to it), run by `check` on the rendered pair: each finding is a configuration Kea
/// accepts and then serves wrongly, or refuses only at its real start.
///
/// Per node: `this-server-name` is one of the peers; one primary, and roles the mode allows
/// (load-balancing: primary and secondary; hot-standby: primary and standby); peer URLs with an
/// IPv4 literal (Kea resolves no names); `libdhcp_lease_cmds.so` loaded before the HA hook (else
/// the peer's lease updates fail at the first lease); HA multi-threading only with the core's
/// (else HA falls back to a control agent its peer URL does not name); every class a pool names
/// defined; every pool with an address left after the reservations in it. Across the pair:
/// classes, reservations and shared networks identical but for the own-first order of the
/// servers (the HA hook requires equal reservations on both peers).
public enum KeaPairCheck {
    /// One node's `kea-dhcp4.conf`, parsed, with the node's addresses and FQDN.
    struct Node {
        let role: NodeRole
        let dhcp4: JSON
        let own: (address: String, fqdn: String)
        let peer: (address: String, fqdn: String)

        var file: SourceLocation { .input(path: role.rawValue + KeaPaths.dhcp4) }
    }

    /// Checks the Kea files among `files`, if any; true when nothing was wrong.
    @discardableResult
    public static func check(_ files: [GeneratedFile], model: ClusterModel, diagnostics: DiagnosticCollector) -> Bool {
        let before = diagnostics.diagnostics.count { $0.severity == .error }
        var nodes: [Node] = []
        // The reservations (a million at scale) stay text: compared line by line, their
        // addresses read by a scan; everything else is parsed. One node on each core.
        let keaFiles = NodeRole.allCases.compactMap { role in files.first { $0.node == role && $0.deployedPath == KeaPaths.dhcp4 } }
        let parsed = ConcurrentResults<JSON?>(count: keaFiles.count)
        DispatchQueue.concurrentPerform(iterations: keaFiles.count) { index in
            parsed.set(index, JSONParser.parse(keaFiles[index].contents, keepingAsText: ["reservations"])?["Dhcp4"])
        }
        for (file, dhcp4) in zip(keaFiles, parsed.values) {
            guard let role = file.node else { continue }
            let own = model.node(role)
            let peer = model.node(role.peer)
            guard let dhcp4 else {
                diagnostics.error("not a Kea DHCPv4 configuration (JSON with a 'Dhcp4' object)", at: .input(path: file.path))
                continue
            }
            let node = Node(
                role: role, dhcp4: dhcp4, own: (own.address.description, "\(own.hostname).\(model.domain)."),
                peer: (peer.address.description, "\(peer.hostname).\(model.domain)."))
            for problem in problems(of: node) { diagnostics.error(problem, at: node.file) }
            nodes.append(node)
        }
        if nodes.count == 2 {
            for section in ["client-classes", "reservations", "shared-networks"] {
                let master = nodes[0].dhcp4[section].map { normalized($0, nodes[0]) }
                let slave = nodes[1].dhcp4[section].map { normalized($0, nodes[1]) }
                if case let .rendered(masterText)? = master, case let .rendered(slaveText)? = slave,
                    sameLines(masterText, nodes[0], slaveText, nodes[1])
                {
                    continue
                }
                guard master != slave else { continue }
                diagnostics.error(
                    "'\(section)' differs between the nodes beyond the own-first order of the servers; the HA peers must agree", at: nodes[1].file)
            }
        }
        return diagnostics.diagnostics.count(where: { $0.severity == .error }) == before
    }

    static func problems(of node: Node) -> [String] {
        var problems: [String] = []
        let dhcp4 = node.dhcp4
        let hooks = dhcp4["hooks-libraries"]?.arrayValue ?? []
        let libraries = hooks.map { $0["library"]?.stringValue ?? "" }
        guard let haIndex = libraries.firstIndex(where: { $0.hasSuffix("/libdhcp_ha.so") || $0 == "libdhcp_ha.so" }),
            let relationships = hooks[haIndex]["parameters"]?["high-availability"]?.arrayValue, relationships.count == 1
        else {
            return ["no HA hook with exactly one 'high-availability' entry (Kea 2.2 supports one)"]
        }
        if !libraries[..<haIndex].contains(where: { $0.hasSuffix("libdhcp_lease_cmds.so") }) {
            problems.append("libdhcp_lease_cmds.so is not loaded before the HA hook: the peer's lease updates would fail at the first lease")
        }
        let ha = relationships[0]
        let peers = ha["peers"]?.arrayValue ?? []
        let names = peers.compactMap { $0["name"]?.stringValue }
        let thisServer = ha["this-server-name"]?.stringValue ?? ""
        if !names.contains(thisServer) {
            problems.append("this-server-name '\(thisServer)' is none of the peers (\(names.joined(separator: ", ")))")
        }
        let roles = peers.compactMap { $0["role"]?.stringValue }.sorted()
        let mode = ha["mode"]?.stringValue ?? ""
        let allowed = mode == "hot-standby" ? ["primary", "standby"] : ["primary", "secondary"]
        if roles != allowed {
            problems.append(
                "the peers' roles are \(roles.joined(separator: ", ")); \(mode) needs exactly one of each: \(allowed.joined(separator: ", "))")
        }
        for peer in peers {
            let url = peer["url"]?.stringValue ?? ""
            if !isLiteralURL(url) {
                problems.append("peer URL '\(url)' does not name an IPv4 address and a port (Kea resolves no host names)")
            }
        }
        let haThreads = ha["multi-threading"]?["enable-multi-threading"]?.boolValue ?? false
        let coreThreads = dhcp4["multi-threading"]?["enable-multi-threading"]?.boolValue ?? false
        if haThreads && !coreThreads {
            problems.append(
                "the HA hook's multi-threading is on but the server's is off: Kea 2.2 then falls back to the control agent, which the peer URLs do not name"
            )
        }
        problems += poolProblems(dhcp4, haScopes: Set(names.map { "HA_\($0)" }))
        return problems
    }

    /// `http://A.B.C.D:PORT/`.
    static func isLiteralURL(_ url: String) -> Bool {
        guard url.hasPrefix("http://"), url.hasSuffix("/") else { return false }
        let hostPort = url.dropFirst(7).dropLast().split(separator: ":", omittingEmptySubsequences: false)
        guard hostPort.count == 2, IPv4Address(hostPort[0]) != nil, let port = Int(hostPort[1]) else { return false }
        return (1...65535).contains(port)
    }

    private static func poolProblems(_ dhcp4: JSON, haScopes: Set<String>) -> [String] {
        var problems: [String] = []
        let classes = Set((dhcp4["client-classes"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        let reserved = reservedAddresses(dhcp4["reservations"]).sorted()
        let subnets = (dhcp4["shared-networks"]?.arrayValue ?? []).flatMap { $0["subnet4"]?.arrayValue ?? [] }
        for subnet in subnets {
            for pool in subnet["pools"]?.arrayValue ?? [] {
                let text = pool["pool"]?.stringValue ?? ""
                if let name = pool["client-class"]?.stringValue, !classes.contains(name), !haScopes.contains(name) {
                    problems.append("pool \(text) admits class '\(name)', which no client class defines: it would never hand out an address")
                }
                let bounds = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
                guard bounds.count == 2, let first = IPv4Address(bounds[0]), let last = IPv4Address(bounds[1]), first <= last else {
                    problems.append("pool '\(text)' is not a range 'A - B'")
                    continue
                }
                let size = UInt64(last.value - first.value) + 1
                let lower = reserved.partitionPoint { $0 < first }
                let upper = reserved.partitionPoint { $0 <= last }
                if UInt64(upper - lower) >= size {
                    problems.append("pool \(text) has no address left: reservations take all \(size)")
                }
            }
        }
        return problems
    }

    /// The `ip-address` of every reservation: parsed, or scanned for in the kept text.
    static func reservedAddresses(_ reservations: JSON?) -> [IPv4Address] {
        guard case let .rendered(bytes)? = reservations else {
            return (reservations?.arrayValue ?? []).compactMap { $0["ip-address"]?.stringValue.flatMap(IPv4Address.init) }
        }
        let key = Array("\"ip-address\"".utf8)
        var addresses: [IPv4Address] = []
        var index = 0
        while let found = firstIndex(of: key, in: bytes, from: index) {
            index = found + key.count
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: ":") { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { continue }
            let start = index + 1
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { break }
            if let address = IPv4Address(String(decoding: bytes[start..<end], as: UTF8.self)) { addresses.append(address) }
            index = end + 1
        }
        return addresses
    }

    private static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, pattern.count <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var index = start
            // memchr finds each candidate first byte; only those are compared.
            while index + pattern.count <= buffer.count, let found = memchr(base + index, Int32(first), buffer.count - index) {
                let candidate = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                guard candidate + pattern.count <= buffer.count else { return nil }
                if memcmp(base + candidate, pattern, pattern.count) == 0 { return candidate }
                index = candidate + 1
            }
            return nil
        }
    }

    /// Two kept texts equal line by line once each node's quoted own and peer addresses and
    /// FQDNs stand for `<own>` and `<peer>` (a line equal in bytes is not enough: the same
    /// address is the master's own and the slave's peer). Works on bytes: a million lines.
    static func sameLines(_ master: [UInt8], _ masterNode: Node, _ slave: [UInt8], _ slaveNode: Node) -> Bool {
        let masterTokens = tokens(masterNode)
        let slaveTokens = tokens(slaveNode)
        var masterStart = 0
        var slaveStart = 0
        // Both texts walked line by line at once, each line piece by piece between quotes.
        while true {
            let masterEnd = lineEnd(in: master, from: masterStart)
            let slaveEnd = lineEnd(in: slave, from: slaveStart)
            guard sameNormalized(master[masterStart..<masterEnd], masterTokens, slave[slaveStart..<slaveEnd], slaveTokens) else { return false }
            let masterDone = masterEnd == master.count
            guard masterDone == (slaveEnd == slave.count) else { return false }
            if masterDone { return true }
            masterStart = masterEnd + 1
            slaveStart = slaveEnd + 1
        }
    }

    /// Whether two lines are equal piece by piece between quotes, a piece that spells one of a
    /// node's `tokens` compared by what it stands for (own or peer); nothing is copied.
    private static func sameNormalized(_ a: ArraySlice<UInt8>, _ aTokens: [Token], _ b: ArraySlice<UInt8>, _ bTokens: [Token]) -> Bool {
        let quote = UInt8(ascii: "\"")
        var aStart = a.startIndex
        var bStart = b.startIndex
        while true {
            let aEnd = a[aStart...].firstIndex(of: quote) ?? a.endIndex
            let bEnd = b[bStart...].firstIndex(of: quote) ?? b.endIndex
            let aPiece = a[aStart..<aEnd]
            let bPiece = b[bStart..<bEnd]
            let aMeaning = aTokens.first { sameBytes(aPiece, $0.value[...]) }?.isOwn
            let bMeaning = bTokens.first { sameBytes(bPiece, $0.value[...]) }?.isOwn
            guard aMeaning == bMeaning, aMeaning != nil || sameBytes(aPiece, bPiece) else { return false }
            let aDone = aEnd == a.endIndex
            let bDone = bEnd == b.endIndex
            if aDone || bDone { return aDone && bDone }
            aStart = aEnd + 1
            bStart = bEnd + 1
        }
    }

    /// The index of the newline ending the line that starts at `start`, or the end of `bytes`.
    private static func lineEnd(in bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, start < buffer.count, let found = memchr(base + start, 0x0a, buffer.count - start) else {
                return buffer.count
            }
            return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
        }
    }

    private static func sameBytes(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                guard let left = x.baseAddress, let right = y.baseAddress else { return true }
                return memcmp(left, right, x.count) == 0
            }
        }
    }

    /// A node-specific value as bytes, and whether it is the node's own (else its peer's).
    private typealias Token = (value: [UInt8], isOwn: Bool)

    private static func tokens(_ node: Node) -> [Token] {
        [
            (Array(node.own.address.utf8), true), (Array(node.own.fqdn.utf8), true),
            (Array(node.peer.address.utf8), false), (Array(node.peer.fqdn.utf8), false),
        ]
    }

    /// A section with the node's own address and FQDN replaced by `<own>`, the peer's by `<peer>`,
    /// in every string and in every item of a comma-separated server list.
    static func normalized(_ value: JSON, _ node: Node) -> JSON {
        switch value {
        case let .string(text):
            guard text.utf8.contains(UInt8(ascii: ",")) else { return .string(normalizedItem(text, node)) }
            return .string(
                text.split(separator: ",").map { normalizedItem($0.trimmingCharacters(in: .whitespaces), node) }.joined(separator: ", "))
        case let .array(items): return .array(items.map { normalized($0, node) })
        case let .object(members): return .object(members.map { ($0.0, normalized($0.1, node)) })
        case .int, .bool, .rendered: return value
        }
    }

    private static func normalizedItem(_ item: String, _ node: Node) -> String {
        switch item {
        case node.own.address, node.own.fqdn: return "<own>"
        case node.peer.address, node.peer.fqdn: return "<peer>"
        default: return item
        }
    }
}

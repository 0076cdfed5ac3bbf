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
enum KeaPairCheck {
    /// One node's `kea-dhcp4.conf`, parsed but for its reservations, with the node's addresses
    /// and FQDN.
    struct Node {
        let role: NodeRole
        let dhcp4: JSON
        /// The text of `Dhcp4.reservations` (a million at scale), unparsed: the file's own bytes,
        /// valid while `check` runs.
        let reservations: UnsafeBufferPointer<UInt8>?
        let own: (address: String, fqdn: String)
        let peer: (address: String, fqdn: String)

        var file: SourceLocation { .input(path: role.rawValue + KeaPaths.dhcp4) }
    }

    /// Checks the Kea files among `files`, if any; true when nothing was wrong.
    @discardableResult
    static func check(_ files: [GeneratedFile], model: ClusterModel, diagnostics: DiagnosticCollector) -> Bool {
        let before = diagnostics.diagnostics.count { $0.severity == .error }
        let keaFiles = NodeRole.allCases.compactMap { role in files.first { $0.node == role && $0.deployedPath == KeaPaths.dhcp4 } }
        // Each node's file copied from its rendered parts into the bytes it is written as, then
        // parsed and checked, on its own core; the reservations stay text: their addresses read
        // by a scan, compared across the pair on bytes.
        let texts = FileCopies(keaFiles.map { UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, $0.text.count)) })
        defer { for buffer in texts.buffers { buffer.deallocate() } }
        let checked = Parallel.map(keaFiles.count) { index in
            let count = keaFiles[index].text.copy(into: UnsafeMutableRawBufferPointer(texts.buffers[index]))
            return checkedNode(keaFiles[index], text: UnsafeBufferPointer(rebasing: texts.buffers[index][..<count]), model: model)
        }
        var nodes: [Node] = []
        for (file, result) in zip(keaFiles, checked) {
            guard let result else {
                diagnostics.error("not a Kea DHCPv4 configuration (JSON with a 'Dhcp4' object)", at: .input(path: file.path))
                continue
            }
            for problem in result.problems { diagnostics.error(problem, at: result.node.file) }
            nodes.append(result.node)
        }
        if nodes.count == 2 {
            let sections = ["client-classes", "reservations", "shared-networks"]
            let pair = ReadOnlyNodes(nodes: nodes)
            let same = Parallel.map(sections.count) { samePairSection(sections[$0], pair.nodes[0], pair.nodes[1]) }
            for (section, same) in zip(sections, same) where !same {
                diagnostics.error(
                    "'\(section)' differs between the nodes beyond the own-first order of the servers; the HA peers must agree", at: nodes[1].file)
            }
        }
        return diagnostics.diagnostics.count(where: { $0.severity == .error }) == before
    }

    /// One node parsed from its file's bytes, with its own problems; nil when it is not a Kea
    /// DHCPv4 configuration.
    private static func checkedNode(_ file: GeneratedFile, text: UnsafeBufferPointer<UInt8>, model: ClusterModel) -> (node: Node, problems: [String])?
    {
        guard let role = file.node, let parsed = JSONParser.parse(utf8: text, settingAside: ["Dhcp4", "reservations"]),
            let dhcp4 = parsed.value["Dhcp4"]
        else { return nil }
        let own = model.node(role)
        let peer = model.node(role.peer)
        let node = Node(
            role: role, dhcp4: dhcp4, reservations: parsed.setAside.map { UnsafeBufferPointer(rebasing: text[$0]) },
            own: (own.address.description, "\(own.hostname).\(model.domain)."), peer: (peer.address.description, "\(peer.hostname).\(model.domain)."))
        return (node, problems(of: node))
    }

    /// Whether both nodes hold `section` alike but for the own-first order of the servers.
    private static func samePairSection(_ section: String, _ master: Node, _ slave: Node) -> Bool {
        guard section == "reservations" else {
            return master.dhcp4[section].map { normalized($0, master) } == slave.dhcp4[section].map { normalized($0, slave) }
        }
        switch (master.reservations, slave.reservations) {
        case let (masterText?, slaveText?): return sameNormalized(masterText, tokens(master), slaveText, tokens(slave))
        case (nil, nil): return true
        default: return false
        }
    }

    /// The copies of the nodes' files, each written by one job only.
    private struct FileCopies: @unchecked Sendable {
        let buffers: [UnsafeMutableBufferPointer<UInt8>]
        init(_ buffers: [UnsafeMutableBufferPointer<UInt8>]) { self.buffers = buffers }
    }

    /// Nodes (with their reservations' bytes) only read, by jobs that end before those bytes'
    /// owners do.
    private struct ReadOnlyNodes: @unchecked Sendable {
        let nodes: [Node]
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
        problems += poolProblems(dhcp4, reservations: node.reservations, haScopes: Set(names.map { "HA_\($0)" }))
        return problems
    }

    /// `http://A.B.C.D:PORT/`.
    static func isLiteralURL(_ url: String) -> Bool {
        guard url.hasPrefix("http://"), url.hasSuffix("/") else { return false }
        let hostPort = url.dropFirst(7).dropLast().split(separator: ":", omittingEmptySubsequences: false)
        guard hostPort.count == 2, IPv4Address(hostPort[0]) != nil, let port = Int(hostPort[1]) else { return false }
        return (1...65535).contains(port)
    }

    private static func poolProblems(_ dhcp4: JSON, reservations: UnsafeBufferPointer<UInt8>?, haScopes: Set<String>) -> [String] {
        var problems: [String] = []
        let classes = Set((dhcp4["client-classes"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        let reserved = (reservations.map(reservedAddresses) ?? []).sorted()
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

    /// The `ip-address` of every reservation, read from their text.
    static func reservedAddresses(_ text: UnsafeBufferPointer<UInt8>) -> [IPv4Address] {
        var addresses: [IPv4Address] = []
        var strings = JSONStrings(text)
        var keyEnd: Int?  // after the closing quote of the last string, when it was "ip-address"
        while let string = strings.next() {
            if let keyEnd, text[keyEnd..<(string.lowerBound - 1)].allSatisfy({ $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: " ") }),
                let address = IPv4Address(utf8: text[string])
            {
                addresses.append(address)
            }
            keyEnd = text[string].elementsEqual("ip-address".utf8) ? string.upperBound + 1 : nil
        }
        return addresses
    }

    /// Whether two texts are equal string by string and between strings, a string that spells
    /// one of a node's `tokens` compared by what it stands for (own or peer): a string equal in
    /// bytes is not enough, since the same address is the master's own and the slave's peer.
    /// Nothing is copied: a million reservations.
    static func sameNormalized(_ a: UnsafeBufferPointer<UInt8>, _ aTokens: [Token], _ b: UnsafeBufferPointer<UInt8>, _ bTokens: [Token]) -> Bool {
        var aStrings = JSONStrings(a)
        var bStrings = JSONStrings(b)
        var aTaken = 0
        var bTaken = 0
        while true {
            let aString = aStrings.next()
            let bString = bStrings.next()
            guard let aString, let bString else {
                return aString == nil && bString == nil && a[aTaken...].elementsEqual(b[bTaken...])
            }
            guard sameBytes(a[aTaken..<aString.lowerBound], b[bTaken..<bString.lowerBound]) else { return false }
            let aPiece = a[aString]
            let bPiece = b[bString]
            let aMeaning = aTokens.first { sameBytes(aPiece, $0.value) }?.isOwn
            let bMeaning = bTokens.first { sameBytes(bPiece, $0.value) }?.isOwn
            guard aMeaning == bMeaning, aMeaning != nil || sameBytes(aPiece, bPiece) else { return false }
            aTaken = aString.upperBound
            bTaken = bString.upperBound
        }
    }

    private static func sameBytes(_ a: Slice<UnsafeBufferPointer<UInt8>>, _ b: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard a.count == b.count else { return false }
        guard let left = a.base.baseAddress, let right = b.base.baseAddress else { return true }
        return memcmp(left + a.startIndex, right + b.startIndex, a.count) == 0
    }

    private static func sameBytes(_ a: Slice<UnsafeBufferPointer<UInt8>>, _ b: [UInt8]) -> Bool {
        a.count == b.count && b.withUnsafeBufferPointer { sameBytes(a, $0[...]) }
    }

    /// A node-specific value as bytes, and whether it is the node's own (else its peer's).
    typealias Token = (value: [UInt8], isOwn: Bool)

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
        case .int, .bool, .rendered, .renderedParts, .include: return value
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

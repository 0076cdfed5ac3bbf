import Foundation

/// The checks `kea-dhcp6 -t` skips (it loads no hook library and knows no peer), on the rendered
/// pair: each node's CMTS files equal to the other's (the HA peers must serve the same subnets,
/// pools and reservations), `gateways6.conf` including exactly the CMTS files of the tree,
/// `libdhcp_lease_cmds.so` loaded before the HA hook, `this-server-name` one of the peers, and
/// both nodes naming the same peers with one primary.
enum KeaDHCP6PairCheck {
    static func check(_ files: [GeneratedFile], diagnostics: DiagnosticCollector) -> Bool {
        let before = diagnostics.diagnostics.count { $0.severity == .error }
        let byNode = Dictionary(grouping: files.filter { $0.deployedPath?.hasPrefix(KeaPaths.folder + "/") == true }, by: \.node)
        var peersOfNodes: [String] = []
        for role in NodeRole.allCases {
            let ownFiles = byNode[role] ?? []
            let cmtsFiles = Set(ownFiles.compactMap(\.deployedPath).filter { $0.hasPrefix(KeaPaths.folder + "/gateways6/") })
            if let gateways = ownFiles.first(where: { $0.deployedPath == KeaPaths.gateways6 }) {
                let included = Set(includes(in: gateways.contents))
                if included != cmtsFiles {
                    diagnostics.error(
                        "gateways6.conf includes \(included.count) CMTS file(s), the tree holds \(cmtsFiles.count): every shared network must be included once",
                        at: .input(path: gateways.path))
                }
            }
            guard let main = ownFiles.first(where: { $0.deployedPath == KeaPaths.dhcp6 }) else { continue }
            let location = SourceLocation.input(path: main.path)
            let text = main.contents.replacingOccurrences(of: "<?include \"\(KeaPaths.gateways6)\"?>", with: "")
            guard case let .object(top)? = JSONParser.parse(text), case let .object(dhcp6)? = top.first(where: { $0.0 == "Dhcp6" })?.1,
                case let .array(hooks)? = dhcp6.first(where: { $0.0 == "hooks-libraries" })?.1
            else {
                diagnostics.error("not a Kea DHCPv6 configuration (JSON with a 'Dhcp6' object and its hooks)", at: location)
                continue
            }
            let libraries = hooks.compactMap { hook -> String? in
                guard case let .object(members) = hook, case let .string(library)? = members.first(where: { $0.0 == "library" })?.1 else {
                    return nil
                }
                return library.split(separator: "/").last.map(String.init)
            }
            guard let leaseCommands = libraries.firstIndex(of: "libdhcp_lease_cmds.so"), let ha = libraries.firstIndex(of: "libdhcp_ha.so"),
                leaseCommands < ha
            else {
                diagnostics.error(
                    "libdhcp_lease_cmds.so must be loaded before libdhcp_ha.so (the peer's lease updates arrive through it)", at: location)
                continue
            }
            let haText = JSON.array([hooks[ha]]).rendered()
            let peers = peerLines(haText)
            guard peers.filter({ $0.contains("\"primary\"") }).count == 1 else {
                diagnostics.error("the HA hook must name exactly one primary among its peers", at: location)
                continue
            }
            if let name = thisServerName(haText), !peers.contains(where: { $0.contains("\"name\": \(JSON.quoted(name))") }) {
                diagnostics.error("this-server-name \(DiagnosticText.quoted(name)) is none of the HA peers", at: location)
            }
            peersOfNodes.append(peers.joined(separator: "\n"))
        }
        if peersOfNodes.count == 2, peersOfNodes[0] != peersOfNodes[1] {
            diagnostics.error("the nodes' DHCPv6 HA hooks name different peers", at: .input(path: "slave" + KeaPaths.dhcp6))
        }
        let masterCMTS = (byNode[.master] ?? []).filter { $0.deployedPath?.hasPrefix(KeaPaths.folder + "/gateways6") == true }
        let slaveCMTS = Dictionary((byNode[.slave] ?? []).map { ($0.deployedPath ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        for file in masterCMTS where slaveCMTS[file.deployedPath ?? ""].map({ !sameBody($0.contents, file.contents) }) ?? true {
            diagnostics.error(
                "\(file.deployedPath ?? file.path) differs between the nodes (or the slave lacks it); the HA peers must serve the same networks",
                at: .input(path: file.path))
        }
        return diagnostics.diagnostics.count { $0.severity == .error } == before
    }

    /// The paths a fragment includes.
    static func includes(in text: String) -> [String] {
        text.components(separatedBy: "<?include \"").dropFirst().compactMap { $0.components(separatedBy: "\"?>").first }
    }

    /// The HA hook's peer objects, one a line (as the JSON writer puts narrow objects).
    private static func peerLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.contains("\"url\"") && $0.contains("\"role\"") }
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
    }

    private static func thisServerName(_ text: String) -> String? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("\"this-server-name\"") }) else { return nil }
        return line.components(separatedBy: "\"this-server-name\": \"").dropFirst().first?.components(separatedBy: "\"").first
    }

    /// Equal but for the generated header's comment lines (they name the node).
    private static func sameBody(_ one: String, _ other: String) -> Bool {
        let body = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("//") } }
        return body(one) == body(other)
    }
}

import Foundation
import Yams

/// Reads a version 1 cluster file into a `ClusterConfig`, reporting every problem found with
/// its line and column. Returns nil when any error was reported.
struct ClusterFileReader {
    let diagnostics: DiagnosticCollector

    init(diagnostics: DiagnosticCollector) { self.diagnostics = diagnostics }

    /// Reads the file at `path` (as given on the command line; messages use it unchanged).
    func read(path: String) -> ClusterConfig? {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.error("cannot read the cluster file", at: .input(path: path))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.error("the cluster file is not valid UTF-8", at: .input(path: path))
            return nil
        }
        var config = read(text: text, path: path)
        config?.sourceDigest = SHA256Digest.hex(of: data)
        return config
    }

    /// Reads cluster-file text; `path` names it in diagnostics and anchors relative paths.
    func read(text: String, path: String) -> ClusterConfig? {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                diagnostics.error("the cluster file is empty", at: .input(path: path))
                return nil
            }
            root = node
        } catch let error as YamlError {
            reportYAMLError(error, path: path, text: text)
            return nil
        } catch {
            diagnostics.error("cannot parse YAML: \(error)", at: .input(path: path))
            return nil
        }
        let errorsBefore = diagnostics.diagnostics.count { $0.severity == .error }
        let config = decode(root, path: path)
        let errorsAfter = diagnostics.diagnostics.count { $0.severity == .error }
        return errorsAfter == errorsBefore ? config : nil
    }

    private func reportYAMLError(_ error: YamlError, path: String, text: String) {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
            let .composer(context, problem, mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            diagnostics.error("invalid YAML: \(detail)", at: .file(path: path, line: mark.line, column: mark.column))
        case let .reader(problem, offset, value, _):
            let position = Self.position(ofByte: offset ?? 0, in: text)
            diagnostics.error(
                "invalid YAML: \(problem) (byte 0x\(String(UInt32(bitPattern: value), radix: 16)))",
                at: .file(path: path, line: position.line, column: position.column))
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { DiagnosticText.quoted($0) }.joined(separator: ", ")
            diagnostics.error(
                "duplicate key \(keys): a key may appear only once in a mapping",
                at: .file(path: path, line: context.mark.line, column: context.mark.column))
        default:
            diagnostics.error("invalid YAML: \(error)", at: .input(path: path))
        }
    }

    /// Line and column (1-based) of a byte offset in `text`, for errors libyaml locates by offset.
    static func position(ofByte offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in text.utf8.prefix(max(0, offset)) {
            if byte == 0x0a {
                line += 1
                column = 1
            } else if byte & 0xc0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private func decode(_ root: Node, path: String) -> ClusterConfig? {
        guard let top = YAMLMappingReader(root, keyPath: "", file: path, diagnostics: diagnostics) else { return nil }
        top.rejectUnknownKeys(ClusterFileKeys.top)
        if let version = top.integer("version", required: true), version.value != 1 {
            diagnostics.error("unsupported cluster file version \(version.value); this compiler reads version 1", at: version.location)
        }
        let cluster = top.mappingReader("cluster", required: true)
        cluster?.rejectUnknownKeys(ClusterFileKeys.cluster)
        let name = cluster?.string("name", required: true)
        let domain = cluster?.string("domain", required: true)
        if let name, name.value.isEmpty || !name.value.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            diagnostics.error("cluster name \(DiagnosticText.quoted(name.value)) may only hold a-z, 0-9 and '-'", at: name.location)
        }

        let nodes = top.mappingReader("nodes", required: true)
        nodes?.rejectUnknownKeys(ClusterFileKeys.nodes)
        let master = nodes.flatMap { readNode($0, role: .master) }
        let slave = nodes.flatMap { readNode($0, role: .slave) }
        let wholeFile = SourceLocation.input(path: path)  // where defaults of an absent section point
        let failoverReader = top.mappingReader("failover")
        let failover = failoverReader.map(readFailover) ?? FailoverPolicy(defaultsAt: wholeFile)
        let snapshot = top.mappingReader("snapshot").flatMap { readSnapshot($0, clusterFile: path) }
        let dhcpReader = top.mappingReader("dhcp")
        let dhcp = dhcpReader.map { readDHCP($0, clusterFile: path) } ?? DHCPSettings()
        let dhcp6 = top.mappingReader("dhcp6").map(readDHCP6) ?? DHCPv6Settings()
        let ddns = top.mappingReader("ddns").flatMap { readKey($0, section: "ddns", defaultName: "dhcpupdate", clusterFile: path) }
        let omapiKey = failoverReader?.mappingReader("omapi_key")
            .flatMap { readKey($0, section: "failover.omapi_key", defaultName: "omapi-key", clusterFile: path) }
        let overrides = top.mappingReader("cmts").map(readCMTSOverrides) ?? []

        let dns = top.mappingReader("dns").map(readDNS) ?? DNSSettings()
        let syslog = top.mappingReader("syslog").map(readSyslog) ?? SyslogSettings(defaultsAt: wholeFile)
        let cacti = top.mappingReader("cacti").map(readCacti) ?? CactiMountSettings(defaultsAt: wholeFile)
        let tftpReader = top.mappingReader("tftp")
        let tftp = tftpReader.map(readTFTP) ?? TFTPSettings()
        let firewall = top.mappingReader("firewall").map(readFirewall) ?? FirewallSettings()
        let apply = top.mappingReader("apply").map(readApply) ?? ApplySettings()
        let nmsprime = top.mappingReader("nmsprime").map(readNMSPrime) ?? NMSPrimeSettings()
        let database = top.mappingReader("database").map { readDatabase($0, clusterFile: path) }

        guard let name, let domain, let master, let slave else { return nil }
        var config = ClusterConfig(
            path: path, name: name, domain: domain, master: master, slave: slave,
            failover: failover, snapshot: snapshot, dhcp: dhcp, ddns: ddns,
            cmtsOverrides: overrides, syslog: syslog, cacti: cacti)
        config.dns = dns
        config.dhcp6 = dhcp6
        config.tftp = tftp
        config.omapiKey = omapiKey
        config.failoverLocation = failoverReader.map { $0.location(of: $0.node) }
        config.dhcpLocation = dhcpReader.map { $0.location(of: $0.node) }
        config.firewall = firewall
        config.apply = apply
        config.nmsprime = nmsprime
        config.database = database
        config.tftpLocation = tftpReader.map { $0.location(of: $0.node) }
        return config
    }

    /// A path on the deployed machine, as `DeployedPath` allows it (it lands in named's
    /// configuration, autofs maps and sshfs options, and names files of the output tree).
    func absolutePath(_ path: Located<String>, key: String) -> Located<String> {
        if let problem = DeployedPath.problem(path.value) {
            diagnostics.error("'\(key)' \(DiagnosticText.quoted(path.value)) \(problem)", at: path.location)
        }
        return path
    }

    private func readNode(_ nodes: YAMLMappingReader, role: NodeRole) -> NodeConfig? {
        guard let reader = nodes.mappingReader(role.rawValue, required: true) else { return nil }
        reader.rejectUnknownKeys(ClusterFileKeys.node)
        let hostname = reader.string("hostname", required: true)
        let address = reader.string("address", required: true).flatMap { ipv4($0, key: "nodes.\(role.rawValue).address") }
        var address6: Located<IPv6Address>?
        if let text = reader.string("address6") {
            if let parsed = IPv6Address(text.value), !text.value.contains("%") {
                address6 = Located(parsed, at: text.location)
            } else {
                diagnostics.error(
                    "'nodes.\(role.rawValue).address6' must be an IPv6 address like 2001:db8::100, found \(DiagnosticText.quoted(text.value))",
                    at: text.location)
            }
        }
        guard let hostname, let address else { return nil }
        var node = NodeConfig(role: role, hostname: hostname, address: address)
        node.address6 = address6
        return node
    }

    func ipv4(_ text: Located<String>, key: String) -> Located<IPv4Address>? {
        guard let address = IPv4Address(text.value) else {
            diagnostics.error("\(DiagnosticText.quoted(key)) is not an IPv4 address: \(DiagnosticText.quoted(text.value))", at: text.location)
            return nil
        }
        return Located(address, at: text.location)
    }

    /// Paths in the cluster file are relative to the file's own folder.
    static func resolve(_ path: String, relativeTo clusterFile: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        let folder = (clusterFile as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }
}

extension SourceLocation {
    /// True when both are file positions and `self` comes after `other`.
    func isLater(than other: SourceLocation) -> Bool {
        guard case let .file(_, line, column) = self, case let .file(_, otherLine, otherColumn) = other else { return false }
        return (line, column) > (otherLine, otherColumn)
    }
}

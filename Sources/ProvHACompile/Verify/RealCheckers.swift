import Foundation

/// `--verify`: the daemons' own checkers, run on the rendered tree before anything is written.
/// The tree is laid out in a temporary folder with its absolute paths (`"/etc/…"`, `"/var/…"`,
/// `"/run/…"`) pointed into each node's copy, as the checkers would read it on the node. Each
/// checker that is installed runs on both nodes: `dhcpd -t` (or `kea-dhcp4 -t`, `kea-ctrl-agent -t`
/// and `kea-dhcp-ddns -t`), `named-checkconf -z`, `rsyslogd
/// -N1` (inside a minimal main configuration, as `/etc/rsyslog.conf` includes the drop-in),
/// `firewall-offline-cmd --check-config` and `systemd-analyze verify`. A rejection is an error naming the file and the checker's first
/// lines; a checker that is not installed is a note.
struct RealCheckers {
    /// Where a checker's program is looked for.
    let programs: ProgramSearch

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        programs = ProgramSearch(environment: environment)
    }

    /// Runs every installed checker on `files`, reporting into `diagnostics`; true when none rejected them.
    func verify(_ files: [GeneratedFile], diagnostics: DiagnosticCollector) -> Bool {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("provha-verify-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try Self.layOut(files, in: folder.path)
        } catch {
            diagnostics.error("cannot lay out the tree for the checkers: \(error)", at: .input(path: folder.path))
            return false
        }
        var accepted = true
        for role in NodeRole.allCases {
            let node = folder.appendingPathComponent(role.rawValue).path
            for check in checks(node: node, role: role, files: files) {
                guard let program = programs.find(check.program) else {
                    diagnostics.emit(
                        Diagnostic(
                            .note, "\(check.program) is not installed: \(check.file) was not checked with it",
                            at: .input(path: "\(role.rawValue)\(check.file)")))
                    continue
                }
                let result = Subprocess.run(program, check.arguments)
                guard (check.statusCounts && result.status != 0) || check.rejects(result.output) else { continue }
                accepted = false
                let lines = result.output.split(separator: "\n").map { $0.replacingOccurrences(of: folder.path + "/", with: "") }
                    .filter { line in !line.isEmpty && !Self.banner.contains { line.hasPrefix($0) } }.prefix(3).joined(separator: " | ")
                diagnostics.error("\(check.program) rejects it: \(lines)", at: .input(path: "\(role.rawValue)\(check.file)"))
            }
        }
        return accepted
    }

    /// Lines checkers print around their findings (dhcpd's banner and bug-report advice).
    static let banner = [
        "Internet Systems Consortium", "Copyright", "All rights reserved", "For info, please visit",
        "If you think you have received", "than a configuration issue", "bugs on either", "before submitting",
        "exiting.", "Configuration file errors encountered",
    ]

    /// One checker run on one node's file.
    struct Check {
        let program: String
        let arguments: [String]
        /// The deployed path of the file it checks, for the diagnostic.
        let file: String
        /// False when a non-zero exit status alone is no rejection: `rejects` judges the output.
        var statusCounts = true
        /// Output that means "rejected" even with exit status 0 (rsyslogd's errors).
        var rejects: (String) -> Bool = { _ in false }
    }

    func checks(node: String, role: NodeRole, files: [GeneratedFile]) -> [Check] {
        let deployed = Set(files.filter { $0.node == role }.compactMap(\.deployedPath))
        // Every server's checkers on its files (a tree holds one DHCPv4 server's, and DHCPv6's).
        var checks = DHCPServers.every.flatMap { $0.checkerRuns(node: node, deployed: deployed) }
        checks.append(Check(program: "named-checkconf", arguments: ["-z", "\(node)\(NamedPaths.config)"], file: NamedPaths.config))
        let rsyslogMain = "\(node)/rsyslog-main.conf"
        let dropIn = "\(node)\(RsyslogEmitter.path)"
        if FileManager.default.createFile(
            atPath: rsyslogMain,
            contents: Data(
                "global(workDirectory=\"\(node)\")\ninclude(file=\"\(dropIn)\")\n*.* action(type=\"omfile\" file=\"\(node)/messages\")\n".utf8))
        {
            checks.append(
                Check(
                    program: "rsyslogd", arguments: ["-N1", "-f", rsyslogMain], file: RsyslogEmitter.path,
                    rejects: { $0.contains("error") }))
        }
        // Icinga 2's own validation, inside a minimal main configuration (the ITL and the
        // plugins' commands, as /etc/icinga2/icinga2.conf includes them).
        let icingaMain = "\(node)/icinga2-main.conf"
        if deployed.contains(IcingaObjectsEmitter.path),
            FileManager.default.createFile(
                atPath: icingaMain,
                contents: Data(
                    "const PluginDir = \"/usr/lib/nagios/plugins\"\nconst NodeName = \"\(role.rawValue)\"\ninclude <itl>\ninclude <plugins>\ninclude \"\(node)\(IcingaObjectsEmitter.path)\"\n"
                        .utf8))
        {
            checks.append(Check(program: "icinga2", arguments: ["daemon", "-C", "-c", icingaMain], file: IcingaObjectsEmitter.path))
        }
        // firewalld's own loader: a zone it refuses (a name over 17 characters, an unknown
        // protocol) makes firewalld drop every zone of the folder for its stock configuration.
        let firewalld = "\(node)/etc/firewalld"
        if files.contains(where: { $0.path.hasPrefix("\(role.rawValue)/etc/firewalld/") }),
            FileManager.default.createFile(atPath: "\(firewalld)/firewalld.conf", contents: Data("DefaultZone=public\n".utf8))
        {
            checks.append(
                Check(
                    program: "firewall-offline-cmd", arguments: ["--system-config", firewalld, "--check-config"],
                    file: "/etc/firewalld/zones"))
        }
        let unitFiles = files.filter { $0.path.hasPrefix("\(role.rawValue)\(SystemdPaths.units)/") }
            .map { "\(node)/\($0.path.dropFirst(role.rawValue.count + 1))" }
        // A drop-in (`named.service.d/…`) is checked with the unit it extends; the distribution
        // owns that unit, so a stub stands in for it beside the drop-in's folder.
        var units = unitFiles.filter { !$0.contains(".d/") }
        for folder in Set(unitFiles.filter { $0.contains(".d/") }.map { ($0 as NSString).deletingLastPathComponent }).sorted() {
            let stub = String(folder.dropLast(2))
            if FileManager.default.createFile(atPath: stub, contents: Data("[Service]\nExecStart=/bin/true\n".utf8)) { units.append(stub) }
        }
        if !units.isEmpty {
            // A program the units start that this machine lacks is the machine's matter, not the unit's.
            checks.append(
                Check(
                    program: "systemd-analyze", arguments: ["verify", "--man=no"] + units, file: SystemdPaths.units,
                    statusCounts: false,
                    rejects: { output in
                        output.split(separator: "\n").contains { !$0.contains("is not executable: No such file or directory") }
                    }))
        }
        return checks
    }

    /// Writes `files` under `root` with the absolute paths inside each node's files pointed into
    /// that node's copy (also what the tests' checker runs use). Each zone's seed is also placed
    /// where named's configuration reads the zone, as `dns-sync seed` does on a first install.
    static func layOut(_ files: [GeneratedFile], in root: String) throws {
        let rewritten = (files + seededZoneFiles(files)).map { file -> GeneratedFile in
            let node = file.path.prefix { $0 != "/" }
            var contents = file.contents
            for top in ["etc", "var", "run"] {
                contents = contents.replacingOccurrences(of: "\"/\(top)/", with: "\"\(root)/\(node)/\(top)/")
            }
            return GeneratedFile(path: file.path, reload: file.reload, contents: contents, mode: file.mode)
        }
        try OutputWriter(root: root).writeFiles(rewritten)
    }

    /// Copies of the zone seeds at the zone files' paths, as `dns-sync seed` places them.
    static func seededZoneFiles(_ files: [GeneratedFile]) -> [GeneratedFile] {
        files.compactMap { seed in
            guard let node = seed.node, let target = seed.seeds else { return nil }
            return GeneratedFile(path: node.rawValue + target, reload: .none, contents: seed.contents, mode: seed.mode)
        }
    }

}

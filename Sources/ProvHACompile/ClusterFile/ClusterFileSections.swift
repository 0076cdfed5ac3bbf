import Foundation
import Yams

/// The readers of the cluster file's sections, one function each: every key checked, every
/// problem located at its line and column.
extension ClusterFileReader {
    func readDNS(_ reader: YAMLMappingReader) -> DNSSettings {
        reader.rejectUnknownKeys(ClusterFileKeys.dns)
        var settings = DNSSettings()
        if let group = reader.string("group") {
            if !Self.isGroupName(group.value) {
                diagnostics.error("'dns.group' \(DiagnosticText.quoted(group.value)) is not a group name", at: group.location)
            }
            settings.group = group.value
        }
        if let directory = reader.string("directory") { settings.directory = absolutePath(directory, key: "dns.directory").value }
        for item in reader.sequence("forwarders") ?? [] {
            guard item.tagName == .str, let text = item.string, let address = IPv4Address(text) else {
                diagnostics.error(
                    "'dns.forwarders' entries must be IPv4 addresses, found \(YAMLMappingReader.describe(item))", at: reader.location(of: item))
                continue
            }
            settings.forwarders.append(address)
        }
        if let validation = reader.string("dnssec_validation") {
            if ClusterFileKeys.dnssecValidation.contains(validation.value) {
                settings.dnssecValidation = validation.value
            } else {
                diagnostics.error(
                    "'dns.dnssec_validation' must be auto, yes or no, found \(DiagnosticText.quoted(validation.value))", at: validation.location)
            }
        }
        if let ttl = reader.integer("ttl")?.value { settings.ttl = ttl }
        if let interval = reader.integer("mirror_interval")?.value { settings.mirrorInterval = interval }
        if let folder = reader.string("zone_folder") { settings.zoneFolder = absolutePath(folder, key: "dns.zone_folder").value }
        settings.hostmaster = reader.string("hostmaster")
        return settings
    }

    /// A POSIX group name as useradd accepts it.
    static func isGroupName(_ name: String) -> Bool {
        name.range(of: "^[a-z_][a-z0-9_-]{0,31}$", options: .regularExpression) != nil
    }

    func readSyslog(_ reader: YAMLMappingReader) -> SyslogSettings {
        reader.rejectUnknownKeys(ClusterFileKeys.syslog)
        var settings = SyslogSettings(defaultsAt: reader.location(of: reader.node))
        if let port = reader.integer("port") { settings.port = port }
        if let size = reader.string("queue_max_disk_space") {
            if size.value.range(of: "^[1-9][0-9]*[kmgKMG]?$", options: .regularExpression) == nil {
                diagnostics.error(
                    "'syslog.queue_max_disk_space' must be a size like 512m or 1g, found \(DiagnosticText.quoted(size.value))", at: size.location)
            }
            settings.queueMaxDiskSpace = size
        }
        return settings
    }

    func readCacti(_ reader: YAMLMappingReader) -> CactiMountSettings {
        reader.rejectUnknownKeys(ClusterFileKeys.cacti)
        var settings = CactiMountSettings(defaultsAt: reader.location(of: reader.node))
        if let user = reader.string("user") {
            if user.value.range(of: "^[a-z_][a-z0-9_-]*$", options: .regularExpression) == nil {
                diagnostics.error("'cacti.user' \(DiagnosticText.quoted(user.value)) is not a user name", at: user.location)
            }
            settings.user = user.value
        }
        if let path = reader.string("remote_path") { settings.remotePath = absolutePath(path, key: "cacti.remote_path") }
        if let path = reader.string("mount_point") { settings.mountPoint = absolutePath(path, key: "cacti.mount_point") }
        if let path = reader.string("mount_root") { settings.mountRoot = absolutePath(path, key: "cacti.mount_root") }
        if settings.mountPoint.value.hasPrefix(settings.mountRoot.value + "/") || settings.mountPoint.value == settings.mountRoot.value {
            diagnostics.error(
                "'cacti.mount_point' \(DiagnosticText.quoted(settings.mountPoint.value)) lies in the autofs folder 'cacti.mount_root' (\(settings.mountRoot.value)): it is the link cacti reads, outside the mount",
                at: settings.mountPoint.location)
        }
        if let hostKey = reader.string("master_host_key") {
            settings.masterHostKey = publicHostKey(hostKey, key: "cacti.master_host_key", of: "master")
        }
        if let path = reader.string("identity_file") { settings.identityFile = absolutePath(path, key: "cacti.identity_file") }
        if let timeout = reader.integer("timeout") { settings.timeout = timeout }
        return settings
    }

    func readTFTP(_ reader: YAMLMappingReader) -> TFTPSettings {
        reader.rejectUnknownKeys(ClusterFileKeys.tftp)
        var settings = TFTPSettings()
        if let root = reader.string("root") { settings.root = absolutePath(root, key: "tftp.root").value }
        guard let sync = reader.mappingReader("sync") else { return settings }
        sync.rejectUnknownKeys(ClusterFileKeys.tftpSync)
        guard let hostKey = sync.string("slave_host_key", required: true) else { return settings }
        var push = MasterSyncSettings(slaveHostKey: publicHostKey(hostKey, key: "tftp.sync.slave_host_key", of: "slave"))
        if let user = sync.string("user") {
            if user.value.range(of: "^[a-z_][a-z0-9_-]*$", options: .regularExpression) == nil {
                diagnostics.error("'tftp.sync.user' \(DiagnosticText.quoted(user.value)) is not a user name", at: user.location)
            }
            push.user = user.value
        }
        if let identity = sync.string("identity_file") { push.identityFile = absolutePath(identity, key: "tftp.sync.identity_file").value }
        if let interval = sync.integer("interval")?.value { push.interval = interval }
        if let folders = sync.sequence("storage") { push.storage = readStorageFolders(folders, in: sync) }
        settings.sync = push
        return settings
    }

    func readFirewall(_ reader: YAMLMappingReader) -> FirewallSettings {
        reader.rejectUnknownKeys(ClusterFileKeys.firewall)
        var settings = FirewallSettings()
        for item in reader.sequence("extra_peer_ports") ?? [] {
            let parts = item.string?.split(separator: "/").map(String.init) ?? []
            guard item.tagName == .str, parts.count == 2, let port = Int(parts[0]), (1...65535).contains(port),
                ["tcp", "udp"].contains(parts[1])
            else {
                diagnostics.error(
                    "'firewall.extra_peer_ports' entries must be PORT/tcp or PORT/udp, found \(YAMLMappingReader.describe(item))",
                    at: reader.location(of: item))
                continue
            }
            settings.extraPeerPorts.append(FirewallSettings.Port(port: port, protocol: parts[1]))
        }
        return settings
    }

    func readNMSPrime(_ reader: YAMLMappingReader) -> NMSPrimeSettings {
        reader.rejectUnknownKeys(ClusterFileKeys.nmsprime)
        var settings = NMSPrimeSettings()
        if let port = reader.integer("slave_ssh_port") { settings.slaveSSHPort = port.value }
        if let paths = reader.sequence("slave_clean_up") { settings.slaveCleanUp = readCleanUpPaths(paths, in: reader) }
        return settings
    }

    func readApply(_ reader: YAMLMappingReader) -> ApplySettings {
        reader.rejectUnknownKeys(ClusterFileKeys.apply)
        var settings = ApplySettings()
        if let wait = reader.integer("peer_wait")?.value { settings.peerWait = wait }
        if let interval = reader.integer("poll_interval")?.value { settings.pollInterval = interval }
        if let program = reader.string("program") { settings.program = absolutePath(program, key: "apply.program").value }
        if let file = reader.string("cluster_file") { settings.clusterFile = absolutePath(file, key: "apply.cluster_file").value }
        guard let commands = reader.mappingReader("commands") else { return settings }
        commands.rejectUnknownKeys(ClusterFileKeys.applyCommands)
        for service in Reload.applyOrder {
            guard let command = commands.string(service.rawValue) else { continue }
            if command.value.trimmingCharacters(in: .whitespaces).isEmpty
                || command.value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f })
            {
                diagnostics.error(
                    "'apply.commands.\(service.rawValue)' must be one line of shell, found \(DiagnosticText.quoted(command.value))",
                    at: command.location)
                continue
            }
            settings.commands[service] = command.value
        }
        return settings
    }

    /// A node's public host key as `ssh-keyscan` prints it, reduced to `TYPE BASE64` for a
    /// known_hosts line; anything else is an error at the key.
    private func publicHostKey(_ value: Located<String>, key: String, of node: String) -> String {
        if !Self.isPublicHostKey(value.value) {
            diagnostics.error(
                "'\(key)' \(DiagnosticText.quoted(value.value)) must be the \(node)'s public host key as ssh-keyscan prints it (e.g. ssh-ed25519 AAAA…)",
                at: value.location)
        }
        return value.value.split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// `TYPE BASE64 [comment]` with a key type OpenSSH writes.
    static func isPublicHostKey(_ text: String) -> Bool {
        let parts = text.split(separator: " ")
        let types = ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]
        guard parts.count >= 2, types.contains(String(parts[0])), parts[1].count >= 16 else { return false }
        return parts[1].utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
        }
    }

    func readFailover(_ reader: YAMLMappingReader) -> FailoverPolicy {
        reader.rejectUnknownKeys(ClusterFileKeys.failover)
        var policy = FailoverPolicy(defaultsAt: reader.location(of: reader.node))
        if let name = reader.string("name") { policy.name = name }
        if let port = reader.integer("port") { policy.port = port }
        if let port = reader.integer("peer_port") { policy.peerPort = port }
        if let port = reader.integer("omapi_port") { policy.omapiPort = port }
        if let mclt = reader.integer("mclt") { policy.mclt = mclt }
        if let delay = reader.integer("max_response_delay") { policy.maxResponseDelay = delay }
        if let updates = reader.integer("max_unacked_updates") { policy.maxUnackedUpdates = updates }
        if let seconds = reader.integer("load_balance_max_seconds") { policy.loadBalanceMaxSeconds = seconds }
        let percent = reader.integer("load_balance")
        let split = reader.integer("split")
        switch (percent, split) {
        case let (percent?, split?):
            diagnostics.error(
                "'failover.split' and 'failover.load_balance' exclude each other; give one",
                at: split.location.isLater(than: percent.location) ? split.location : percent.location)
        case let (percent?, nil):
            policy.loadSplit = Located(.loadBalance(percent.value), at: percent.location)
        case let (nil, split?):
            policy.loadSplit = Located(.split(split.value), at: split.location)
        case (nil, nil):
            break
        }
        return policy
    }

    func readSnapshot(_ reader: YAMLMappingReader, clusterFile: String) -> Located<SnapshotSource>? {
        reader.rejectUnknownKeys(ClusterFileKeys.snapshot)
        let dump = reader.string("dump")
        let mariadb = reader.mappingReader("mariadb")
        switch (dump, mariadb) {
        case (_?, _?):
            diagnostics.error("'snapshot' takes exactly one of 'dump' and 'mariadb'", at: reader.location(of: reader.node))
            return nil
        case let (dump?, nil):
            return Located(.dump(path: Self.resolve(dump.value, relativeTo: clusterFile)), at: dump.location)
        case let (nil, mariadb?):
            return readMariaDB(mariadb, clusterFile: clusterFile)
        case (nil, nil):
            // A key that is there but was refused has its own error already.
            if reader.mapping["dump"] == nil && reader.mapping["mariadb"] == nil {
                diagnostics.error("'snapshot' takes exactly one of 'dump' and 'mariadb'", at: reader.location(of: reader.node))
            }
            return nil
        }
    }

    /// The `snapshot.mariadb` section, checked by the same rules as a `--db` URL; each problem
    /// is located at the key it is about.
    func readMariaDB(_ reader: YAMLMappingReader, clusterFile: String) -> Located<SnapshotSource>? {
        reader.rejectUnknownKeys(ClusterFileKeys.mariadb)
        var spec = DatabaseTargetSpec()
        var locations: [DatabaseTargetSpec.Part: SourceLocation] = [:]
        let host = reader.string("host")
        spec.hosts =
            host?.value.split(separator: ",", omittingEmptySubsequences: false)
            .map { DatabaseTargetSpec.Host(name: $0.trimmingCharacters(in: .whitespaces)) } ?? []
        locations[.host] = host?.location
        if let socket = reader.string("socket") {
            spec.socket = Self.resolve(socket.value, relativeTo: clusterFile)
            locations[.socket] = socket.location
        }
        if let port = reader.integer("port") {
            spec.port = port.value
            locations[.port] = port.location
        }
        if let database = reader.string("database") {
            spec.database = database.value
            locations[.database] = database.location
        }
        if let user = reader.string("user") {
            spec.user = user.value
            locations[.user] = user.location
        }
        let passwordEnv = reader.string("password_env")
        spec.passwordEnv = passwordEnv?.value ?? "PROVHA_DB_PASSWORD"
        locations[.passwordEnv] = passwordEnv?.location
        let sectionLocation = reader.location(of: reader.node)
        let display =
            "mariadb://\(spec.user)@" + (spec.socket == nil ? spec.hosts.map { "\($0.name):\(spec.port)" }.joined(separator: ",") : "localhost")
            + "/\(spec.database)" + (spec.socket.map { "?socket=\($0)" } ?? "")
        switch spec.build(display: display) {
        case let .success(target):
            return Located(.mariadb(target), at: sectionLocation)
        case let .failure(problems):
            for problem in problems.all {
                diagnostics.error("'snapshot.mariadb': \(problem.message)", at: locations[problem.part] ?? sectionLocation)
            }
            return nil
        }
    }

    func readDHCP(_ reader: YAMLMappingReader, clusterFile: String) -> DHCPSettings {
        reader.rejectUnknownKeys(ClusterFileKeys.dhcp)
        var settings = DHCPSettings()
        if let group = reader.string("group") {
            if !Self.isGroupName(group.value) {
                diagnostics.error("'dhcp.group' \(DiagnosticText.quoted(group.value)) is not a group name", at: group.location)
            }
            settings.group = group.value
        }
        if let server = reader.string("server") {
            if DHCPServers.named(server.value) != nil {
                settings.server = server
            } else {
                diagnostics.error(
                    "'dhcp.server' must be \(DHCPServers.names.dropLast().joined(separator: ", ")) or \(DHCPServers.names.last ?? ""), found \(DiagnosticText.quoted(server.value))",
                    at: server.location)
            }
        }
        if let folder = reader.string("kea_hooks_dir") {
            settings.keaHooksDirectory = absolutePath(folder, key: "dhcp.kea_hooks_dir")
        }
        for (key, path) in [("kea_ha_port", \DHCPSettings.keaHAPort), ("kea_api_port", \DHCPSettings.keaAPIPort)] {
            if let port = reader.integer(key) { settings[keyPath: path] = port }
        }
        if let mode = reader.string("kea_reservations") {
            if ClusterFileKeys.keaReservations.contains(mode.value) {
                settings.keaReservations = mode
            } else {
                diagnostics.error("'dhcp.kea_reservations' must be inline or database, found \(DiagnosticText.quoted(mode.value))", at: mode.location)
            }
        }
        settings.keaHostsDatabase = reader.mappingReader("kea_hosts_database").flatMap { readKeaHostsDatabase($0, clusterFile: clusterFile) }
        settings.defaultLeaseTime = reader.integer("default_lease_time")
        settings.maxLeaseTime = reader.integer("max_lease_time")
        settings.maxCPE = reader.integer("max_cpe")
        settings.timeOffset = reader.integer("time_offset")
        for item in reader.sequence("server_networks") ?? [] {
            let location = reader.location(of: item)
            guard let text = item.string, item.tagName == .str, let network = IPv4Network(cidr: text) else {
                diagnostics.error(
                    "'dhcp.server_networks' entries must be networks like 172.20.0.0/24, found \(YAMLMappingReader.describe(item))", at: location)
                continue
            }
            settings.serverNetworks.append(Located(network, at: location))
        }
        return settings
    }

    /// A key section (`ddns`, `failover.omapi_key`): name, algorithm and where its secret is.
    func readKey(_ reader: YAMLMappingReader, section: String, defaultName: String, clusterFile: String) -> TSIGKeyConfig? {
        reader.rejectUnknownKeys(ClusterFileKeys.key + ClusterFileKeys.refusedInKey)
        if let inline = reader.keyNode("secret") {
            diagnostics.error(
                "'\(section).secret' would put the key in clear text in the cluster file; use 'secret_file' or 'secret_env'",
                at: reader.location(of: inline))
        }
        let file = reader.string("secret_file")
        let env = reader.string("secret_env")
        let secret: Located<SecretReference>
        switch (file, env) {
        case let (file?, nil): secret = Located(.file(path: Self.resolve(file.value, relativeTo: clusterFile)), at: file.location)
        case let (nil, env?): secret = Located(.environment(name: env.value), at: env.location)
        default:
            diagnostics.error("'\(section)' takes exactly one of 'secret_file' and 'secret_env'", at: reader.location(of: reader.node))
            return nil
        }
        var config = TSIGKeyConfig(name: defaultName, secret: secret)
        if let name = reader.string("key_name") {
            if !DNSName.isValidDomain(name.value) {
                diagnostics.error(
                    "'\(section).key_name' \(DiagnosticText.quoted(name.value)) must be a key name as BIND writes them (DNS labels joined by dots)",
                    at: name.location)
            }
            config.name = name.value
        }
        if let algorithm = reader.string("algorithm") {
            if ClusterFileKeys.algorithms.contains(algorithm.value) {
                config.algorithm = algorithm.value
            } else {
                var message = "'\(section).algorithm' \(DiagnosticText.quoted(algorithm.value)) is not a TSIG algorithm dhcpd and BIND share"
                if let suggestion = Spelling.nearest(to: algorithm.value, among: ClusterFileKeys.algorithms) {
                    message += "; did you mean \(DiagnosticText.quoted(suggestion))?"
                }
                diagnostics.error(message, at: algorithm.location)
            }
        }
        return config
    }

    func readCMTSOverrides(_ reader: YAMLMappingReader) -> [CMTSOverride] {
        reader.mapping.compactMap { key, value in
            guard let hostname = key.string else { return nil }
            guard let entry = YAMLMappingReader(value, keyPath: "cmts.\(hostname)", file: reader.file, diagnostics: diagnostics) else { return nil }
            entry.rejectUnknownKeys(ClusterFileKeys.cmtsOverride)
            return CMTSOverride(
                hostname: Located(hostname, at: reader.location(of: key)), vendor: entry.string("vendor"),
                relayInterface: entry.string("relay_interface"))
        }
    }
}

import Foundation

/// Checks the cluster file and the snapshot together and resolves them into a `ClusterModel`.
/// Every finding is reported with its location, all of them in one run; validation never
/// prints or exits. Overlap and duplicate checks sort or hash, never compare all pairs.
struct Validator {
    let config: ClusterConfig
    let snapshot: Snapshot
    let diagnostics: DiagnosticCollector
    let environment: [String: String]

    init(
        config: ClusterConfig, snapshot: Snapshot, diagnostics: DiagnosticCollector,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.config = config
        self.snapshot = snapshot
        self.diagnostics = diagnostics
        self.environment = environment
    }

    /// The resolved model, or nil when any error was found.
    func validate() -> ClusterModel? {
        // NMS Prime writes the pools of its (non-deleted) CMTSs only: a pool of a CMTS that does
        // not exist or is deleted is skipped, with a warning, and takes part in no check.
        let cmtsIDs = Set(snapshot.cmtses.map(\.id))
        var served = snapshot
        served.pools = snapshot.pools.filter { pool in
            guard cmtsIDs.contains(pool.cmtsID) else {
                warning(
                    "the pool belongs to cmts id \(pool.cmtsID), which does not exist or is deleted; NMS Prime skips it, and so does this build",
                    snapshot.location("ippool", pool.id))
                return false
            }
            return true
        }
        return Validator(config: config, snapshot: served, diagnostics: diagnostics, environment: environment).validateServedPools()
    }

    private func validateServedPools() -> ClusterModel? {
        let errorsBefore = diagnostics.diagnostics.count { $0.severity == .error }
        checkCluster()
        checkFailover()
        checkServices()
        let verbatimStatements = checkVerbatimStatements()
        let dynamicRanges = checkRanges()
        checkNodesOutsideRanges(dynamicRanges)
        let serverNetworks = resolveServerNetworks()
        let devices = checkDevices(dynamicRanges: dynamicRanges)
        let cmtses = groupPools(ranges: cutFixedAddresses(devices.fixedEndpoints), statements: verbatimStatements)
        let settings = resolveDHCPSettings()
        let timeOffset = resolveTimeOffset()
        checkProvHA()
        let ddnsKey = loadDDNSKey()
        let omapiKey = loadOMAPIKey()
        let database = resolveDatabase()
        let dhcp = dhcpServerKind.resolve(
            by: self, DHCPServerInputs(devices: devices, statements: verbatimStatements, cmtses: cmtses, maxCPE: settings.maxCPE))
        let dhcp6 = resolveKeaDHCP6()
        // Unchecked identifiers are errors above; only checked ones reach the model.
        let stbClasses = Set(
            snapshot.pools.filter { $0.type == .stb }.compactMap(\.vendorClassIdentifier)
                .compactMap { try? DHCPDString.check($0).get() }
        ).sorted()

        guard diagnostics.diagnostics.count(where: { $0.severity == .error }) == errorsBefore else { return nil }
        var model = ClusterModel(
            name: config.name.value, domain: config.domain.value, master: server(.master), slave: server(.slave),
            failover: resolveFailover(), dns: resolveDNS(), syslog: resolveSyslog(), cacti: resolveCacti(),
            tftp: config.tftp, firewall: config.firewall, dhcp: dhcp,
            dhcpGroup: config.dhcp.group ?? dhcpServerKind.defaultGroup,
            cmtses: cmtses, modems: devices.modems, mtas: devices.mtas,
            fixedEndpoints: devices.fixedEndpoints, plainEndpoints: devices.plainEndpoints, mtaDomain: resolveMTADomain(),
            ignoresForeignDevices: snapshot.provBase?.multipleProvisioningSystems ?? false,
            defaultLeaseTime: settings.defaultLease, maxLeaseTime: settings.maxLease, maxCPE: settings.maxCPE,
            serverNetworks: serverNetworks, stbVendorClasses: stbClasses,
            ddnsKey: ddnsKey, omapiKey: omapiKey,
            reverseZones: ReverseZones.networks(covering: snapshot.pools.map(\.network) + serverNetworks),
            timeOffset: timeOffset,
            // In the order of `ClusterConfig.secretKeys` and `databasePasswords`, as the up-to-date
            // shortcut hashes them.
            inputDigest: InputDigest.combine(
                clusterFile: config.sourceDigest, snapshot: snapshot.sourceDigest,
                secrets: [ddnsKey?.secret, omapiKey?.secret] + database.passwords
                    + ((dhcp as? KeaDHCPServer)?.hostsDatabase.map { [Optional($0.password)] } ?? [])))
        model.apply = config.apply
        model.nmsprime = config.nmsprime
        model.database = database.cluster
        model.dhcp6 = dhcp6
        model.snapshotStamp = snapshot.sourceStamp
        return model
    }

    /// The checks that need no snapshot, for a run whose snapshot could not be read.
    func checkClusterFileOnly() {
        checkCluster()
        checkFailover()
        checkServices()
        _ = loadDDNSKey()
        _ = loadOMAPIKey()
    }

    func error(_ message: String, _ location: SourceLocation, notes: [Diagnostic] = []) {
        diagnostics.error(message, at: location, notes: notes)
    }
    func warning(_ message: String, _ location: SourceLocation) { diagnostics.warning(message, at: location) }

    // MARK: - Cluster and nodes

    private func checkCluster() {
        if !DNSName.isValidDomain(config.domain.value) {
            error("cluster domain \(DiagnosticText.quoted(config.domain.value)) is not a valid DNS domain name", config.domain.location)
        }
        for role in NodeRole.allCases {
            let node = config.node(role)
            if !DNSName.isValidLabel(node.hostname.value) {
                error(
                    "hostname \(DiagnosticText.quoted(node.hostname.value)) of the \(role.rawValue) is not a DNS label (letters, digits, '-'; no dots: the FQDN is hostname.domain)",
                    node.hostname.location)
            }
        }
        if config.master.hostname.value.lowercased() == config.slave.hostname.value.lowercased() {
            error(
                "master and slave have the same hostname \(DiagnosticText.quoted(config.slave.hostname.value))", config.slave.hostname.location,
                notes: [.note("the master's hostname", at: config.master.hostname.location)])
        }
        if config.master.address.value == config.slave.address.value {
            error(
                "master and slave have the same address \(config.slave.address.value)", config.slave.address.location,
                notes: [.note("the master's address", at: config.master.address.location)])
        }
        for node in [config.master, config.slave] {
            let address = node.address.value.value
            if address >> 24 == 0 || address >> 24 == 127 || address >> 28 >= 0xe {
                error(
                    "\(node.role.rawValue) address \(node.address.value) cannot be a server address (zero, loopback, multicast or reserved)",
                    node.address.location)
            }
        }
    }

    private func checkServices() {
        let port = config.syslog.port
        if !(1...65535).contains(port.value) {
            error("syslog.port \(port.value) is not a TCP port (1-65535)", port.location)
        }
        let mountPoint = config.cacti.mountPoint
        if mountPoint.value.split(separator: "/").count < 2 {
            error(
                "cacti.mount_point \(DiagnosticText.quoted(mountPoint.value)) needs a parent folder for autofs (e.g. /var/lib/cacti/rra)",
                mountPoint.location)
        }
        if config.tftp.sync == nil {
            warning(
                "no 'tftp.sync' is configured: the master does not copy \(config.tftp.root)/{cvc,fw,keyfile} and the CPE DNS key to the slave",
                config.tftpLocation ?? .input(path: config.path))
        }
        if let hostmaster = config.dns.hostmaster, !DNSName.isValidDomain(hostmaster.value) {
            error(
                "dns.hostmaster \(DiagnosticText.quoted(hostmaster.value)) must be a mailbox written as a domain name (noc.example.net for noc@example.net)",
                hostmaster.location)
        }
    }

    private func checkFailover() {
        let policy = config.failover
        let name = policy.name
        if let problem = DHCPDSyntax.problemInString(name.value) {
            error("failover name \(DiagnosticText.quoted(name.value)) \(problem): it is written into dhcpd strings", name.location)
        }
        // Each number's range is the reader's (IntegerLimits); what is left are relations.
        if policy.omapiPort.value == policy.port.value {
            error("failover.omapi_port \(policy.omapiPort.value) is the failover port too", policy.omapiPort.location)
        }
        let balance = policy.loadBalanceMaxSeconds
        if balance.value >= policy.maxResponseDelay.value {
            error(
                "failover.load_balance_max_seconds (\(balance.value)) must stay below failover.max_response_delay (\(policy.maxResponseDelay.value))",
                balance.location)
        }
    }

    // MARK: - Settings

    private func resolveDHCPSettings() -> (defaultLease: Int, maxLease: Int, maxCPE: Int) {
        let dhcp = config.dhcp
        let base = snapshot.provBase
        let defaultLease = dhcp.defaultLeaseTime?.value ?? base?.defaultLeaseTime ?? 86400
        let maxLease = dhcp.maxLeaseTime?.value ?? base?.maxLeaseTime ?? 172_800
        let maxCPE = dhcp.maxCPE?.value ?? base?.maxCPE ?? 4
        let baseLocation = snapshot.location("provbase", base?.id ?? 1)
        let leaseLocation = dhcp.defaultLeaseTime?.location ?? baseLocation
        if maxLease < defaultLease {
            error(
                "the max lease time (\(maxLease)) is shorter than the default lease time (\(defaultLease))",
                dhcp.maxLeaseTime?.location ?? leaseLocation)
        }
        if let base, !base.domainName.isEmpty, base.domainName.lowercased() != config.domain.value.lowercased() {
            warning(
                "provbase.domain_name \(DiagnosticText.quoted(base.domainName)) differs from the cluster domain \(DiagnosticText.quoted(config.domain.value)); the cluster file wins",
                config.domain.location)
        }
        return (defaultLease, maxLease, maxCPE)
    }

    /// `provvoip.mta_domain` when it is a domain name (else a warning: MTAs get none, as where
    /// NMS Prime has no ProvVoip module).
    private func resolveMTADomain() -> String? {
        guard let voip = snapshot.provVoIP, let text = voip.mtaDomain else { return nil }
        guard let domain = DNSName.domain(fromDatabase: text) else {
            warning(
                "mta_domain \(DiagnosticText.quoted(text)) is not a domain name; MTAs get no option domain-name",
                snapshot.location("provvoip", voip.id))
            return nil
        }
        return domain.lowercased()
    }

    /// `option time-offset`: the cluster file's; NMS Prime takes the server's UTC offset, which a
    /// compiler must not read from the machine it happens to run on, so an unset one is 0 with
    /// a warning.
    private func resolveTimeOffset() -> Int {
        if let offset = config.dhcp.timeOffset { return offset.value }
        warning(
            "dhcp.time_offset is not set: devices are told UTC (0); NMS Prime hands out the servers' offset (3600 or 7200 in Germany)",
            config.dhcpLocation ?? .input(path: config.path))
        return 0
    }

    /// The networks the servers sit in; by default the /24 around each node's address.
    private func resolveServerNetworks() -> [IPv4Network] {
        var networks: [IPv4Network] = []
        if config.dhcp.serverNetworks.isEmpty {
            for node in [config.master, config.slave] {
                let network = IPv4Network(address: IPv4Address(node.address.value.value & 0xffff_ff00), prefixLength: 24)
                if !networks.contains(network) { networks.append(network) }
            }
            return networks
        }
        for located in config.dhcp.serverNetworks {
            let network = located.value
            if !network.isNetworkAddress {
                error("server network \(network) has host bits set; did you mean \(network.first)/\(network.prefixLength)?", located.location)
            }
            for pool in snapshot.pools where pool.network.first <= network.last && network.first <= pool.network.last {
                error(
                    "server network \(network) overlaps the network \(pool.network) of ippool id \(pool.id)", located.location,
                    notes: [.note("the pool's network", at: snapshot.location("ippool", pool.id))])
            }
            networks.append(network.normalized)
        }
        for node in [config.master, config.slave] where !networks.contains(where: { $0.contains(node.address.value) }) {
            warning(
                "\(node.role.rawValue) address \(node.address.value) is in none of dhcp.server_networks; dhcpd will not listen there",
                node.address.location)
        }
        return networks
    }

    private func checkProvHA() {
        guard let provHA = snapshot.provHA else { return }
        let location = snapshot.location("provha", provHA.id)
        if provHA.master != config.master.address.value.description {
            warning(
                "provha.master \(DiagnosticText.quoted(provHA.master)) differs from nodes.master.address \(config.master.address.value); the cluster file wins",
                location)
        }
        if let slave = provHA.slaves.first, slave != config.slave.address.value.description {
            warning(
                "provha.slaves \(DiagnosticText.quoted(slave)) differs from nodes.slave.address \(config.slave.address.value); the cluster file wins",
                location)
        }
        if provHA.slaves.count > 1 {
            warning("provha.slaves lists \(provHA.slaves.count) slaves; ISC dhcpd failover has exactly one peer, only the first is used", location)
        }
        let split = config.failover.loadSplit.value.splitValue
        if let ratio = provHA.loadRatioMaster, abs(ratio * 256 - Double(split)) > 1.28 {
            warning(
                "provha.load_ratio_master \(ratio) (split \(Int((ratio * 256).rounded()))) differs from the cluster file's failover split \(split); the cluster file wins",
                location)
        }
    }

    private func loadDDNSKey() -> TSIGKey? {
        guard let ddns = config.ddns else {
            warning("no 'ddns' key is configured: dynamic DNS updates are left off", .input(path: config.path))
            return nil
        }
        return load(ddns, what: config.secretKeys[0].what)
    }

    /// The DHCP server `dhcp.server` picks (the reader accepted only the registry's names).
    private var dhcpServerKind: any DHCPv4Server.Type {
        config.dhcp.server.flatMap { DHCPServers.named($0.value) } ?? DHCPServers.standard
    }

    private func loadOMAPIKey() -> TSIGKey? {
        // A server without OMAPI says itself that it leaves the key unused.
        guard dhcpServerKind.readsOMAPIKey else { return nil }
        guard let key = config.omapiKey else {
            warning(
                "no 'failover.omapi_key' is configured: OMAPI on port \(config.failover.omapiPort.value) lets anyone who reaches it change hosts and leases",
                config.failoverLocation ?? .input(path: config.path))
            return nil
        }
        return load(key, what: config.secretKeys[1].what)
    }

    private func load(_ key: TSIGKeyConfig, what: String) -> TSIGKey? {
        switch SecretLoader.load(key.secret.value, what: what, environment: environment) {
        case let .success(secret):
            return TSIGKey(name: key.name, algorithm: key.algorithm, secret: secret)
        case let .failure(problem):
            error(problem.message, key.secret.location)
            return nil
        }
    }
}

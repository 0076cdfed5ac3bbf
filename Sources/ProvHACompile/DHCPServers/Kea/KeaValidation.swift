/// `dhcp.server: kea`, resolved: what its HA hook can express of the pair's failover
/// settings; what Kea 2.2 (Debian 12's) cannot do that dhcpd did is an error where the network
/// would change in a way the operator did not ask for, and a located warning where Kea does less
/// than dhcpd did — never a silent change.
extension Validator {
    static let keaDefaultHooksDirectory = "/usr/lib/x86_64-linux-gnu/kea/hooks"
    /// The longest delay, in seconds, whose milliseconds fit Kea's `uint32_t`.
    static let keaLongestDelay = Int(UInt32.max) / 1000

    func resolveKea(_ inputs: DHCPServerInputs) -> KeaDHCPServer {
        let at = config.dhcp.server?.location ?? .input(path: config.path)
        if let key = config.omapiKey {
            warning(
                "'failover.omapi_key' is for dhcpd's OMAPI, which Kea does not have; it is not used (Kea's control agent listens on 127.0.0.1 only)",
                key.secret.location)
        }
        let split = config.failover.loadSplit
        let mode: KeaDHCPServer.Mode
        switch split.value.splitValue {
        case 128: mode = .loadBalancing
        case 256: mode = .hotStandby(primary: .master)
        case 0: mode = .hotStandby(primary: .slave)
        default:
            error(
                "Kea's HA hook cannot share clients \(split.value.splitValue)/256: load-balancing is always 50/50 by hash (split 128, load_balance 50), hot-standby has one node answer all (split 256: the master, 0: the slave)",
                split.location)
            mode = .loadBalancing
        }
        let haPort = config.dhcp.keaHAPort?.value ?? 8001
        let apiPort = config.dhcp.keaAPIPort?.value ?? 8000
        if haPort == apiPort {
            error(
                "dhcp.kea_ha_port and dhcp.kea_api_port are both \(haPort): the HA hook's listener and the control agent cannot share a port (kea-dhcp4 fails to bind)",
                config.dhcp.keaHAPort?.location ?? config.dhcp.keaAPIPort?.location ?? at)
        }
        // Kea's HA hook takes its delays in milliseconds, as unsigned 32-bit numbers.
        let delay = config.failover.maxResponseDelay
        if delay.value > Self.keaLongestDelay {
            error(
                "Kea's HA hook takes max-response-delay in milliseconds as a 32-bit number: failover.max_response_delay must be at most \(Self.keaLongestDelay) seconds, found \(delay.value)",
                delay.location)
        }
        warnAboutKeaLimits(at: at, mode: mode, devices: inputs.devices, statements: inputs.statements, maxCPE: inputs.maxCPE)
        if mode == .loadBalancing {
            warnAboutEmptyHalves(inputs.cmtses)
        }
        let failover = config.failover
        var server = KeaDHCPServer(
            mode: mode, hooksDirectory: config.dhcp.keaHooksDirectory?.value ?? Self.keaDefaultHooksDirectory, haPort: haPort,
            apiPort: apiPort, heartbeatDelay: max(1000, failover.maxResponseDelay.value * 1000 / 6),
            maxResponseDelay: failover.maxResponseDelay.value * 1000, maxAckDelay: max(1000, failover.loadBalanceMaxSeconds.value * 1000))
        server.hostsDatabase = resolveHostsDatabase(inputs.devices, at: at)
        return server
    }

    /// A pool of one dynamic address has no second half: the slave's clients of that pool get an
    /// address only while the master is down.
    private func warnAboutEmptyHalves(_ cmtses: [CMTSModel]) {
        for pool in cmtses.flatMap({ $0.subnets.flatMap(\.pools) }) where pool.isActive && PoolHalves.split(pool.ranges).second.isEmpty {
            warning(
                "the pool has a single dynamic address: Kea's load-balancing gives it to the master's half, and the slave's clients of this pool get none while the master is up",
                snapshot.location("ippool", pool.id))
        }
    }

    /// Public and blocked modems above this many cost Kea a large share of its DHCP rate (every
    /// packet is tested against their list; measured in `bench/kea-perfdhcp.sh`).
    static let keaModemListLimit = 5_000

    private func warnAboutKeaLimits(
        at location: SourceLocation, mode: KeaDHCPServer.Mode, devices: ValidatedDevices, statements: [Int: DHCPDStatements],
        maxCPE: Int
    ) {
        warning(
            "Kea 2.2 cannot limit the addresses per modem (max_cpe \(maxCPE), dhcpd's 'lease limit' per remote-id): template classes arrive in Kea 2.3.3 and the limits hook that counts them is open source from Kea 3.0; every modem's CPEs get addresses without a limit",
            location)
        warning(
            "Kea 2.2 open source answers no leasequery (the lease_query hook is open source from Kea 3.0): CMTSs that rebuild their subscriber tables or verify sources by leasequery get no answer",
            location)
        let listed = devices.modems.count { $0.isPublic || !$0.internetAccess }
        if listed > Self.keaModemListLimit {
            warning(
                "\(listed) modems are public or have no internet access: Kea 2.2 has no subclass lookup and tests every packet it receives against their whole list (bench/kea-perfdhcp.sh, 2 cores: at best about 500 DHCP exchanges/s with 3,900 listed, against 1,000 without the lists; 30/s with 132,000), where dhcpd finds a modem's subclass by hash; with this many, prefer dhcp.server: isc (Kea 3.0's open-source flex_id could key these classes by the modem in the host database instead)",
                location)
        }
        if mode == .loadBalancing {
            warning(
                "Kea load-balancing splits every pool into two fixed halves, one per node (classes HA_\(config.master.hostname.value) and HA_\(config.slave.hostname.value)); dhcpd's failover moves free addresses to the peer that needs them, Kea does not: one half can run dry while the other still has addresses, until a node fails",
                location)
        }
        warning(
            "the Kea configuration has no equivalent of dhcpd's log.conf: the 'CPE … of Modem …' lines NMS Prime's CPE analysis reads are not logged"
                + (config.ddns == nil
                    ? "" : ", and the CPEs' names are not published in DNS (Kea's run_script hook could start cpe-ddns; not generated yet)"),
            location)
        if snapshot.provBase?.multipleProvisioningSystems == true {
            warning(
                "provbase.multiple_provisioning_systems is set, but the Kea configuration does not ignore devices behind other systems' modems (dhcpd's ignore-cpe.conf): Kea 2.2 has no subclass lookup for a list of modems",
                snapshot.location("provbase", snapshot.provBase?.id ?? 1))
        }
        for endpoint in devices.fixedEndpoints {
            guard case .remoteID = endpoint.match else { continue }
            warning(
                "the endpoint has no MAC: dhcpd reserves \(endpoint.address) by its modem's remote-id, which Kea 2.2 matches only with the flex_id hook (open source from Kea 3.0); Kea leaves the address unreserved and the device gets one from its pool",
                snapshot.location("endpoint", endpoint.id))
        }
        for poolID in statements.keys.sorted() {
            warning(
                "optional holds dhcpd statements, which Kea cannot read: they are left out of the Kea configuration",
                snapshot.location("ippool", poolID))
        }
    }
}

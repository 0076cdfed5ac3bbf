/// What the daemons accept for each number the compiler writes into their files, and so what
/// the compiler accepts: every integer of the cluster file and of the snapshot is checked against
/// its range here when it is read, before any arithmetic uses it. `schemas/cluster.schema.json`
/// states the same ranges (`SchemaTests` compares them).
enum IntegerLimits {
    /// One integer key's accepted values and the unit its message names.
    struct Limit: Sendable, Equatable {
        let range: ClosedRange<Int>
        /// "seconds", or nil for a count, a port or a percentage.
        let unit: String?

        init(_ range: ClosedRange<Int>, unit: String? = nil) {
            self.range = range
            self.unit = unit
        }
    }

    /// A TCP or UDP port.
    static let port = Limit(1...65_535)
    /// dhcpd reads the failover peer's times and counts with `atoi` into 32 bits (confpars.c's
    /// `parse_idle`): above 2^31 - 1 a value wraps, and `dhcpd -t` does not say so.
    static let dhcpdInt32 = 1...2_147_483_647
    /// A lease time: DHCP option 51 and Kea's `valid-lifetime` are unsigned 32-bit (4294967295
    /// means infinite).
    static let leaseTime = Limit(1...4_294_967_295, unit: "seconds")
    /// NMS Prime's `provbase.max_cpe` is a smallint; dhcpd's `lease limit` sizes an array for
    /// every modem's class.
    static let maxCPE = Limit(1...32_767)

    /// Every integer key of the cluster file by its dotted path (`version` has its own check).
    static let clusterFile: [String: Limit] = [
        "failover.port": port,
        "failover.peer_port": port,
        "failover.omapi_port": port,
        "failover.load_balance": Limit(0...100),
        "failover.split": Limit(0...256),
        "failover.mclt": Limit(dhcpdInt32, unit: "seconds"),
        "failover.max_response_delay": Limit(dhcpdInt32, unit: "seconds"),
        "failover.max_unacked_updates": Limit(dhcpdInt32),
        // The DHCP header's `secs` is 16 bits: a larger cut-off never applies.
        "failover.load_balance_max_seconds": Limit(0...65_535, unit: "seconds"),
        "snapshot.mariadb.port": port,
        "dhcp.default_lease_time": leaseTime,
        "dhcp.max_lease_time": leaseTime,
        // Time zones lie within ±14 hours.
        "dhcp.time_offset": Limit(-50_400...50_400, unit: "seconds"),
        "dhcp.max_cpe": maxCPE,
        "dhcp.kea_ha_port": port,
        "dhcp.kea_api_port": port,
        "dhcp.kea_hosts_database.port": port,
        "dhcp6.ha_port": port,
        "dhcp6.preferred_lifetime": leaseTime,
        "dhcp6.valid_lifetime": leaseTime,
        // RFC 2181 §8: a TTL is at most 2^31 - 1.
        "dns.ttl": Limit(1...2_147_483_647, unit: "seconds"),
        "dns.mirror_interval": Limit(10...3_600, unit: "seconds"),
        "syslog.port": port,
        // automount's --timeout is an int; 0 never unmounts.
        "cacti.timeout": Limit(0...2_147_483_647, unit: "seconds"),
        "tftp.sync.interval": Limit(10...86_400, unit: "seconds"),
        "apply.peer_wait": Limit(0...3_600, unit: "seconds"),
        "nmsprime.slave_ssh_port": port,
        "apply.poll_interval": Limit(10...3_600, unit: "seconds"),
    ]

    /// The snapshot's integer settings by `table.column`: the same daemons read them.
    static let snapshotColumns: [String: Limit] = [
        "provbase.dhcp_def_lease_time": leaseTime,
        "provbase.dhcp_max_lease_time": leaseTime,
        "provbase.max_cpe": maxCPE,
    ]

    /// "between 1 and 65535" or "between 10 and 3600 seconds".
    static func describe(_ limit: Limit) -> String {
        "between \(limit.range.lowerBound) and \(limit.range.upperBound)" + (limit.unit.map { " \($0)" } ?? "")
    }
}

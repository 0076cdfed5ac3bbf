/// The validated layer's settings: what emitters read about the pair and its services, resolved
/// by the validator from the cluster file (defaults applied, no source locations left).

/// One server of the pair.
struct Server: Sendable, Equatable {
    let role: NodeRole
    let hostname: String
    let address: IPv4Address
}

/// dhcpd's failover settings for the pair.
struct FailoverSettings: Sendable {
    let name: String
    /// The port the primary (master) listens on for its peer, and the secondary's.
    let primaryPort: Int
    let secondaryPort: Int
    let omapiPort: Int
    /// dhcpd's `split` (0–256): the share of clients the primary answers.
    let split: Int
    let mclt: Int
    let maxResponseDelay: Int
    let maxUnackedUpdates: Int
    let loadBalanceMaxSeconds: Int

    /// The port `role`'s dhcpd listens on for its peer.
    func port(of role: NodeRole) -> Int { role == .master ? primaryPort : secondaryPort }
}

/// named on both servers.
struct DNSService: Sendable {
    /// Default TTL of records and seeds, seconds.
    let ttl: Int
    /// Where named keeps the zone files.
    let zoneFolder: String
    /// The mailbox of the zones' SOA, as a domain name.
    let hostmaster: String
    /// named's working folder.
    let directory: String
    /// Resolvers named forwards the devices' other queries to; empty: it resolves from the root.
    let forwarders: [IPv4Address]
    /// `dnssec-validation`: auto, yes or no.
    let dnssecValidation: String
    /// The group named runs as, which must read its key.
    let group: String
    /// Seconds between two runs of each node's `dns-sync mirror`.
    let mirrorInterval: Int
}

/// rsyslog: the slave forwards everything to the master over TCP.
struct SyslogService: Sendable {
    let port: Int
    /// Disk space the slave's forwarding queue may fill while the master is away.
    let queueMaxDiskSpace: String
}

/// autofs/sshfs on the slave: the master's cacti rra folder, mounted read-only.
struct CactiMount: Sendable {
    let user: String
    let remotePath: String
    /// Where the slave's cacti reads the rra files: a symbolic link into the autofs mount.
    let mountPoint: String
    /// The autofs indirect mount's folder; the master's rra folder appears under it.
    let mountRoot: String
    /// The master's public host key, pinned; nil: not pinned (warned about).
    let masterHostKey: String?
    let identityFile: String
    /// Seconds of idleness after which autofs unmounts.
    let timeout: Int
}

/// A modem's DHCP host entry: only modems with a real MAC get one.
struct ModemHost: Sendable {
    let id: Int
    let hostname: String
    let mac: MACAddress
    let isPublic: Bool
    let internetAccess: Bool
    /// It has at least one MTA: its entry hands out the PacketCable DHCP servers.
    let hasMTA: Bool
}

/// An MTA's DHCP host entry.
struct MTAHost: Sendable {
    let id: Int
    let hostname: String
    let mac: MACAddress
    /// It builds its FQDN from options 12 and 15 (`option host-name`).
    let isPacketCable: Bool
}

/// How dhcpd recognises a device.
enum DeviceMatch: Sendable {
    /// By its own MAC.
    case mac(MACAddress)
    /// By its modem's MAC, which the CMTS puts in the relay agent's remote-id.
    case remoteID(MACAddress)
}

/// An endpoint with a fixed IP.
struct FixedEndpointHost: Sendable {
    let id: Int
    let hostname: String
    let address: IPv4Address
    let match: DeviceMatch
    /// `add_reverse`, checked: a second PTR name of the address.
    let reverseName: String?
}

/// An endpoint without a fixed IP but with a MAC: a plain host entry.
struct PlainEndpointHost: Sendable {
    let id: Int
    let hostname: String
    let mac: MACAddress
}

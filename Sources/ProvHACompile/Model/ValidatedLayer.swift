/// The validated layer's settings: what emitters read about the pair and its services, resolved
/// by the validator from the cluster file (defaults applied, no source locations left).

/// One server of the pair.
public struct Server: Sendable, Equatable {
    public let role: NodeRole
    public let hostname: String
    public let address: IPv4Address
}

/// dhcpd's failover settings for the pair.
public struct FailoverSettings: Sendable {
    public let name: String
    /// The port the primary (master) listens on for its peer, and the secondary's.
    public let primaryPort: Int
    public let secondaryPort: Int
    public let omapiPort: Int
    /// dhcpd's `split` (0–256): the share of clients the primary answers.
    public let split: Int
    public let mclt: Int
    public let maxResponseDelay: Int
    public let maxUnackedUpdates: Int
    public let loadBalanceMaxSeconds: Int

    /// The port `role`'s dhcpd listens on for its peer.
    public func port(of role: NodeRole) -> Int { role == .master ? primaryPort : secondaryPort }
}

/// named on both servers.
public struct DNSService: Sendable {
    /// Default TTL of records and seeds, seconds.
    public let ttl: Int
    /// Where named keeps the zone files.
    public let zoneFolder: String
    /// The mailbox of the zones' SOA, as a domain name.
    public let hostmaster: String
    /// named's working folder.
    public let directory: String
    /// Resolvers named forwards the devices' other queries to; empty: it resolves from the root.
    public let forwarders: [IPv4Address]
    /// `dnssec-validation`: auto, yes or no.
    public let dnssecValidation: String
    /// The group named runs as, which must read its key.
    public let group: String
    /// Seconds between two runs of each node's `dns-sync mirror`.
    public let mirrorInterval: Int
}

/// rsyslog: the slave forwards everything to the master over TCP.
public struct SyslogService: Sendable {
    public let port: Int
    /// Disk space the slave's forwarding queue may fill while the master is away.
    public let queueMaxDiskSpace: String
}

/// autofs/sshfs on the slave: the master's cacti rra folder, mounted read-only.
public struct CactiMount: Sendable {
    public let user: String
    public let remotePath: String
    /// Where the slave's cacti reads the rra files: a symbolic link into the autofs mount.
    public let mountPoint: String
    /// The autofs indirect mount's folder; the master's rra folder appears under it.
    public let mountRoot: String
    /// The master's public host key, pinned; nil: not pinned (warned about).
    public let masterHostKey: String?
    public let identityFile: String
    /// Seconds of idleness after which autofs unmounts.
    public let timeout: Int
}

/// A modem's DHCP host entry: only modems with a real MAC get one.
public struct ModemHost: Sendable {
    public let id: Int
    public let hostname: String
    public let mac: MACAddress
    public let isPublic: Bool
    public let internetAccess: Bool
    /// It has at least one MTA: its entry hands out the PacketCable DHCP servers.
    public let hasMTA: Bool
}

/// An MTA's DHCP host entry.
public struct MTAHost: Sendable {
    public let id: Int
    public let hostname: String
    public let mac: MACAddress
    /// It builds its FQDN from options 12 and 15 (`option host-name`).
    public let isPacketCable: Bool
}

/// How dhcpd recognises a device.
public enum DeviceMatch: Sendable {
    /// By its own MAC.
    case mac(MACAddress)
    /// By its modem's MAC, which the CMTS puts in the relay agent's remote-id.
    case remoteID(MACAddress)
}

/// An endpoint with a fixed IP.
public struct FixedEndpointHost: Sendable {
    public let id: Int
    public let hostname: String
    public let address: IPv4Address
    public let match: DeviceMatch
    /// `add_reverse`, checked: a second PTR name of the address.
    public let reverseName: String?
}

/// An endpoint without a fixed IP but with a MAC: a plain host entry.
public struct PlainEndpointHost: Sendable {
    public let id: Int
    public let hostname: String
    public let mac: MACAddress
}

/// A value read from the cluster file together with where it stood.
public struct Located<Value> {
    public let value: Value
    public let location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Sendable where Value: Sendable {}

/// The role of a node in the failover pair.
public enum NodeRole: String, CaseIterable, Sendable {
    case master, slave

    /// The other node of the pair.
    public var peer: NodeRole { self == .master ? .slave : .master }

    /// The node whose tree holds a path of the output folder (`master/etc/…`); nil for the CMTS
    /// snippets.
    public init?(treePath: String) { self.init(rawValue: String(treePath.prefix { $0 != "/" })) }
}

/// One server of the pair as the cluster file describes it.
public struct NodeConfig: Sendable {
    public let role: NodeRole
    public let hostname: Located<String>
    public let address: Located<IPv4Address>
}

/// How the two dhcpd servers split the load: ISC's `split` value (0...256).
public enum LoadSplit: Sendable, Equatable {
    /// Percent of clients the master answers, 0...100.
    case loadBalance(Int)
    /// ISC's split directly, 0...256.
    case split(Int)

    /// The `split` value dhcpd's primary is given: round(256 × percent / 100).
    public var splitValue: Int {
        switch self {
        case let .loadBalance(percent): return (256 * min(max(percent, 0), 100) + 50) / 100  // the reader keeps it in 0...100
        case let .split(value): return value
        }
    }
}

/// The ISC dhcpd failover settings of the pair.
public struct FailoverPolicy: Sendable {
    public var name: Located<String>
    public var port: Located<Int>
    public var peerPort: Located<Int>
    public var omapiPort: Located<Int>
    public var loadSplit: Located<LoadSplit>
    public var mclt: Located<Int>
    public var maxResponseDelay: Located<Int>
    public var maxUnackedUpdates: Located<Int>
    public var loadBalanceMaxSeconds: Located<Int>

    /// The defaults, located where the cluster file leaves them out: at the `failover` section,
    /// or at the file's start when it has none (a diagnostic never points at a made-up place).
    public init(defaultsAt location: SourceLocation) {
        name = Located("dhcpd-failover", at: location)
        port = Located(647, at: location)
        peerPort = Located(647, at: location)
        omapiPort = Located(7911, at: location)
        loadSplit = Located(LoadSplit.loadBalance(50), at: location)
        mclt = Located(3600, at: location)
        maxResponseDelay = Located(60, at: location)
        maxUnackedUpdates = Located(10, at: location)
        loadBalanceMaxSeconds = Located(3, at: location)
    }
}

/// Where the NMS Prime data comes from.
public enum SnapshotSource: Sendable, Equatable {
    /// A `mariadb-dump` / `mysqldump` file (absolute path, or relative to the working folder).
    case dump(path: String)
    /// A live read-only MariaDB connection.
    case mariadb(DatabaseTarget)
}

/// A live NMS Prime database: one or more galera hosts (tried in order, the first that
/// answers is used) or a socket; the password only by the name of an environment variable.
public struct DatabaseTarget: Sendable, Equatable {
    public var endpoints: [MariaDBEndpoint]
    /// The variable holding the password; nil: the cluster file's, else PROVHA_DB_PASSWORD.
    public var passwordEnv: String?
    /// How diagnostics name the database: its URL, never with a password.
    public var display: String

    public init(endpoints: [MariaDBEndpoint], passwordEnv: String? = nil, display: String) {
        self.endpoints = endpoints
        self.passwordEnv = passwordEnv
        self.display = display
    }
}

/// DHCP settings that NMS Prime keeps in `provbase` or derives from the machine; the cluster
/// file may pin them. A nil field means "take the snapshot's value, else the default".
public struct DHCPSettings: Sendable {
    public var defaultLeaseTime: Located<Int>?
    public var maxLeaseTime: Located<Int>?
    /// Seconds east of UTC handed to devices as `option time-offset`.
    public var timeOffset: Located<Int>?
    public var maxCPE: Located<Int>?
    /// Networks the servers themselves sit in (declared with `deny booting` so dhcpd listens).
    public var serverNetworks: [Located<IPv4Network>] = []
    /// The group the DHCP server runs as, which reads its key files; nil: the server's default
    /// (dhcpd: `dhcpd`, as on EL; Kea: `_kea`, as Debian's packages make it).
    public var group: String?
    /// `dhcp.server`: which DHCP server the nodes run, by its name in `DHCPServers.registry`;
    /// nil: the registry's standard one (ISC dhcpd).
    public var server: Located<String>?
    /// Kea only: where the hook libraries lie, the HA peers' port and the control agent's.
    public var keaHooksDirectory: Located<String>?
    public var keaHAPort: Located<Int>?
    public var keaAPIPort: Located<Int>?
}

/// Where the DDNS update key's secret comes from: a file or an environment variable.
public enum SecretReference: Sendable, Equatable {
    case file(path: String)
    case environment(name: String)
}

/// A key whose secret the cluster file references (never holds): the TSIG key dhcpd uses to
/// update the DNS zones, or the key OMAPI clients must present.
public struct TSIGKeyConfig: Sendable {
    public var name = "dhcpupdate"
    public var algorithm = "hmac-md5"
    public var secret: Located<SecretReference>
}

extension ClusterConfig {
    /// Every key whose secret the build reads, in the one order the input digest hashes them,
    /// with the name messages give its secret. The validator and the up-to-date shortcut both
    /// take this list, so a new key cannot reach one and be forgotten by the other.
    var secretKeys: [(key: TSIGKeyConfig?, what: String)] {
        [(ddns, "DDNS secret"), (omapiKey, "OMAPI secret")]
    }
}

/// Cluster-file settings for one CMTS, keyed by its hostname.
public struct CMTSOverride: Sendable {
    public let hostname: Located<String>
    public var vendor: Located<String>?
    /// The interface that relays DHCP (`Bundle1`, `ip-bundle 1`, `cable-mac 1`, ...).
    public var relayInterface: Located<String>?
}

/// The DNS zones both servers serve.
public struct DNSSettings: Sendable {
    /// Default TTL of the zone files, seconds.
    public var ttl = 3600
    /// Where named keeps the zone files (NMS Prime: /var/named/dynamic).
    public var zoneFolder = "/var/named/dynamic"
    /// The mailbox of the zones' SOA, as a domain name (`hostmaster.<domain>` by default).
    public var hostmaster: Located<String>?
    /// named's working folder (EL, NMS Prime's platform: /var/named).
    public var directory = "/var/named"
    /// Resolvers named forwards the devices' other queries to; empty: it resolves from the root.
    public var forwarders: [IPv4Address] = []
    /// named's `dnssec-validation`: auto, yes or no.
    public var dnssecValidation = "auto"
    /// The group named runs as (EL: named, Debian: bind): its key file is group-readable for it.
    public var group = "named"
    /// Seconds between two runs of each node's `dns-sync mirror`, which takes over the names the
    /// peer's dhcpd registered or removed.
    public var mirrorInterval = 60
}

/// rsyslog: the slave forwards everything to the master over TCP.
public struct SyslogSettings: Sendable {
    public var port: Located<Int>
    /// Disk space the slave's forwarding queue may fill while the master is away (rsyslog size).
    public var queueMaxDiskSpace: Located<String>

    /// The defaults, located at the section that leaves them out or at the file's start.
    public init(defaultsAt location: SourceLocation) {
        port = Located(514, at: location)
        queueMaxDiskSpace = Located("1g", at: location)
    }
}

/// autofs/sshfs on the slave: the master's cacti rra folder, mounted read-only.
public struct CactiMountSettings: Sendable {
    public var user = "root"
    public var remotePath: Located<String>
    /// Where the slave's cacti reads the rra files: a symbolic link into the autofs mount.
    public var mountPoint: Located<String>
    /// The autofs indirect mount's folder (the seed's `/mnt/nmsprime-master`); the master's rra
    /// folder appears under it as `rra`, and nothing else is hidden.
    public var mountRoot: Located<String>
    /// The master's public host key (`ssh-keyscan` form), pinned for the non-interactive mount.
    public var masterHostKey: String?
    public var identityFile: Located<String>
    /// Seconds of idleness after which autofs unmounts.
    public var timeout: Located<Int>

    /// The defaults, located at the section that leaves them out or at the file's start.
    public init(defaultsAt location: SourceLocation) {
        remotePath = Located("/var/lib/cacti/rra", at: location)
        mountPoint = Located("/var/lib/cacti/rra", at: location)
        mountRoot = Located("/mnt/nmsprime-master", at: location)
        identityFile = Located("/root/.ssh/id_rsa", at: location)
        timeout = Located(600, at: location)
    }
}

/// TFTP and time on both nodes, and the master's push of shared TFTP material to the slave.
public struct TFTPSettings: Sendable {
    /// The folder both nodes serve over TFTP (NMS Prime's `/tftpboot`).
    public var root = "/tftpboot"
    /// How the master copies what only it builds to the slave; nil: not configured (warning).
    public var sync: MasterSyncSettings?
}

/// The master's rsync over ssh of `/tftpboot/{cvc,fw,keyfile}` and the CPE DNS key to the slave,
/// as NMS Prime's `provha:sync_ha_master_files` does every minute, with the slave's host key
/// pinned.
public struct MasterSyncSettings: Sendable {
    /// The user the master logs in as on the slave.
    public var user = "root"
    /// The master's private key for that login (a dedicated one).
    public var identityFile = "/root/.ssh/id_provha_sync"
    /// The slave's public host key (`ssh-ed25519 AAAA…`), pinned in the generated known_hosts.
    public var slaveHostKey: String
    /// Seconds between two runs.
    public var interval = 60
}

/// NMS Prime's own settings the nodes' `provha.env` carries.
public struct NMSPrimeSettings: Sendable {
    /// The slave's ssh port: NMS Prime's sync reads `SLAVE_SSH_PORT`, the master's sync and the
    /// slave's firewall zone use it too.
    public var slaveSSHPort = 22

    public init() {}
}

/// Firewall settings beyond what the compiler derives.
public struct FirewallSettings: Sendable {
    /// A port the peer must reach besides the pair's own services (`8443/tcp`).
    public struct Port: Sendable, Equatable {
        public let port: Int
        public let `protocol`: String
    }

    /// Opened in the peer zone on both nodes.
    public var extraPeerPorts: [Port] = []
}

/// Everything the cluster file says, typed, with the locations validation needs.
public struct ClusterConfig: Sendable {
    public let path: String
    /// SHA-256 of the cluster file's bytes, for the manifest's input digest.
    public var sourceDigest = ""
    public let name: Located<String>
    public let domain: Located<String>
    public let master: NodeConfig
    public let slave: NodeConfig
    public var failover: FailoverPolicy
    public var snapshot: Located<SnapshotSource>?
    public var dhcp: DHCPSettings
    public var ddns: TSIGKeyConfig?
    /// `failover.omapi_key`: without it OMAPI accepts anyone who reaches its port.
    public var omapiKey: TSIGKeyConfig?
    public var cmtsOverrides: [CMTSOverride]
    public var dns = DNSSettings()
    public var syslog: SyslogSettings
    public var cacti: CactiMountSettings
    public var tftp = TFTPSettings()
    public var firewall = FirewallSettings()
    public var nmsprime = NMSPrimeSettings()
    /// How `apply` reloads the services of a node (not part of any generated file).
    public var apply = ApplySettings()
    /// Where the `failover` section stands, for warnings about keys it leaves out.
    public var failoverLocation: SourceLocation?
    /// Where the `dhcp` section stands, for warnings about keys it leaves out.
    public var dhcpLocation: SourceLocation?
    /// Where the `tftp` section stands, for the warning when its sync is not configured.
    public var tftpLocation: SourceLocation?

    public func node(_ role: NodeRole) -> NodeConfig { role == .master ? master : slave }
}

/// A value read from the cluster file together with where it stood.
struct Located<Value> {
    let value: Value
    let location: SourceLocation

    init(_ value: Value, at location: SourceLocation) {
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
    var peer: NodeRole { self == .master ? .slave : .master }

    /// The node whose tree holds a path of the output folder (`master/etc/…`); nil for the CMTS
    /// snippets.
    init?(treePath: String) { self.init(rawValue: String(treePath.prefix { $0 != "/" })) }
}

/// One server of the pair as the cluster file describes it.
struct NodeConfig: Sendable {
    let role: NodeRole
    let hostname: Located<String>
    let address: Located<IPv4Address>
    /// `address6`: where kea-dhcp6 takes the CMTSs' relayed DHCPv6 traffic (unicast).
    var address6: Located<IPv6Address>?
}

/// How the two dhcpd servers split the load: ISC's `split` value (0...256).
enum LoadSplit: Sendable, Equatable {
    /// Percent of clients the master answers, 0...100.
    case loadBalance(Int)
    /// ISC's split directly, 0...256.
    case split(Int)

    /// The `split` value dhcpd's primary is given: round(256 × percent / 100).
    var splitValue: Int {
        switch self {
        case let .loadBalance(percent): return (256 * min(max(percent, 0), 100) + 50) / 100  // the reader keeps it in 0...100
        case let .split(value): return value
        }
    }
}

/// The ISC dhcpd failover settings of the pair.
struct FailoverPolicy: Sendable {
    var name: Located<String>
    var port: Located<Int>
    var peerPort: Located<Int>
    var omapiPort: Located<Int>
    var loadSplit: Located<LoadSplit>
    var mclt: Located<Int>
    var maxResponseDelay: Located<Int>
    var maxUnackedUpdates: Located<Int>
    var loadBalanceMaxSeconds: Located<Int>

    /// The defaults, located where the cluster file leaves them out: at the `failover` section,
    /// or at the file's start when it has none (a diagnostic never points at a made-up place).
    init(defaultsAt location: SourceLocation) {
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
    var endpoints: [MariaDBEndpoint]
    /// The variable holding the password; nil: the cluster file's, else PROVHA_DB_PASSWORD.
    public var passwordEnv: String?
    /// How diagnostics name the database: its URL, never with a password.
    var display: String

    init(endpoints: [MariaDBEndpoint], passwordEnv: String? = nil, display: String) {
        self.endpoints = endpoints
        self.passwordEnv = passwordEnv
        self.display = display
    }
}

/// DHCP settings that NMS Prime keeps in `provbase` or derives from the machine; the cluster
/// file may pin them. A nil field means "take the snapshot's value, else the default".
struct DHCPSettings: Sendable {
    var defaultLeaseTime: Located<Int>?
    var maxLeaseTime: Located<Int>?
    /// Seconds east of UTC handed to devices as `option time-offset`.
    var timeOffset: Located<Int>?
    var maxCPE: Located<Int>?
    /// Networks the servers themselves sit in (declared with `deny booting` so dhcpd listens).
    var serverNetworks: [Located<IPv4Network>] = []
    /// The group the DHCP server runs as, which reads its key files; nil: the server's default
    /// (dhcpd: `dhcpd`, as on EL; Kea: `_kea`, as Debian's packages make it).
    var group: String?
    /// `dhcp.server`: which DHCP server the nodes run, by its name in `DHCPServers.registry`;
    /// nil: the registry's standard one (ISC dhcpd).
    var server: Located<String>?
    /// Kea only: where the hook libraries lie, the HA peers' port and the control agent's.
    var keaHooksDirectory: Located<String>?
    var keaHAPort: Located<Int>?
    var keaAPIPort: Located<Int>?
    /// `kea_reservations`: `inline` (in kea-dhcp4.conf, the default) or `database`.
    var keaReservations: Located<String>?
    /// `kea_hosts_database`: the MariaDB/Galera database Kea reads reservations from.
    var keaHostsDatabase: KeaHostsDatabaseConfig?
}

/// `dhcp.kea_hosts_database`: where each node's kea-dhcp4 reads the host reservations.
struct KeaHostsDatabaseConfig: Sendable {
    var name = "kea"
    /// Each node reads its own database node by default.
    var host = "127.0.0.1"
    var port = 3306
    var user = "kea"
    let password: Located<SecretReference>
    /// Where the section stands.
    let location: SourceLocation
}

/// `dhcp6`: Kea DHCPv6 for the snapshot's IPv6 pools, on both nodes with the HA hook.
struct DHCPv6Settings: Sendable {
    /// `enabled: false`: no DHCPv6 files even when the snapshot has IPv6 pools.
    var enabled: Located<Bool>?
    /// `hot-standby` (the default: no pool is split, delegated prefixes stay whole) or
    /// `load-balancing` (pools and pd-pools split into the peers' halves).
    var mode: Located<String>?
    /// Hot-standby: the node that answers while both are up (default: the master).
    var primary: Located<NodeRole>?
    /// The HA hook's listener of kea-dhcp6 (the DHCPv4 server's is `dhcp.kea_ha_port`).
    var haPort: Located<Int>?
    /// The interface that holds the nodes' `address6` (Kea listens on `interface/address`).
    var interface: Located<String>?
    var preferredLifetime: Located<Int>?
    var validLifetime: Located<Int>?
    /// Where the section stands.
    var location: SourceLocation?
}

/// Where the DDNS update key's secret comes from: a file or an environment variable.
enum SecretReference: Sendable, Equatable {
    case file(path: String)
    case environment(name: String)
}

/// A key whose secret the cluster file references (never holds): the TSIG key dhcpd uses to
/// update the DNS zones, or the key OMAPI clients must present.
struct TSIGKeyConfig: Sendable {
    var name = "dhcpupdate"
    var algorithm = "hmac-md5"
    var secret: Located<SecretReference>
}

extension ClusterConfig {
    /// Every key whose secret the build reads, in the one order the input digest hashes them,
    /// with the name messages give its secret. The validator and the up-to-date shortcut both
    /// take this list, so a new key cannot reach one and be forgotten by the other.
    var secretKeys: [(key: TSIGKeyConfig?, what: String)] {
        [(ddns, "DDNS secret"), (omapiKey, "OMAPI secret")]
    }

    /// Kea's host database password (`dhcp.kea_hosts_database`), after the database passwords
    /// in the same digest.
    var keaHostsPassword: (password: Located<SecretReference>, what: String)? {
        guard dhcp.server?.value == KeaDHCPServer.name, dhcp.keaReservations?.value == "database" else { return nil }
        return dhcp.keaHostsDatabase.map { ($0.password, "Kea host database password") }
    }

    /// Every database password the build reads (`database`), after the keys' secrets in the
    /// same digest, in this order: the read-write users, then the readers, by application.
    var databasePasswords: [(application: DatabaseApplication, reader: Bool, password: Located<SecretReference>, what: String)] {
        guard let database else { return [] }
        return [false, true].flatMap { reader in
            DatabaseApplication.allCases.compactMap { application in
                (reader ? database.readers : database.accounts)[application].map {
                    (application, reader, $0.password, "database password of \(reader ? "the reader of " : "")\(application.rawValue)")
                }
            }
        }
    }
}

/// Cluster-file settings for one CMTS, keyed by its hostname.
struct CMTSOverride: Sendable {
    let hostname: Located<String>
    var vendor: Located<String>?
    /// The interface that relays DHCP (`Bundle1`, `ip-bundle 1`, `cable-mac 1`, ...).
    var relayInterface: Located<String>?
}

/// The DNS zones both servers serve.
struct DNSSettings: Sendable {
    /// Default TTL of the zone files, seconds.
    var ttl = 3600
    /// Where named keeps the zone files (NMS Prime: /var/named/dynamic).
    var zoneFolder = "/var/named/dynamic"
    /// The mailbox of the zones' SOA, as a domain name (`hostmaster.<domain>` by default).
    var hostmaster: Located<String>?
    /// named's working folder (EL, NMS Prime's platform: /var/named).
    var directory = "/var/named"
    /// Resolvers named forwards the devices' other queries to; empty: it resolves from the root.
    var forwarders: [IPv4Address] = []
    /// named's `dnssec-validation`: auto, yes or no.
    var dnssecValidation = "auto"
    /// The group named runs as (EL: named, Debian: bind): its key file is group-readable for it.
    var group = "named"
    /// Seconds between two runs of each node's `dns-sync mirror`, which takes over the names the
    /// peer's dhcpd registered or removed.
    var mirrorInterval = 60
}

/// rsyslog: the slave forwards everything to the master over TCP.
struct SyslogSettings: Sendable {
    var port: Located<Int>
    /// Disk space the slave's forwarding queue may fill while the master is away (rsyslog size).
    var queueMaxDiskSpace: Located<String>

    /// The defaults, located at the section that leaves them out or at the file's start.
    init(defaultsAt location: SourceLocation) {
        port = Located(514, at: location)
        queueMaxDiskSpace = Located("1g", at: location)
    }
}

/// autofs/sshfs on the slave: the master's cacti rra folder, mounted read-only.
struct CactiMountSettings: Sendable {
    var user = "root"
    var remotePath: Located<String>
    /// Where the slave's cacti reads the rra files: a symbolic link into the autofs mount.
    var mountPoint: Located<String>
    /// The autofs indirect mount's folder (the seed's `/mnt/nmsprime-master`); the master's rra
    /// folder appears under it as `rra`, and nothing else is hidden.
    var mountRoot: Located<String>
    /// The master's public host key (`ssh-keyscan` form), pinned for the non-interactive mount.
    var masterHostKey: String?
    var identityFile: Located<String>
    /// Seconds of idleness after which autofs unmounts.
    var timeout: Located<Int>

    /// The defaults, located at the section that leaves them out or at the file's start.
    init(defaultsAt location: SourceLocation) {
        remotePath = Located("/var/lib/cacti/rra", at: location)
        mountPoint = Located("/var/lib/cacti/rra", at: location)
        mountRoot = Located("/mnt/nmsprime-master", at: location)
        identityFile = Located("/root/.ssh/id_rsa", at: location)
        timeout = Located(600, at: location)
    }
}

/// TFTP and time on both nodes, and the master's push of shared TFTP material to the slave.
struct TFTPSettings: Sendable {
    /// The folder both nodes serve over TFTP (NMS Prime's `/tftpboot`).
    var root = "/tftpboot"
    /// How the master copies what only it builds to the slave; nil: not configured (warning).
    var sync: MasterSyncSettings?
}

/// The master's rsync over ssh of `/tftpboot/{cvc,fw,keyfile}` and the CPE DNS key to the slave,
/// as NMS Prime's `provha:sync_ha_master_files` does every minute, with the slave's host key
/// pinned.
struct MasterSyncSettings: Sendable {
    /// The user the master logs in as on the slave.
    var user = "root"
    /// The master's private key for that login (a dedicated one).
    var identityFile = "/root/.ssh/id_provha_sync"
    /// The slave's public host key (`ssh-ed25519 AAAA…`), pinned in the generated known_hosts.
    var slaveHostKey: String
    /// Seconds between two runs.
    var interval = 60
    /// The folders of NMS Prime's storage the master also pushes (`tftp.sync.storage`): by
    /// default all of `provha:sync_ha_master_files`'s list.
    var storage = NMSPrimeStorage.folders
}

/// What of NMS Prime's `storage/app` the master's sync may push to the slave: the list of NMS
/// Prime's `provha:sync_ha_master_files` — `config` and five `data` folders. Never `data/provha`,
/// which differs between the nodes (the slave's moved system files live there).
enum NMSPrimeStorage {
    static let root = "/var/www/nmsprime/storage/app"
    /// By their names in `tftp.sync.storage`: `config` is `storage/app/config`, the rest `storage/app/data/<name>`.
    static let folders = ["config", "billingbase", "dashboard", "hfccustomer", "hfcsnmp", "provvoipenvia"]

    /// The folder's path on the nodes.
    static func path(of name: String) -> String { name == "config" ? "\(root)/config" : "\(root)/data/\(name)" }
}

/// NMS Prime's own settings the nodes' `provha.env` carries.
struct NMSPrimeSettings: Sendable {
    /// The slave's ssh port: NMS Prime's sync reads `SLAVE_SSH_PORT`, the master's sync and the
    /// slave's firewall zone use it too.
    var slaveSSHPort = 22
    /// What must run once per pair and so is moved off the slave (`nmsprime.slave_clean_up`):
    /// by default the modem poller's and the backup's cron files.
    var slaveCleanUp = ["/etc/cron.d/cacti-nmsprime", "/etc/cron.d/backup-nmsprime"]

    init() {}
}

/// Firewall settings beyond what the compiler derives.
struct FirewallSettings: Sendable {
    /// A port the peer must reach besides the pair's own services (`8443/tcp`).
    struct Port: Sendable, Equatable {
        let port: Int
        let `protocol`: String
    }

    /// Opened in the peer zone on both nodes.
    var extraPeerPorts: [Port] = []
}

/// Everything the cluster file says, typed, with the locations validation needs.
struct ClusterConfig: Sendable {
    let path: String
    /// SHA-256 of the cluster file's bytes, for the manifest's input digest.
    var sourceDigest = ""
    let name: Located<String>
    let domain: Located<String>
    let master: NodeConfig
    let slave: NodeConfig
    var failover: FailoverPolicy
    var snapshot: Located<SnapshotSource>?
    var dhcp: DHCPSettings
    var dhcp6 = DHCPv6Settings()
    var ddns: TSIGKeyConfig?
    /// `failover.omapi_key`: without it OMAPI accepts anyone who reaches its port.
    var omapiKey: TSIGKeyConfig?
    var cmtsOverrides: [CMTSOverride]
    var dns = DNSSettings()
    var syslog: SyslogSettings
    var cacti: CactiMountSettings
    var tftp = TFTPSettings()
    var firewall = FirewallSettings()
    var nmsprime = NMSPrimeSettings()
    /// `database`: NMS Prime's databases on the Galera cluster; nil: not managed.
    var database: DatabaseConfig?
    /// How `apply` reloads the services of a node (not part of any generated file).
    var apply = ApplySettings()
    /// Where the `failover` section stands, for warnings about keys it leaves out.
    var failoverLocation: SourceLocation?
    /// Where the `dhcp` section stands, for warnings about keys it leaves out.
    var dhcpLocation: SourceLocation?
    /// Where the `tftp` section stands, for the warning when its sync is not configured.
    var tftpLocation: SourceLocation?

    func node(_ role: NodeRole) -> NodeConfig { role == .master ? master : slave }
}

import Foundation

/// One subnet of a CMTS: the pools of that CMTS that share a network, lowest pool id first.
struct PoolSubnet: Sendable {
    let network: IPv4Network
    let pools: [ServedPool]
    /// The pool whose subnet-level options (router, broadcast, DNS) the subnet carries.
    var primary: ServedPool { pools[0] }
}

/// A pool as dhcpd serves it: the row's facts (read through, as `pool.router`), its final
/// ranges with fixed endpoint IPs cut out, and its checked verbatim statements.
@dynamicMemberLookup
struct ServedPool: Sendable {
    let pool: IPPool
    let ranges: [IPv4Range]
    /// `ippool.optional`, checked; nil when the pool has none.
    let statements: DHCPDStatements?

    subscript<Value>(dynamicMember keyPath: KeyPath<IPPool, Value>) -> Value { pool[keyPath: keyPath] }
}

/// CMTS vendors whose configuration syntax the compiler writes.
enum CMTSVendor: String, CaseIterable, Sendable {
    case cisco, casa, arris
    /// No known syntax: a clearly marked, vendor-neutral snippet.
    case generic

    /// The vendor NMS Prime's `company` column names (`Cisco`, `Casa Systems`, `ARRIS`, `CommScope`).
    init?(company: String) {
        let name = company.lowercased()
        if name.contains("cisco") {
            self = .cisco
        } else if name.contains("casa") {
            self = .casa
        } else if name.contains("arris") || name.contains("commscope") {
            self = .arris
        } else {
            return nil
        }
    }
}

/// A CMTS with its subnets, ready to emit.
struct CMTSModel: Sendable {
    let cmts: CMTS
    let subnets: [PoolSubnet]
    /// Vendor after cluster-file overrides.
    let vendor: CMTSVendor
    /// Company and model as the database names them, safe for a comment (`Cisco ubr10k`).
    var label: CommentText {
        CommentText(UncheckedText(cmts.company.uncheckedValue + (cmts.series.isEmpty ? "" : " " + cmts.series.uncheckedValue)))
    }
    /// The relay interface named in the cluster file; nil for the vendor's default.
    let relayInterface: String?
}

/// The validated layer, constructed only by the validator: the cluster file and the snapshot
/// joined, checked and resolved — settings with their defaults, host entries with real MACs,
/// subnets with their final ranges — in a fixed order (everything sorted by id) so that emitters
/// are deterministic. Emitters read only this; nothing in it needs checking again.
public struct ClusterModel: Sendable {
    let name: String
    let domain: String
    let master: Server
    let slave: Server
    let failover: FailoverSettings
    let dns: DNSService
    let syslog: SyslogService
    let cacti: CactiMount
    let tftp: TFTPSettings
    let firewall: FirewallSettings
    /// The DHCP server of the pair, resolved (`dhcp.server`: ISC dhcpd with failover, Kea with
    /// its HA hook).
    let dhcp: any DHCPv4Server
    /// Kea DHCPv6 for the snapshot's IPv6 pools (`dhcp6`); nil when there are none or it is off.
    var dhcp6: KeaDHCP6Server?
    /// The group the DHCP server runs as, which must read its key files.
    let dhcpGroup: String
    let cmtses: [CMTSModel]
    /// Modems with a real MAC, by id.
    let modems: [ModemHost]
    /// MTAs with a real MAC whose modem exists, by id.
    let mtas: [MTAHost]
    /// Endpoints with a fixed IP, by id.
    let fixedEndpoints: [FixedEndpointHost]
    /// Endpoints without a fixed IP but with a MAC, by id.
    let plainEndpoints: [PlainEndpointHost]
    /// `provvoip.mta_domain` (a checked domain): the MTA networks' `option domain-name`.
    let mtaDomain: String?
    /// `provbase.multiple_provisioning_systems`: devices behind modems of other provisioning
    /// systems are ignored (`ignore-cpe.conf`).
    let ignoresForeignDevices: Bool
    let defaultLeaseTime: Int
    let maxLeaseTime: Int
    let maxCPE: Int
    let serverNetworks: [IPv4Network]
    /// Distinct vendor-class-identifier prefixes of STB pools, sorted.
    let stbVendorClasses: [DHCPDString]
    /// The DDNS key with its secret, when configured and readable.
    let ddnsKey: TSIGKey?
    /// The key OMAPI clients must present, when configured and readable.
    let omapiKey: TSIGKey?
    /// Reverse zones covering the pools' and the servers' networks (octet boundaries).
    let reverseZones: [IPv4Network]
    /// `option time-offset`: seconds east of UTC.
    let timeOffset: Int
    /// SHA-256 over everything the output depends on (see `InputDigest`).
    let inputDigest: String
    /// NMS Prime's databases on the Galera cluster (`database`); nil: not managed.
    var database: DatabaseCluster?
    /// How `apply` reloads a node's services and `watch` runs (`apply` in the cluster file).
    public var apply = ApplySettings()
    /// NMS Prime's own settings on the nodes (`nmsprime` in the cluster file).
    var nmsprime = NMSPrimeSettings()
    /// The snapshot dump's digest and settled identity, kept beside a built tree so that the
    /// next rebuild need not hash an unchanged dump (nil: from a database, or not settled).
    var snapshotStamp: SnapshotStamp?

    func node(_ role: NodeRole) -> Server { role == .master ? master : slave }
}

/// A TSIG key with its secret loaded. The secret never appears in diagnostics.
struct TSIGKey: Sendable {
    let name: String
    let algorithm: String
    let secret: String
}

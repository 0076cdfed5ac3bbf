/// A CMTS (NMS Prime table `cmts`, later `netgw`).
struct CMTS: Sendable {
    /// The table the row came from: `cmts` or, in newer NMS Prime, `netgw`.
    let table: String
    let id: Int
    let hostname: String
    /// Model series, e.g. ubr10k, C100G, E6000 (column `type`, later `series`).
    let series: UncheckedText
    /// Vendor as NMS Prime records it: Cisco, Casa, Arris, ...
    let company: UncheckedText
    let ip: String
}

/// What kind of device a pool hands addresses to.
enum PoolType: String, CaseIterable, Sendable {
    case cm = "CM"
    case cpePublic = "CPEPub"
    case cpePrivate = "CPEPriv"
    case mta = "MTA"
    case stb = "STB"
}

/// An IPv4 pool of a CMTS (table `ippool`): one subnet and its dynamic range.
struct IPPool: Sendable {
    let id: Int
    let cmtsID: Int
    let type: PoolType
    /// Network as stored; host bits are checked by validation.
    let network: IPv4Network
    let range: IPv4Range
    let router: IPv4Address
    let broadcast: IPv4Address?
    let dnsServers: [IPv4Address]
    /// Free dhcpd statements NMS Prime appends to the subnet verbatim.
    let optional: UncheckedText
    let isActive: Bool
    /// STB pools: the vendor-class-identifier prefix their clients send.
    let vendorClassIdentifier: UncheckedText?
}

/// An IPv6 pool of a CMTS (table `ippool`, `version = 6`): a subnet with its dynamic range
/// and the prefixes it delegates, as NMS Prime's Kea DHCPv6 serves them.
struct IPv6Pool: Sendable {
    let id: Int
    let cmtsID: Int
    let type: PoolType
    /// Network as stored; host bits are checked by validation.
    let network: IPv6Network
    /// The dynamic range; nil when the pool only delegates prefixes.
    let range: IPv6Range?
    /// The CMTS's address in the subnet (`router_ip`), the relay Kea selects the subnet by.
    let relay: IPv6Address?
    let dnsServers: [IPv6Address]
    /// `prefix`, `prefix_len`, `delegated_len`; nil when the pool delegates none.
    let delegation: PrefixDelegation?
    /// Kea members NMS Prime adds to the subnet verbatim (unchecked until validation).
    let optional: UncheckedText
    let isActive: Bool
}

/// What a DHCPv6 pool delegates: prefixes of `delegatedLength` bits cut from `prefix`.
struct PrefixDelegation: Hashable, Sendable {
    let prefix: IPv6Network
    let delegatedLength: Int
}

/// A device's DHCPv6 reservation (table `endpoint`: an IPv6 `ip` with `fixed_ip = 1`, or a
/// `prefix`).
struct IPv6Reservation: Sendable {
    /// The endpoint's id.
    let id: Int
    let hostname: String
    let mac: MACAddress?
    let address: IPv6Address?
    let prefix: IPv6Network?
}

/// A cable modem (table `modem`).
struct Modem: Sendable {
    let id: Int
    let hostname: String
    /// nil when the row holds no MAC or a placeholder MAC; such modems get no DHCP entry.
    let mac: MACAddress?
    let isPublic: Bool
    let internetAccess: Bool
}

/// A voice adapter behind a modem (table `mta`).
struct MTA: Sendable {
    let id: Int
    let modemID: Int
    let hostname: String
    let mac: MACAddress?
    /// `type = packetcable`: the MTA builds its FQDN from options 12 and 15 (NMS Prime hands it
    /// `option host-name`). NMS Prime ignores `is_dummy`, and so does the compiler.
    let isPacketCable: Bool
}

/// A customer device known to NMS Prime (table `endpoint`).
struct Endpoint: Sendable {
    let id: Int
    let hostname: String
    let mac: MACAddress?
    let modemID: Int?
    /// Set when the endpoint has `fixed_ip = 1` and an address.
    let fixedIP: IPv4Address?
    /// `add_reverse`: a second PTR name for the fixed IP, as the database holds it (unchecked).
    let extraReverseName: String?
}

/// Global provisioning settings (table `provbase`, first live row).
struct ProvBaseSettings: Sendable {
    let id: Int
    let domainName: String
    let defaultLeaseTime: Int?
    let maxLeaseTime: Int?
    let maxCPE: Int?
    /// Other provisioning systems serve modems on the same CMTSs (NMS Prime's `ignore-cpe.conf`).
    let multipleProvisioningSystems: Bool
}

/// NMS Prime's ProvVoip settings (table `provvoip`, first live row), when the module exists.
struct ProvVoIPSettings: Sendable {
    let id: Int
    /// `mta_domain`: handed to MTAs as `option domain-name` (unchecked database text).
    let mtaDomain: String?
}

/// The ProvHA module's settings (table `provha`), compared against the cluster file.
struct ProvHASettings: Sendable {
    let id: Int
    let master: String
    let slaves: [String]
    /// The master's share of the load, 0...1 (NMS Prime's default 0.5); nil when the column is absent.
    let loadRatioMaster: Double?
}

/// The NMS Prime data the compiler needs, soft-deleted rows already left out.
struct Snapshot: Sendable {
    /// The dump path or database URL (without password), for diagnostics.
    let source: String
    var cmtses: [CMTS] = []
    var pools: [IPPool] = []
    var modems: [Modem] = []
    var mtas: [MTA] = []
    var endpoints: [Endpoint] = []
    /// IPv6 pools (`ippool.version = 6`), served by Kea DHCPv6.
    var pools6: [IPv6Pool] = []
    /// Endpoints' DHCPv6 reservations.
    var reservations6: [IPv6Reservation] = []
    var provBase: ProvBaseSettings?
    var provHA: ProvHASettings?
    var provVoIP: ProvVoIPSettings?
    /// SHA-256 of the snapshot's bytes, for the manifest's input digest.
    var sourceDigest: String = ""
    /// The dump's digest and settled identity, when it has both (`SnapshotStamp`).
    var sourceStamp: SnapshotStamp?

    init(source: String) { self.source = source }

    func location(_ table: String, _ id: Int) -> SourceLocation {
        .row(source: source, table: table, id: id)
    }
}

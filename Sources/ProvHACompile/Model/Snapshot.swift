/// A CMTS (NMS Prime table `cmts`, later `netgw`).
public struct CMTS: Sendable {
    /// The table the row came from: `cmts` or, in newer NMS Prime, `netgw`.
    public let table: String
    public let id: Int
    public let hostname: String
    /// Model series, e.g. ubr10k, C100G, E6000 (column `type`, later `series`).
    public let series: UncheckedText
    /// Vendor as NMS Prime records it: Cisco, Casa, Arris, ...
    public let company: UncheckedText
    public let ip: String
}

/// What kind of device a pool hands addresses to.
public enum PoolType: String, CaseIterable, Sendable {
    case cm = "CM"
    case cpePublic = "CPEPub"
    case cpePrivate = "CPEPriv"
    case mta = "MTA"
    case stb = "STB"
}

/// An IPv4 pool of a CMTS (table `ippool`): one subnet and its dynamic range.
public struct IPPool: Sendable {
    public let id: Int
    public let cmtsID: Int
    public let type: PoolType
    /// Network as stored; host bits are checked by validation.
    public let network: IPv4Network
    public let range: IPv4Range
    public let router: IPv4Address
    public let broadcast: IPv4Address?
    public let dnsServers: [IPv4Address]
    /// Free dhcpd statements NMS Prime appends to the subnet verbatim.
    public let optional: UncheckedText
    public let isActive: Bool
    /// STB pools: the vendor-class-identifier prefix their clients send.
    public let vendorClassIdentifier: UncheckedText?
}

/// A cable modem (table `modem`).
public struct Modem: Sendable {
    public let id: Int
    public let hostname: String
    /// nil when the row holds no MAC or a placeholder MAC; such modems get no DHCP entry.
    public let mac: MACAddress?
    public let isPublic: Bool
    public let internetAccess: Bool
}

/// A voice adapter behind a modem (table `mta`).
public struct MTA: Sendable {
    public let id: Int
    public let modemID: Int
    public let hostname: String
    public let mac: MACAddress?
    /// `type = packetcable`: the MTA builds its FQDN from options 12 and 15 (NMS Prime hands it
    /// `option host-name`). NMS Prime ignores `is_dummy`, and so does the compiler.
    public let isPacketCable: Bool
}

/// A customer device known to NMS Prime (table `endpoint`).
public struct Endpoint: Sendable {
    public let id: Int
    public let hostname: String
    public let mac: MACAddress?
    public let modemID: Int?
    /// Set when the endpoint has `fixed_ip = 1` and an address.
    public let fixedIP: IPv4Address?
    /// `add_reverse`: a second PTR name for the fixed IP, as the database holds it (unchecked).
    public let extraReverseName: String?
}

/// Global provisioning settings (table `provbase`, first live row).
public struct ProvBaseSettings: Sendable {
    public let id: Int
    public let domainName: String
    public let defaultLeaseTime: Int?
    public let maxLeaseTime: Int?
    public let maxCPE: Int?
    /// Other provisioning systems serve modems on the same CMTSs (NMS Prime's `ignore-cpe.conf`).
    public let multipleProvisioningSystems: Bool
}

/// NMS Prime's ProvVoip settings (table `provvoip`, first live row), when the module exists.
public struct ProvVoIPSettings: Sendable {
    public let id: Int
    /// `mta_domain`: handed to MTAs as `option domain-name` (unchecked database text).
    public let mtaDomain: String?
}

/// The ProvHA module's settings (table `provha`), compared against the cluster file.
public struct ProvHASettings: Sendable {
    public let id: Int
    public let master: String
    public let slaves: [String]
    /// The master's share of the load, 0...1 (NMS Prime's default 0.5); nil when the column is absent.
    public let loadRatioMaster: Double?
}

/// The NMS Prime data the compiler needs, soft-deleted rows already left out.
public struct Snapshot: Sendable {
    /// The dump path or database URL (without password), for diagnostics.
    public let source: String
    public var cmtses: [CMTS] = []
    public var pools: [IPPool] = []
    public var modems: [Modem] = []
    public var mtas: [MTA] = []
    public var endpoints: [Endpoint] = []
    public var provBase: ProvBaseSettings?
    public var provHA: ProvHASettings?
    public var provVoIP: ProvVoIPSettings?
    /// SHA-256 of the snapshot's bytes, for the manifest's input digest.
    public var sourceDigest: String = ""
    /// The dump's digest and settled identity, when it has both (`SnapshotStamp`).
    public var sourceStamp: SnapshotStamp?

    public init(source: String) { self.source = source }

    public func location(_ table: String, _ id: Int) -> SourceLocation {
        .row(source: source, table: table, id: id)
    }
}

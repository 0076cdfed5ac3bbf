import Foundation

/// Who holds a MAC address or host name, for duplicate reports; kept small, one per device.
enum DeviceOwner: CustomStringConvertible, Sendable {
    case row(table: String, id: Int)
    case node(NodeRole)

    /// Where the owner is defined: its row in `source`, or the node's hostname in the cluster file.
    func location(in source: String, nodes: [NodeRole: SourceLocation]) -> SourceLocation {
        switch self {
        case let .row(table, id): return .row(source: source, table: table, id: id)
        case let .node(role): return nodes[role] ?? .input(path: source)
        }
    }

    var description: String {
        switch self {
        case let .row(table, id): return "\(table) id \(id)"
        case let .node(role): return "the \(role.rawValue) (nodes.\(role.rawValue).hostname)"
        }
    }
}

/// A device's claim on its MAC and host name, to be checked for uniqueness: the row of `table`
/// that makes it (an index into `ClaimedRows`), and `position`, how many diagnostics were
/// reported before it, where its own problems belong. It points at its row instead of copying the
/// row's MAC, name and id: 24 bytes where a copy took 72 (and retained the name).
struct DeviceClaim: Sendable {
    enum Table: UInt8, Sendable {
        case modem, mta, endpoint
    }

    let table: Table
    let row: Int
    let position: Int
}

/// The rows the claims point into: modems, MTAs and endpoints, each sorted by id.
struct ClaimedRows: Sendable {
    let modems: [Modem]
    let mtas: [MTA]
    let endpoints: [Endpoint]

    func mac(of claim: DeviceClaim) -> MACAddress? {
        switch claim.table {
        case .modem: return modems[claim.row].mac
        case .mta: return mtas[claim.row].mac
        case .endpoint: return endpoints[claim.row].mac
        }
    }

    func hostname(of claim: DeviceClaim) -> String {
        switch claim.table {
        case .modem: return modems[claim.row].hostname
        case .mta: return mtas[claim.row].hostname
        case .endpoint: return endpoints[claim.row].hostname
        }
    }

    func owner(of claim: DeviceClaim) -> DeviceOwner {
        switch claim.table {
        case .modem: return .row(table: "modem", id: modems[claim.row].id)
        case .mta: return .row(table: "mta", id: mtas[claim.row].id)
        case .endpoint: return .row(table: "endpoint", id: endpoints[claim.row].id)
        }
    }
}

/// The devices that get DHCP entries, after validation.
struct ValidatedDevices {
    var modems: [ModemHost] = []
    var mtas: [MTAHost] = []
    var fixedEndpoints: [FixedEndpointHost] = []
    var plainEndpoints: [PlainEndpointHost] = []
}

extension Validator {
    /// Checks modems, MTAs and endpoints: host names, duplicate MACs and host names across all
    /// three tables (hashed, not compared pairwise), and where fixed endpoint IPs lie.
    func checkDevices(dynamicRanges: [DynamicRange]) -> ValidatedDevices {
        var devices = ValidatedDevices()
        let deviceCount = snapshot.modems.count + snapshot.mtas.count + snapshot.endpoints.count
        var claims: [DeviceClaim] = []
        claims.reserveCapacity(deviceCount)
        func claim(_ table: DeviceClaim.Table, row: Int) {
            claims.append(DeviceClaim(table: table, row: row, position: diagnostics.diagnostics.count))
        }

        let rows = ClaimedRows(
            modems: Self.sortedByID(snapshot.modems, \.id), mtas: Self.sortedByID(snapshot.mtas, \.id),
            endpoints: Self.sortedByID(snapshot.endpoints, \.id))
        let modems = rows.modems
        // Sorted by id, looked up by binary search (a hash of a million ids cost more): the
        // index of the last modem with `id` (the one a repeated id leaves standing).
        func lastModem(withID id: Int) -> Int? {
            let after = modems.partitionPoint { $0.id <= id }
            return after > 0 && modems[after - 1].id == id ? after - 1 : nil
        }
        for (row, modem) in modems.enumerated() where modem.mac != nil {
            claim(.modem, row: row)
        }
        var hasMTA = [Bool](repeating: false, count: modems.count)
        for (row, mta) in rows.mtas.enumerated() {
            guard let mac = mta.mac else { continue }
            guard let modem = lastModem(withID: mta.modemID) else {
                warning(
                    "the MTA's modem id \(mta.modemID) does not exist (or is deleted); the MTA gets no DHCP entry",
                    snapshot.location("mta", mta.id))
                continue
            }
            claim(.mta, row: row)
            devices.mtas.append(MTAHost(id: mta.id, hostname: mta.hostname, mac: mac, isPacketCable: mta.isPacketCable))
            hasMTA[modem] = true
        }
        devices.modems.reserveCapacity(modems.count)
        for (index, modem) in modems.enumerated() {
            guard let mac = modem.mac else { continue }
            // A repeated id: its MTAs were given to the last modem with it, as lookups find it.
            let repeated = index + 1 < modems.count && modems[index + 1].id == modem.id
            let modemHasMTA = hasMTA[repeated ? lastModem(withID: modem.id) ?? index : index]
            devices.modems.append(
                ModemHost(
                    id: modem.id, hostname: modem.hostname, mac: mac, isPublic: modem.isPublic, internetAccess: modem.internetAccess,
                    hasMTA: modemHasMTA))
        }

        let publicNetworks = snapshot.pools.filter { $0.type == .cpePublic }
            .map { ($0.network.first, $0.network.last, $0) }
            .sorted { $0.0 < $1.0 }
        var fixedOwners: [IPv4Address: Int] = [:]
        for (row, endpoint) in rows.endpoints.enumerated() {
            let location = snapshot.location("endpoint", endpoint.id)
            guard let ip = endpoint.fixedIP else {
                // NMS Prime writes `host NAME { hardware ethernet MAC; }` for these.
                if let mac = endpoint.mac {
                    claim(.endpoint, row: row)
                    devices.plainEndpoints.append(PlainEndpointHost(id: endpoint.id, hostname: endpoint.hostname, mac: mac))
                }
                continue
            }
            let match: DeviceMatch
            if let mac = endpoint.mac {
                match = .mac(mac)
            } else if let modemMAC = endpoint.modemID.flatMap({ lastModem(withID: $0) }).flatMap({ modems[$0].mac }) {
                // NMS Prime matches it by its modem's MAC, which the CMTS puts in the remote-id.
                match = .remoteID(modemMAC)
            } else {
                warning(
                    "the endpoint has fixed IP \(ip) but neither a MAC nor a modem with one; NMS Prime's entry for it matches nothing, so it gets none",
                    location)
                continue
            }
            claim(.endpoint, row: row)
            if let owner = fixedOwners[ip] {
                error(
                    "fixed IP \(ip) is also reserved for endpoint id \(owner)", location,
                    notes: [.note("fixed IP \(ip) first reserved here", at: snapshot.location("endpoint", owner))])
                continue
            }
            fixedOwners[ip] = endpoint.id
            var reverseName: String?
            if let name = endpoint.extraReverseName {
                reverseName = DNSName.domain(fromDatabase: name)
                if reverseName == nil {
                    warning("add_reverse \(DiagnosticText.quoted(name)) is not a DNS name; the address gets no second PTR record", location)
                }
            }
            devices.fixedEndpoints.append(
                FixedEndpointHost(id: endpoint.id, hostname: endpoint.hostname, address: ip, match: match, reverseName: reverseName))
            if let pool = Self.network(containing: ip, in: publicNetworks) {
                let broadcast = pool.broadcast ?? pool.network.last
                if ip == pool.network.first || ip == broadcast || ip == pool.router {
                    error("fixed IP \(ip) is the network, broadcast or router address of ippool id \(pool.id)", location)
                }
            } else if let hit = Self.range(containing: ip, in: dynamicRanges) {
                error(
                    "fixed IP \(ip) lies in the dynamic range of \(hit.pool.type.rawValue) ippool id \(hit.pool.id); fixed IPs belong in a CPEPub pool",
                    location)
            } else {
                warning("fixed IP \(ip) lies in no CPEPub pool; no CMTS will route it to the endpoint", location)
            }
        }
        diagnostics.insert(checkClaims(claims, of: rows))
        return devices
    }

    /// `rows` sorted by id as `sorted` orders them; a dump's rows usually come sorted, which one
    /// look finds, sparing the copy. (Rows with one id keep their order either way: Swift's
    /// sort is stable, though its documentation does not promise it.)
    private static func sortedByID<Row>(_ rows: [Row], _ id: (Row) -> Int) -> [Row] {
        guard zip(rows, rows.dropFirst()).contains(where: { id($0) > id($1) }) else { return rows }
        return rows.sorted { id($0) < id($1) }
    }

    private static func network(containing ip: IPv4Address, in sorted: [(IPv4Address, IPv4Address, IPPool)]) -> IPPool? {
        let after = sorted.partitionPoint { $0.0 <= ip }
        guard after > 0, sorted[after - 1].1 >= ip else { return nil }
        return sorted[after - 1].2
    }

    /// The ranges of every pool; in CPEPub pools, fixed endpoint IPs are cut out of the range
    /// (as NMS Prime does), splitting it. Sorted IPs and binary search: no pool × endpoint loop.
    func cutFixedAddresses(_ endpoints: [FixedEndpointHost]) -> [Int: [IPv4Range]] {
        let fixed = endpoints.map(\.address).sorted()
        var result: [Int: [IPv4Range]] = [:]
        for pool in snapshot.pools {
            guard pool.type == .cpePublic, pool.range.first <= pool.range.last else {
                result[pool.id] = [pool.range]
                continue
            }
            var pieces: [IPv4Range] = []
            var next = pool.range.first.value
            var index = fixed.partitionPoint { $0 < pool.range.first }
            var exhausted = false
            while index < fixed.count, fixed[index] <= pool.range.last, !exhausted {
                let cut = fixed[index].value
                if cut > next { pieces.append(IPv4Range(first: IPv4Address(next), last: IPv4Address(cut - 1))) }
                if cut == pool.range.last.value { exhausted = true } else { next = cut + 1 }
                index += 1
            }
            if !exhausted { pieces.append(IPv4Range(first: IPv4Address(next), last: pool.range.last)) }
            result[pool.id] = pieces
        }
        return result
    }
}

/// A column the compiler reads, under any of the names it has had across NMS Prime versions.
struct ColumnSpec: Sendable {
    let names: [String]
    let isRequired: Bool

    static func required(_ names: String...) -> ColumnSpec { ColumnSpec(names: names, isRequired: true) }
    static func optional(_ names: String...) -> ColumnSpec { ColumnSpec(names: names, isRequired: false) }
}

/// A table the compiler reads and the columns it needs, in the order rows are delivered.
struct TableSpec: Sendable {
    /// The kind of record; `cmts` and `netgw` both map to `.cmts`.
    enum Kind: Sendable { case cmts, ippool, modem, mta, endpoint, provbase, provha, provvoip }

    let name: String
    let kind: Kind
    let columns: [ColumnSpec]

    /// Maps a source's column names onto this spec: for each spec column the index of the
    /// source column, nil for an absent optional column. Returns the missing required names.
    func resolve(sourceColumns: [String]) -> (indices: [Int?], missing: [String]) {
        var position: [String: Int] = [:]
        for (index, name) in sourceColumns.enumerated() where position[name.lowercased()] == nil {
            position[name.lowercased()] = index
        }
        var indices: [Int?] = []
        var missing: [String] = []
        for column in columns {
            let index = column.names.lazy.compactMap { position[$0] }.first
            if index == nil, column.isRequired { missing.append(column.names.joined(separator: "` or `")) }
            indices.append(index)
        }
        return (indices, missing)
    }
}

/// The columns of one NMS Prime table the compiler reads, by name, after the `CommonColumn`s
/// every table starts with: the raw values (from 3, in case order) are the positions in which a
/// snapshot source delivers a row's values, and each case says the column's names across NMS
/// Prime versions and whether it must exist.
protocol TableColumn: CaseIterable, Sendable, RawRepresentable where RawValue == Int, AllCases == [Self] {
    var spec: ColumnSpec { get }
}

extension TableColumn {
    /// The name diagnostics use: the column's first name.
    var name: String { spec.names[0] }

    /// The table's whole column list: the common columns, then these.
    static var tableColumns: [ColumnSpec] { CommonColumn.allCases.map(\.spec) + allCases.map(\.spec) }
}

/// The first three columns of every table: the row's id and Laravel's two time stamps.
enum CommonColumn: Int, TableColumn {
    case id, updatedAt, deletedAt

    var spec: ColumnSpec {
        switch self {
        case .id: .required("id")
        case .updatedAt: .optional("updated_at")
        case .deletedAt: .optional("deleted_at")
        }
    }
}

/// `cmts`, or `netgw` in later NMS Prime versions (where `type` says cmts, bras, …).
enum CMTSColumn: Int, TableColumn {
    case hostname = 3, series, company, ip
    /// Only in the `netgw` table.
    case netgwType

    var spec: ColumnSpec {
        switch self {
        case .hostname: .required("hostname")
        // The netgw era: `series` holds the model and `type` says cmts / bras / ...
        case .series: .required("series", "type")
        case .company: .required("company")
        case .ip: .required("ip")
        case .netgwType: .optional("type")
        }
    }
}

enum PoolColumn: Int, TableColumn {
    case cmtsID = 3, type, net, netmask, rangeStart, rangeEnd, router, broadcast, dns1, dns2, dns3, optional, active
    case vendorClassIdentifier, version
    /// IPv6 pools (`version = 6`, NMS Prime from 2020): the prefix delegated from, its length
    /// and the delegated length (both stored with a leading `/`).
    case prefix, prefixLength, delegatedLength

    var spec: ColumnSpec {
        switch self {
        case .cmtsID: .required("netgw_id", "cmts_id")
        case .type: .required("type")
        case .net: .required("net")
        case .netmask: .required("netmask")
        case .rangeStart: .required("ip_pool_start")
        case .rangeEnd: .required("ip_pool_end")
        case .router: .required("router_ip")
        case .broadcast: .required("broadcast_ip")
        case .dns1: .required("dns1_ip")
        case .dns2: .required("dns2_ip")
        case .dns3: .required("dns3_ip")
        case .optional: .required("optional")
        case .active: .optional("active")
        case .vendorClassIdentifier: .optional("vendor_class_identifier")
        case .version: .optional("version")
        case .prefix: .optional("prefix")
        case .prefixLength: .optional("prefix_len")
        case .delegatedLength: .optional("delegated_len")
        }
    }
}

enum ModemColumn: Int, TableColumn {
    case hostname = 3, mac, isPublic, internetAccess

    var spec: ColumnSpec {
        switch self {
        case .hostname: .required("hostname")
        case .mac: .required("mac")
        case .isPublic: .required("public")
        case .internetAccess: .required("internet_access")
        }
    }
}

enum MTAColumn: Int, TableColumn {
    case modemID = 3, mac, hostname, type

    var spec: ColumnSpec {
        switch self {
        case .modemID: .required("modem_id")
        case .mac: .required("mac")
        case .hostname: .required("hostname")
        case .type: .optional("type")
        }
    }
}

enum EndpointColumn: Int, TableColumn {
    case hostname = 3, mac, hasFixedIP, modemID, ip, addReverse
    /// Later NMS Prime: the prefix reserved for the device's DHCPv6 prefix delegation.
    case prefix

    var spec: ColumnSpec {
        switch self {
        case .hostname: .required("hostname")
        case .mac: .required("mac")
        case .hasFixedIP: .required("fixed_ip")
        case .modemID: .required("modem_id")
        case .ip: .required("ip")
        case .addReverse: .optional("add_reverse")
        case .prefix: .optional("prefix")
        }
    }
}

enum ProvBaseColumn: Int, TableColumn {
    case domainName = 3, defaultLeaseTime, maxLeaseTime, maxCPE, multipleProvisioningSystems

    var spec: ColumnSpec {
        switch self {
        case .domainName: .required("domain_name")
        case .defaultLeaseTime: .required("dhcp_def_lease_time")
        case .maxLeaseTime: .required("dhcp_max_lease_time")
        case .maxCPE: .optional("max_cpe")
        case .multipleProvisioningSystems: .optional("multiple_provisioning_systems")
        }
    }
}

enum ProvHAColumn: Int, TableColumn {
    case master = 3, slaves, loadRatioMaster

    var spec: ColumnSpec {
        switch self {
        case .master: .required("master")
        case .slaves: .required("slaves")
        case .loadRatioMaster: .optional("load_ratio_master")
        }
    }
}

/// Only with NMS Prime's ProvVoip module.
enum ProvVoIPColumn: Int, TableColumn {
    case mtaDomain = 3

    var spec: ColumnSpec {
        switch self {
        case .mtaDomain: .optional("mta_domain")
        }
    }
}

/// The tables and columns of NMS Prime that the compiler reads: one list, shared by every
/// snapshot source (dump file, live database), so the column logic exists once. Each table's
/// column list comes from its column enum.
enum SnapshotTables {
    static let all: [TableSpec] = [
        // `cmts` has no `netgwType`, the last case.
        TableSpec(name: "cmts", kind: .cmts, columns: Array(CMTSColumn.tableColumns.dropLast())),
        TableSpec(name: "netgw", kind: .cmts, columns: CMTSColumn.tableColumns),
        TableSpec(name: "ippool", kind: .ippool, columns: PoolColumn.tableColumns),
        TableSpec(name: "modem", kind: .modem, columns: ModemColumn.tableColumns),
        TableSpec(name: "mta", kind: .mta, columns: MTAColumn.tableColumns),
        TableSpec(name: "endpoint", kind: .endpoint, columns: EndpointColumn.tableColumns),
        TableSpec(name: "provbase", kind: .provbase, columns: ProvBaseColumn.tableColumns),
        TableSpec(name: "provha", kind: .provha, columns: ProvHAColumn.tableColumns),
        TableSpec(name: "provvoip", kind: .provvoip, columns: ProvVoIPColumn.tableColumns),
    ]

    static func spec(named name: String) -> TableSpec? { all.first { $0.name == name.lowercased() } }

    /// Tables a snapshot must contain; `alternatives` lists names any one of which will do.
    static let requiredTables: [[String]] = [["cmts", "netgw"], ["ippool"], ["modem"], ["endpoint"], ["provbase"]]
}

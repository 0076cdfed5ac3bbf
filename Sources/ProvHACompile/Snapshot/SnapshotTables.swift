/// A column the compiler reads, under any of the names it has had across NMS Prime versions.
public struct ColumnSpec: Sendable {
    public let names: [String]
    public let isRequired: Bool

    static func required(_ names: String...) -> ColumnSpec { ColumnSpec(names: names, isRequired: true) }
    static func optional(_ names: String...) -> ColumnSpec { ColumnSpec(names: names, isRequired: false) }
}

/// A table the compiler reads and the columns it needs, in the order rows are delivered.
public struct TableSpec: Sendable {
    /// The kind of record; `cmts` and `netgw` both map to `.cmts`.
    public enum Kind: Sendable { case cmts, ippool, modem, mta, endpoint, provbase, provha, provvoip }

    public let name: String
    public let kind: Kind
    public let columns: [ColumnSpec]

    /// Maps a source's column names onto this spec: for each spec column the index of the
    /// source column, nil for an absent optional column. Returns the missing required names.
    public func resolve(sourceColumns: [String]) -> (indices: [Int?], missing: [String]) {
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

/// The tables and columns of NMS Prime that the compiler reads: one list, shared by every
/// snapshot source (dump file, live database), so the column logic exists once.
public enum SnapshotTables {
    static let cmtsColumns: [ColumnSpec] = [
        .required("id"), .optional("updated_at"), .optional("deleted_at"), .required("hostname"),
        .required("series", "type"), .required("company"), .required("ip"),
    ]

    public static let all: [TableSpec] = [
        TableSpec(name: "cmts", kind: .cmts, columns: cmtsColumns),
        // The netgw era: `series` holds the model and `type` says cmts / bras / ...
        TableSpec(name: "netgw", kind: .cmts, columns: cmtsColumns + [.optional("type")]),
        TableSpec(
            name: "ippool", kind: .ippool,
            columns: [
                .required("id"), .optional("updated_at"), .optional("deleted_at"), .required("netgw_id", "cmts_id"),
                .required("type"), .required("net"), .required("netmask"), .required("ip_pool_start"),
                .required("ip_pool_end"), .required("router_ip"), .required("broadcast_ip"), .required("dns1_ip"),
                .required("dns2_ip"), .required("dns3_ip"), .required("optional"), .optional("active"),
                .optional("vendor_class_identifier"), .optional("version"),
            ]),
        TableSpec(
            name: "modem", kind: .modem,
            columns: [
                .required("id"), .optional("updated_at"), .optional("deleted_at"), .required("hostname"),
                .required("mac"), .required("public"), .required("internet_access"),
            ]),
        TableSpec(
            name: "mta", kind: .mta,
            columns: [
                .required("id"), .optional("updated_at"), .optional("deleted_at"), .required("modem_id"),
                .required("mac"), .required("hostname"), .optional("type"),
            ]),
        TableSpec(
            name: "endpoint", kind: .endpoint,
            columns: [
                .required("id"), .optional("updated_at"), .optional("deleted_at"), .required("hostname"),
                .required("mac"), .required("fixed_ip"), .required("modem_id"), .required("ip"), .optional("add_reverse"),
            ]),
        TableSpec(
            name: "provbase", kind: .provbase,
            columns: [
                .required("id"), .optional("updated_at"), .optional("deleted_at"), .required("domain_name"),
                .required("dhcp_def_lease_time"), .required("dhcp_max_lease_time"), .optional("max_cpe"),
                .optional("multiple_provisioning_systems"),
            ]),
        TableSpec(
            name: "provha", kind: .provha,
            columns: [
                .required("id"), .optional("updated_at"), .optional("deleted_at"), .required("master"), .required("slaves"),
                .optional("load_ratio_master"),
            ]),
        // Only with NMS Prime's ProvVoip module.
        TableSpec(
            name: "provvoip", kind: .provvoip,
            columns: [
                .required("id"), .optional("updated_at"), .optional("deleted_at"), .optional("mta_domain"),
            ]),
    ]

    public static func spec(named name: String) -> TableSpec? { all.first { $0.name == name.lowercased() } }

    /// Tables a snapshot must contain; `alternatives` lists names any one of which will do.
    static let requiredTables: [[String]] = [["cmts", "netgw"], ["ippool"], ["modem"], ["endpoint"], ["provbase"]]
}

import Foundation

/// `provha-compile kea-hosts`: the live road of `dhcp.kea_reservations: database`. It reads the
/// global hw-address hosts a Kea host database (schema 14) holds, compares them with the
/// model's set (`KeaHostRow`), and writes only what differs, in one transaction: hosts that
/// went are deleted, new and changed ones upserted, their `host-name` option rows kept in step.
/// A removal of more than the guard's share of the hosts is refused unless forced, as `build`
/// refuses one of the tree. The user needs SELECT, INSERT, UPDATE and DELETE on `hosts` and
/// `dhcp4_options` (the nodes' own user is read-only).
public struct KeaHostsWriter {
    /// What a write changed (or, dry, would change).
    public struct Outcome: Sendable, Equatable {
        public let added: Int
        public let changed: Int
        public let removed: Int
        public let unchanged: Int
    }

    /// Statements of at most this many rows (Galera's write-set stays one transaction).
    static let batch = 1000

    let connection: MariaDBConnection

    /// Connects to the first endpoint of `target` that answers; nil (reported, with the
    /// server's reason) when none does.
    public init?(_ target: DatabaseTarget, environment: [String: String], diagnostics: DiagnosticCollector) {
        let password = LiveDatabase.password(for: target, environment: environment)
        guard let (connection, _) = MariaDBConnection.firstAnswering(target, password: password, diagnostics: diagnostics) else { return nil }
        self.connection = connection
    }

    /// Brings the database's hosts to `model`'s set; `dryRun` only counts.
    public func write(_ model: ClusterModel, guard removalGuard: Int = 30, force: Bool = false, dryRun: Bool = false) throws -> Outcome {
        var version: [String?] = []
        try connection.query("SELECT version, minor FROM schema_version LIMIT 1") { version = $0 }
        guard version.first == String(KeaHostsDatabase.schemaVersion) else {
            throw Refusal(
                message:
                    "the Kea host database has schema \(version.compactMap { $0 }.joined(separator: ".")), not \(KeaHostsDatabase.schemaVersion).x (Kea 2.2): nothing was written"
            )
        }
        let wanted = KeaHostRow.rows(of: model)
        var current: [String: Stored] = [:]
        current.reserveCapacity(wanted.count)
        try connection.query(
            """
            SELECT LOWER(HEX(h.dhcp_identifier)), h.ipv4_address, h.hostname, h.dhcp4_client_classes, h.dhcp4_boot_file_name, o.formatted_value
            FROM hosts h LEFT JOIN dhcp4_options o ON o.host_id = h.host_id AND o.scope_id = 3 AND o.code = 12
            WHERE h.dhcp_identifier_type = 0 AND h.dhcp4_subnet_id = 0
            """
        ) { values in
            guard let hex = values[0] else { return }
            current[hex] = Stored(address: values[1], hostname: values[2], classes: values[3], bootFile: values[4], hostName: values[5])
        }
        var upserts: [KeaHostRow] = []
        var added = 0
        for row in wanted {
            guard let existing = current.removeValue(forKey: row.mac.hexDigits) else {
                added += 1
                upserts.append(row)
                continue
            }
            if existing != Stored(row) { upserts.append(row) }
        }
        let removed = current.keys.sorted()
        let outcome = Outcome(
            added: added, changed: upserts.count - added, removed: removed.count, unchanged: wanted.count - upserts.count)
        let previous = wanted.count - added + removed.count
        if !force, previous >= 10, removed.count * 100 > removalGuard * previous {
            throw Refusal(
                message:
                    "writing would remove \(removed.count) of the database's \(previous) hosts, more than \(removalGuard) %: is the snapshot complete? Give --force to write it anyway"
            )
        }
        guard !dryRun, upserts.count + removed.count > 0 else { return outcome }
        try connection.execute("START TRANSACTION")
        do {
            try apply(upserts: upserts, removals: removed)
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
        return outcome
    }

    private func apply(upserts: [KeaHostRow], removals: [String]) throws {
        let ours = "dhcp_identifier_type = 0 AND dhcp4_subnet_id = 0"
        for start in stride(from: 0, to: removals.count, by: Self.batch) {
            let identifiers = removals[start..<min(removals.count, start + Self.batch)].map { "UNHEX('\($0)')" }
            try connection.execute("DELETE FROM hosts WHERE \(ours) AND dhcp_identifier IN (\(identifiers.joined(separator: ",")))")
        }
        for start in stride(from: 0, to: upserts.count, by: Self.batch) {
            let rows = upserts[start..<min(upserts.count, start + Self.batch)]
            let values = rows.map { row in
                "(UNHEX('\(row.mac.hexDigits)'),0,0,\(row.address.map { String($0.value) } ?? "NULL"),\(DatabaseSyntax.sqlString(row.hostname)),"
                    + "\(Self.sql(row.classes)),\(Self.sql(row.bootFile)))"
            }
            try connection.execute(
                """
                INSERT INTO hosts (dhcp_identifier, dhcp_identifier_type, dhcp4_subnet_id, ipv4_address, hostname, dhcp4_client_classes, dhcp4_boot_file_name)
                VALUES \(values.joined(separator: ","))
                ON DUPLICATE KEY UPDATE ipv4_address = VALUES(ipv4_address), hostname = VALUES(hostname),
                  dhcp4_client_classes = VALUES(dhcp4_client_classes), dhcp4_boot_file_name = VALUES(dhcp4_boot_file_name)
                """)
            let identifiers = rows.map { "UNHEX('\($0.mac.hexDigits)')" }.joined(separator: ",")
            try connection.execute(
                "DELETE o FROM dhcp4_options o JOIN hosts h ON h.host_id = o.host_id WHERE o.scope_id = 3 AND h.dhcp_identifier_type = 0 AND h.dhcp4_subnet_id = 0 AND h.dhcp_identifier IN (\(identifiers))"
            )
            let options = rows.filter(\.hasHostNameOption).map { "UNHEX('\($0.mac.hexDigits)')" }
            guard !options.isEmpty else { continue }
            try connection.execute(
                """
                INSERT INTO dhcp4_options (code, formatted_value, space, persistent, host_id, scope_id)
                SELECT 12, LOWER(HEX(dhcp_identifier)), 'dhcp4', 0, host_id, 3 FROM hosts
                WHERE \(ours) AND dhcp_identifier IN (\(options.joined(separator: ",")))
                """)
        }
    }

    private static func sql(_ text: String?) -> String { text.map(DatabaseSyntax.sqlString) ?? "NULL" }

    /// A host row as the database holds it (the option row's value beside it).
    private struct Stored: Equatable {
        let address: String?
        let hostname: String?
        let classes: String?
        let bootFile: String?
        let hostName: String?

        init(address: String?, hostname: String?, classes: String?, bootFile: String?, hostName: String?) {
            (self.address, self.hostname, self.classes, self.bootFile, self.hostName) = (address, hostname, classes, bootFile, hostName)
        }

        init(_ row: KeaHostRow) {
            self.init(
                address: row.address.map { String($0.value) }, hostname: row.hostname, classes: row.classes, bootFile: row.bootFile,
                hostName: row.hostNameOption)
        }
    }

    /// Why nothing was written.
    public struct Refusal: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}

import Foundation

/// What `watch` asks each cycle instead of reading the whole database: per table the
/// configuration depends on (`cmts`/`netgw`, `ippool`, `modem`, `mta`, `endpoint`, and the
/// `provha`, `provbase` and `provvoip` settings rows), the newest `updated_at`, the newest
/// `deleted_at` and the row count — the same test NMS Prime's `RebuildSlaveConfigCommand` makes,
/// plus the count and deletions, which it misses — and the `provha` row's
/// `slave_config_rebuild_interval`. For a dump file, its size, modification time and inode.
///
/// Equal fingerprints mean "nothing the compiler reads has changed" as far as the timestamps
/// tell; a change the timestamps do not show (a row edited by hand without `updated_at`) is
/// picked up when the rebuild interval has passed, as on NMS Prime.
struct DatabaseFingerprint: Codable, Equatable, Sendable {
    /// Per table, `newest updated_at|newest deleted_at|rows`.
    var tables: [String: String]
    /// `provha.slave_config_rebuild_interval`, seconds; nil where the table or column is missing.
    var rebuildInterval: Int?

    static let watchedTables = ["cmts", "netgw", "ippool", "modem", "mta", "endpoint", "provha", "provbase", "provvoip"]

    /// Reads the fingerprint of `source`; a database that cannot be reached throws.
    static func read(_ source: SnapshotSource, environment: [String: String]) throws -> DatabaseFingerprint {
        switch source {
        case let .dump(path):
            var info = stat()
            guard stat(path, &info) == 0 else { throw FingerprintError(reason: "\(path): \(String(cString: strerror(errno)))") }
            return DatabaseFingerprint(
                tables: ["dump": "\(info.st_size)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)|\(info.st_ino)"], rebuildInterval: nil)
        case let .mariadb(target):
            return try read(target, password: LiveDatabase.password(for: target, environment: environment))
        }
    }

    private static func read(_ target: DatabaseTarget, password: String?) throws -> DatabaseFingerprint {
        try read(MariaDBConnection.firstAnswering(target, password: password).connection)
    }

    private static func read(_ connection: MariaDBConnection) throws -> DatabaseFingerprint {
        try connection.execute("SET time_zone = '+00:00'")
        var columns: [String: Set<String>] = [:]
        let watched = watchedTables.map { "'\($0)'" }.joined(separator: ", ")
        _ = try connection.query(
            """
            SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (\(watched))
            """
        ) { row in
            if let table = row[0]?.lowercased(), let column = row[1]?.lowercased() { columns[table, default: []].insert(column) }
        }
        var fingerprint = DatabaseFingerprint(tables: [:], rebuildInterval: nil)
        for table in watchedTables {
            guard let present = columns[table] else { continue }
            let updated = present.contains("updated_at") ? "MAX(updated_at)" : "NULL"
            let deleted = present.contains("deleted_at") ? "MAX(deleted_at)" : "NULL"
            // Table names come from the fixed list above, never from the database.
            _ = try connection.query("SELECT \(updated), \(deleted), COUNT(*) FROM `\(table)`") { row in
                fingerprint.tables[table] = row.map { $0 ?? "-" }.joined(separator: "|")
            }
        }
        if columns["provha"]?.contains("slave_config_rebuild_interval") == true {
            let live = columns["provha"]?.contains("deleted_at") == true ? " WHERE deleted_at IS NULL" : ""
            _ = try connection.query("SELECT slave_config_rebuild_interval FROM provha\(live) ORDER BY id LIMIT 1") { row in
                fingerprint.rebuildInterval = row.first.flatMap { $0 }.flatMap { Int($0) }
            }
        }
        return fingerprint
    }
}

/// Why a fingerprint could not be read.
struct FingerprintError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

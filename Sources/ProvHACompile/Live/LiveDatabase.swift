import Foundation

/// A consistent, read-only view of a live NMS Prime database: connects to the first galera
/// host that answers, opens one `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY` so
/// that every table is read in one state, and streams the compiler's tables by column name.
/// Only SELECTs are sent; a SELECT-only user suffices.
final class LiveDatabase {
    let connection: MariaDBConnection
    let target: DatabaseTarget
    /// Per needed table present in the database: its columns and their types, in order.
    private(set) var columns: [String: [(name: String, type: String, dataType: String)]] = [:]

    /// Connects and starts the snapshot; reports and returns nil when no host answers.
    init?(_ target: DatabaseTarget, password: String?, diagnostics: DiagnosticCollector) {
        self.target = target
        guard let (connected, endpoint) = MariaDBConnection.firstAnswering(target, password: password, diagnostics: diagnostics) else { return nil }
        diagnostics.emit(Diagnostic(.note, "reading the database at \(endpoint.address)", at: .input(path: target.display)))
        connection = connected
        do {
            // Timestamps as UTC, as mariadb-dump writes them: serials must not depend on the server's zone.
            try connection.execute("SET time_zone = '+00:00'")
            try connection.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            try connection.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
            let names = Set(SnapshotTables.all.map(\.name))
            try connection.query(
                """
                SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE FROM information_schema.COLUMNS
                WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION
                """
            ) { row in
                guard let table = row[0]?.lowercased(), names.contains(table), let column = row[1] else { return }
                columns[table, default: []].append((column, row[2] ?? "text", row[3] ?? "text"))
            }
        } catch {
            diagnostics.error("cannot read the database's tables: \(error)", at: .input(path: target.display))
            return nil
        }
    }

    /// The needed tables that exist, each with its resolved columns, in `SnapshotTables` order;
    /// reports tables that lack a required column.
    func presentTables(diagnostics: DiagnosticCollector) -> [(spec: TableSpec, indices: [Int?])] {
        SnapshotTables.all.compactMap { spec in
            guard let available = columns[spec.name] else { return nil }
            let (indices, missing) = spec.resolve(sourceColumns: available.map(\.name))
            for column in missing {
                diagnostics.error("table `\(spec.name)` has no column `\(column)`", at: .input(path: target.display))
            }
            return missing.isEmpty ? (spec, indices) : nil
        }
    }

    /// Streams the rows of `table` in primary-key order, selecting `columnNames` by name.
    func rows(of table: String, columns columnNames: [String], _ handle: ([String?]) throws -> Void) throws {
        let list = columnNames.map { "`\($0)`" }.joined(separator: ", ")
        try connection.query("SELECT \(list) FROM `\(table)` ORDER BY `id`", row: handle)
    }

    func finish() { try? connection.execute("COMMIT") }

    /// The password from the environment variable the target (or the default) names.
    static func password(for target: DatabaseTarget, environment: [String: String]) -> String? {
        environment[target.passwordEnv ?? "PROVHA_DB_PASSWORD"]
    }
}

/// Reads the snapshot from a live database into the same `SnapshotBuilder` the dump reader
/// fills: one mapping of columns for both.
struct LiveSnapshotReader: SnapshotReader {
    let target: DatabaseTarget
    let environment: [String: String]

    init(target: DatabaseTarget, environment: [String: String]) {
        self.target = target
        self.environment = environment
    }

    func read(diagnostics: DiagnosticCollector) -> Snapshot? {
        guard
            let database = LiveDatabase(
                target, password: LiveDatabase.password(for: target, environment: environment),
                diagnostics: diagnostics)
        else { return nil }
        defer { database.finish() }
        let builder = SnapshotBuilder(source: target.display, diagnostics: diagnostics)
        var digest = SHA256Digest()
        do {
            for (spec, indices) in database.presentTables(diagnostics: diagnostics) {
                builder.noteTable(spec)
                let selected = indices.compactMap { $0 }.map { database.columns[spec.name]?[$0].name ?? "" }
                try database.rows(of: spec.name, columns: selected) { row in
                    var values = [String?](repeating: nil, count: spec.columns.count)
                    var next = 0
                    for (specIndex, sourceIndex) in indices.enumerated() where sourceIndex != nil {
                        values[specIndex] = row[next]
                        next += 1
                    }
                    digest.update(Data(spec.name.utf8))
                    for value in values { digest.update(Data(((value ?? "\u{0}NULL") + "\u{1}").utf8)) }
                    builder.add(values, of: spec, at: .input(path: target.display))
                }
            }
        } catch {
            diagnostics.error("cannot read the database: \(error)", at: .input(path: target.display))
            return nil
        }
        builder.setSourceDigest(digest.hex())
        return builder.finish()
    }
}

import Foundation

/// `provha-compile snapshot`: writes the tables the compiler reads from a live database in
/// the dump format `DumpReader` reads — a CREATE TABLE of the needed columns, then extended
/// INSERTs in primary-key order — deterministic, so a snapshot can be committed and diffed.
/// Columns the compiler does not read (customers' names and addresses) are left out.
public struct SnapshotWriter {
    let target: DatabaseTarget
    let environment: [String: String]

    public init(target: DatabaseTarget, environment: [String: String]) {
        self.target = target
        self.environment = environment
    }

    static let rowsPerInsert = 500
    static let numericTypes: Set<String> = [
        "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal",
        "numeric", "float", "double", "bit",
    ]

    /// The dump text, or nil with diagnostics.
    public func dump(diagnostics: DiagnosticCollector) -> String? {
        guard
            let database = LiveDatabase(
                target, password: LiveDatabase.password(for: target, environment: environment),
                diagnostics: diagnostics)
        else { return nil }
        defer { database.finish() }
        let databaseName = target.endpoints.first?.database ?? "nmsprime"
        var text = "-- provha-compile snapshot of database `\(databaseName)`: the tables and columns the compiler reads,\n"
        text += "-- rows in primary-key order. Read with: provha-compile build CLUSTER.yaml --snapshot FILE\n"
        text += "/*!40101 SET NAMES utf8mb4 */;\n"
        let tables = database.presentTables(diagnostics: diagnostics)
        guard !diagnostics.hasErrors else { return nil }
        do {
            for (spec, indices) in tables {
                let all = database.columns[spec.name] ?? []
                let chosen = indices.compactMap { $0 }.sorted().map { all[$0] }
                text += "\nDROP TABLE IF EXISTS `\(spec.name)`;\nCREATE TABLE `\(spec.name)` (\n"
                text += chosen.map { "  `\($0.name)` \($0.type)" }.joined(separator: ",\n")
                text += ",\n  PRIMARY KEY (`id`)\n);\n"
                let numeric = chosen.map { Self.numericTypes.contains($0.dataType.lowercased()) }
                var batch: [String] = []
                func flush() {
                    guard !batch.isEmpty else { return }
                    text += "INSERT INTO `\(spec.name)` VALUES\n" + batch.joined(separator: ",\n") + ";\n"
                    batch.removeAll(keepingCapacity: true)
                }
                try database.rows(of: spec.name, columns: chosen.map(\.name)) { row in
                    let literals = zip(row, numeric).map { value, isNumeric in
                        value.map { isNumeric ? $0 : Self.quoted($0) } ?? "NULL"
                    }
                    batch.append("(" + literals.joined(separator: ",") + ")")
                    if batch.count == Self.rowsPerInsert { flush() }
                }
                flush()
            }
        } catch {
            diagnostics.error("cannot read the database: \(error)", at: .input(path: target.display))
            return nil
        }
        return text
    }

    /// A MySQL string literal with the escapes mariadb-dump writes.
    public static func quoted(_ value: String) -> String {
        var result = "'"
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "'": result += "\\'"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\u{0}": result += "\\0"
            case "\u{1A}": result += "\\Z"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "'"
    }
}

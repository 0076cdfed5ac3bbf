import Foundation

/// The machine-readable form of diagnostics (`--diagnostics-format json`).
public enum DiagnosticJSON {
    struct Entry: Encodable {
        let severity: String
        let message: String
        let file: String
        let line: Int?
        let column: Int?
        let table: String?
        let id: Int?
    }

    /// A JSON array, one object per diagnostic, keys sorted.
    public static func encode(_ diagnostics: [Diagnostic]) -> String {
        let entries = diagnostics.map { diagnostic -> Entry in
            switch diagnostic.location {
            case let .file(path, line, column):
                return Entry(severity: diagnostic.severity.rawValue, message: diagnostic.message, file: path,
                             line: line, column: column, table: nil, id: nil)
            case let .row(source, table, id):
                return Entry(severity: diagnostic.severity.rawValue, message: diagnostic.message, file: source,
                             line: nil, column: nil, table: table, id: id)
            case let .input(path):
                return Entry(severity: diagnostic.severity.rawValue, message: diagnostic.message, file: path,
                             line: nil, column: nil, table: nil, id: nil)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(entries) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}

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
        let notes: [Entry]?
    }

    /// A JSON array, one object per diagnostic, keys sorted.
    public static func encode(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(diagnostics.map(entry)) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func entry(_ diagnostic: Diagnostic) -> Entry {
        let severity = diagnostic.severity.rawValue, message = diagnostic.message
        let notes = diagnostic.notes.isEmpty ? nil : diagnostic.notes.map(entry)
        switch diagnostic.location {
        case let .file(path, line, column):
            return Entry(severity: severity, message: message, file: path, line: line, column: column, table: nil, id: nil, notes: notes)
        case let .row(source, table, id):
            return Entry(severity: severity, message: message, file: source, line: nil, column: nil, table: table, id: id, notes: notes)
        case let .input(path):
            return Entry(severity: severity, message: message, file: path, line: nil, column: nil, table: nil, id: nil, notes: notes)
        }
    }
}

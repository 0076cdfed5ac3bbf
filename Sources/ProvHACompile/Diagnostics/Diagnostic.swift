/// Where a diagnostic points: a position in the cluster file (or the dump), or a row of the
/// snapshot named by its table and primary key.
public enum SourceLocation: Hashable, Sendable {
    /// A line and column (both 1-based) in a text file.
    case file(path: String, line: Int, column: Int)
    /// A row of the snapshot: `source` is the dump path or the database URL without password.
    case row(source: String, table: String, id: Int)
    /// A whole input, when no finer position exists (a missing table, an unreadable file).
    case input(path: String)
}

/// One finding of the compiler: data, not output. The CLI prints it, tests compare it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case note, warning, error

        private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public let severity: Severity
    let message: String
    let location: SourceLocation
    /// Related places, printed after it as `note:` lines (where a duplicate was first defined).
    let notes: [Diagnostic]

    init(_ severity: Severity, _ message: String, at location: SourceLocation, notes: [Diagnostic] = []) {
        self.severity = severity
        // Every message is one printable line, whatever values it quotes.
        self.message = DiagnosticText.oneLine(message)
        self.location = location
        self.notes = notes
    }

    public static func error(_ message: String, at location: SourceLocation, notes: [Diagnostic] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes)
    }

    /// A related place of another diagnostic: `PATH:LINE:COL: note: MESSAGE`.
    public static func note(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.note, message, at: location)
    }

    static func warning(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.warning, message, at: location)
    }

    /// The compiler-style line: `PATH:LINE:COL: error: MESSAGE` or
    /// `PATH: error: TABLE id N: MESSAGE`, and a line for each note.
    public var description: String {
        notes.reduce(line) { $0 + "\n" + $1.line }
    }

    /// The diagnostic's own line, without its notes.
    public var line: String {
        switch location {
        case let .file(path, line, column):
            return "\(DiagnosticText.oneLine(path)):\(line):\(column): \(severity.rawValue): \(message)"
        case let .row(source, table, id):
            return "\(DiagnosticText.oneLine(source)): \(severity.rawValue): \(table) id \(id): \(message)"
        case let .input(path):
            return "\(DiagnosticText.oneLine(path)): \(severity.rawValue): \(message)"
        }
    }
}

/// Gathers the diagnostics of one run, in the order they were found.
public final class DiagnosticCollector {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func emit(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
    /// Inserts diagnostics found apart, each after the first `position` of these (positions in
    /// ascending order): one pass over the list.
    func insert(_ additions: [(position: Int, diagnostic: Diagnostic)]) {
        guard !additions.isEmpty else { return }
        var merged: [Diagnostic] = []
        merged.reserveCapacity(diagnostics.count + additions.count)
        var next = 0
        for addition in additions {
            merged += diagnostics[next..<addition.position]
            next = addition.position
            merged.append(addition.diagnostic)
        }
        merged += diagnostics[next...]
        diagnostics = merged
    }

    /// Adds another collector's diagnostics after these, in their order.
    func append(_ other: DiagnosticCollector) { diagnostics += other.diagnostics }
    public func error(_ message: String, at location: SourceLocation, notes: [Diagnostic] = []) {
        emit(.error(message, at: location, notes: notes))
    }
    func warning(_ message: String, at location: SourceLocation) { emit(.warning(message, at: location)) }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Thrown when a stage found errors; the diagnostics themselves are in the collector.
struct CompilationFailed: Error, Sendable {}

extension SourceLocation {
    /// The order diagnostics are printed in: by input, then a whole input before its positions,
    /// then by line and column, or by table and row id.
    static func precedes(_ lhs: SourceLocation, _ rhs: SourceLocation) -> Bool {
        lhs.sortKey < rhs.sortKey
    }

    private var sortKey: (String, Int, Int, String, Int) {
        switch self {
        case let .input(path): return (path, 0, 0, "", 0)
        case let .file(path, line, column): return (path, line, column, "", 0)
        case let .row(source, table, id): return (source, Int.max, 0, table, id)
        }
    }
}

extension Array where Element == Diagnostic {
    /// Sorted by location; diagnostics at one location keep the order they were found in.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { left, right in
            if SourceLocation.precedes(left.element.location, right.element.location) { return true }
            if SourceLocation.precedes(right.element.location, left.element.location) { return false }
            return left.offset < right.offset
        }.map(\.element)
    }
}

struct DumpSyntaxError: Error {
    let message: String
    let line: Int
    let column: Int
}

/// The statement-level parser behind `DumpReader`; its lexical helpers are in `DumpLexer.swift`.
/// It parses from its stream's start to the end of the file, or, for one piece of a dump read
/// in parallel, until a statement would start at or after `stopOffset`.
final class DumpParser {
    let stream: ByteStream
    private let builder: SnapshotBuilder
    private let diagnostics: DiagnosticCollector
    private let path: String
    private let stopOffset: Int?
    /// Column order of the needed tables known where the stream starts (from the CREATE TABLE
    /// statements before it): exact for the first piece, a guess for the others.
    private let inheritedColumns: [String: [String]]
    /// Column order of the needed tables from this parser's own CREATE TABLE statements.
    private(set) var definedColumns: [String: [String]] = [:]
    /// Each table whose inherited column order this parser used, and what it was (nil: unknown):
    /// a piece's parse is the sequential one when these match the exact columns at its start.
    private(set) var assumedColumns: [String: [String]?] = [:]
    /// Whether rows take the fast path (`readPlainRow`) when they can.
    private let plainRows: Bool
    var scratch: [UInt8] = []

    init(
        stream: ByteStream, builder: SnapshotBuilder, diagnostics: DiagnosticCollector, path: String,
        stopOffset: Int? = nil, inheritedColumns: [String: [String]] = [:], plainRows: Bool = true
    ) {
        self.plainRows = plainRows
        self.stream = stream
        self.builder = builder
        self.diagnostics = diagnostics
        self.path = path
        self.stopOffset = stopOffset
        self.inheritedColumns = inheritedColumns
        scratch.reserveCapacity(256)
    }

    typealias Position = (line: Int, column: Int)

    var position: Position { (stream.line, stream.column) }

    func fail(_ message: String, at position: Position) -> DumpSyntaxError {
        DumpSyntaxError(message: message, line: position.line, column: position.column)
    }

    /// The column order of `table` at this point of the dump, nil before its CREATE TABLE.
    private func knownColumns(_ table: String) -> [String]? {
        if let defined = definedColumns[table] { return defined }
        let inherited = inheritedColumns[table]
        if assumedColumns.index(forKey: table) == nil { assumedColumns[table] = .some(inherited) }
        return inherited
    }

    func run() throws {
        while true {
            try skipSpaceAndComments()
            guard let byte = stream.peek() else { return }
            if let stopOffset, stream.offset >= stopOffset { return }
            let start = position
            if byte == UInt8(ascii: ";") {
                _ = stream.next()
                continue
            }
            guard isWordByte(byte) else {
                try skipStatement(from: start)
                continue
            }
            switch readWord().uppercased() {
            case "CREATE": try parseCreate(from: start)
            case "INSERT", "REPLACE": try parseInsert(from: start)
            default: try skipStatement(from: start)
            }
        }
    }

    // MARK: - CREATE TABLE

    private static let keyWords: Set<String> = [
        "PRIMARY", "KEY", "INDEX", "UNIQUE", "CONSTRAINT", "FOREIGN",
        "FULLTEXT", "SPATIAL", "CHECK", "PERIOD",
    ]

    private func parseCreate(from start: Position) throws {
        var word = ""
        repeat {
            try skipSpaceAndComments()
            guard let byte = stream.peek(), isWordByte(byte) else { return try skipStatement(from: start) }
            word = readWord().uppercased()
        } while ["OR", "REPLACE", "TEMPORARY"].contains(word)
        guard word == "TABLE" else { return try skipStatement(from: start) }
        try skipSpaceAndComments()
        var name = try readIdentifier()
        if name.uppercased() == "IF" {  // IF NOT EXISTS
            _ = try readIdentifier()
            _ = try readIdentifier()
            name = try readIdentifier()
        }
        guard let spec = SnapshotTables.spec(named: name) else { return try skipStatement(from: start) }
        try expect(UInt8(ascii: "("), "'(' after CREATE TABLE `\(name)`")
        var columns: [String] = []
        while true {
            try skipSpaceAndComments()
            let itemStart = position
            if stream.peek() == UInt8(ascii: "`") {
                columns.append(try readIdentifier())
            } else if let byte = stream.peek(), isWordByte(byte) {
                let word = readWord()
                if !Self.keyWords.contains(word.uppercased()) { columns.append(word) }
            }
            try skipListItem(from: itemStart)
            if stream.next() == UInt8(ascii: ")") { break }
        }
        try skipStatement(from: start)
        definedColumns[spec.name] = columns
        builder.noteTable(spec)
        let missing = spec.resolve(sourceColumns: columns).missing
        for column in missing {
            diagnostics.error("table `\(spec.name)` has no column `\(column)`", at: .file(path: path, line: start.line, column: start.column))
        }
    }

    // MARK: - INSERT

    private func parseInsert(from start: Position) throws {
        var word = ""
        repeat {
            try skipSpaceAndComments()
            guard let byte = stream.peek(), isWordByte(byte) else {
                throw fail("expected INTO after INSERT", at: position)
            }
            word = readWord().uppercased()
        } while ["LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE"].contains(word)
        guard word == "INTO" else { throw fail("expected INTO after INSERT", at: start) }
        let name = try readIdentifier()
        guard let spec = SnapshotTables.spec(named: name) else { return try skipStatement(from: start) }

        try skipSpaceAndComments()
        var sourceColumns: [String]
        if stream.peek() == UInt8(ascii: "(") {
            _ = stream.next()
            sourceColumns = []
            repeat {
                sourceColumns.append(try readIdentifier())
                try skipSpaceAndComments()
            } while stream.next() == UInt8(ascii: ",")
        } else if let columns = knownColumns(spec.name) {
            sourceColumns = columns
        } else {
            throw fail("INSERT INTO `\(spec.name)` has no column list and comes before the table's CREATE TABLE", at: start)
        }
        try skipSpaceAndComments()
        let keyword = position
        guard ["VALUES", "VALUE"].contains(readWord().uppercased()) else {
            throw fail("only INSERT … VALUES is understood here", at: keyword)
        }
        let (indices, missing) = spec.resolve(sourceColumns: sourceColumns)
        guard missing.isEmpty else {
            if knownColumns(spec.name) != sourceColumns {
                for column in missing {
                    diagnostics.error(
                        "INSERT INTO `\(spec.name)` has no column `\(column)`", at: .file(path: path, line: start.line, column: start.column))
                }
            }
            return try skipStatement(from: start)
        }
        builder.noteTable(spec)
        var target = [Int](repeating: -1, count: sourceColumns.count)
        for (specIndex, sourceIndex) in indices.enumerated() {
            if let sourceIndex { target[sourceIndex] = specIndex }
        }
        try readTuples(spec: spec, target: target)
    }

    private func readTuples(spec: TableSpec, target: [Int]) throws {
        var values = [String?](repeating: nil, count: spec.columns.count)
        while true {
            try skipSpaceAndComments()
            let tupleStart = position
            if plainRows, readPlainRow(target: target, into: &values) {
                builder.add(values, of: spec, at: .file(path: path, line: tupleStart.line, column: tupleStart.column))
            } else {
                try readRow(spec: spec, target: target, into: &values, at: tupleStart)
            }
            try skipSpaceAndComments()
            let separatorAt = position
            switch stream.next() {
            case UInt8(ascii: ",")?: continue
            case UInt8(ascii: ";")?: return
            case nil:
                throw fail("unexpected end of file after a row of `\(spec.name)`: the INSERT has no ';' (the dump is truncated?)", at: tupleStart)
            default: throw fail("expected ',' or ';' after a row of `\(spec.name)`", at: separatorAt)
            }
        }
    }

    /// The general path for one row (`readPlainRow` takes the usual ones): white space and
    /// comments between values, every kind of literal, and every error located.
    private func readRow(spec: TableSpec, target: [Int], into values: inout [String?], at tupleStart: Position) throws {
        guard stream.next() == UInt8(ascii: "(") else {
            throw fail("expected '(' to start a row of `\(spec.name)`", at: tupleStart)
        }
        for index in values.indices { values[index] = nil }
        var column = 0
        while true {
            try skipSpaceAndComments()
            guard column < target.count else {
                throw fail("a row of `\(spec.name)` has more values than its \(target.count) columns", at: tupleStart)
            }
            let value = try readValue(keep: target[column] >= 0, table: spec.name, rowStart: tupleStart)
            if target[column] >= 0 { values[target[column]] = value }
            try skipSpaceAndComments()
            let separatorAt = position
            guard let separator = stream.next() else {
                throw fail("unexpected end of file inside a row of `\(spec.name)` (the dump is truncated?)", at: tupleStart)
            }
            if separator == UInt8(ascii: ")") { break }
            guard separator == UInt8(ascii: ",") else {
                throw fail("expected ',' or ')' between values of `\(spec.name)`", at: separatorAt)
            }
            column += 1
        }
        guard column + 1 == target.count else {
            throw fail("a row of `\(spec.name)` has \(column + 1) values, the table has \(target.count) columns", at: tupleStart)
        }
        builder.add(values, of: spec, at: .file(path: path, line: tupleStart.line, column: tupleStart.column))
    }

    /// Reads one SQL literal; nil for NULL. Values of unneeded columns are skipped, not decoded.
    private func readValue(keep: Bool, table: String, rowStart: Position) throws -> String? {
        let start = position
        guard let byte = stream.peek() else {
            throw fail("unexpected end of file inside a row of `\(table)` (the dump is truncated?)", at: rowStart)
        }
        if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
            if keep { return try readQuoted(from: start) }
            try skipQuoted(from: start)
            return nil
        }
        scratch.removeAll(keepingCapacity: true)
        _ = stream.take(into: &scratch) {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ")") || $0 == UInt8(ascii: "'")
                || $0 == 0x20 || $0 == 0x0a || $0 == 0x09 || $0 == 0x0d
        }
        // A bare number or NULL of a column nobody reads needs no string.
        if !keep, !scratch.isEmpty, stream.peek() != UInt8(ascii: "'") { return nil }
        let token = String(decoding: scratch, as: UTF8.self)
        if stream.peek() == UInt8(ascii: "'") {  // _binary'…', x'…', b'…'
            guard token.hasPrefix("_") || ["x", "X", "b", "B"].contains(token) else {
                throw fail("unexpected \(DiagnosticText.quoted(token)) before a string in a row of `\(table)`", at: start)
            }
            guard keep else {
                try skipQuoted(from: position)
                return nil
            }
            let quoted = try readQuoted(from: position)
            switch token {
            case "x", "X": return try SQLLiteral.hexText(quoted[...]) ?? { throw fail("x'…' in a row of `\(table)` is not hexadecimal", at: start) }()
            case "b", "B": return try SQLLiteral.bitText(quoted) ?? { throw fail("b'…' in a row of `\(table)` is not a bit value", at: start) }()
            default: return quoted
            }
        }
        guard let first = scratch.first else { throw fail("expected a value in a row of `\(table)`", at: start) }
        // Hexadecimal literals (`--hex-blob`): the bytes they spell, as text.
        if token.hasPrefix("0x") || token.hasPrefix("0X") {
            return try SQLLiteral.hexText(token.dropFirst(2))
                ?? { throw fail("\(DiagnosticText.quoted(token)) in a row of `\(table)` is not hexadecimal", at: start) }()
        }
        // Numbers, the usual bare value, need no keyword check.
        if (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) || first == UInt8(ascii: "-") { return token }
        switch token.uppercased() {
        case "NULL": return nil
        case "TRUE": return "1"
        case "FALSE": return "0"
        default: return token
        }
    }
}

/// Reads a `mariadb-dump` / `mysqldump` file of the NMS Prime database, streaming: CREATE TABLE
/// gives each table's column order, INSERT statements (single or extended, with or without a
/// column list) give rows, which go to a `SnapshotBuilder`. Tables the compiler does not need
/// are skipped without decoding their values. Syntax problems are reported as
/// `DUMP:LINE:COL: error: …`; a truncated dump is an error, never a crash.
public struct DumpReader {
    public let path: String

    public init(path: String) { self.path = path }

    /// Reads the dump into `builder`; returns false when the dump could not be read to its end.
    @discardableResult
    public func read(into builder: SnapshotBuilder, diagnostics: DiagnosticCollector) -> Bool {
        guard let stream = ByteStream(path: path) else {
            diagnostics.error("cannot open the snapshot dump", at: .input(path: path))
            return false
        }
        let parser = DumpParser(stream: stream, builder: builder, diagnostics: diagnostics, path: path)
        do {
            try parser.run()
            if stream.readError {
                diagnostics.error("read error in the snapshot dump", at: .input(path: path))
                return false
            }
            builder.setSourceDigest(stream.digest.hex())
            return true
        } catch let error as DumpSyntaxError {
            diagnostics.error(error.message, at: .file(path: path, line: error.line, column: error.column))
            return false
        } catch {
            diagnostics.error("\(error)", at: .input(path: path))
            return false
        }
    }
}

struct DumpSyntaxError: Error {
    let message: String
    let line: Int
    let column: Int
}

/// The statement-level parser behind `DumpReader`.
private final class DumpParser {
    private let stream: ByteStream
    private let builder: SnapshotBuilder
    private let diagnostics: DiagnosticCollector
    private let path: String
    /// Column order of the needed tables, from their CREATE TABLE statements.
    private var tableColumns: [String: [String]] = [:]
    private var scratch: [UInt8] = []

    init(stream: ByteStream, builder: SnapshotBuilder, diagnostics: DiagnosticCollector, path: String) {
        self.stream = stream
        self.builder = builder
        self.diagnostics = diagnostics
        self.path = path
        scratch.reserveCapacity(256)
    }

    private typealias Position = (line: Int, column: Int)

    private var position: Position { (stream.line, stream.column) }

    private func fail(_ message: String, at position: Position) -> DumpSyntaxError {
        DumpSyntaxError(message: message, line: position.line, column: position.column)
    }

    func run() throws {
        while true {
            try skipSpaceAndComments()
            guard let byte = stream.peek() else { return }
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

    // MARK: - Lexical helpers

    private func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte >= 0x80
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0a || byte == 0x09 || byte == 0x0d || byte == 0x0c
    }

    private func readWord() -> String {
        scratch.removeAll(keepingCapacity: true)
        _ = stream.take(into: &scratch) { [self] in !isWordByte($0) }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Skips white space and `-- `, `#` and `/* */` comments (MySQL's `/*! */` conditional
    /// comments hold only session settings in a dump, and are skipped with them).
    private func skipSpaceAndComments() throws {
        while let byte = stream.peek() {
            if isSpace(byte) {
                _ = stream.next()
            } else if byte == UInt8(ascii: "#") {
                _ = stream.skip { $0 == 0x0a }
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/") {
                let start = position
                _ = stream.next()
                let second = stream.peek()
                if byte == UInt8(ascii: "-"), second == UInt8(ascii: "-") {
                    _ = stream.skip { $0 == 0x0a }
                } else if byte == UInt8(ascii: "/"), second == UInt8(ascii: "*") {
                    try skipBlockComment(from: start)
                } else {
                    try skipStatement(from: start)
                }
            } else {
                return
            }
        }
    }

    /// Skips a `/* … */` comment whose `/` has been consumed and whose `*` is next.
    private func skipBlockComment(from start: Position) throws {
        _ = stream.next()
        while true {
            guard stream.skip(until: { $0 == UInt8(ascii: "*") }) else {
                throw fail("unterminated comment (the dump is truncated?)", at: start)
            }
            _ = stream.next()
            if stream.peek() == UInt8(ascii: "/") {
                _ = stream.next()
                return
            }
        }
    }

    /// Skips a quoted string, identifier or name whose opening quote is next.
    private func skipQuoted(from start: Position) throws {
        guard let quote = stream.next() else { return }
        let backslashEscapes = quote != UInt8(ascii: "`")
        while true {
            guard stream.skip(until: { $0 == quote || (backslashEscapes && $0 == UInt8(ascii: "\\")) }),
                  let byte = stream.next() else {
                throw fail("unexpected end of file inside a quoted string (the dump is truncated?)", at: start)
            }
            if byte == UInt8(ascii: "\\") {
                guard stream.next() != nil else {
                    throw fail("unexpected end of file inside a quoted string (the dump is truncated?)", at: start)
                }
            } else if stream.peek() == quote {
                _ = stream.next()  // doubled quote stands for itself
            } else {
                return
            }
        }
    }

    /// Reads a quoted string whose opening quote is next, undoing MySQL's escapes.
    private func readQuoted(from start: Position) throws -> String {
        guard let quote = stream.next() else { return "" }
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard stream.take(into: &scratch, until: { $0 == quote || $0 == UInt8(ascii: "\\") }),
                  let byte = stream.next() else {
                throw fail("unexpected end of file inside a quoted string (the dump is truncated?)", at: start)
            }
            if byte == UInt8(ascii: "\\") {
                guard let escaped = stream.next() else {
                    throw fail("unexpected end of file inside a quoted string (the dump is truncated?)", at: start)
                }
                switch escaped {
                case UInt8(ascii: "0"): scratch.append(0)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "n"): scratch.append(0x0a)
                case UInt8(ascii: "r"): scratch.append(0x0d)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "Z"): scratch.append(0x1a)
                case UInt8(ascii: "%"), UInt8(ascii: "_"): scratch.append(contentsOf: [UInt8(ascii: "\\"), escaped])
                default: scratch.append(escaped)
                }
            } else if stream.peek() == quote {
                _ = stream.next()
                scratch.append(quote)
            } else {
                return String(decoding: scratch, as: UTF8.self)
            }
        }
    }

    /// Reads an identifier: backquoted (`` `a``b` ``) or bare; for `db`.`table` the last part.
    private func readIdentifier() throws -> String {
        try skipSpaceAndComments()
        var name: String
        let start = position
        if stream.peek() == UInt8(ascii: "`") {
            _ = stream.next()
            scratch.removeAll(keepingCapacity: true)
            while true {
                guard stream.take(into: &scratch, until: { $0 == UInt8(ascii: "`") }) else {
                    throw fail("unexpected end of file inside an identifier", at: start)
                }
                _ = stream.next()
                guard stream.peek() == UInt8(ascii: "`") else { break }
                _ = stream.next()
                scratch.append(UInt8(ascii: "`"))
            }
            name = String(decoding: scratch, as: UTF8.self)
        } else {
            name = readWord()
            guard !name.isEmpty else { throw fail("expected a name", at: start) }
        }
        if stream.peek() == UInt8(ascii: ".") {
            _ = stream.next()
            name = try readIdentifier()
        }
        return name
    }

    /// Consumes the rest of a statement up to and including its `;`, minding quotes and comments.
    private func skipStatement(from start: Position) throws {
        while true {
            let found = stream.skip { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"")
                || $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "/") }
            guard found, let byte = stream.peek() else {
                throw fail("unexpected end of file inside a statement (the dump is truncated?)", at: start)
            }
            switch byte {
            case UInt8(ascii: ";"):
                _ = stream.next()
                return
            case UInt8(ascii: "/"):
                let slash = position
                _ = stream.next()
                if stream.peek() == UInt8(ascii: "*") { try skipBlockComment(from: slash) }
            default:
                try skipQuoted(from: position)
            }
        }
    }

    /// Skips one item of a parenthesised list up to (not past) a `,` or `)` at depth 0.
    private func skipListItem(from start: Position) throws {
        var depth = 0
        while true {
            let found = stream.skip { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")")
                || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "`") }
            guard found, let byte = stream.peek() else {
                throw fail("unexpected end of file inside CREATE TABLE (the dump is truncated?)", at: start)
            }
            switch byte {
            case UInt8(ascii: "("):
                depth += 1
                _ = stream.next()
            case UInt8(ascii: ")"):
                if depth == 0 { return }
                depth -= 1
                _ = stream.next()
            case UInt8(ascii: ","):
                if depth == 0 { return }
                _ = stream.next()
            default:
                try skipQuoted(from: position)
            }
        }
    }

    private func expect(_ byte: UInt8, _ what: String) throws {
        try skipSpaceAndComments()
        let at = position
        guard stream.next() == byte else { throw fail("expected \(what)", at: at) }
    }

    // MARK: - CREATE TABLE

    private static let keyWords: Set<String> = ["PRIMARY", "KEY", "INDEX", "UNIQUE", "CONSTRAINT", "FOREIGN",
                                                "FULLTEXT", "SPATIAL", "CHECK", "PERIOD"]

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
        tableColumns[spec.name] = columns
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
        } else if let columns = tableColumns[spec.name] {
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
            if tableColumns[spec.name] == nil || tableColumns[spec.name] != sourceColumns {
                for column in missing {
                    diagnostics.error("INSERT INTO `\(spec.name)` has no column `\(column)`", at: .file(path: path, line: start.line, column: start.column))
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
            try skipSpaceAndComments()
            let separatorAt = position
            switch stream.next() {
            case UInt8(ascii: ",")?: continue
            case UInt8(ascii: ";")?: return
            case nil: throw fail("unexpected end of file after a row of `\(spec.name)`: the INSERT has no ';' (the dump is truncated?)", at: tupleStart)
            default: throw fail("expected ',' or ';' after a row of `\(spec.name)`", at: separatorAt)
            }
        }
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
        _ = stream.take(into: &scratch) { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: ")") || $0 == UInt8(ascii: "'")
            || $0 == 0x20 || $0 == 0x0a || $0 == 0x09 || $0 == 0x0d }
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
            return try SQLLiteral.hexText(token.dropFirst(2)) ?? { throw fail("\(DiagnosticText.quoted(token)) in a row of `\(table)` is not hexadecimal", at: start) }()
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

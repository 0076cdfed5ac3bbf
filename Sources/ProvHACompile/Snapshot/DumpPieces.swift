import Foundation

/// A place in a dump: byte offset, line and column.
struct DumpPosition: Equatable {
    var offset: Int
    var line: Int
    var column: Int

    static let start = DumpPosition(offset: 0, line: 1, column: 1)
}

/// Where a large dump is cut so that each piece can be parsed on a core of its own. A piece's
/// lines are counted by its own parse, from its start: `DumpReader` places them after the
/// lines before it (counting them here took a pass over the whole dump on one core).
///
/// mariadb-dump writes one INSERT per line, so a piece starts at a line that begins with
/// `INSERT INTO ` after a line that ends with `;`, and each CREATE TABLE starts a line. That is
/// a guess: the same bytes could sit in a string or a comment of a hand-made dump. So is the
/// column order each piece starts with (from the CREATE TABLE statements found before it). `DumpReader` trusts a piece's parse only
/// when the piece before it stopped exactly where it starts and its guessed columns are the
/// ones the parse so far established; otherwise it reads the rest of the dump in one pass.
struct DumpPieces {
    /// The byte offset each piece starts at, each the start of a line; the first is 0.
    let offsets: [Int]
    /// The column order of the needed tables each piece starts with (a guess, checked later).
    let inheritedColumns: [[String: [String]]]

    private static let pieceStart = Array("INSERT INTO ".utf8)
    private static let createTable = Array("CREATE TABLE".utf8)
    /// How far past the even cut a piece start is searched for before that cut is dropped.
    private static let searchWindow = 64 << 20

    /// Cuts the dump at `path` (as `identity` describes it) into at most `count` pieces of at
    /// least `minimumBytes` each; nil when it cannot be read as `identity` describes it (it is
    /// then read in one pass, which reports a changed dump) or gives fewer than two pieces.
    /// `windowBytes` is how much is read at a time (tests make it small to cross its edges).
    init?(path: String, identity: FileIdentity, count: Int, minimumBytes: Int, windowBytes: Int = 1 << 20) {
        let size = identity.size
        let pieces = min(count, size / max(minimumBytes, 1))
        guard pieces > 1, var file = FileWindow(path: path, size: size, capacity: windowBytes) else { return nil }
        do {
            var offsets = [0]
            for index in 1..<pieces {
                let even = size / pieces * index
                var from = max(even, offsets[offsets.count - 1] + 1)
                let limit = min(size, from + Self.searchWindow)
                while let start = try file.firstLine(startingWith: Self.pieceStart, from: from, to: limit) {
                    // The line before must end a statement.
                    if start >= 2, try file.byte(at: start - 2) == UInt8(ascii: ";") {
                        offsets.append(start)
                        break
                    }
                    from = start + 1
                }
            }
            guard offsets.count > 1 else { return nil }
            self.offsets = offsets
            inheritedColumns = try Self.guessColumns(path: path, size: size, at: offsets, windowBytes: windowBytes)
        } catch {
            return nil
        }
    }

    /// The column order of the needed tables at each of `offsets`, from the CREATE TABLE
    /// statements found before it (found by their bytes, so possibly inside a string: a guess).
    /// The bytes before the last offset are searched in slices on every core (one core's pass
    /// over them held up every piece's parse).
    private static func guessColumns(path: String, size: Int, at offsets: [Int], windowBytes: Int) throws -> [[String: [String]]] {
        let end = offsets[offsets.count - 1]
        let sliceCount = max(1, min(2 * ProcessInfo.processInfo.activeProcessorCount, end / windowBytes))
        let found = Parallel.map(sliceCount) { slice in
            tableStatements(in: path, size: size, range: (end * slice / sliceCount)..<(end * (slice + 1) / sliceCount), windowBytes: windowBytes)
        }
        var statements: [Int] = []
        for slice in found {
            guard let slice else { throw FileWindow.Changed() }
            statements += slice
        }
        var guesses: [[String: [String]]] = []
        var known: [String: [String]] = [:]
        var next = 0
        for offset in offsets {
            while next < statements.count, statements[next] < offset {
                if let defined = definedColumns(path: path, at: statements[next]) { known.merge(defined) { $1 } }
                next += 1
            }
            guesses.append(known)
        }
        return guesses
    }

    /// Where the lines starting in `range` that begin a CREATE TABLE of a table the compiler may
    /// need start; nil when the file cannot be read as `size` says.
    private static func tableStatements(in path: String, size: Int, range: Range<Int>, windowBytes: Int) -> [Int]? {
        guard var file = FileWindow(path: path, size: size, capacity: windowBytes) else { return nil }
        var starts: [Int] = []
        var searchFrom = range.lowerBound
        do {
            while let found = try file.firstLine(startingWith: createTable, from: searchFrom, to: range.upperBound) {
                searchFrom = found + createTable.count
                if try mayNameNeededTable(&file, after: searchFrom) { starts.append(found) }
            }
        } catch {
            return nil
        }
        return starts
    }

    /// False when the name after `CREATE TABLE` is a backquoted name of a table the compiler
    /// does not read (most of NMS Prime's); true when needed or not plainly spelt.
    private static func mayNameNeededTable(_ file: inout FileWindow, after offset: Int) throws -> Bool {
        let window = try file.bytes(at: offset, length: 320)
        guard let quote = window.firstIndex(where: { $0 != 0x20 }), window[quote] == UInt8(ascii: "`") else { return true }
        let name = window[(quote + 1)...].prefix(256)
        guard let nameEnd = name.firstIndex(of: UInt8(ascii: "`")) else { return true }
        return SnapshotTables.spec(named: String(decoding: name[..<nameEnd], as: UTF8.self)) != nil
    }

    /// The columns one CREATE TABLE statement at `offset` defines; nil when it does not parse.
    private static func definedColumns(path: String, at offset: Int) -> [String: [String]]? {
        guard
            let stream = ByteStream(
                path: path, start: (offset, 1, 1), hashing: false, chunkSize: 64 << 10)
        else { return nil }
        let diagnostics = DiagnosticCollector()
        let parser = DumpParser(
            stream: stream, builder: SnapshotBuilder(source: path, diagnostics: diagnostics), diagnostics: diagnostics,
            path: path, stopOffset: offset + 1)
        guard (try? parser.run()) != nil else { return nil }
        return parser.definedColumns
    }
}

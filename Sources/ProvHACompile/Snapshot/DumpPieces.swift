import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A place in a dump: byte offset, line and column.
struct DumpPosition: Equatable {
    var offset: Int
    var line: Int
    var column: Int

    static let start = DumpPosition(offset: 0, line: 1, column: 1)
}

/// Where a large dump is cut so that each piece can be parsed on a core of its own.
///
/// mariadb-dump writes one INSERT per line, so a piece starts at a line that begins with
/// `INSERT INTO ` after a line that ends with `;`, and each CREATE TABLE starts a line. That is
/// a guess: the same bytes could sit in a string or a comment of a hand-made dump. So is the column order each piece starts with
/// (from the CREATE TABLE statements found before it). `DumpReader` trusts a piece's parse only
/// when the piece before it stopped exactly where it starts and its guessed columns are the
/// ones the parse so far established; otherwise it reads the rest of the dump in one pass.
struct DumpPieces {
    /// Where each piece starts; the first at the dump's start.
    let starts: [DumpPosition]
    /// The column order of the needed tables each piece starts with (a guess, checked later).
    let inheritedColumns: [[String: [String]]]

    private static let pieceStart = Array("INSERT INTO ".utf8)
    private static let createTable = Array("CREATE TABLE".utf8)
    /// How far past the even cut a piece start is searched for before that cut is dropped.
    private static let searchWindow = 64 << 20

    /// Cuts the dump at `path` (as `identity` describes it) into at most `count` pieces of at
    /// least `minimumBytes` each; nil when it cannot be mapped or gives fewer than two pieces.
    init?(path: String, identity: FileIdentity, count: Int, minimumBytes: Int) {
        let size = identity.size
        let pieces = min(count, size / max(minimumBytes, 1))
        guard pieces > 1 else { return nil }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else { return nil }
        defer { munmap(mapped, size) }
        let bytes = UnsafeRawBufferPointer(start: mapped, count: size)

        var offsets = [0]
        for index in 1..<pieces {
            let even = size / pieces * index
            var from = max(even, offsets[offsets.count - 1] + 1)
            let limit = min(size, from + Self.searchWindow)
            while let start = Self.findLine(startingWith: Self.pieceStart, in: bytes, from: from, to: limit) {
                // The line before must end a statement.
                if start >= 2, bytes[start - 2] == UInt8(ascii: ";") {
                    offsets.append(start)
                    break
                }
                from = start + 1
            }
        }
        guard offsets.count > 1 else { return nil }

        var starts: [DumpPosition] = [.start]
        var line = 1
        for (previous, offset) in zip(offsets, offsets.dropFirst()) {
            line += Self.newlines(in: UnsafeRawBufferPointer(rebasing: bytes[previous..<offset]))
            starts.append(DumpPosition(offset: offset, line: line, column: 1))
        }
        self.starts = starts
        inheritedColumns = Self.guessColumns(path: path, bytes: bytes, at: offsets)
    }

    /// The column order of the needed tables at each of `offsets`, from the CREATE TABLE
    /// statements found before it (found by their bytes, so possibly inside a string: a guess).
    private static func guessColumns(path: String, bytes: UnsafeRawBufferPointer, at offsets: [Int]) -> [[String: [String]]] {
        var guesses: [[String: [String]]] = []
        var known: [String: [String]] = [:]
        var searchFrom = 0
        for offset in offsets {
            while let found = findLine(startingWith: createTable, in: bytes, from: searchFrom, to: offset) {
                searchFrom = found + createTable.count
                guard mayNameNeededTable(bytes, after: searchFrom) else { continue }
                if let defined = definedColumns(path: path, at: found) { known.merge(defined) { $1 } }
            }
            guesses.append(known)
        }
        return guesses
    }

    /// False when the name after `CREATE TABLE` is a backquoted name of a table the compiler
    /// does not read (most of NMS Prime's); true when needed or not plainly spelt.
    private static func mayNameNeededTable(_ bytes: UnsafeRawBufferPointer, after offset: Int) -> Bool {
        var index = offset
        while index < bytes.count, bytes[index] == 0x20 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "`") else { return true }
        let nameStart = index + 1
        guard let nameEnd = bytes[nameStart..<min(bytes.count, nameStart + 256)].firstIndex(of: UInt8(ascii: "`")) else { return true }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
        return SnapshotTables.spec(named: name) != nil
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

    /// The offset of the first line that starts with `prefix` in `from..<to` (the line may end
    /// after `to`); lines are found with `memchr`, so long lines cost little.
    private static func findLine(startingWith prefix: [UInt8], in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        let to = min(to, bytes.count)
        guard from < to, let base = bytes.baseAddress else { return nil }
        var lineStart = from
        if from > 0, bytes[from - 1] != 0x0a {
            guard let newline = memchr(base + from, 0x0a, to - from) else { return nil }
            lineStart = base.distance(to: UnsafeRawPointer(newline)) + 1
        }
        while lineStart < to {
            if bytes.count - lineStart >= prefix.count,
                memcmp(base + lineStart, prefix, prefix.count) == 0
            {
                return lineStart
            }
            guard let newline = memchr(base + lineStart, 0x0a, to - lineStart) else { return nil }
            lineStart = base.distance(to: UnsafeRawPointer(newline)) + 1
        }
        return nil
    }

    private static func newlines(in bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for byte in bytes where byte == 0x0a { count &+= 1 }
        return count
    }
}

import Foundation

/// Reads a `mariadb-dump` / `mysqldump` file of the NMS Prime database, streaming: CREATE TABLE
/// gives each table's column order, INSERT statements (single or extended, with or without a
/// column list) give rows, which go to a `SnapshotBuilder`. Tables the compiler does not need
/// are skipped without decoding their values. Syntax problems are reported as
/// `DUMP:LINE:COL: error: …`; a truncated dump is an error, never a crash.
struct DumpReader: Sendable {
    let path: String
    /// How many pieces a large dump is cut into, parsed concurrently (`DumpPieces`).
    let pieceCount: Int
    /// The smallest piece worth a parser of its own; a smaller dump is read in one pass.
    let minimumPieceBytes: Int

    /// A reader of the dump at `path`; `digesting`: whether it also takes the dump's digest
    /// (`DumpDigest`: the snapshot's `sourceDigest`, and its stamp), beside the pieces.
    init(path: String, digesting: Bool = true) {
        self.init(path: path, pieceCount: 2 * ProcessInfo.processInfo.activeProcessorCount, minimumPieceBytes: 4 << 20, digesting: digesting)
    }

    /// How many bytes are read at a time.
    let chunkBytes: Int
    /// Whether rows written as mariadb-dump writes them take `DumpParser.readPlainRow`.
    let plainRows: Bool
    /// Whether the dump's digest is taken.
    let digesting: Bool
    /// The digest's block size (`DumpDigest`; tests make it small).
    let digestBlockBytes: Int

    /// A reader that cuts the dump into at most `pieceCount` pieces of `minimumPieceBytes` or
    /// more and reads `chunkBytes` at a time, with or without the fast path for plain rows:
    /// tests and the fuzzer use small pieces and chunks, and the general path alone, to prove
    /// that each way reads what one plain pass reads.
    init(
        path: String, pieceCount: Int, minimumPieceBytes: Int, chunkBytes: Int = 1 << 20, plainRows: Bool = true, digesting: Bool = true,
        digestBlockBytes: Int = DumpDigest.blockBytes
    ) {
        self.path = path
        self.pieceCount = pieceCount
        self.minimumPieceBytes = minimumPieceBytes
        self.chunkBytes = chunkBytes
        self.plainRows = plainRows
        self.digesting = digesting
        self.digestBlockBytes = digestBlockBytes
    }

    /// Reads the dump into `builder`; returns false when the dump could not be read to its end.
    @discardableResult
    func read(into builder: SnapshotBuilder, diagnostics: DiagnosticCollector) -> Bool {
        let started = Date()
        guard let identity = FileIdentity(path: path) else {
            diagnostics.error("cannot open the snapshot dump", at: .input(path: path))
            return false
        }
        let digest: String?
        if let pieces = DumpPieces(path: path, identity: identity, count: pieceCount, minimumBytes: minimumPieceBytes) {
            let count = pieces.offsets.count
            // One job per piece, its lines counted from its start; then, the digest's blocks
            // (`DumpDigest`), short jobs that fill the cores as the pieces end.
            let blockBytes = digestBlockBytes
            let blockCount = digesting ? DumpDigest.blockCount(size: identity.size, blockBytes: blockBytes) : 0
            let results = Parallel.map(count + blockCount) { job -> PieceOrBlock in
                guard job < count else {
                    return .block(DumpDigest.ofBlock(job - count, path: path, size: identity.size, blockBytes: blockBytes))
                }
                let start = DumpPosition(offset: pieces.offsets[job], line: 1, column: 1)
                let stop = job + 1 < count ? pieces.offsets[job + 1] : nil
                return .piece(parse(from: start, stopOffset: stop, inheritedColumns: pieces.inheritedColumns[job], hashing: false))
            }
            let parsed = results.prefix(count).compactMap(\.piece)
            guard readInOrder(parsed, of: pieces, into: builder, diagnostics: diagnostics) else { return false }
            digest =
                digesting
                ? DumpDigest.combine(size: identity.size, blocks: results.dropFirst(count).compactMap(\.block), blockBytes: blockBytes) : nil
        } else {
            // A dump of one block is hashed as it is parsed; a larger one (that could not be
            // cut) block by block after it.
            let oneBlock = identity.size <= digestBlockBytes
            let whole = parse(from: .start, stopOffset: nil, inheritedColumns: [:], hashing: digesting && oneBlock)
            guard absorb(whole, into: builder, diagnostics: diagnostics) else { return false }
            if !digesting {
                digest = nil
            } else if oneBlock {
                digest = DumpDigest.combine(size: identity.size, blocks: [whole.digest], blockBytes: digestBlockBytes)
            } else {
                digest = InputDigest.ofFile(path, blockBytes: digestBlockBytes)
            }
        }
        // The digest and the rows are of one version of the file only if it did not change.
        guard FileIdentity(path: path) == identity, digest != nil || !digesting else {
            diagnostics.error("the snapshot dump changed while it was read; read it again once it is complete", at: .input(path: path))
            return false
        }
        guard let digest else { return true }
        builder.setSourceDigest(digest)
        if identity.isSettled(before: started) { builder.setSourceStamp(SnapshotStamp(identity: identity, sha256: digest)) }
        return true
    }

    /// Adds the pieces' rows and diagnostics in dump order, each piece only when its parse is
    /// the one a single pass would have made (see `DumpPieces`), its lines placed after the
    /// lines before it; from the first piece that is not, the rest of the dump is read again in
    /// one pass.
    private func readInOrder(
        _ parsed: [PieceParse], of pieces: DumpPieces, into builder: SnapshotBuilder, diagnostics: DiagnosticCollector
    ) -> Bool {
        var known: [String: [String]] = [:]
        // Where the next piece starts, its line counted: where the piece before it ended.
        var start = DumpPosition.start
        for (index, candidate) in parsed.enumerated() {
            let trusted = candidate.assumedColumns.allSatisfy { known[$0.key] == $0.value }
            let piece =
                trusted
                ? candidate.placed(at: start, of: path) : parse(from: start, stopOffset: nil, inheritedColumns: known, hashing: false)
            guard absorb(piece, into: builder, diagnostics: diagnostics) else { return false }
            guard trusted else { return true }
            known.merge(piece.definedColumns) { $1 }
            if index + 1 < parsed.count, piece.end.offset != pieces.offsets[index + 1] {
                let rest = parse(from: piece.end, stopOffset: nil, inheritedColumns: known, hashing: false)
                return absorb(rest, into: builder, diagnostics: diagnostics)
            }
            start = piece.end
        }
        return true
    }

    /// One parse of the dump from `start` to `stopOffset` (or its end).
    fileprivate struct PieceParse {
        let builder: SnapshotBuilder
        let diagnostics: DiagnosticCollector
        let assumedColumns: [String: [String]?]
        let definedColumns: [String: [String]]
        /// Where the parse stopped.
        let end: DumpPosition
        /// The problem that ended it early, located.
        let failure: (message: String, location: SourceLocation)?
        /// SHA-256 of the bytes read, when hashing and complete.
        let digest: String?

        /// The parse of a piece whose lines were counted from its start (at the start of a
        /// line), placed at `start`: every line of the dump `path` it names moved down by the
        /// lines before it.
        func placed(at start: DumpPosition, of path: String) -> PieceParse {
            let lines = start.line - 1
            guard lines != 0 else { return self }
            let moved = DiagnosticCollector()
            for diagnostic in diagnostics.diagnostics { moved.emit(diagnostic.moved(lines: lines, in: path)) }
            return PieceParse(
                builder: builder, diagnostics: moved, assumedColumns: assumedColumns, definedColumns: definedColumns,
                end: DumpPosition(offset: end.offset, line: end.line + lines, column: end.column),
                failure: failure.map { ($0.message, $0.location.moved(lines: lines, in: path)) }, digest: digest)
        }
    }

    private func parse(from start: DumpPosition, stopOffset: Int?, inheritedColumns: [String: [String]], hashing: Bool) -> PieceParse {
        let diagnostics = DiagnosticCollector()
        let builder = SnapshotBuilder(source: path, diagnostics: diagnostics)
        guard let stream = ByteStream(path: path, start: (start.offset, start.line, start.column), hashing: hashing, chunkSize: chunkBytes)
        else {
            return PieceParse(
                builder: builder, diagnostics: diagnostics, assumedColumns: [:], definedColumns: [:], end: start,
                failure: ("cannot open the snapshot dump", .input(path: path)), digest: nil)
        }
        let parser = DumpParser(
            stream: stream, builder: builder, diagnostics: diagnostics, path: path, stopOffset: stopOffset,
            inheritedColumns: inheritedColumns, plainRows: plainRows)
        var failure: (message: String, location: SourceLocation)?
        do {
            try parser.run()
            if stream.readError { failure = ("read error in the snapshot dump", .input(path: path)) }
        } catch let error as DumpSyntaxError {
            failure = (error.message, .file(path: path, line: error.line, column: error.column))
        } catch {
            failure = ("\(error)", .input(path: path))
        }
        return PieceParse(
            builder: builder, diagnostics: diagnostics, assumedColumns: parser.assumedColumns, definedColumns: parser.definedColumns,
            end: DumpPosition(offset: stream.offset, line: stream.line, column: stream.column), failure: failure,
            digest: hashing && failure == nil ? stream.digest.hex() : nil)
    }

    /// Adds a parse's rows and diagnostics; false (its problem reported) when it ended early.
    private func absorb(_ piece: PieceParse, into builder: SnapshotBuilder, diagnostics: DiagnosticCollector) -> Bool {
        builder.append(piece.builder)
        diagnostics.append(piece.diagnostics)
        guard let failure = piece.failure else { return true }
        diagnostics.error(failure.message, at: failure.location)
        return false
    }
}

extension SourceLocation {
    /// The location `lines` further down, when it is a line of `path`; otherwise itself.
    fileprivate func moved(lines: Int, in path: String) -> SourceLocation {
        guard case let .file(file, line, column) = self, file == path else { return self }
        return .file(path: file, line: line + lines, column: column)
    }
}

extension Diagnostic {
    /// The diagnostic with its location and its notes' `lines` further down in `path`.
    fileprivate func moved(lines: Int, in path: String) -> Diagnostic {
        Diagnostic(severity, message, at: location.moved(lines: lines, in: path), notes: notes.map { $0.moved(lines: lines, in: path) })
    }
}

/// A job of the parallel read: a piece's parse, or a digest block's hash (nil: unreadable).
private enum PieceOrBlock {
    case piece(DumpReader.PieceParse)
    case block(String?)

    var piece: DumpReader.PieceParse? {
        guard case let .piece(parse) = self else { return nil }
        return parse
    }

    var block: String?? {
        guard case let .block(digest) = self else { return nil }
        return digest
    }
}

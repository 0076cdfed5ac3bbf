import Foundation

/// The bytes of a generated file. Most are one `String`. A file of a million entries is kept as
/// the parts it was rendered in, never copied into one text: the other node's file shares them,
/// for the two nodes' texts differ only in equally long blocks (the PacketCable servers, own
/// address first), and this node's block is read in place of the shared bytes at each place a
/// part names. Writers, hashes and comparisons read the pieces (`forEachPiece`); `string` makes
/// the one text for those that need it (diffs, checkers, tests).
public struct GeneratedText: Sendable, Equatable {
    /// Rendered bytes, and the offsets in them where the text's block replaces as many bytes
    /// (each place wholly inside the part, in ascending order, none overlapping).
    struct Part: Sendable {
        let bytes: ArraySlice<UInt8>
        let blockOffsets: [Int]

        init(_ bytes: ArraySlice<UInt8>, blockOffsets: [Int] = []) {
            self.bytes = bytes
            self.blockOffsets = blockOffsets
        }
    }

    private enum Storage: Sendable {
        case string(String)
        case parts([Part], block: [UInt8])
    }

    private let storage: Storage

    init(_ string: String) { storage = .string(string) }

    /// `parts` one after the other, with `block` read in place of the bytes at each place they name.
    init(parts: [Part], block: [UInt8] = []) {
        assert(
            parts.allSatisfy { part in
                zip(part.blockOffsets, part.blockOffsets.dropFirst()).allSatisfy { $0 + block.count <= $1 }
                    && part.blockOffsets.allSatisfy { $0 >= 0 && $0 + block.count <= part.bytes.count }
            })
        storage = .parts(parts, block: block)
    }

    /// The number of bytes.
    var count: Int {
        switch storage {
        case let .string(string): return string.utf8.count
        case let .parts(parts, _): return parts.reduce(0) { $0 + $1.bytes.count }
        }
    }

    /// Whether the text is one contiguous run of bytes (a `String`), written with one call.
    var isContiguous: Bool {
        if case .string = storage { return true }
        return false
    }

    /// Calls `body` with the bytes in order, in one or more pieces, none copied.
    func forEachPiece(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        switch storage {
        case var .string(string):
            try string.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
        case let .parts(parts, block):
            try block.withUnsafeBytes { block in
                for part in parts {
                    try part.bytes.withUnsafeBytes { bytes in
                        var taken = 0
                        for offset in part.blockOffsets {
                            if offset > taken { try body(UnsafeRawBufferPointer(rebasing: bytes[taken..<offset])) }
                            try body(block)
                            taken = offset + block.count
                        }
                        if taken < bytes.count { try body(UnsafeRawBufferPointer(rebasing: bytes[taken...])) }
                    }
                }
            }
        }
    }

    /// The text as one `String`: the stored one, or a copy of the pieces.
    var string: String {
        if case let .string(string) = storage { return string }
        return String(unsafeUninitializedCapacity: count) { copy(into: UnsafeMutableRawBufferPointer($0)) }
    }

    /// Copies the pieces one after the other to `target` (at least `count` bytes); how many.
    func copy(into target: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = target.baseAddress else { return 0 }
        var written = 0
        forEachPiece { piece in
            guard let source = piece.baseAddress else { return }
            (base + written).copyMemory(from: source, byteCount: piece.count)
            written += piece.count
        }
        return written
    }

    /// Whether `data` holds exactly these bytes (read without copying either).
    func equals(_ data: Data) -> Bool {
        guard data.count == count else { return false }
        return data.withUnsafeBytes { existing in
            var offset = 0
            var same = true
            forEachPiece { piece in
                guard same, let pieceBase = piece.baseAddress, let existingBase = existing.baseAddress else { return }
                same = memcmp(existingBase + offset, pieceBase, piece.count) == 0
                offset += piece.count
            }
            return same
        }
    }

    public static func == (lhs: GeneratedText, rhs: GeneratedText) -> Bool {
        lhs.count == rhs.count && lhs.equals(Data(rhs.string.utf8))
    }
}

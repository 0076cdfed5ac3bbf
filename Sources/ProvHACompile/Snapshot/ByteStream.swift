import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file forward in fixed-size chunks, one byte at a time, counting lines: the dump
/// reader never holds more than one chunk of a (possibly huge) dump in memory.
final class ByteStream {
    private let file: UnsafeMutablePointer<FILE>
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var position = 0
    private var end = 0
    /// The file offset of `buffer[0]`.
    private var chunkOffset: Int
    private let hashing: Bool
    private(set) var line: Int
    private(set) var column: Int
    private(set) var readError = false
    /// SHA-256 of every byte read so far (when hashing).
    private(set) var digest = SHA256Digest()

    /// Opens `path` at `start` (its byte offset, line and column), or returns nil when it cannot
    /// be opened there. `hashing: false` leaves `digest` empty.
    init?(
        path: String, start: (offset: Int, line: Int, column: Int) = (0, 1, 1), hashing: Bool = true,
        chunkSize: Int = 1 << 20
    ) {
        guard let file = fopen(path, "rb") else { return nil }
        guard start.offset == 0 || fseeko(file, off_t(start.offset), SEEK_SET) == 0 else {
            fclose(file)
            return nil
        }
        self.file = file
        capacity = max(chunkSize, 2)  // `peekSecond` keeps one byte and reads one more
        buffer = .allocate(capacity: capacity)
        chunkOffset = start.offset
        line = start.line
        column = start.column
        self.hashing = hashing
    }

    /// The file offset of the next byte.
    var offset: Int { chunkOffset + position }

    deinit {
        fclose(file)
        buffer.deallocate()
    }

    @inline(__always)
    private func fill() -> Bool {
        guard position == end else { return true }
        chunkOffset += end
        end = fread(buffer, 1, capacity, file)
        position = 0
        if hashing { digest.update(UnsafeRawBufferPointer(start: buffer, count: end)) }
        if end == 0, ferror(file) != 0 { readError = true }
        return end > 0
    }

    /// The next byte without consuming it, or nil at the end of the file.
    @inline(__always)
    func peek() -> UInt8? {
        guard fill() else { return nil }
        return buffer[position]
    }

    /// The byte after the next one, consuming neither, or nil when there is none. When the
    /// next byte is the chunk's last, it is kept as the first byte of the next chunk.
    func peekSecond() -> UInt8? {
        guard fill() else { return nil }
        if position + 1 < end { return buffer[position + 1] }
        buffer[0] = buffer[position]
        chunkOffset += position
        position = 0
        let added = fread(buffer + 1, 1, capacity - 1, file)
        if hashing { digest.update(UnsafeRawBufferPointer(start: buffer + 1, count: added)) }
        if added == 0, ferror(file) != 0 { readError = true }
        end = 1 + added
        return added > 0 ? buffer[1] : nil
    }

    /// The bytes of the current chunk not consumed yet (the next chunk when this one is used
    /// up; empty at the end of the file). `consume(newlineFree:)` consumes a prefix of them.
    @inline(__always)
    func unconsumed() -> UnsafeBufferPointer<UInt8> {
        guard fill() else { return UnsafeBufferPointer(start: buffer, count: 0) }
        return UnsafeBufferPointer(start: buffer + position, count: end - position)
    }

    /// Consumes the first `count` bytes of `unconsumed()`, none of which is a newline.
    @inline(__always)
    func consume(newlineFree count: Int) {
        position += count
        column += count
    }

    /// Consumes and returns the next byte, or nil at the end of the file.
    @inline(__always)
    func next() -> UInt8? {
        guard fill() else { return nil }
        let byte = buffer[position]
        position += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else {
            column += 1
        }
        return byte
    }

    /// Consumes bytes up to the next one for which `isStop` holds, appending them to `bytes`;
    /// leaves the stop byte unconsumed. Returns false at the end of the file.
    @inline(__always)
    func take(into bytes: inout [UInt8], until isStop: (UInt8) -> Bool) -> Bool {
        scan(until: isStop) { bytes.append(contentsOf: $0) }
    }

    /// Skips bytes up to the next one for which `isStop` holds, leaving it unconsumed.
    @inline(__always)
    func skip(until isStop: (UInt8) -> Bool) -> Bool {
        scan(until: isStop) { _ in }
    }

    /// Advances to the next byte for which `isStop` holds, counting lines and handing each
    /// consumed run of bytes (one per chunk) to `consumed`. Returns false at the end of the file.
    @inline(__always)
    private func scan(until isStop: (UInt8) -> Bool, _ consumed: (UnsafeBufferPointer<UInt8>) -> Void) -> Bool {
        while fill() {
            let start = position
            while position < end, !isStop(buffer[position]) {
                if buffer[position] == UInt8(ascii: "\n") {
                    line += 1
                    column = 0
                }
                column += 1
                position += 1
            }
            consumed(UnsafeBufferPointer(start: buffer + start, count: position - start))
            if position < end { return true }
        }
        return false
    }
}

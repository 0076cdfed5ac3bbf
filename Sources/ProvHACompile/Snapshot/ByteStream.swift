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
    private(set) var line = 1
    private(set) var column = 1
    private(set) var readError = false
    /// SHA-256 of every byte read so far.
    private(set) var digest = SHA256Digest()

    /// Opens `path`, or returns nil when it cannot be opened.
    init?(path: String, chunkSize: Int = 1 << 20) {
        guard let file = fopen(path, "rb") else { return nil }
        self.file = file
        capacity = chunkSize
        buffer = .allocate(capacity: chunkSize)
    }

    deinit {
        fclose(file)
        buffer.deallocate()
    }

    @inline(__always)
    private func fill() -> Bool {
        guard position == end else { return true }
        end = fread(buffer, 1, capacity, file)
        position = 0
        digest.update(UnsafeRawBufferPointer(start: buffer, count: end))
        if end == 0, ferror(file) != 0 { readError = true }
        return end > 0
    }

    /// The next byte without consuming it, or nil at the end of the file.
    @inline(__always)
    func peek() -> UInt8? {
        guard fill() else { return nil }
        return buffer[position]
    }

    /// Consumes the rest of the current chunk; false at the end of the file.
    func skipChunk() -> Bool {
        guard fill() else { return false }
        position = end
        return true
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

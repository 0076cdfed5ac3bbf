import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A window of a file read with `pread`, moved forward as a scan needs it. Unlike a mapping,
/// a file truncated while it is scanned gives a short read — `FileWindow.Changed`, which the
/// caller handles — instead of a SIGBUS on a page past the new end.
struct FileWindow: ~Copyable {
    /// The file ended before its expected size or could not be read.
    struct Changed: Error {}

    private let descriptor: Int32
    /// The size the file had when it was looked at; reading fewer bytes is `Changed`.
    let size: Int
    private let base: UnsafeMutableRawPointer
    private let capacity: Int
    /// The file offset of the window's first byte, and how many bytes the window holds.
    private var start = 0
    private var count = 0

    /// Opens `path`, expected to hold `size` bytes, with a window of `capacity` bytes (at least
    /// 64: a line prefix or a table name must fit).
    init?(path: String, size: Int, capacity: Int = 1 << 20) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.size = size
        self.capacity = max(capacity, 64)
        base = .allocate(byteCount: self.capacity, alignment: 16)
    }

    deinit {
        close(descriptor)
        base.deallocate()
    }

    /// Makes `offset..<offset + length` (cut at the file's size; `length` at most the
    /// capacity) part of the window, reading from `offset` when it is not.
    private mutating func load(_ offset: Int, length: Int) throws {
        let wanted = min(length, size - offset)
        guard offset < start || offset + wanted > start + count else { return }
        let total = min(capacity, size - offset)
        var read = 0
        while read < total {
            let got = pread(descriptor, base + read, total - read, off_t(offset + read))
            guard got > 0 else { throw Changed() }
            read += got
        }
        start = offset
        count = total
    }

    /// The byte at `offset` (below the size).
    mutating func byte(at offset: Int) throws -> UInt8 {
        try load(offset, length: 1)
        return base.load(fromByteOffset: offset - start, as: UInt8.self)
    }

    /// The bytes at `offset..<offset + length`, cut at the file's size, as a copy.
    mutating func bytes(at offset: Int, length: Int) throws -> [UInt8] {
        try load(offset, length: length)
        let end = min(offset + length, start + count)
        return Array(UnsafeRawBufferPointer(start: base + (offset - start), count: end - offset))
    }

    /// The offset of the first line that starts with `prefix` in `from..<to` (the line may
    /// end after `to`). Lines are found with `memchr`, so long lines cost little.
    mutating func firstLine(startingWith prefix: [UInt8], from: Int, to: Int) throws -> Int? {
        let to = min(to, size)
        guard from < to else { return nil }
        var lineStart = from
        if from > 0, try byte(at: from - 1) != 0x0a {
            guard let newline = try firstNewline(from: from, to: to) else { return nil }
            lineStart = newline + 1
        }
        while lineStart < to {
            if size - lineStart >= prefix.count, try starts(with: prefix, at: lineStart) { return lineStart }
            guard let newline = try firstNewline(from: lineStart, to: to) else { return nil }
            lineStart = newline + 1
        }
        return nil
    }

    private mutating func starts(with prefix: [UInt8], at offset: Int) throws -> Bool {
        try load(offset, length: prefix.count)
        return memcmp(base + (offset - start), prefix, prefix.count) == 0
    }

    private mutating func firstNewline(from: Int, to: Int) throws -> Int? {
        var offset = from
        while offset < to {
            try load(offset, length: 1)
            let end = min(to, start + count)
            let from = base + (offset - start)
            if let found = memchr(from, 0x0a, end - offset) {
                return offset + from.distance(to: found)
            }
            offset = end
        }
        return nil
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a generated text to an open file. A text of a mebibyte or more goes to the device
/// with direct I/O where the file system takes it: the build flushes every staged byte before
/// its commit anyway, and a write through the page cache first fills as many fresh pages of it
/// (on a virtual machine each page a host fault: 130 MB cost 0.3 s, written direct 0.1 s). Its
/// bytes are gathered in a page-aligned buffer, as direct I/O requires; the last bytes short of
/// a page, and everything after a direct write the file system refuses, are written buffered.
enum TextWrite {
    /// The gathering buffer: at most this many bytes a write.
    static let chunk = 4 << 20

    /// Writes `text` to `file` (open for writing, at offset 0); the `errno` of a failure, or nil.
    static func write(_ text: GeneratedText, to file: Int32) -> Int32? {
        let count = text.count
        var direct = count >= DirectIO.minimum && DirectIO.set(file, on: true)
        if text.isContiguous, !direct {
            var failure: Int32?
            text.forEachPiece { piece in failure = writeAll(piece, to: file).failure }
            return failure
        }
        let alignment = DirectIO.alignment
        let capacity = min(chunk, (count + alignment - 1) / alignment * alignment)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(capacity, alignment), alignment: alignment)
        defer { buffer.deallocate() }
        var filled = 0
        var failure: Int32?
        /// Writes the first `length` bytes of the buffer: direct while it may, then buffered.
        func flush(_ length: Int) {
            let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
            var done = 0
            if direct {
                let directLength = length / alignment * alignment
                if directLength > 0 {
                    let (written, error) = writeAll(UnsafeRawBufferPointer(rebasing: bytes[..<directLength]), to: file)
                    done = written
                    // EINVAL: this file system does not take direct writes (of this file); the rest goes buffered.
                    if let error, error != EINVAL {
                        failure = error
                        return
                    }
                }
                if done < length {
                    direct = false
                    _ = DirectIO.set(file, on: false)
                }
            }
            if done < length { failure = writeAll(UnsafeRawBufferPointer(rebasing: bytes[done...]), to: file).failure }
        }
        text.forEachPiece { piece in
            guard let source = piece.baseAddress else { return }
            var taken = 0
            while taken < piece.count, failure == nil {
                let length = min(capacity - filled, piece.count - taken)
                (buffer + filled).copyMemory(from: source + taken, byteCount: length)
                filled += length
                taken += length
                if filled == capacity {
                    flush(filled)
                    filled = 0
                }
            }
        }
        if failure == nil, filled > 0 { flush(filled) }
        return failure
    }

    /// Writes all of `bytes` at the file's offset: how many were written, and the `errno` of
    /// the call that failed, if one did (a refused direct write writes nothing).
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to file: Int32) -> (written: Int, failure: Int32?) {
        guard let base = bytes.baseAddress else { return (0, nil) }
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(file, base + offset, bytes.count - offset)
            guard written >= 0 else { return (offset, errno) }
            offset += written
        }
        return (offset, nil)
    }
}

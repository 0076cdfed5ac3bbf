import CDirectIO
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Direct I/O (Linux's `O_DIRECT`) for the large generated files: written (`TextWrite`) and read
/// back for their digests (`OutputFolder.digest`) between the caller's buffer and the device,
/// not through the page cache. On a virtual machine a fresh page of cache is a fault the host
/// serves, and these files are flushed at once when written and read once per drift check:
/// the cache holds them for no one. A file system that refuses it is read and written buffered.
enum DirectIO {
    /// Files from this size on go direct.
    static let minimum = 1 << 20
    /// The alignment of buffers, lengths and offsets direct I/O needs (a page covers every
    /// block size).
    static let alignment = 4096

    /// Turns direct I/O on or off for the open `file`; whether it is now as asked.
    static func set(_ file: Int32, on: Bool) -> Bool {
        let flag = provha_direct_io_flag()
        guard flag != 0 else { return !on }
        let flags = fcntl(file, F_GETFL)
        guard flags >= 0 else { return false }
        return fcntl(file, F_SETFL, on ? flags | flag : flags & ~flag) == 0
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's identity and last change as `stat` reports them. The kernel sets the change time
/// (ctime) at every write, rename or `touch` and no program can set it back, so a file whose
/// identity is unchanged has not been written since — unless it was written within the same
/// clock tick as the identity was taken (`isSettled` rules that out).
struct FileIdentity: Codable, Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int
    /// Nanoseconds since 1970 of the last content change (mtime) and of the last change of any
    /// kind (ctime).
    let modified: Int
    let changed: Int

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    init(device: UInt64, inode: UInt64, size: Int, modified: Int, changed: Int) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    init(_ info: stat) {
        self.init(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int(info.st_size),
            modified: Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec),
            changed: Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec))
    }

    /// How long before an instant a file must have last changed for its identity to prove it
    /// unchanged later: more than any file system's timestamp granularity (FAT's is 2 s).
    static let settleTime: TimeInterval = 3

    /// Whether the file last changed (mtime and ctime) `settleTime` or more before `instant`: a
    /// later write then lands in a later clock tick and changes the identity. A file written just
    /// before could be written again within the same tick without changing it.
    func isSettled(before instant: Date) -> Bool {
        let limit = Int((instant.timeIntervalSince1970 - Self.settleTime) * 1_000_000_000)
        return modified < limit && changed < limit
    }
}

/// The SHA-256 of a snapshot dump and the identity it had, settled, when it was read: while the
/// dump keeps that identity, a rebuild knows its digest without reading 200 MB again.
struct SnapshotStamp: Codable, Equatable, Sendable {
    let identity: FileIdentity
    let sha256: String
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive `flock` on `.provha-lock` in the output folder: two builds into one folder
/// (a periodic rebuild and a manual one) run one after the other, never interleaved.
public final class FolderLock {
    public static let fileName = ".provha-lock"
    private let descriptor: Int32

    /// Blocks until the lock is held; creates the folder and lock file when needed.
    public init(folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputWriter.WriteError(path: folder, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let path = (folder as NSString).appendingPathComponent(Self.fileName)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputWriter.WriteError(path: path, reason: String(cString: strerror(errno))) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw OutputWriter.WriteError(path: path, reason: "cannot lock: \(reason)")
            }
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

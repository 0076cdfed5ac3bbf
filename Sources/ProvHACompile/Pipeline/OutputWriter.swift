#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes a rendered tree into the output folder. A file whose bytes are unchanged is not
/// touched; a changed file is replaced atomically (temporary file in the same folder, fsync,
/// rename) with its mode, so a reader sees the old or the new file, never a partial one.
public struct OutputWriter {
    public let root: String

    public init(root: String) { self.root = root }

    /// What a write did.
    public struct Summary: Equatable {
        public var written: [String] = []
        public var unchanged: [String] = []
    }

    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public func write(_ files: [GeneratedFile]) throws -> Summary {
        var summary = Summary()
        for file in files {
            let target = (root as NSString).appendingPathComponent(file.path)
            let bytes = Data(file.contents.utf8)
            if let existing = FileManager.default.contents(atPath: target), existing == bytes,
               Self.mode(of: target) == file.mode {
                summary.unchanged.append(file.path)
                continue
            }
            try writeAtomically(bytes, to: target, mode: file.mode)
            summary.written.append(file.path)
        }
        return summary
    }

    private static func mode(of path: String) -> UInt16? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt16(info.st_mode & 0o7777)
    }

    private func writeAtomically(_ bytes: Data, to target: String, mode: UInt16) throws {
        let folder = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: folder, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let temporary = folder + "/." + (target as NSString).lastPathComponent + ".provha-tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode_t(mode))
        guard descriptor >= 0 else { throw WriteError(path: temporary, reason: String(cString: strerror(errno))) }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, failure == nil {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 { failure = String(cString: strerror(errno)) } else { offset += written }
            }
        }
        if failure == nil, fchmod(descriptor, mode_t(mode)) != 0 || fsync(descriptor) != 0 {
            failure = String(cString: strerror(errno))
        }
        close(descriptor)
        if failure == nil, rename(temporary, target) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary)
            throw WriteError(path: target, reason: failure)
        }
    }
}

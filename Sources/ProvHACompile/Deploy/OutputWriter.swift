#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes a rendered tree into the output folder, safely:
/// - under an exclusive lock on the folder, so concurrent builds are serialised;
/// - only files whose bytes or mode change, each replaced atomically: all temporary files are
///   written next to their targets, flushed to disk with one `sync`, and only
///   then renamed over the targets, so a reader — or a build killed at any moment — sees every
///   file either old or new, never partial;
/// - files it generated before and no longer generates are removed;
/// - a file it did not generate (absent from the manifest) is never overwritten, unless forced.
/// The manifest (`.provha-manifest.json`) records what was written.
public struct OutputWriter {
    public let root: String
    /// Overwrite files the manifest does not list.
    public var force = false
    /// Called after each file is written or removed (progress, and a test hook for kills).
    public var afterEachFile: ((String) -> Void)?

    public init(root: String, force: Bool = false) {
        self.root = root
        self.force = force
    }

    public struct WriteError: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Files that stand where the build would write but that it did not generate.
    public struct ForeignFiles: Error {
        public let paths: [String]
    }

    /// What writing `files` would do to the folder.
    public struct Plan {
        public var added: [GeneratedFile] = []
        /// With the bytes and mode (nil if unreadable) the file has now.
        public var changed: [(file: GeneratedFile, old: Data, oldMode: UInt16?)] = []
        public var unchangedCount = 0
        /// Generated before (in the manifest), generated no more.
        public var removed: [(path: String, old: Data)] = []
        /// On disk with other bytes, not in the manifest: the build refuses them without force.
        public var foreign: [String] = []
        public var oldManifest: Manifest?

        public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }
    }

    /// What a write did.
    public struct Summary: Equatable {
        public var written: [String] = []
        public var removed: [String] = []
        public var unchangedCount = 0

        public init(written: [String] = [], removed: [String] = [], unchangedCount: Int = 0) {
            self.written = written
            self.removed = removed
            self.unchangedCount = unchangedCount
        }
    }

    public func path(of relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    /// Compares `files` with the folder and its manifest; reads, never writes.
    public func plan(_ files: [GeneratedFile]) throws -> Plan {
        var plan = Plan()
        plan.oldManifest = try Manifest.read(from: root)
        let owned = plan.oldManifest?.files ?? [:]
        for file in files {
            let target = path(of: file.path)
            guard let existing = FileManager.default.contents(atPath: target) else {
                if FileManager.default.fileExists(atPath: target) {
                    throw WriteError(path: target, reason: "exists but cannot be read")
                }
                plan.added.append(file)
                continue
            }
            let mode = Self.modeOf(target)
            if Self.bytes(of: file.contents, equal: existing), mode == file.mode {
                plan.unchangedCount += 1
                continue
            }
            if owned[file.path] == nil { plan.foreign.append(file.path) }
            plan.changed.append((file, existing, mode))
        }
        let generated = Set(files.map(\.path))
        for stale in owned.keys.sorted() where !generated.contains(stale) {
            if let old = FileManager.default.contents(atPath: path(of: stale)) { plan.removed.append((stale, old)) }
        }
        return plan
    }

    /// Writes `files`, recording `inputs` (the digest of what they were built from).
    public func write(_ files: [GeneratedFile], inputs: String) throws -> Summary {
        let lock = try FolderLock(folder: root)
        defer { withExtendedLifetime(lock) {} }
        let plan = try self.plan(files)
        if !plan.foreign.isEmpty, !force { throw ForeignFiles(paths: plan.foreign) }
        // Temporary files a killed build may have left behind.
        for relative in Set(files.map(\.path)).union(plan.oldManifest?.files.keys ?? [:].keys) {
            unlink(Self.temporaryPath(for: path(of: relative)))
        }
        let newManifest = Manifest(inputs: inputs, generated: files)
        var summary = Summary(unchangedCount: plan.unchangedCount)
        if !plan.isEmpty {
            // First claim every path this build may touch, so that a build killed half-way
            // leaves no file that the next build would take for a foreign one.
            var claim = plan.oldManifest ?? Manifest(inputs: inputs, files: [:])
            claim.files.merge(newManifest.files) { _, new in new }
            try writeAtomically(claim.encoded(), to: path(of: Manifest.fileName), mode: 0o644)
            let files = plan.added + plan.changed.map(\.file)
            try writeTemporaries(files)
            syncFileSystem()
            for file in files {
                let target = path(of: file.path)
                guard rename(Self.temporaryPath(for: target), target) == 0 else {
                    throw WriteError(path: target, reason: String(cString: strerror(errno)))
                }
                summary.written.append(file.path)
                afterEachFile?(file.path)
            }
            for stale in plan.removed {
                try remove(stale.path)
                summary.removed.append(stale.path)
                afterEachFile?(stale.path)
            }
        }
        let manifestPath = path(of: Manifest.fileName)
        let encoded = newManifest.encoded()
        if FileManager.default.contents(atPath: manifestPath) != Data(encoded.utf8) {
            try writeAtomically(encoded, to: manifestPath, mode: 0o644)
        }
        summary.written.sort()
        return summary
    }

    /// Writes each file's bytes to its temporary path, creating each folder once. One thread:
    /// creating files in one folder from several threads only contends on the folder's lock in
    /// the kernel (measured).
    private func writeTemporaries(_ files: [GeneratedFile]) throws {
        let folders = Set(files.map { (path(of: $0.path) as NSString).deletingLastPathComponent })
        for folder in folders.sorted() {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw WriteError(path: folder, reason: "cannot create the folder: \(error.localizedDescription)")
            }
        }
        for (index, file) in files.enumerated() {
            do {
                try writeFile(file.contents, to: Self.temporaryPath(for: path(of: file.path)), mode: file.mode, createFolder: false)
            } catch {
                for written in files[..<index] { unlink(Self.temporaryPath(for: path(of: written.path))) }
                throw error
            }
        }
    }

    /// One flush to disk: every temporary file is durable before any of them replaces its
    /// target. (`sync` rather than the narrower `syncfs`, which Swift's Glibc does not export.)
    private func syncFileSystem() {
        sync()
    }

    static func temporaryPath(for target: String) -> String {
        let folder = (target as NSString).deletingLastPathComponent
        return folder + "/." + (target as NSString).lastPathComponent + ".provha-tmp"
    }

    /// Replaces the single file at `path` atomically (temporary file, fsync, rename).
    public static func replaceFile(at path: String, with text: String, mode: UInt16 = 0o644) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try OutputWriter(root: folder.isEmpty ? "." : folder).writeAtomically(text, to: path, mode: mode)
    }

    /// Writes files as they are, without manifest or lock (reference trees, checker copies).
    public func writeFiles(_ files: [GeneratedFile]) throws {
        for file in files {
            try writeAtomically(file.contents, to: path(of: file.path), mode: file.mode)
        }
    }

    /// memcmp of a string's UTF-8 with data, without copying either.
    static func bytes(of text: String, equal data: Data) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            guard data.count == utf8.count else { return false }
            guard let textBase = utf8.baseAddress else { return true }
            return data.withUnsafeBytes { bytes in bytes.baseAddress.map { memcmp($0, textBase, utf8.count) == 0 } ?? false }
        }
    }

    private func remove(_ relative: String) throws {
        let target = path(of: relative)
        guard unlink(target) == 0 || errno == ENOENT else {
            throw WriteError(path: target, reason: String(cString: strerror(errno)))
        }
        // Remove folders the removal left empty, up to the output folder.
        var folder = (target as NSString).deletingLastPathComponent
        while folder.count > root.count, rmdir(folder) == 0 {
            folder = (folder as NSString).deletingLastPathComponent
        }
    }

    /// The permission bits of a file, nil when it does not exist.
    public static func modeOf(_ path: String) -> UInt16? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return UInt16(info.st_mode & 0o7777)
    }

    /// Replaces one file atomically: temporary file, fsync, rename.
    private func writeAtomically(_ text: String, to target: String, mode: UInt16) throws {
        let temporary = Self.temporaryPath(for: target)
        try writeFile(text, to: temporary, mode: mode, sync: true)
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(path: target, reason: reason)
        }
    }

    /// Writes `text`'s UTF-8 to `path` with `mode`, creating its folder unless told it exists;
    /// fsyncs it when asked.
    private func writeFile(_ text: String, to path: String, mode: UInt16, sync: Bool = false, createFolder: Bool = true) throws {
        if createFolder {
            let folder = (path as NSString).deletingLastPathComponent
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw WriteError(path: folder, reason: "cannot create the folder: \(error.localizedDescription)")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        var failure: String?
        var text = text
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count, failure == nil {
                let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 { failure = String(cString: strerror(errno)) } else { offset += written }
            }
        }
        if failure == nil, fchmod(descriptor, mode_t(mode)) != 0 || (sync && fsync(descriptor) != 0) {
            failure = String(cString: strerror(errno))
        }
        close(descriptor)
        if let failure {
            unlink(path)
            throw WriteError(path: path, reason: failure)
        }
    }
}

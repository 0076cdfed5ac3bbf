import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output folder as a jail. Every operation is relative to a descriptor of the folder and
/// takes a relative path without empty, `.` or `..` segments; sub-folders are walked one
/// component at a time and a symbolic link anywhere below the folder is refused, never
/// followed. (The folder itself may be a link: that is the user's choice of `--out`.)
final class OutputFolder {
    let root: String
    private let descriptor: Int32
    /// Descriptors of sub-folders already walked, by relative path.
    private var folders: [String: Int32] = [:]
    /// Sub-folders found missing while reading (a new tree's thousands of files ask for the same
    /// few); forgotten when this folder makes one.
    private var missingFolders: Set<String> = []

    /// Opens an existing folder; nil when there is none at `root`.
    init?(root: String) throws {
        self.root = root
        descriptor = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw OutputWriter.WriteError(path: root, reason: Self.reason(errno))
        }
    }

    deinit {
        for folder in folders.values { close(folder) }
        close(descriptor)
    }

    /// A path that stays inside the folder: relative, no empty, `.` or `..` segment, no NUL.
    static func isContained(_ path: String) -> Bool {
        var segmentLength = 0
        var segmentIsDots = true
        func segmentIsAName() -> Bool { segmentLength > 0 && !(segmentIsDots && segmentLength <= 2) }
        for byte in path.utf8 {
            switch byte {
            case 0: return false
            case UInt8(ascii: "/"):
                guard segmentIsAName() else { return false }
                segmentLength = 0
                segmentIsDots = true
            default:
                segmentLength += 1
                segmentIsDots = segmentIsDots && byte == UInt8(ascii: ".")
            }
        }
        return segmentIsAName()
    }

    func fullPath(_ relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    /// Waits for the exclusive lock on the folder (`flock` on its descriptor: no lock file).
    func lock() throws {
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw OutputWriter.WriteError(path: root, reason: "cannot lock: \(Self.reason(errno))") }
        }
    }

    /// Flushes the folder's own entries (renames, new names) to disk.
    func syncFolder() { fsync(descriptor) }

    // MARK: - Reading

    /// A descriptor of the regular file at `path` (no link followed) and its status; nil when it
    /// or its folder does not exist. The caller closes it.
    private func openRegularFile(_ path: String) throws -> (Int32, stat)? {
        let (folderPath, name) = try split(path)
        guard let folder = try folder(folderPath, create: false) else { return nil }
        let file = openat(folder, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard file >= 0 else {
            if errno == ENOENT { return nil }
            throw OutputWriter.WriteError(path: fullPath(path), reason: errno == ELOOP ? Self.linkRefusal : Self.reason(errno))
        }
        var info = stat()
        guard fstat(file, &info) == 0 else {
            let reason = Self.reason(errno)
            close(file)
            throw OutputWriter.WriteError(path: fullPath(path), reason: reason)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(file)
            throw OutputWriter.WriteError(path: fullPath(path), reason: "is not a regular file")
        }
        return (file, info)
    }

    /// The bytes and permission bits of a file; nil when it or its folder does not exist.
    func read(_ path: String) throws -> (data: Data, mode: UInt16)? {
        guard let (file, info) = try openRegularFile(path) else { return nil }
        defer { close(file) }
        var data = Data(count: Int(info.st_size))
        var offset = 0
        let failure: Int32? = data.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            while offset < buffer.count {
                let count = Glibc.read(file, base + offset, buffer.count - offset)
                if count < 0 { return errno }
                if count == 0 { break }
                offset += count
            }
            return nil
        }
        if let failure { throw OutputWriter.WriteError(path: fullPath(path), reason: Self.reason(failure)) }
        return (data.prefix(offset), UInt16(info.st_mode & 0o7777))
    }

    /// The SHA-256 (lower-case hex) and permission bits of a file, read through `buffer` without
    /// holding it whole (a large file with `DirectIO` when the buffer is page-aligned); nil when
    /// it or its folder does not exist.
    func digest(_ path: String, buffer: UnsafeMutableRawBufferPointer) throws -> (sha256: String, mode: UInt16)? {
        guard let (file, info) = try openRegularFile(path) else { return nil }
        defer { close(file) }
        var hasher = SHA256Digest()
        let aligned = Int(bitPattern: buffer.baseAddress) % DirectIO.alignment == 0 && buffer.count % DirectIO.alignment == 0
        var direct = aligned && info.st_size >= DirectIO.minimum && DirectIO.set(file, on: true)
        while true {
            let count = Glibc.read(file, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                // Refused direct (nothing was read): the rest is read buffered.
                if errno == EINVAL, direct {
                    direct = false
                    if DirectIO.set(file, on: false) { continue }
                }
                throw OutputWriter.WriteError(path: fullPath(path), reason: Self.reason(errno))
            }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        return (hasher.hex(), UInt16(info.st_mode & 0o7777))
    }

    /// The group ID of the file at `path` (not following links); nil when nothing stands there.
    func groupID(of path: String) throws -> UInt32? {
        let (folderPath, name) = try split(path)
        guard let folder = try folder(folderPath, create: false) else { return nil }
        var info = stat()
        return fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 ? info.st_gid : nil
    }

    /// The ID of a group on this machine, nil when it has none of that name.
    static func groupID(named name: String) -> UInt32? {
        guard let entry = getgrnam(name) else { return nil }
        return entry.pointee.gr_gid
    }

    /// Whether this process may give files to another group (it runs as root).
    static var mayChangeGroups: Bool { geteuid() == 0 }

    /// The identity of the regular file at `path` (no link followed); nil when there is none.
    func identity(of path: String) throws -> FileIdentity? {
        let (folderPath, name) = try split(path)
        guard let folder = try folder(folderPath, create: false) else { return nil }
        var info = stat()
        guard fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileIdentity(info)
    }

    /// Whether anything (file, folder or link) stands at `path`, without following links.
    func exists(_ path: String) throws -> Bool {
        let (folderPath, name) = try split(path)
        guard let folder = try folder(folderPath, create: false) else { return false }
        var info = stat()
        return fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0
    }

    // MARK: - Writing

    /// Where a new file goes: the descriptor of its folder (made where missing, walked without
    /// links) and its name. `create(at:…)` may then run for many places on several threads.
    struct NewFilePlace: @unchecked Sendable {
        let folder: Int32
        let name: String
        let fullPath: String
    }

    /// The place of a new file at `path`, its folders made.
    func place(ofNewFile path: String) throws -> NewFilePlace {
        let (folderPath, name) = try split(path)
        guard let folder = try folder(folderPath, create: true) else {
            throw OutputWriter.WriteError(path: fullPath(path), reason: "its folder vanished while being made")
        }
        return NewFilePlace(folder: folder, name: name, fullPath: fullPath(path))
    }

    /// Writes a new file at `path`; see `create(at:contents:mode:groupID:sync:)`.
    func create(_ path: String, contents: String, mode: UInt16, groupID: UInt32? = nil, sync: Bool) throws {
        try create(path, text: GeneratedText(contents), mode: mode, groupID: groupID, sync: sync)
    }

    /// Writes a new file at `path`; see `create(at:text:mode:groupID:sync:)`.
    func create(_ path: String, text: GeneratedText, mode: UInt16, groupID: UInt32? = nil, sync: Bool) throws {
        try Self.create(at: place(ofNewFile: path), text: text, mode: mode, groupID: groupID, sync: sync)
    }

    /// Writes a new file at `place`, replacing nothing: the file is created exclusively, and
    /// whatever stood there is unlinked and the creation tried once more, so a planted link is
    /// never written through. Only system calls on the place's descriptor: safe on any thread.
    /// The text is written by `TextWrite` (large ones with direct I/O).
    static func create(at place: NewFilePlace, text: GeneratedText, mode: UInt16, groupID: UInt32? = nil, sync: Bool) throws {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var file = openat(place.folder, place.name, flags, mode_t(mode))
        if file < 0, errno == EEXIST {
            unlinkat(place.folder, place.name, 0)
            file = openat(place.folder, place.name, flags, mode_t(mode))
        }
        guard file >= 0 else { throw OutputWriter.WriteError(path: place.fullPath, reason: Self.reason(errno)) }
        var failure = TextWrite.write(text, to: file)
        if failure == nil, let groupID, fchown(file, uid_t.max, groupID) != 0 { failure = errno }
        if failure == nil, fchmod(file, mode_t(mode)) != 0 || (sync && fsync(file) != 0) { failure = errno }
        close(file)
        if let failure {
            unlinkat(place.folder, place.name, 0)
            throw OutputWriter.WriteError(path: place.fullPath, reason: Self.reason(failure))
        }
    }

    /// Renames `from` over `to`, creating `to`'s folders; false when `from` does not exist.
    @discardableResult
    func rename(_ from: String, to: String) throws -> Bool {
        let (fromFolderPath, fromName) = try split(from)
        let (toFolderPath, toName) = try split(to)
        guard let fromFolder = try folder(fromFolderPath, create: false) else { return false }
        guard let toFolder = try folder(toFolderPath, create: true) else { return false }
        guard renameat(fromFolder, fromName, toFolder, toName) == 0 else {
            if errno == ENOENT { return false }
            throw OutputWriter.WriteError(path: fullPath(to), reason: Self.reason(errno))
        }
        return true
    }

    /// Removes a file (absent is fine), then the folders its removal left empty.
    func remove(_ path: String) throws {
        let (folderPath, name) = try split(path)
        guard let folder = try folder(folderPath, create: false) else { return }
        guard unlinkat(folder, name, 0) == 0 || errno == ENOENT else {
            throw OutputWriter.WriteError(path: fullPath(path), reason: Self.reason(errno))
        }
        var remaining = folderPath
        while !remaining.isEmpty {
            let (parentPath, folderName) = try split(remaining)
            guard let parent = try self.folder(parentPath, create: false) else { return }
            if let open = folders.removeValue(forKey: remaining) { close(open) }
            guard unlinkat(parent, folderName, AT_REMOVEDIR) == 0 else { return }
            remaining = parentPath
        }
    }

    /// Removes a flat folder of files (the staging folder), or a file or link in its place.
    func removeFlatFolder(_ path: String) throws {
        if let open = folders.removeValue(forKey: path) { close(open) }
        var info = stat()
        guard fstatat(descriptor, path, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            unlinkat(descriptor, path, 0)
            return
        }
        let folder = openat(descriptor, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard folder >= 0, let listing = fdopendir(folder) else {
            throw OutputWriter.WriteError(path: fullPath(path), reason: Self.reason(errno))
        }
        var names: [String] = []
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != ".." { names.append(name) }
        }
        for name in names { unlinkat(folder, name, 0) }
        closedir(listing)
        guard unlinkat(descriptor, path, AT_REMOVEDIR) == 0 || errno == ENOENT else {
            throw OutputWriter.WriteError(path: fullPath(path), reason: Self.reason(errno))
        }
    }

    // MARK: - Walking

    private func split(_ path: String) throws -> (folder: String, name: String) {
        guard Self.isContained(path) else {
            throw OutputWriter.WriteError(path: fullPath(path), reason: "is not a path inside the output folder")
        }
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// The descriptor of a sub-folder, walked without following links; nil when it does not
    /// exist and `create` is false.
    private func folder(_ path: String, create: Bool) throws -> Int32? {
        if path.isEmpty { return descriptor }
        if let open = folders[path] { return open }
        if !create, missingFolders.contains(path) { return nil }
        let (parentPath, name) = try split(path)
        guard let parent = try folder(parentPath, create: create) else { return nil }
        var child = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if child < 0, errno == ENOENT {
            guard create else {
                missingFolders.insert(path)
                return nil
            }
            missingFolders.remove(path)
            guard mkdirat(parent, name, 0o755) == 0 || errno == EEXIST else {
                throw OutputWriter.WriteError(path: fullPath(path), reason: "cannot create the folder: \(Self.reason(errno))")
            }
            child = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        guard child >= 0 else {
            let refusal = errno == ELOOP || errno == ENOTDIR ? Self.linkRefusal + " (or a file stands where a folder belongs)" : Self.reason(errno)
            throw OutputWriter.WriteError(path: fullPath(path), reason: refusal)
        }
        folders[path] = child
        return child
    }

    static let linkRefusal = "is a symbolic link; provha-compile follows no link inside the output folder"

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The digest a manifest records of what a tree was built from: the compiler itself (its
/// executable's bytes), the cluster file, the snapshot and the key secrets (hashed with the
/// rest, never stored). Equal digests mean equal output.
enum InputDigest {
    static func combine(clusterFile: String, snapshot: String, secrets: [String?]) -> String {
        var digest = SHA256Digest()
        for part in [generator, clusterFile, snapshot] + secrets.map({ $0 ?? "" }) {
            digest.update(Data(part.utf8))
            digest.update(Data([0]))
        }
        return digest.hex()
    }

    /// SHA-256 of the running executable, so that a new compiler never takes an old tree for
    /// up to date.
    static let generator: String = {
        guard let data = FileManager.default.contents(atPath: "/proc/self/exe") else { return "provha-compile" }
        return SHA256Digest.hex(of: data)
    }()

    /// The digest of a dump (`DumpDigest`), its blocks hashed on every core; nil when it cannot
    /// be read to its end.
    static func ofFile(_ path: String, blockBytes: Int = DumpDigest.blockBytes) -> String? {
        guard let identity = FileIdentity(path: path) else { return nil }
        let count = DumpDigest.blockCount(size: identity.size, blockBytes: blockBytes)
        let blocks = Parallel.map(count) { DumpDigest.ofBlock($0, path: path, size: identity.size, blockBytes: blockBytes) }
        return DumpDigest.combine(size: identity.size, blocks: blocks, blockBytes: blockBytes)
    }
}

/// How a dump is digested: SHA-256 over its size and the SHA-256 of each of its 64 MiB blocks
/// (`provha dump digest 1`, the size, then each block's digest, a line each), so that the blocks
/// are hashed on every core. One SHA-256 over a 1.2 GB dump held a core for 0.85 s while the
/// other parsed, and left the parse's last piece alone on a core for as long. The blocks do not
/// depend on the machine: the same dump has the same digest everywhere. (Tests give smaller
/// blocks, to cross their edges in small dumps.)
enum DumpDigest {
    static let blockBytes = 64 << 20

    static func blockCount(size: Int, blockBytes: Int = blockBytes) -> Int { max(1, (size + blockBytes - 1) / blockBytes) }

    /// SHA-256 of block `index` of the file at `path`, which holds `size` bytes; nil when it
    /// cannot be read or holds fewer (it changed).
    static func ofBlock(_ index: Int, path: String, size: Int, blockBytes: Int = blockBytes) -> String? {
        let start = index * blockBytes
        let length = max(0, min(blockBytes, size - start))
        let file = open(path, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var digest = SHA256Digest()
        var done = 0
        while done < length {
            let got = pread(file, buffer, min(chunk, length - done), off_t(start + done))
            guard got > 0 else { return nil }
            digest.update(UnsafeRawBufferPointer(start: buffer, count: got))
            done += got
        }
        return digest.hex()
    }

    /// The dump's digest from its size and its blocks' digests; nil when a block is missing.
    static func combine(size: Int, blocks: [String?], blockBytes: Int = blockBytes) -> String? {
        guard blocks.count == blockCount(size: size, blockBytes: blockBytes), blocks.allSatisfy({ $0 != nil }) else { return nil }
        return SHA256Digest.hex(of: (["provha dump digest 1", "\(size)"] + blocks.compactMap { $0 }).joined(separator: "\n") + "\n")
    }
}

extension CompilerPipeline {
    /// The manifest of `folder` when it holds a tree built by this compiler from exactly these
    /// inputs and nothing in it changed since: then a build has nothing to do and need not even
    /// parse. Any doubt (no manifest, unreadable input, drift) answers nil: the full build runs.
    func upToDateManifest(_ input: Input, folder: String) -> Manifest? {
        // An interrupted build's journal makes the folder not up to date: the build completes it.
        guard !FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(TreeLayout.buildFolder.journal)),
            FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(TreeLayout.buildFolder.manifest))
        else { return nil }
        let scratch = DiagnosticCollector()
        guard let config = ClusterFileReader(diagnostics: scratch).read(path: input.clusterFile),
            case let .dump(dumpPath)? = input.snapshotOverride ?? config.snapshot?.value
        else { return nil }
        var secrets: [String?] = []
        for (key, what) in config.secretKeys {
            guard let reference = key?.secret.value else {
                secrets.append(nil)
                continue
            }
            guard case let .success(value) = SecretLoader.load(reference, what: what, environment: input.environment) else { return nil }
            secrets.append(value)
        }
        for password in config.databasePasswords.map({ ($0.password, $0.what) }) + (config.keaHostsPassword.map { [$0] } ?? []) {
            guard case let .success(value) = SecretLoader.loadPassword(password.0.value, what: password.1, environment: input.environment)
            else { return nil }
            secrets.append(value)
        }
        // The two long reads at once: the dump's digest on a thread of its own, the tree's drift
        // check on every core (a slice of the files each), so neither waits for the other. A
        // dump whose identity is the one stamped when a build read it is not read again.
        let stamp = SnapshotStamp.read(from: folder)
        let treeStamp = TreeStamp.read(from: folder)
        let (snapshotDigest, drift) = Parallel.run(
            { () -> String? in
                if let stamp, FileIdentity(path: dumpPath) == stamp.identity { return stamp.sha256 }
                return InputDigest.ofFile(dumpPath)
            }, while: { (try? DriftReport.check(root: folder, stamp: treeStamp)) ?? nil })
        guard let dumpDigest = snapshotDigest, let drift, drift.findings.isEmpty else { return nil }
        let digest = InputDigest.combine(clusterFile: config.sourceDigest, snapshot: dumpDigest, secrets: secrets)
        guard digest == drift.manifest.inputs else { return nil }
        drift.unchanged.keep(in: folder, replacing: treeStamp)
        return drift.manifest
    }
}

extension SnapshotStamp {
    /// Where a build folder keeps the stamp of the dump it was built from.
    public static let fileName = ".provha-snapshot-stamp.json"

    /// The stamp kept in the build folder `folder`, nil when there is none or it does not read.
    static func read(from folder: String) -> SnapshotStamp? {
        BuildFolderCache.read(named: fileName, from: folder).flatMap { try? JSONDecoder().decode(SnapshotStamp.self, from: Data($0.utf8)) }
    }

    /// Keeps `self` in the build folder `folder`, unless it is there already. A failure only
    /// costs the next rebuild a read of the dump.
    func keep(in folder: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard SnapshotStamp.read(from: folder) != self, let data = try? encoder.encode(self) else { return }
        BuildFolderCache.keep(String(decoding: data, as: UTF8.self) + "\n", named: Self.fileName, in: folder)
    }
}

/// The generated files a drift check found unchanged, each with its SHA-256 and the identity it
/// had, settled: while a file keeps that identity it still has those bytes (the argument of
/// `FileIdentity`), so the next no-op rebuild need not read it again. A file whose identity
/// changed (any write, `chmod`, `chown`, rename or replacement) is hashed as before. Kept as
/// one line a file (read at every no-op: a JSON decoder took longer than the hashing it spares).
public struct TreeStamp: Equatable, Sendable {
    public static let fileName = ".provha-tree-stamp"
    private static let firstLine = "provha-tree-stamp 1"

    struct Entry: Equatable, Sendable {
        let identity: FileIdentity
        let sha256: String
    }

    var files: [String: Entry] = [:]

    /// Each entry as `sha256 device inode size mtime ctime path`, tab-separated, sorted by path.
    public var text: String {
        ([Self.firstLine]
            + files.sorted { $0.key < $1.key }.map { path, entry in
                let identity = entry.identity
                return [
                    entry.sha256, "\(identity.device)", "\(identity.inode)", "\(identity.size)", "\(identity.modified)", "\(identity.changed)", path,
                ]
                .joined(separator: "\t")
            }).joined(separator: "\n") + "\n"
    }

    init() {}

    /// The stamp `text` spells; nil for anything else (a damaged stamp is no stamp). Split on
    /// its bytes: `String.split` walks characters, which cost more than the hashing spared.
    init?(text: String) {
        var lines = Array(text.utf8).split(separator: 0x0a)
        guard let first = lines.first, first.elementsEqual(Self.firstLine.utf8) else { return nil }
        lines.removeFirst()
        for line in lines {
            let fields = line.split(separator: 0x09, maxSplits: 6, omittingEmptySubsequences: false)
            guard fields.count == 7, let device = Self.number(fields[1]), let inode = Self.number(fields[2]),
                let size = Self.number(fields[3]), let modified = Self.number(fields[4]), let changed = Self.number(fields[5])
            else { return nil }
            let identity = FileIdentity(device: UInt64(device), inode: UInt64(inode), size: size, modified: modified, changed: changed)
            files[String(decoding: fields[6], as: UTF8.self)] = Entry(identity: identity, sha256: String(decoding: fields[0], as: UTF8.self))
        }
    }

    /// A decimal number that fits an `Int` (device and inode numbers, sizes, nanoseconds).
    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= 0x30, digit <= 0x39 else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.addingReportingOverflow(Int(digit - 0x30))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }

    /// The stamp kept in the build folder `folder`; empty when there is none or it does not read.
    static func read(from folder: String) -> TreeStamp {
        BuildFolderCache.read(named: fileName, from: folder).flatMap(TreeStamp.init(text:)) ?? TreeStamp()
    }

    /// Keeps the stamp of the build folder `folder` after a build wrote `written` (each with its
    /// SHA-256 in `manifest`) and removed `removed`: their old entries go, and a written file is
    /// stamped when its identity proves it unwritten since: its content last changed (mtime) in
    /// an earlier tick than the rename that put it in place (ctime), and any later write sets
    /// both to one instant. The first no-op after a build then reads no file again. (This holds
    /// while the staging folder is the build's alone, as the folder's lock makes it for
    /// provha-compile; a file system that does not move ctime on a rename stamps nothing here.)
    static func keep(afterWriting written: [String], manifest: Manifest, removed: [String], in folder: OutputFolder) {
        let kept = read(from: folder.root)
        var stamp = kept
        for path in removed + written { stamp.files[path] = nil }
        for path in written {
            guard let sha256 = manifest.files[path]?.sha256, let identity = try? folder.identity(of: path), identity.modified < identity.changed
            else { continue }
            stamp.files[path] = Entry(identity: identity, sha256: sha256)
        }
        stamp.keep(in: folder.root, replacing: kept)
    }

    /// Keeps `self` in the build folder `folder` unless it equals `kept`, the stamp read there.
    /// A failure only costs the next no-op the reads.
    func keep(in folder: String, replacing kept: TreeStamp) {
        guard self != kept else { return }
        BuildFolderCache.keep(text, named: Self.fileName, in: folder)
    }
}

/// Caches kept beside a built tree: machine-specific (devices, inodes, times), so not output —
/// outside the manifest and the trees. Each is read and kept whole; a missing, stale or
/// damaged one only costs the work it saves.
enum BuildFolderCache {
    static func read(named name: String, from folder: String) -> String? {
        guard let output = try? OutputFolder(root: folder), let (data, _) = try? output.read(name) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Keeps `text` in `folder`, written aside and renamed.
    static func keep(_ text: String, named name: String, in folder: String) {
        guard let output = try? OutputFolder(root: folder) else { return }
        let staged = name + ".new"
        do {
            try output.create(staged, contents: text, mode: 0o644, sync: false)
            _ = try output.rename(staged, to: name)
        } catch {
            try? output.remove(staged)
        }
    }
}

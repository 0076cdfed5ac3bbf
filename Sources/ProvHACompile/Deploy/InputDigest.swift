import Foundation

/// The digest a manifest records of what a tree was built from: the compiler itself (its
/// executable's bytes), the cluster file, the snapshot and the key secrets (hashed with the
/// rest, never stored). Equal digests mean equal output.
public enum InputDigest {
    public static func combine(clusterFile: String, snapshot: String, secrets: [String?]) -> String {
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

    /// SHA-256 of a file's bytes, read in chunks; nil when it cannot be read.
    static func ofFile(_ path: String) -> String? {
        guard let stream = ByteStream(path: path) else { return nil }
        while stream.skipChunk() {}
        return stream.readError ? nil : stream.digest.hex()
    }
}

extension CompilerPipeline {
    /// The manifest of `folder` when it holds a tree built by this compiler from exactly these
    /// inputs and nothing in it changed since: then a build has nothing to do and need not even
    /// parse. Any doubt (no manifest, unreadable input, drift) answers nil: the full build runs.
    public func upToDateManifest(_ input: Input, folder: String) -> Manifest? {
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
        // The two long reads at once: the dump's digest on a thread of its own, the tree's drift
        // check on every core (a slice of the files each), so neither waits for the other. A
        // dump whose identity is the one stamped when a build read it is not read again.
        let snapshotDigest = ConcurrentResults<String>(count: 1)
        let dumpHashed = DispatchGroup()
        let stamp = SnapshotStamp.read(from: folder)
        DispatchQueue.global().async(group: dumpHashed) {
            if let stamp, FileIdentity(path: dumpPath) == stamp.identity {
                snapshotDigest.set(0, stamp.sha256)
            } else if let digest = InputDigest.ofFile(dumpPath) {
                snapshotDigest.set(0, digest)
            }
        }
        let drift = (try? DriftReport.check(root: folder, stamp: TreeStamp.read(from: folder))) ?? nil
        dumpHashed.wait()
        guard let dumpDigest = snapshotDigest.values.first, let drift, drift.findings.isEmpty else { return nil }
        let digest = InputDigest.combine(clusterFile: config.sourceDigest, snapshot: dumpDigest, secrets: secrets)
        guard digest == drift.manifest.inputs else { return nil }
        drift.unchanged.keep(in: folder)
        return drift.manifest
    }
}

extension SnapshotStamp {
    /// Where a build folder keeps the stamp of the dump it was built from.
    static let fileName = ".provha-snapshot-stamp.json"

    /// The stamp kept in the build folder `folder`, nil when there is none or it does not read.
    static func read(from folder: String) -> SnapshotStamp? { BuildFolderCache.read(SnapshotStamp.self, named: fileName, from: folder) }

    /// Keeps `self` in the build folder `folder`. A failure only costs the next rebuild a read of the dump.
    func keep(in folder: String) { BuildFolderCache.keep(self, named: Self.fileName, in: folder) }
}

/// The generated files a drift check found unchanged, each with its SHA-256 and the identity it
/// had, settled: while a file keeps that identity it still has those bytes (the argument of
/// `FileIdentity`), so the next no-op rebuild need not read it again. A file whose identity
/// changed (any write, `chmod`, `chown`, rename or replacement) is hashed as before.
struct TreeStamp: Codable, Equatable {
    static let fileName = ".provha-tree-stamp.json"

    struct Entry: Codable, Equatable {
        let identity: FileIdentity
        let sha256: String
    }

    var files: [String: Entry] = [:]

    /// The stamp kept in the build folder `folder`; empty when there is none or it does not read.
    static func read(from folder: String) -> TreeStamp { BuildFolderCache.read(TreeStamp.self, named: fileName, from: folder) ?? TreeStamp() }

    /// Keeps `self` in the build folder `folder`. A failure only costs the next no-op the reads.
    func keep(in folder: String) { BuildFolderCache.keep(self, named: Self.fileName, in: folder) }
}

/// Caches kept beside a built tree: machine-specific (devices, inodes, times), so not output —
/// outside the manifest and the trees. Each is read and kept whole; a missing, stale or
/// damaged one only costs the work it saves.
enum BuildFolderCache {
    static func read<Value: Decodable>(_ type: Value.Type, named name: String, from folder: String) -> Value? {
        guard let output = try? OutputFolder(root: folder), let (data, _) = try? output.read(name) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }

    /// Keeps `value` in `folder` (written aside and renamed), unless it is there already.
    static func keep<Value: Codable & Equatable>(_ value: Value, named name: String, in folder: String) {
        guard read(Value.self, named: name, from: folder) != value, let output = try? OutputFolder(root: folder) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else { return }
        let staged = name + ".new"
        do {
            try output.create(staged, contents: String(decoding: data, as: UTF8.self) + "\n", mode: 0o644, sync: false)
            _ = try output.rename(staged, to: name)
        } catch {
            try? output.remove(staged)
        }
    }
}

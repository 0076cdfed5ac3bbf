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
        let drift = (try? DriftReport.check(root: folder)) ?? nil
        dumpHashed.wait()
        guard let dumpDigest = snapshotDigest.values.first, let drift, drift.findings.isEmpty else { return nil }
        let digest = InputDigest.combine(clusterFile: config.sourceDigest, snapshot: dumpDigest, secrets: secrets)
        return digest == drift.manifest.inputs ? drift.manifest : nil
    }
}

extension SnapshotStamp {
    /// Where a build folder keeps the stamp of the dump it was built from: a cache, not output
    /// (machine-specific: device, inode, times), so outside the manifest and the trees.
    static let fileName = ".provha-snapshot-stamp.json"

    /// The stamp kept in the build folder `folder`, nil when there is none or it does not read.
    static func read(from folder: String) -> SnapshotStamp? {
        guard let output = try? OutputFolder(root: folder), let (data, _) = try? output.read(fileName) else { return nil }
        return try? JSONDecoder().decode(SnapshotStamp.self, from: data)
    }

    /// Keeps `self` in the build folder `folder` (written aside and renamed), unless it is there
    /// already. A failure only costs the next rebuild a read of the dump.
    func keep(in folder: String) {
        guard SnapshotStamp.read(from: folder) != self, let output = try? OutputFolder(root: folder) else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return }
        let staged = Self.fileName + ".new"
        do {
            try output.create(staged, contents: String(decoding: data, as: UTF8.self) + "\n", mode: 0o644, sync: false)
            _ = try output.rename(staged, to: Self.fileName)
        } catch {
            try? output.remove(staged)
        }
    }
}

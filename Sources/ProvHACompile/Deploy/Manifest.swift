import Crypto
import Foundation

/// What a build wrote into an output folder: every generated file's path, SHA-256 and mode,
/// and the digest of the inputs it was built from. Kept in the folder at the layout's path
/// (`.provha-manifest.json` for `build`); it decides which files the compiler owns there.
public struct Manifest: Codable, Equatable, Sendable {
    struct Entry: Codable, Equatable, Sendable {
        let sha256: String
        /// Octal permission bits, e.g. "0644".
        let mode: String
        /// The group the file must belong to, when it is not root's.
        var group: String?
        /// The service that reloads when the file changes or goes; nil in manifests written
        /// before files declared it.
        var reload: Reload?

        /// How the manifest writes permission bits: four octal digits.
        static func modeText(_ mode: UInt16) -> String { String(mode, radix: 8).leftPadded(to: 4) }
    }

    public static let fileName = TreeLayout.buildFolder.manifest
    static let currentVersion = 1

    var version = Manifest.currentVersion
    var generator = "provha-compile"
    /// SHA-256 over the cluster file and the snapshot the build read.
    var inputs: String
    var files: [String: Entry]
    /// What the build provisioned (host entries, pools, subnets), for `RemovalGuard`.
    var inventory: [String: Int]?

    init(inputs: String, files: [String: Entry]) {
        self.inputs = inputs
        self.files = files
    }

    /// The manifest of `generated`; the files are hashed in parallel.
    init(inputs: String, generated: [GeneratedFile]) {
        let digests = Parallel.map(generated.count) { SHA256Digest.hex(of: generated[$0].text) }
        var entries: [String: Entry] = [:]
        for (file, digest) in zip(generated, digests) {
            entries[file.path] = Entry(sha256: digest, mode: Entry.modeText(file.mode), group: file.group, reload: file.reload)
        }
        self.init(inputs: inputs, files: entries)
    }

    /// The manifest of the folder at `root`, nil when it has none (or there is no folder).
    static func read(from root: String, layout: TreeLayout = .buildFolder) throws -> Manifest? {
        guard let folder = try OutputFolder(root: root) else { return nil }
        return try read(from: folder, layout: layout)
    }

    /// The manifest of `folder`, read without following links; every path it lists must lie
    /// inside the folder (a tampered manifest must not make a build delete or a diff print
    /// files elsewhere).
    static func read(from folder: OutputFolder, layout: TreeLayout) throws -> Manifest? {
        guard let (data, _) = try folder.read(layout.manifest) else { return nil }
        let path = folder.fullPath(layout.manifest)
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw OutputWriter.WriteError(path: path, reason: "not a provha-compile manifest (\(error))")
        }
        guard manifest.version == currentVersion else {
            throw OutputWriter.WriteError(path: path, reason: "manifest version \(manifest.version) is not \(currentVersion)")
        }
        if let outside = manifest.files.keys.sorted().first(where: { !OutputFolder.isContained($0) || layout.isReserved($0) }) {
            throw OutputWriter.WriteError(
                path: path, reason: "lists \(DiagnosticText.quoted(outside)), which is not a file of the tree; the manifest was tampered with")
        }
        return manifest
    }

    /// Stable text: keys sorted, one entry per line.
    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }
}

/// SHA-256 as lower-case hex, incrementally or at once.
struct SHA256Digest {
    private var hasher = SHA256()

    init() {}

    mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }
    mutating func update(_ data: Data) { hasher.update(data: data) }

    /// The digest as 64 lower-case hex digits (written directly: `String(format:)` per byte
    /// cost the no-op rebuild a tenth of its time).
    func hex() -> String {
        let digest = hasher.finalize()
        return String(unsafeUninitializedCapacity: 64) { buffer in
            var index = 0
            for byte in digest {
                buffer[index] = HexDigits.lowercase(Int(byte >> 4))
                buffer[index + 1] = HexDigits.lowercase(Int(byte & 0x0f))
                index += 2
            }
            return index
        }
    }

    static func hex(of text: String) -> String { hex(of: GeneratedText(text)) }

    static func hex(of text: GeneratedText) -> String {
        var digest = SHA256Digest()
        text.forEachPiece { digest.update($0) }
        return digest.hex()
    }

    static func hex(of data: Data) -> String {
        var digest = SHA256Digest()
        digest.update(data)
        return digest.hex()
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

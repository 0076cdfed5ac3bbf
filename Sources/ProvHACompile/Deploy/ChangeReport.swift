import Foundation

/// The deploy hook's input (`build --report json`): what a build changed, and which services
/// on which node must reload for it.
public struct ChangeReport: Encodable {
    public let written: [String]
    public let removed: [String]
    let unchanged: Int
    /// Per node, the services whose files changed (`Reload`, as each file declares it): dhcpd,
    /// named, dns-records (`dns-sync static`), rsyslog, autofs, firewalld, tmpfiles, systemd.
    let reload: [String: [String]]
    /// CMTS snippets that changed: for the network engineers, no service reloads them.
    let cmtsSnippets: [String]

    public init(_ summary: OutputWriter.Summary) {
        written = summary.written
        removed = summary.removed
        unchanged = summary.unchangedCount
        reload = Dictionary(
            uniqueKeysWithValues: NodeRole.allCases.map { node in
                (node.rawValue, (summary.reloads[node] ?? []).subtracting([.none]).sorted().map(\.rawValue))
            })
        cmtsSnippets = (summary.written + summary.removed).filter { $0.hasPrefix("cmts/") }.sorted()
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return ((try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }
}

/// Files of a deployed tree that differ from what its manifest says was written.
public struct DriftReport {
    public enum Finding: Equatable {
        case modified(String), missing(String), modeChanged(String), groupChanged(String)

        public var line: String {
            switch self {
            case let .modified(path): return "modified: \(path)"
            case let .missing(path): return "missing: \(path)"
            case let .modeChanged(path): return "mode changed: \(path)"
            case let .groupChanged(path): return "group changed: \(path)"
            }
        }
    }

    public let findings: [Finding]
    /// The manifest the files were checked against.
    public let manifest: Manifest
    /// The files found unchanged whose identity was settled, for the next check (`TreeStamp`).
    let unchanged: TreeStamp

    /// Checks every file the manifest of `root` lists; nil when the folder has no manifest.
    /// An interrupted build's journal is completed first (under the folder's lock). The files are
    /// hashed on every core, a slice each, streamed through one buffer per slice — except a file
    /// whose identity is the one `stamp` recorded with the manifest's digest: unwritten since.
    public static func check(root: String) throws -> DriftReport? { try check(root: root, stamp: TreeStamp()) }

    public static func check(root: String, stamp: TreeStamp) throws -> DriftReport? {
        let started = Date()
        guard let folder = try OutputFolder(root: root) else { return nil }
        try folder.lock()
        try WriteJournal.recover(in: folder, layout: .buildFolder)
        guard let manifest = try Manifest.read(from: folder, layout: .buildFolder) else { return nil }
        let entries = manifest.files.sorted { $0.key < $1.key }
        let slices = max(1, min(entries.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        let results = Parallel.map(slices) { slice in
            let range = (slice * entries.count / slices)..<((slice + 1) * entries.count / slices)
            return Result { try Self.findings(in: entries[range], root: root, stamp: stamp, started: started) }
        }
        var findings: [Finding] = []
        var unchanged = TreeStamp()
        for result in results {
            let (found, verified) = try result.get()
            findings += found
            unchanged.files.merge(verified) { $1 }
        }
        return DriftReport(findings: findings, manifest: manifest, unchanged: unchanged)
    }

    /// The findings of some manifest entries, through a folder descriptor of their own, and the
    /// entries found unchanged with a settled identity.
    private static func findings(
        in entries: ArraySlice<(key: String, value: Manifest.Entry)>, root: String, stamp: TreeStamp, started: Date
    ) throws -> ([Finding], [String: TreeStamp.Entry]) {
        guard let folder = try OutputFolder(root: root) else { return (entries.map { .missing($0.key) }, [:]) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: DirectIO.alignment)
        defer { buffer.deallocate() }
        var findings: [Finding] = []
        var verified: [String: TreeStamp.Entry] = [:]
        for (path, entry) in entries {
            // Taken before the read: a write during it changes the identity kept below.
            let identity = try folder.identity(of: path)
            if let identity, let stamped = stamp.files[path], stamped.sha256 == entry.sha256, stamped.identity == identity {
                verified[path] = stamped
                continue
            }
            guard let (digest, mode) = try folder.digest(path, buffer: buffer) else {
                findings.append(.missing(path))
                continue
            }
            if digest != entry.sha256 {
                findings.append(.modified(path))
            } else if Manifest.Entry.modeText(mode) != entry.mode {
                findings.append(.modeChanged(path))
            } else if let group = entry.group, let wanted = OutputFolder.groupID(named: group), try folder.groupID(of: path) != wanted {
                findings.append(.groupChanged(path))
            } else if let identity, identity.isSettled(before: started) {
                verified[path] = TreeStamp.Entry(identity: identity, sha256: digest)
            }
        }
        return (findings, verified)
    }
}

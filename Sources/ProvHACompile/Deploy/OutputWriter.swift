import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a rendered tree into the output folder, safely:
/// - inside the folder only (`OutputFolder`): no link below it is followed, no path of a
///   generated file or of the manifest may leave it;
/// - under an exclusive lock on the folder, so concurrent builds are serialised;
/// - only files whose bytes or mode change, and all of them at once (`WriteJournal`): a build
///   killed at any moment leaves the old tree or — once the next run completed the journal —
///   the new one, never a mix;
/// - files it generated before and no longer generates are removed;
/// - a file it did not generate (absent from the manifest) is never overwritten, unless forced;
/// - a build that would remove much of what the previous build provisioned (`RemovalGuard`)
///   is refused unless forced;
/// - a refused or failed build leaves the folder exactly as it was: no lock file, no new folder.
/// The manifest (at the layout's path) records what was written.
public struct OutputWriter {
    public let root: String
    /// Where the manifest, the journal and the staged files go.
    var layout = TreeLayout.buildFolder
    /// The node whose files these are when their paths are deployed paths (a live root holds one
    /// node's tree); nil: the node is the path's first folder (`master/…`).
    var node: NodeRole?
    /// Overwrite files the manifest does not list, and remove more than `removalGuard` allows.
    public var force = false
    var removalGuard = RemovalGuard()
    /// Called after each step that changes the folder (a staged file, the journal, a rename, a
    /// removal): progress, and a test hook for kills and failures.
    public var afterEachStep: ((String) throws -> Void)?

    init(root: String, force: Bool = false) {
        self.root = root
        self.force = force
    }

    public struct WriteError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        public var description: String { "\(path): \(reason)" }

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// Files that stand where the build would write but that it did not generate.
    struct ForeignFiles: Error {
        let paths: [String]
    }

    /// What writing `files` would do to the folder.
    public struct Plan {
        var added: [GeneratedFile] = []
        /// With the bytes and mode the file has now.
        var changed: [(file: GeneratedFile, old: Data, oldMode: UInt16)] = []
        var unchangedCount = 0
        /// Generated before (in the manifest), generated no more.
        var removed: [(path: String, old: Data)] = []
        /// On disk with other bytes, not in the manifest: the build refuses them without force.
        var foreign: [String] = []
        /// The group of each foreign file that is not root's, by name (to give it back).
        var foreignGroups: [String: String] = [:]
        var oldManifest: Manifest?
        /// Why `build` would refuse to write this (the removal guard), when it would.
        var removalRefusal: String?
        /// The cluster's name, for a summary's title.
        public var clusterName = ""

        public var isEmpty: Bool { added.isEmpty && changed.isEmpty && removed.isEmpty }
    }

    /// What a write did.
    public struct Summary: Equatable {
        public var written: [String] = []
        public var removed: [String] = []
        public var unchangedCount = 0
        /// Per node, the services the written and removed files declare (`GeneratedFile.reload`;
        /// a removed file's from the manifest, every service when that manifest predates them).
        var reloads: [NodeRole: Set<Reload>] = [:]

        public init(written: [String] = [], removed: [String] = [], unchangedCount: Int = 0) {
            self.written = written
            self.removed = removed
            self.unchangedCount = unchangedCount
        }
    }

    func path(of relative: String) -> String { (root as NSString).appendingPathComponent(relative) }

    /// Compares `files` with the folder and its manifest; reads, never writes. An interrupted
    /// build's journal is completed first (under the lock), so the plan reads a whole tree.
    public func plan(_ files: [GeneratedFile]) throws -> Plan {
        guard let folder = try OutputFolder(root: root) else { return Plan(added: files) }
        try folder.lock()
        if try folder.exists(layout.journal) { try WriteJournal.recover(in: folder, layout: layout) }
        return try plan(files, in: folder)
    }

    private func plan(_ files: [GeneratedFile], in folder: OutputFolder) throws -> Plan {
        var plan = Plan()
        plan.oldManifest = try Manifest.read(from: folder, layout: layout)
        let owned = plan.oldManifest?.files ?? [:]
        for file in files {
            guard let (existing, mode) = try folder.read(file.path) else {
                plan.added.append(file)
                continue
            }
            if file.text.equals(existing), mode == file.mode, try hasItsGroup(file, in: folder) {
                plan.unchangedCount += 1
                continue
            }
            if owned[file.path] == nil {
                plan.foreign.append(file.path)
                if let group = try folder.groupID(of: file.path), group != 0, let entry = getgrgid(group) {
                    plan.foreignGroups[file.path] = String(cString: entry.pointee.gr_name)
                }
            }
            plan.changed.append((file, existing, mode))
        }
        let generated = Set(files.map(\.path))
        for stale in owned.keys.sorted() where !generated.contains(stale) {
            if let (old, _) = try folder.read(stale) { plan.removed.append((stale, old)) }
        }
        return plan
    }

    /// Writes `files`, recording `inputs` (the digest of what they were built from) and
    /// `inventory` (what they provision, for the removal guard).
    func write(_ files: [GeneratedFile], inputs: String, inventory: [String: Int] = [:]) throws -> Summary {
        if let outside = files.first(where: { !OutputFolder.isContained($0.path) || layout.isReserved($0.path) }) {
            throw WriteError(path: path(of: outside.path), reason: "is not a path inside the output folder")
        }
        let createdFolders = try Self.createFolder(root)
        do {
            guard let folder = try OutputFolder(root: root) else { throw WriteError(path: root, reason: "vanished while being written") }
            try folder.lock()
            try WriteJournal.recover(in: folder, layout: layout)
            let plan = try plan(files, in: folder)
            if !plan.foreign.isEmpty, !force { throw ForeignFiles(paths: plan.foreign) }
            if !force { try removalGuard.check(previous: plan.oldManifest?.inventory ?? [:], next: inventory) }
            let makeManifest: @Sendable () -> Manifest = {
                var manifest = Manifest(inputs: inputs, generated: files)
                manifest.inventory = inventory.isEmpty ? nil : inventory
                return manifest
            }
            var summary = Summary(unchangedCount: plan.unchangedCount)
            // With files to write, the manifest is hashed while they are staged (`stage`).
            var manifest = makeManifest
            if plan.isEmpty {
                let made = makeManifest()
                if try folder.read(layout.manifest).map({ GeneratedText(made.encoded()).equals($0.data) }) ?? false { return summary }
                manifest = { made }
            }

            let (journal, written) = try stage(
                plan.added + plan.changed.map(\.file), manifest: manifest, removals: plan.removed.map(\.path), in: folder)
            do {
                try afterEachStep?(layout.journal)
                try journal.apply(in: folder, layout: layout, afterEachStep: afterEachStep)
            } catch {
                throw WriteError(path: root, reason: "the build stopped half-way (\(error)); the next provha-compile run on this folder completes it")
            }
            summary.written = (plan.added.map(\.path) + plan.changed.map(\.file.path)).sorted()
            summary.removed = plan.removed.map(\.path)
            if layout == .buildFolder {
                TreeStamp.keep(afterWriting: summary.written, manifest: written, removed: summary.removed, in: folder)
            }
            for file in plan.added + plan.changed.map(\.file) {
                if let node = file.node ?? node { summary.reloads[node, default: []].insert(file.reload) }
            }
            for (path, _) in plan.removed {
                guard let node = NodeRole(treePath: path) ?? node else { continue }
                let declared = plan.oldManifest?.files[path]?.reload
                summary.reloads[node, default: []].formUnion(declared.map { [$0] } ?? Set(Reload.allCases))
            }
            return summary
        } catch {
            Self.removeCreated(createdFolders)
            throw error
        }
    }

    /// Stages the new bytes, flushes them and commits the journal; on any failure before the
    /// commit the staging folder is removed and the tree is as it was. `manifest` is made (it
    /// hashes every file) and encoded on a thread of its own while the files are staged, filling
    /// the time the staging threads wait for the device; then one flush makes all of it durable,
    /// before the journal makes any of it count.
    private func stage(
        _ files: [GeneratedFile], manifest: @escaping @Sendable () -> Manifest, removals: [String], in folder: OutputFolder
    )
        throws -> (WriteJournal, Manifest)
    {
        let targets = files.map(\.path) + [layout.manifest]
        let moves = targets.enumerated().map { WriteJournal.Move(staged: layout.stagedName(index: $0, target: $1), target: $1) }
        do {
            if layout.stagingFolder == nil {
                try folder.create(layout.stagedList, contents: moves.map { "\($0.staged)\n" }.joined(), mode: 0o600, sync: true)
            }
            let encodedManifest: @Sendable () -> (Manifest, String) = {
                let made = manifest()
                return (made, made.encoded())
            }
            // The manifest (hashing every file) is made while the files are staged.
            let ((made, text), _) = try Parallel.run(encodedManifest, while: { try stageFiles(files, moves: moves, in: folder) })
            try folder.create(layout.stagedPath(moves[files.count].staged), contents: text, mode: 0o644, sync: false)
            // Every staged byte, the manifest's too, is durable before the journal makes it count.
            sync()
            let journal = WriteJournal(moves: moves, removals: removals)
            try journal.commit(in: folder, layout: layout)
            return (journal, made)
        } catch {
            try? folder.remove(layout.journal + ".tmp")
            try? WriteJournal.removeStaged(in: folder, layout: layout)
            throw error
        }
    }

    /// Writes each file to its staged path, on every core: the folders are made (and the group
    /// IDs looked up) first, one after the other; the files are then created in parallel, and
    /// `afterEachStep` is called for one at a time. The first failure (by file order among those
    /// that failed) is thrown once the files already started are written.
    private func stageFiles(_ files: [GeneratedFile], moves: [WriteJournal.Move], in folder: OutputFolder) throws {
        let places = try zip(files, moves).map { file, move in
            (place: try folder.place(ofNewFile: layout.stagedPath(move.staged)), groupID: Self.groupIDToSet(for: file))
        }
        let afterEachStep = afterEachStep.map { SerializedCall($0) }
        try Parallel.forEach(files.count) { index in
            let file = files[index]
            try OutputFolder.create(at: places[index].place, text: file.text, mode: file.mode, groupID: places[index].groupID, sync: false)
            try afterEachStep?(file.path)
        }
    }

    /// The group ID a file must be given: only when it names a group, this machine knows it and
    /// the build runs as root (otherwise the file stays the builder's, and `unresolvedGroups`
    /// says so).
    static func groupIDToSet(for file: GeneratedFile) -> UInt32? {
        guard let group = file.group, OutputFolder.mayChangeGroups else { return nil }
        return OutputFolder.groupID(named: group)
    }

    /// Whether the file on disk belongs to the group it must (true when none can be set here).
    private func hasItsGroup(_ file: GeneratedFile, in folder: OutputFolder) throws -> Bool {
        guard let wanted = Self.groupIDToSet(for: file) else { return true }
        return try folder.groupID(of: file.path) == wanted
    }

    /// The groups `files` name that this build cannot give them: not root, or no such group
    /// on this machine (a CI runner without BIND); the deploy must set them.
    static func unresolvedGroups(_ files: [GeneratedFile]) -> [String] {
        Set(files.compactMap(\.group)).filter { !OutputFolder.mayChangeGroups || OutputFolder.groupID(named: $0) == nil }.sorted()
    }

    /// Creates the folder at `path` and its missing parents; returns those it created, deepest
    /// first, so that a failed build (or a refused apply) can take them away again.
    static func createFolder(_ path: String) throws -> [String] {
        var missing: [String] = []
        var folder = absolute(path)
        while folder != "/", !FileManager.default.fileExists(atPath: folder) {
            missing.append(folder)
            folder = (folder as NSString).deletingLastPathComponent
        }
        for created in missing.reversed() {
            guard mkdir(created, 0o755) == 0 || errno == EEXIST else {
                let reason = OutputFolder.reason(errno)
                removeCreated(missing)
                throw WriteError(path: created, reason: "cannot create the folder: \(reason)")
            }
        }
        return missing
    }

    /// `path` made absolute (from the working folder) without `.`, `..` or empty components;
    /// no link is resolved. (Foundation's `standardizingPath` crashes on a relative name that
    /// does not exist, such as `--out out` before the first build.)
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Removes folders `createFolder` made, where they are still empty.
    static func removeCreated(_ folders: [String]) {
        for folder in folders { rmdir(folder) }
    }

    /// Replaces the single file at `path` atomically (temporary file, fsync, rename).
    public static func replaceFile(at path: String, with text: String, mode: UInt16 = 0o644) throws {
        let folderPath = (path as NSString).deletingLastPathComponent
        guard let folder = try OutputFolder(root: folderPath.isEmpty ? "." : folderPath) else {
            throw WriteError(path: folderPath, reason: "no such folder")
        }
        let name = (path as NSString).lastPathComponent
        let temporary = ".\(name).provha-tmp"
        try folder.create(temporary, contents: text, mode: mode, sync: true)
        do {
            try folder.rename(temporary, to: name)
        } catch {
            try? folder.remove(temporary)
            throw error
        }
    }

    /// Writes files as they are, without manifest, lock or journal (reference trees, checker
    /// copies); still only inside the folder.
    func writeFiles(_ files: [GeneratedFile]) throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        guard let folder = try OutputFolder(root: root) else { throw WriteError(path: root, reason: "no such folder") }
        for file in files {
            try folder.create(file.path, text: file.text, mode: file.mode, sync: false)
        }
    }
}

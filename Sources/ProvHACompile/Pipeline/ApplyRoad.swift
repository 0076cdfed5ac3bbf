import Foundation

/// `apply`: one node's tree written into its live file system, then exactly the services whose
/// files changed reloaded, in `Reload.applyOrder`; a reload that fails puts the previous files
/// back and reloads what had been reloaded, so the node runs what it ran before.
extension CompilerPipeline {
    /// What `apply` needs besides the inputs.
    public struct ApplyOptions {
        var node: NodeRole
        /// The file system the node's deployed paths are written under.
        public var root = "/"
        /// Overwrite files no apply wrote (a first install over NMS Prime's own files) and remove
        /// more than the removal guard allows.
        public var force = false
        /// Run the installed checkers on the rendered tree before writing anything.
        public var verify = true
        public var maxRemovalPercent = 30
        /// Told each step, one line at a time.
        public var log: (String) -> Void = { _ in }
        /// Called after each step that changes the file system (the tests' fault injection).
        public var afterEachStep: ((String) throws -> Void)?

        public init(node: NodeRole) { self.node = node }
    }

    /// What an apply did.
    public enum ApplyOutcome {
        /// The node's files already were these: nothing written, nothing reloaded.
        case unchanged(count: Int)
        /// Written and reloaded.
        case applied(OutputWriter.Summary, reloads: [ServiceReloader.Step])
        /// A reload failed: the previous files are back and the services reloaded so far were
        /// reloaded again on them. The errors are among the diagnostics (also when putting the
        /// files back failed).
        case rolledBack(reloads: [ServiceReloader.Step])
        /// Refused or failed before anything changed.
        case failed
    }

    public func apply(_ input: Input, options: ApplyOptions) -> ApplyOutcome {
        let rootLocation = SourceLocation.input(path: options.root)
        guard let model = validatedModel(input) else { return .failed }
        let files = Emitters.render(model)
        guard model.checkPairs(files, diagnostics: diagnostics) else { return .failed }
        if options.verify, !RealCheckers().verify(files, diagnostics: diagnostics) { return .failed }
        let nodeFiles = files.compactMap { file -> GeneratedFile? in
            guard file.node == options.node, let deployed = file.deployedPath else { return nil }
            return GeneratedFile(
                path: String(deployed.drop { $0 == "/" }), reload: file.reload, text: file.text, mode: file.mode, group: file.group)
        }
        var writer = OutputWriter(root: options.root, force: options.force)
        writer.layout = .liveRoot
        writer.node = options.node
        writer.removalGuard = RemovalGuard(maxRemovedPercent: options.maxRemovalPercent)
        writer.afterEachStep = options.afterEachStep
        var lock: ApplyLock?
        defer { withExtendedLifetime(lock) {} }
        do {
            lock = try ApplyLock(root: options.root, layout: .liveRoot)
            let plan = try writer.plan(nodeFiles)
            if !plan.foreign.isEmpty, !options.force { throw OutputWriter.ForeignFiles(paths: plan.foreign) }
            guard let previous = Rollback(plan: plan, new: nodeFiles) else {
                throw OutputWriter.WriteError(path: options.root, reason: "a file apply would replace is not UTF-8 text; it could not be put back")
            }
            let summary = try writer.write(nodeFiles, inputs: model.inputDigest, inventory: model.provisionedInventory)
            guard !summary.written.isEmpty || !summary.removed.isEmpty else {
                return .unchanged(count: summary.unchangedCount)
            }
            options.log(
                "\(summary.written.count) written, \(summary.removed.count) removed, \(summary.unchangedCount) unchanged under \(options.root)")
            let reloader = ServiceReloader(
                settings: model.apply, node: options.node, root: options.root, peerDHCP: model.peerDHCPEndpoints(of: options.node))
            var steps: [ServiceReloader.Step] = []
            for service in Reload.applyOrder where summary.reloads[options.node]?.contains(service) == true {
                let changed = (summary.written + summary.removed).filter { previous.reloadOfChanged[$0] == service }
                let step = reloader.reload(service, changed: changed, log: options.log)
                steps.append(step)
                guard let failure = step.failure else {
                    options.log("reloaded \(service.rawValue) in \(String(format: "%.2f", step.seconds)) s")
                    continue
                }
                diagnostics.error("reloading \(service.rawValue) failed (\(failure)); putting the previous files back", at: rootLocation)
                rollBack(to: previous, of: plan, with: writer, reloading: steps.map(\.service), by: reloader, options: options)
                return .rolledBack(reloads: steps)
            }
            return .applied(summary, reloads: steps)
        } catch {
            report(
                error, of: writer, at: rootLocation,
                foreign:
                    "not written by provha-compile apply (its manifest does not list it); refusing to overwrite it without --force (a first install takes over NMS Prime's files with --force)",
                otherwise: "cannot apply")
        }
        lock?.removeCreatedFolders()
        return .failed
    }

    /// Writes the previous files back (forced: they were the folder's), then reloads `services`
    /// again on them; every failure is an error that says the node needs a person.
    private func rollBack(
        to previous: Rollback, of plan: OutputWriter.Plan, with writer: OutputWriter, reloading services: [Reload],
        by reloader: ServiceReloader, options: ApplyOptions
    ) {
        let rootLocation = SourceLocation.input(path: options.root)
        var rollbackWriter = writer
        rollbackWriter.force = true
        rollbackWriter.afterEachStep = nil
        do {
            _ = try rollbackWriter.write(previous.files, inputs: plan.oldManifest?.inputs ?? "", inventory: plan.oldManifest?.inventory ?? [:])
        } catch {
            diagnostics.error("the previous files could not be put back (\(error)); the node needs a person", at: rootLocation)
            return
        }
        for service in services {
            if let failure = reloader.reload(service, changed: [], log: options.log).failure {
                diagnostics.error(
                    "after the rollback, reloading \(service.rawValue) failed too (\(failure)); the node needs a person", at: rootLocation)
            } else {
                options.log("rolled back: reloaded \(service.rawValue) on the previous files")
            }
        }
    }
}

extension ClusterModel {
    /// Where `role`'s peer's DHCP servers accept connections while they run (dhcpd's failover
    /// port, Kea's HA listeners: `DHCPServerBackend.peerPort`), by the reload that restarts each.
    func peerDHCPEndpoints(of role: NodeRole) -> [Reload: ServiceReloader.Endpoint] {
        Dictionary(
            dhcpServers.map {
                (type(of: $0).serverReload, ServiceReloader.Endpoint(address: node(role.peer).address, port: $0.peerPort(self, of: role.peer)))
            },
            uniquingKeysWith: { first, _ in first })
    }
}

/// The files a node had before an apply, to put back when a reload fails: the manifest's files
/// with their previous bytes (unchanged ones are the new ones), and the foreign files a forced
/// first install replaced (with their mode and group). Files the apply added are not among them, so writing these removes them.
struct Rollback {
    let files: [GeneratedFile]
    /// The service each written or removed path declares (new files' own, removed files' from
    /// the old manifest).
    let reloadOfChanged: [String: Reload]

    /// nil when a previous file is not UTF-8 text (it could not be written back as it was).
    init?(plan: OutputWriter.Plan, new: [GeneratedFile]) {
        let old = plan.oldManifest?.files ?? [:]
        let newByPath = Dictionary(new.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var previous: [String: GeneratedFile] = [:]
        var reloads: [String: Reload] = [:]
        for (path, entry) in old {
            guard let file = newByPath[path] else { continue }
            previous[path] = GeneratedFile(
                path: path, reload: entry.reload ?? file.reload, text: file.text, mode: file.mode, group: file.group)
        }
        for change in plan.changed {
            guard let text = String(validating: change.old, as: UTF8.self) else { return nil }
            let entry = old[change.file.path]
            previous[change.file.path] = GeneratedFile(
                path: change.file.path, reload: entry?.reload ?? change.file.reload, contents: text, mode: change.oldMode,
                group: entry?.group ?? plan.foreignGroups[change.file.path])
            reloads[change.file.path] = change.file.reload
        }
        for file in plan.added { reloads[file.path] = file.reload }
        for stale in plan.removed {
            guard let text = String(validating: stale.old, as: UTF8.self) else { return nil }
            let entry = old[stale.path]
            let mode = entry.flatMap { UInt16($0.mode, radix: 8) } ?? 0o644
            previous[stale.path] = GeneratedFile(path: stale.path, reload: entry?.reload ?? .none, contents: text, mode: mode, group: entry?.group)
            reloads[stale.path] = entry?.reload
        }
        files = previous.keys.sorted().compactMap { previous[$0] }
        reloadOfChanged = reloads
    }
}

/// Holds `apply`'s lock on a node for the whole write and reload: a watch cycle and a manual
/// apply run one after the other. The layout's state folder, locked as an output folder locks.
final class ApplyLock {
    /// Held open: the lock lasts as long as its descriptor.
    private let folder: OutputFolder
    /// The folders the lock created, deepest first (a refused apply takes them away again).
    private let created: [String]

    init(root: String, layout: TreeLayout) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue else {
            throw OutputWriter.WriteError(path: root, reason: "is not a folder")
        }
        let path = OutputWriter.absolute(root + "/" + (layout.stateFolder ?? ""))
        created = try OutputWriter.createFolder(path)
        do {
            guard let folder = try OutputFolder(root: path) else { throw OutputWriter.WriteError(path: path, reason: "vanished") }
            try folder.lock()
            self.folder = folder
        } catch {
            OutputWriter.removeCreated(created)
            throw error
        }
    }

    /// Removes the folders the lock created, where they are still empty.
    func removeCreatedFolders() { OutputWriter.removeCreated(created) }
}

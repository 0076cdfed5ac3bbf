import Foundation

/// The compiler's stages, in order: read the cluster file → read the snapshot → validate
/// them together into a `ClusterModel` → render every file → write the tree. Each stage
/// reports into one `DiagnosticCollector`; a stage runs only when the ones before it succeeded.
public struct CompilerPipeline {
    /// The input of a run.
    public struct Input {
        var clusterFile: String
        /// Overrides the cluster file's `snapshot` section (`--snapshot` / `--db`).
        public var snapshotOverride: SnapshotSource?
        var environment: [String: String]
        /// Whether a dump is hashed for the input digest a build's manifest keeps; `check`
        /// writes no manifest and spares the dump's SHA-256 a core's time while it is read.
        var digestsSnapshot = true

        public init(
            clusterFile: String, snapshotOverride: SnapshotSource? = nil,
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.clusterFile = clusterFile
            self.snapshotOverride = snapshotOverride
            self.environment = environment
        }
    }

    public let diagnostics: DiagnosticCollector

    public init(diagnostics: DiagnosticCollector = DiagnosticCollector()) { self.diagnostics = diagnostics }

    /// Stages 1–3: the validated model, or nil when any error was reported. `finished` is told
    /// the name of each stage as it ends ("read", then "validate"), for `--timings`.
    public func validatedModel(_ input: Input, finished: (String) -> Void = { _ in }) -> ClusterModel? {
        guard let config = ClusterFileReader(diagnostics: diagnostics).read(path: input.clusterFile) else { return nil }
        guard let source = input.snapshotOverride ?? config.snapshot?.value else {
            diagnostics.error(
                "no snapshot: give the cluster file a 'snapshot' section, or pass --snapshot DUMP",
                at: .input(path: input.clusterFile))
            return nil
        }
        // A snapshot that could not be read to its end gives nothing to check against; the
        // cluster file is still checked on its own so that one run reports all it can.
        guard let snapshot = reader(for: source, config: config, input: input).read(diagnostics: diagnostics) else {
            Validator(
                config: config, snapshot: Snapshot(source: ""), diagnostics: diagnostics,
                environment: input.environment
            ).checkClusterFileOnly()
            return nil
        }
        finished("read")
        let model = Validator(
            config: config, snapshot: snapshot, diagnostics: diagnostics,
            environment: input.environment
        ).validate()
        finished("validate")
        return diagnostics.hasErrors ? nil : model
    }

    /// Stages 1–4: every generated file, or nil when any error was reported.
    public func render(_ input: Input) -> [GeneratedFile]? {
        validatedModel(input).map { Emitters.render($0) }
    }

    private func reader(for source: SnapshotSource, config: ClusterConfig, input: Input) -> SnapshotReader {
        switch source {
        case let .dump(path):
            return DumpReader(path: path, digesting: input.digestsSnapshot)
        case var .mariadb(target):
            // A --db URL names no password variable: take the cluster file's, if it has one.
            if target.passwordEnv == nil, case let .mariadb(configured)? = config.snapshot?.value {
                target.passwordEnv = configured.passwordEnv
            }
            return LiveSnapshotReader(target: target, environment: input.environment)
        }
    }
}

/// A source of NMS Prime data: a dump file today, a live database connection later. Each
/// fills the model through `SnapshotBuilder`, so the column logic exists once.
protocol SnapshotReader {
    /// Reads the snapshot, reporting problems; nil when it could not be read completely.
    func read(diagnostics: DiagnosticCollector) -> Snapshot?
}

extension DumpReader: SnapshotReader {
    func read(diagnostics: DiagnosticCollector) -> Snapshot? {
        let builder = SnapshotBuilder(source: path, diagnostics: diagnostics)
        guard read(into: builder, diagnostics: diagnostics) else { return nil }
        return builder.finish()
    }
}

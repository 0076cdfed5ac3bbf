import Yams

/// The cluster file's lists of names and paths on the nodes (`tftp.sync.storage`,
/// `nmsprime.slave_clean_up`): each entry a string, accepted by its key's rule, named once.
extension ClusterFileReader {
    /// `tftp.sync.storage`: NMS Prime's storage folders the master pushes, each one of
    /// `NMSPrimeStorage.folders` (`provha` is refused: it differs between the nodes).
    func readStorageFolders(_ items: [Node], in reader: YAMLMappingReader) -> [String] {
        distinctStrings(items, key: "tftp.sync.storage", expected: "folder names", in: reader) { name in
            if name == "provha" {
                return
                    "'tftp.sync.storage' cannot hold 'provha': storage/app/data/provha differs between the nodes (the slave's moved system files), NMS Prime never syncs it"
            }
            guard !NMSPrimeStorage.folders.contains(name) else { return nil }
            var message =
                "'tftp.sync.storage' \(DiagnosticText.quoted(name)) is not one of NMS Prime's synced folders (\(NMSPrimeStorage.folders.joined(separator: ", ")))"
            if let suggestion = Spelling.nearest(to: name, among: NMSPrimeStorage.folders) {
                message += "; did you mean \(DiagnosticText.quoted(suggestion))?"
            }
            return message
        }
    }

    /// `nmsprime.slave_clean_up`: absolute paths as `DeployedPath` allows them, none inside NMS
    /// Prime's storage (where the moved files go).
    func readCleanUpPaths(_ items: [Node], in reader: YAMLMappingReader) -> [String] {
        distinctStrings(items, key: "nmsprime.slave_clean_up", expected: "paths", in: reader) { path in
            let storage = NMSPrimeStorage.root
            if let problem = DeployedPath.problem(path) { return "'nmsprime.slave_clean_up' \(DiagnosticText.quoted(path)) \(problem)" }
            guard path == "/" || path == storage || path.hasPrefix(storage + "/") || storage.hasPrefix(path + "/") else { return nil }
            return "'nmsprime.slave_clean_up' \(DiagnosticText.quoted(path)) overlaps NMS Prime's storage, where the clean-up moves files to"
        }
    }

    /// The strings of a list at `key`, in order: an entry that is not a string, that `refusal`
    /// refuses (it returns the whole message) or that repeats an earlier one is reported at its
    /// place and left out.
    private func distinctStrings(
        _ items: [Node], key: String, expected: String, in reader: YAMLMappingReader, refusal: (String) -> String?
    ) -> [String] {
        var values: [String] = []
        for item in items {
            let location = reader.location(of: item)
            guard let value = item.scalar?.string, item.tagName == .str else {
                diagnostics.error("'\(key)' entries must be \(expected), found \(YAMLMappingReader.describe(item))", at: location)
                continue
            }
            if let message = refusal(value) {
                diagnostics.error(message, at: location)
            } else if values.contains(value) {
                diagnostics.error("'\(key)' names \(DiagnosticText.quoted(value)) twice", at: location)
            } else {
                values.append(value)
            }
        }
        return values
    }
}

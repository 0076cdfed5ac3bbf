import Foundation

/// How a build switches the whole tree at once. New bytes are first written into the staging
/// folder (`.provha-staging/`, beside the tree, same file system) and flushed; then the
/// journal (`.provha-journal`) is written atomically: that is the moment the build counts as
/// done. Only after it do renames move the staged files over their targets, stale files go
/// and the journal is removed.
///
/// A build killed before the journal exists leaves the old tree (and a staging folder the
/// next run removes); killed after, it leaves a journal that every later run on the folder
/// (`build`, `diff`, `drift`) completes first, under the folder's lock, before it reads
/// anything. Completing is idempotent: a rename whose staged file is gone was already done.
struct WriteJournal: Codable, Equatable {
    static let fileName = ".provha-journal"
    static let stagingFolder = ".provha-staging"

    /// One staged file and the path it replaces.
    struct Move: Codable, Equatable {
        let staged: String
        let target: String
    }

    var version = 1
    /// In order; the manifest's move comes last.
    var moves: [Move]
    var removals: [String]

    /// Writes the journal atomically and durably: the commit point of a build.
    func commit(in folder: OutputFolder) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
        let temporary = Self.fileName + ".tmp"
        try folder.create(temporary, contents: text, mode: 0o644, sync: true)
        try folder.rename(temporary, to: Self.fileName)
        folder.syncFolder()
    }

    /// Carries out the journal's moves and removals, then removes it and the staging folder.
    /// `afterEachStep` is called after each rename and removal.
    func apply(in folder: OutputFolder, afterEachStep: ((String) throws -> Void)?) throws {
        for move in moves {
            if try folder.rename("\(Self.stagingFolder)/\(move.staged)", to: move.target) {
                try afterEachStep?(move.target)
            }
        }
        for path in removals {
            try folder.remove(path)
            try afterEachStep?(path)
        }
        sync()
        try folder.remove(Self.fileName)
        try folder.removeFlatFolder(Self.stagingFolder)
    }

    /// Completes the journal an interrupted build left, and clears a staging folder left by
    /// a build killed before its commit. Call with the folder locked.
    static func recover(in folder: OutputFolder) throws {
        if let (data, _) = try folder.read(fileName) {
            let journal: WriteJournal
            do {
                journal = try JSONDecoder().decode(WriteJournal.self, from: data)
            } catch {
                throw OutputWriter.WriteError(path: folder.fullPath(fileName), reason: "not a provha-compile journal (\(error))")
            }
            let paths = journal.moves.flatMap { [$0.staged, $0.target] } + journal.removals
            guard journal.version == 1, paths.allSatisfy(OutputFolder.isContained) else {
                throw OutputWriter.WriteError(path: folder.fullPath(fileName), reason: "names a path outside the folder; it was tampered with")
            }
            try journal.apply(in: folder, afterEachStep: nil)
        }
        try folder.remove(fileName + ".tmp")
        try folder.removeFlatFolder(stagingFolder)
    }
}

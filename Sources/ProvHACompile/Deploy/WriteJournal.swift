import Foundation

/// How a build switches the whole tree at once. New bytes are first staged (in the layout's
/// staging folder, or beside each target: same file system either way) and flushed; then the
/// journal is written atomically: that is the moment the build counts as done. Only after it do
/// renames move the staged files over their targets, stale files go and the journal is removed.
///
/// A build killed before the journal exists leaves the old tree (and staged files the next run
/// removes); killed after, it leaves a journal that every later run on the folder (`build`,
/// `diff`, `drift`, `apply`) completes first, under the folder's lock, before it reads anything.
/// Completing is idempotent: a rename whose staged file is gone was already done.
struct WriteJournal: Codable, Equatable {
    /// One staged file (its name in the staging folder, or its path beside the target) and the
    /// path it replaces.
    struct Move: Codable, Equatable {
        let staged: String
        let target: String
    }

    var version = 1
    /// In order; the manifest's move comes last.
    var moves: [Move]
    var removals: [String]

    /// Writes the journal atomically and durably: the commit point of a build.
    func commit(in folder: OutputFolder, layout: TreeLayout) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
        let temporary = layout.journal + ".tmp"
        try folder.create(temporary, contents: text, mode: 0o644, sync: true)
        try folder.rename(temporary, to: layout.journal)
        folder.syncFolder()
    }

    /// Carries out the journal's moves and removals, then removes it and the staging folder.
    /// `afterEachStep` is called after each rename and removal.
    func apply(in folder: OutputFolder, layout: TreeLayout, afterEachStep: ((String) throws -> Void)?) throws {
        for move in moves {
            if try folder.rename(layout.stagedPath(move.staged), to: move.target) {
                try afterEachStep?(move.target)
            }
        }
        for path in removals {
            try folder.remove(path)
            try afterEachStep?(path)
        }
        sync()
        try folder.remove(layout.journal)
        try Self.removeStaged(in: folder, layout: layout)
    }

    /// Takes away the staging folder, or the files a killed run staged beside their targets.
    static func removeStaged(in folder: OutputFolder, layout: TreeLayout) throws {
        if let stagingFolder = layout.stagingFolder {
            try folder.removeFlatFolder(stagingFolder)
            return
        }
        guard let (data, _) = try folder.read(layout.stagedList) else { return }
        for path in String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init) where OutputFolder.isContained(path) {
            try folder.remove(path)
        }
        try folder.remove(layout.stagedList)
    }

    /// Completes the journal an interrupted build left, and clears a staging folder left by
    /// a build killed before its commit. Call with the folder locked.
    static func recover(in folder: OutputFolder, layout: TreeLayout) throws {
        if let (data, _) = try folder.read(layout.journal) {
            let journal: WriteJournal
            do {
                journal = try JSONDecoder().decode(WriteJournal.self, from: data)
            } catch {
                throw OutputWriter.WriteError(path: folder.fullPath(layout.journal), reason: "not a provha-compile journal (\(error))")
            }
            let paths = journal.moves.flatMap { [layout.stagedPath($0.staged), $0.target] } + journal.removals
            guard journal.version == 1, paths.allSatisfy(OutputFolder.isContained) else {
                throw OutputWriter.WriteError(path: folder.fullPath(layout.journal), reason: "names a path outside the folder; it was tampered with")
            }
            try journal.apply(in: folder, layout: layout, afterEachStep: nil)
        }
        try folder.remove(layout.journal + ".tmp")
        try removeStaged(in: folder, layout: layout)
    }
}

/// Where the writer keeps its bookkeeping in the folder it writes: the manifest, the journal,
/// and where new bytes are staged before the journal makes them count.
///
/// `build` writes a folder of its own (`buildFolder`): bookkeeping at the top, one staging
/// folder beside the trees. `apply` writes a node's tree into a live file system (`liveRoot`),
/// whose folders (`/etc`, `/usr`, `/var`) may lie on different file systems: a file is staged
/// beside its target (`.NAME.provha-new`, a name no daemon's `*.conf` or `*.xml` glob reads), so
/// the rename that switches it never crosses a file system.
public struct TreeLayout: Sendable, Equatable {
    /// Relative paths inside the folder.
    public let manifest: String
    let journal: String
    /// nil: stage each file beside its target.
    let stagingFolder: String?
    /// The bookkeeping's own folder (nil: the top); no generated file may lie inside it.
    let stateFolder: String?

    static let buildFolder = TreeLayout(
        manifest: ".provha-manifest.json", journal: ".provha-journal", stagingFolder: ".provha-staging", stateFolder: nil)
    public static let liveRoot = TreeLayout(
        manifest: "var/lib/nmsprime-provha/apply/manifest.json", journal: "var/lib/nmsprime-provha/apply/journal", stagingFolder: nil,
        stateFolder: "var/lib/nmsprime-provha/apply")

    /// Lists the files staged beside their targets before the journal exists, so that the next run
    /// can take away what a killed one staged.
    var stagedList: String { journal + ".staged" }

    /// Whether a generated file (or a manifest entry) may not have this path: it is bookkeeping.
    func isReserved(_ path: String) -> Bool {
        if let stateFolder { return path == stateFolder || path.hasPrefix(stateFolder + "/") }
        return path.hasPrefix(".provha")
    }

    /// Where the file staged as `name` lies: inside the staging folder, or the name itself when
    /// staged beside its target.
    func stagedPath(_ name: String) -> String { stagingFolder.map { "\($0)/\(name)" } ?? name }

    /// The name the `index`th staged file gets for `target`.
    func stagedName(index: Int, target: String) -> String {
        guard stagingFolder == nil else { return String(index) }
        guard let slash = target.lastIndex(of: "/") else { return ".\(target).provha-new" }
        return "\(target[..<slash])/.\(target[target.index(after: slash)...]).provha-new"
    }
}

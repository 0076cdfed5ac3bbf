import Foundation
import FuzzSupport
@testable import ProvHACompile

/// libFuzzer target: any bytes as a mariadb-dump, read and then validated against a fixed
/// cluster. Fails (traps) on a diagnostic that names neither a line and column of the dump nor
/// a table row (except the few about the dump as a whole), or that is not one printable line,
/// and when the dump read in small pieces (as a large one is, on every core) or without the
/// fast path for plain rows differs from one pass.
/// In `PROVHA_FUZZ_DIR` (scripts/fuzz.sh makes and removes it), else in /dev/shm.
private let dumpPath = "\(ProcessInfo.processInfo.environment["PROVHA_FUZZ_DIR"] ?? "/dev/shm")/provha-fuzz-\(getpid()).sql"
private let clusterText = """
    version: 1
    cluster: { name: fuzz, domain: nmsprime.test }
    nodes:
      master: { hostname: nms-master, address: 172.20.0.100 }
      slave: { hostname: nms-slave, address: 172.20.0.101 }
    """
private let wholeDumpMessages = [
    "the snapshot has no table", "read error in the snapshot dump", "cannot open the snapshot dump",
    "the snapshot dump changed while it was read",
]

@_cdecl("fuzz_dump_main")
public func fuzzerEntry(argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzDump)
}

private func fuzzDump(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = bytes else { return 0 }
    guard FileManager.default.createFile(atPath: dumpPath, contents: Data(bytes: data, count: size)) else { return 0 }
    requirePiecesReadAsOnePass()
    let diagnostics = DiagnosticCollector()
    let builder = SnapshotBuilder(source: dumpPath, diagnostics: diagnostics)
    if DumpReader(path: dumpPath).read(into: builder, diagnostics: diagnostics), let snapshot = builder.finish(),
        let config = ClusterFileReader(diagnostics: diagnostics).read(text: clusterText, path: "cluster.yaml")
    {
        if let model = Validator(config: config, snapshot: snapshot, diagnostics: diagnostics, environment: [:]).validate() {
            _ = Emitters.render(model)
        }
    }
    for diagnostic in diagnostics.diagnostics {
        FuzzInvariants.requireOneLine(diagnostic)
        switch diagnostic.location {
        case .file(_, let line, let column) where line >= 1 && column >= 1: continue
        case .row: continue
        case .input(path: "cluster.yaml") where FuzzInvariants.isAboutTheWholeClusterFile(diagnostic): continue
        case let .input(path) where path == dumpPath && wholeDumpMessages.contains(where: diagnostic.message.hasPrefix): continue
        default: FuzzInvariants.fail("unlocated diagnostic", diagnostic)
        }
    }
    return 0
}

/// The dump read in pieces of a few bytes through chunks of 7 bytes, and the dump read without
/// the fast path for plain rows, give the same snapshot and diagnostics as one plain pass.
private func requirePiecesReadAsOnePass() {
    func read(_ reader: DumpReader) -> String {
        let diagnostics = DiagnosticCollector()
        var result = ""
        dump(reader.read(diagnostics: diagnostics), to: &result)
        dump(diagnostics.diagnostics.map(\.description), to: &result)
        return result
    }
    let onePass = read(DumpReader(path: dumpPath, pieceCount: 1, minimumPieceBytes: 1))
    let inPieces = read(DumpReader(path: dumpPath, pieceCount: 8, minimumPieceBytes: 1, chunkBytes: 7))
    FuzzInvariants.require(inPieces == onePass, "the dump read in pieces differs from one pass", "\n\(onePass)\n---\n\(inPieces)")
    let general = read(DumpReader(path: dumpPath, pieceCount: 1, minimumPieceBytes: 1, plainRows: false))
    FuzzInvariants.require(general == onePass, "the general path reads otherwise than the fast path", "\n\(onePass)\n---\n\(general)")
}

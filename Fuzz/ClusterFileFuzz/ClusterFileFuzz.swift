import Foundation
import FuzzSupport
@testable import ProvHACompile

/// The lab's dump (scripts/fuzz.sh runs from the repository's top folder): every table the
/// validator reads, `provha` among them, whose check computed the split that overflowed when the
/// corpus's small dump, without that table, let the fuzzer pass it by.
private let baseSnapshot: Snapshot? = {
    let diagnostics = DiagnosticCollector()
    let builder = SnapshotBuilder(source: "dump.sql", diagnostics: diagnostics)
    guard DumpReader(path: "examples/lab/data/nmsprime.sql").read(into: builder, diagnostics: diagnostics) else { return nil }
    return builder.finish()
}()

/// libFuzzer target: any bytes as a cluster file, read, then validated against a small valid
/// snapshot and rendered. Fails (traps) on a diagnostic that is not located at a line and
/// column of the file (or a row of the snapshot), or that is not one printable line.
@_cdecl("fuzz_cluster_file_main")
public func fuzzerEntry(argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzClusterFile)
}

private func fuzzClusterFile(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = bytes else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let diagnostics = DiagnosticCollector()
    // A cluster file that reads is validated against a small valid snapshot and rendered.
    if let config = ClusterFileReader(diagnostics: diagnostics).read(text: text, path: "cluster.yaml"), let snapshot = baseSnapshot,
        let model = Validator(config: config, snapshot: snapshot, diagnostics: diagnostics, environment: ["DDNS": "c2VjcmV0"]).validate()
    {
        _ = Emitters.render(model)
    }
    // YAML breaks lines at \n, \r, \r\n, NEL, LS and PS: a position may count any of them.
    let lines = text.unicodeScalars.filter { "\n\r\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) }.count + 1
    for diagnostic in diagnostics.diagnostics {
        FuzzInvariants.requireOneLine(diagnostic)
        switch diagnostic.location {
        case let .file(path, line, column) where path == "cluster.yaml" && line >= 1 && line <= lines + 1 && column >= 1: continue
        case .row(source: "dump.sql", _, _): continue  // the snapshot's rows, against what the cluster file says
        case .input(path: "cluster.yaml") where FuzzInvariants.isAboutTheWholeClusterFile(diagnostic): continue
        default: FuzzInvariants.fail("unlocated diagnostic", diagnostic)
        }
    }
    return 0
}

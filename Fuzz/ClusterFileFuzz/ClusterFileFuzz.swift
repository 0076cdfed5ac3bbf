import Foundation
import FuzzSupport
import ProvHACompile

/// libFuzzer target: any bytes as a cluster file. Fails (traps) on a diagnostic that is not
/// located at a line and column of the file, or that is not one printable line.
@_cdecl("fuzz_cluster_file_main")
public func fuzzerEntry(argc: CInt, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzClusterFile)
}

private func fuzzClusterFile(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = bytes else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let diagnostics = DiagnosticCollector()
    _ = ClusterFileReader(diagnostics: diagnostics).read(text: text, path: "cluster.yaml")
    // YAML breaks lines at \n, \r, \r\n, NEL, LS and PS: a position may count any of them.
    let lines = text.unicodeScalars.filter { "\n\r\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) }.count + 1
    for diagnostic in diagnostics.diagnostics {
        FuzzInvariants.requireOneLine(diagnostic)
        guard case let .file(path, line, column) = diagnostic.location, path == "cluster.yaml",
              line >= 1, line <= lines + 1, column >= 1 else {
            FuzzInvariants.fail("unlocated diagnostic", diagnostic)
        }
    }
    return 0
}

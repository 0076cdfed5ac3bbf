import Foundation
import FuzzSupport
import ProvHACompile

/// libFuzzer target: any bytes as a cluster file. Fails (traps) on a diagnostic that is not
/// located at a line and column of the file, or that is not one printable line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzClusterFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let diagnostics = DiagnosticCollector()
    _ = ClusterFileReader(diagnostics: diagnostics).read(text: text, path: "cluster.yaml")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    for diagnostic in diagnostics.diagnostics {
        FuzzInvariants.requireOneLine(diagnostic)
        guard case let .file(path, line, column) = diagnostic.location, path == "cluster.yaml",
              line >= 1, line <= lines + 1, column >= 1 else {
            FuzzInvariants.fail("unlocated diagnostic", diagnostic)
        }
    }
    return 0
}

import ArgumentParser
import Foundation
import ProvHACompile

struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List files of a built tree that differ from what its manifest says was written.",
        discussion: "Exit 0: no drift. Exit 1: drift. Exit 2: no manifest, or the tree cannot be read.")

    @Argument(help: "A folder that `build --out` wrote.")
    var folder: String

    func run() throws {
        let report: DriftReport?
        do {
            report = try DriftReport.check(root: folder)
        } catch {
            DiagnosticPrinter(format: .text).print([.error("\(error)", at: .input(path: folder))])
            throw ExitCode(2)
        }
        guard let report else {
            DiagnosticPrinter(format: .text).print([.error("no \(Manifest.fileName): not a tree that provha-compile built", at: .input(path: folder))]
            )
            throw ExitCode(2)
        }
        FileHandle.standardOutput.write(Data(report.findings.map { $0.line + "\n" }.joined().utf8))
        if !report.findings.isEmpty { throw ExitCode(1) }
    }
}

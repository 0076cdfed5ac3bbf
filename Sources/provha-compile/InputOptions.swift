import ArgumentParser
import Foundation
import ProvHACompile

/// Options every command that reads the inputs shares.
struct InputOptions: ParsableArguments {
    @Argument(help: "The cluster file (YAML, version 1).")
    var clusterFile: String

    @Option(name: .long, help: "A mariadb-dump of the NMS Prime database; overrides the cluster file's snapshot.")
    var snapshot: String?

    @Option(
        name: .long,
        help:
            "A live, read-only database: mariadb://USER@HOST[:PORT][,HOST…]/DATABASE[?socket=PATH&tls=require]. The password comes from the environment variable the cluster file's password_env names, else PROVHA_DB_PASSWORD."
    )
    var db: String?

    @Option(name: .long, help: "How diagnostics are printed: text or json.")
    var diagnosticsFormat: DiagnosticsFormat = .text

    @Flag(name: .long, help: "Also print notes (which database host answered, ...).")
    var verbose = false

    func validate() throws {
        if snapshot != nil, db != nil {
            throw ValidationError("--snapshot and --db exclude each other")
        }
        if let db, case let .failure(problem) = DatabaseURL.parse(db) {
            throw ValidationError("--db: \(problem)")
        }
    }

    var pipelineInput: CompilerPipeline.Input {
        var input = CompilerPipeline.Input(clusterFile: clusterFile)
        if let snapshot { input.snapshotOverride = .dump(path: snapshot) }
        if let db, case let .success(target) = DatabaseURL.parse(db) { input.snapshotOverride = .mariadb(target) }
        return input
    }

    /// Runs stages 1–3 and prints their diagnostics; nil when there were errors.
    func validatedModel() -> ClusterModel? {
        let pipeline = CompilerPipeline()
        let model = pipeline.validatedModel(pipelineInput)
        printer.print(pipeline.diagnostics.diagnostics)
        return model
    }

    var printer: DiagnosticPrinter { DiagnosticPrinter(format: diagnosticsFormat, verbose: verbose) }
}

enum DiagnosticsFormat: String, ExpressibleByArgument {
    case text, json
}

/// Prints diagnostics to standard error sorted by location, one per line (each note on its
/// own), or as one JSON array.
struct DiagnosticPrinter {
    let format: DiagnosticsFormat
    var verbose = false

    func print(_ all: [Diagnostic]) {
        let diagnostics = (verbose ? all : all.filter { $0.severity != .note }).sortedByLocation()
        let text: String
        switch format {
        case .text:
            text = (verbose ? diagnostics : DiagnosticGrouping.grouped(diagnostics)).map { "\($0)\n" }.joined()
        case .json:
            text = DiagnosticJSON.encode(diagnostics) + "\n"
        }
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }
}

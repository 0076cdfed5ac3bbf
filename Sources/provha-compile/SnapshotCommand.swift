import ArgumentParser
import Foundation
import ProvHACompile

struct Snapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the tables the compiler reads from a live database as a dump that --snapshot reads.",
        discussion: "Rows in primary-key order, only the columns the compiler reads, no host or time: the same data gives the same bytes.")

    @Option(name: .long, help: "mariadb://USER@HOST[:PORT][,HOST…]/DATABASE[?socket=PATH&tls=require]")
    var db: String

    @Option(name: .long, help: "The dump file to write (atomically).")
    var out: String

    @Option(name: .long, help: "The environment variable that holds the password.")
    var passwordEnv = "PROVHA_DB_PASSWORD"

    @Flag(name: .long, help: "Also print notes (which database host answered).")
    var verbose = false

    func validate() throws {
        if case let .failure(problem) = DatabaseURL.parse(db) { throw ValidationError("--db: \(problem)") }
    }

    func run() throws {
        guard case var .success(target) = DatabaseURL.parse(db) else { throw ExitCode(1) }
        target.passwordEnv = passwordEnv
        let diagnostics = DiagnosticCollector()
        let text = SnapshotWriter(target: target, environment: ProcessInfo.processInfo.environment).dump(diagnostics: diagnostics)
        let printer = DiagnosticPrinter(format: .text, verbose: verbose)
        printer.print(diagnostics.diagnostics)
        guard let text else { throw ExitCode(1) }
        do {
            try OutputWriter.replaceFile(at: out, with: text)
        } catch {
            printer.print([.error("cannot write the snapshot: \(error)", at: .input(path: out))])
            throw ExitCode(1)
        }
    }
}

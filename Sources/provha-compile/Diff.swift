import ArgumentParser
import Foundation
import ProvHACompile

#if canImport(Glibc)
import Glibc
#endif

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show, as a unified diff, what `build --out DIR` would change; secrets masked.",
        discussion: "Exit 0: no difference. Exit 1: differences. Exit 2: it could not tell (bad input, unreadable DIR).")

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "The deployed or staged tree to compare with.")
    var against: String

    @Flag(name: .long, help: "Only a summary: one line per changed file and totals.")
    var stat = false

    func run() throws {
        let pipeline = CompilerPipeline()
        let plan = pipeline.plan(input.pipelineInput, against: against)
        input.printer.print(pipeline.diagnostics.diagnostics)
        guard let plan else { throw ExitCode(2) }
        FileHandle.standardOutput.write(Data(plan.text(stat: stat, colour: isatty(STDOUT_FILENO) == 1).utf8))
        if !plan.isEmpty { throw ExitCode(1) }
    }
}

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

    @Flag(name: .long, help: "Only a summary: one line per changed file and totals (text format).")
    var stat = false

    @Option(
        name: .long,
        help:
            "text: the unified diff; markdown: a review summary (counts, the objects that changed per node, the diff folded); json: that summary for machines."
    )
    var format: DiffFormat = .text

    enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json
    }

    func run() throws {
        let pipeline = CompilerPipeline()
        let plan = pipeline.plan(input.pipelineInput, against: against)
        input.printer.print(pipeline.diagnostics.diagnostics)
        guard let plan else { throw ExitCode(2) }
        let output: String
        switch format {
        case .text:
            output = plan.text(stat: stat, colour: isatty(STDOUT_FILENO) == 1)
        case .markdown, .json:
            let warnings = pipeline.diagnostics.diagnostics.filter { $0.severity == .warning }.map(\.description)
            let summary = ReviewSummary(plan: plan, warnings: warnings)
            output = format == .json ? summary.json() : ReviewMarkdown.render(summary, cluster: plan.clusterName)
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if !plan.isEmpty { throw ExitCode(1) }
    }
}

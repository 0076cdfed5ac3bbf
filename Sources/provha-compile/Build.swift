import ArgumentParser
import Foundation
import ProvHACompile

enum ReportFormat: String, ExpressibleByArgument {
    case json
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate, then write both nodes' trees; on any error the output folder is left as it was.")

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "The output folder.")
    var out: String

    @Flag(name: .long, help: "Overwrite files in the output folder that provha-compile did not generate, and remove more than --max-removal allows.")
    var force = false

    @Flag(
        name: .long,
        help:
            "Run the installed checkers (dhcpd -t, named-checkconf -z, rsyslogd -N1, systemd-analyze verify) on the rendered tree first; write nothing if one rejects it."
    )
    var verify = false

    @Option(
        name: .long,
        help:
            "Refuse a build that removes more than this percentage of the previous build's host entries, pools or subnets (when it had at least 10).")
    var maxRemoval = 30

    @Option(name: .long, help: "Print a machine-readable report of what changed to standard output: json.")
    var report: ReportFormat?

    @Flag(name: .long, help: "Print how long each stage took to standard error.")
    var timings = false

    func run() throws {
        var options = CompilerPipeline.BuildOptions(out: out)
        options.force = force
        options.verify = verify
        options.maxRemovalPercent = maxRemoval
        options.afterEachStep = TestHooks.afterEachStep()
        let pipeline = CompilerPipeline()
        var stageTimings: [CompilerPipeline.StageTiming] = []
        let outcome = pipeline.build(input.pipelineInput, options: options, timings: &stageTimings)
        input.printer.print(pipeline.diagnostics.diagnostics)
        if timings { stageTimings.printTimings() }
        let summary: OutputWriter.Summary
        switch outcome {
        case .failed:
            throw ExitCode(1)
        case let .upToDate(unchangedCount):
            summary = OutputWriter.Summary(unchangedCount: unchangedCount)
            FileHandle.standardError.write(
                Data(
                    "provha-compile: 0 written, 0 removed, \(unchangedCount) unchanged in \(out) (up to date: same inputs and compiler as its manifest, no drift)\n"
                        .utf8))
        case let .written(written):
            summary = written
            FileHandle.standardError.write(
                Data(
                    "provha-compile: \(summary.written.count) written, \(summary.removed.count) removed, \(summary.unchangedCount) unchanged in \(out)\n"
                        .utf8))
        }
        if report == .json { FileHandle.standardOutput.write(Data(ChangeReport(summary).json().utf8)) }
    }
}

/// Fault injection for the tests, counted in steps that change the output folder (each staged
/// file, the journal, each rename or removal): `PROVHA_TEST_KILL_AFTER_STEPS=N` kills `build`
/// with SIGKILL after N steps, `PROVHA_TEST_FAIL_AFTER_STEPS=N` makes step N fail like a full
/// disk. How the tests prove that a killed build leaves the old tree or the new one, and a
/// failed one the old tree.
enum TestHooks {
    static func afterEachStep() -> ((String) throws -> Void)? {
        let environment = ProcessInfo.processInfo.environment
        let killLimit = environment["PROVHA_TEST_KILL_AFTER_STEPS"].flatMap(Int.init)
        let failLimit = environment["PROVHA_TEST_FAIL_AFTER_STEPS"].flatMap(Int.init)
        guard killLimit != nil || failLimit != nil else { return nil }
        var count = 0
        return { path in
            count += 1
            if let killLimit, count >= killLimit { kill(getpid(), SIGKILL) }
            if let failLimit, count == failLimit { throw OutputWriter.WriteError(path: path, reason: "injected failure (test)") }
        }
    }
}

extension [CompilerPipeline.StageTiming] {
    /// Prints one line per stage to standard error (`--timings`).
    func printTimings() {
        for timing in self {
            FileHandle.standardError.write(Data("provha-compile: \(timing.stage): \(String(format: "%.2f", timing.seconds)) s\n".utf8))
        }
    }
}

import ArgumentParser
import Foundation
import ProvHACompile

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate the cluster file and snapshot; write nothing.")

    @OptionGroup var input: InputOptions

    @Flag(
        name: .long,
        help: "Also run the installed checkers (dhcpd -t, named-checkconf -z, rsyslogd -N1, systemd-analyze verify) on the rendered tree.")
    var verify = false

    @Flag(name: .long, help: "Print how long each stage took to standard error.")
    var timings = false

    func run() throws {
        let pipeline = CompilerPipeline()
        var stageTimings: [CompilerPipeline.StageTiming] = []
        let accepted = pipeline.check(input.pipelineInput, verify: verify, timings: &stageTimings)
        input.printer.print(pipeline.diagnostics.diagnostics)
        if timings { stageTimings.printTimings() }
        if !accepted { throw ExitCode(1) }
    }
}

import ArgumentParser
import Foundation
import ProvHACompile

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the running pair as a monitoring plugin: both DHCP servers' failover state, both nameds, the syslog path.",
        discussion: """
            Prints one line (level, first finding, performance data after '|'), then one line per finding. \
            Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also for input it cannot read), as icinga and Nagios expect.
            """)

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "Seconds each question to a server may take.")
    var timeout = 5

    func run() throws {
        let pipeline = CompilerPipeline()
        guard let model = pipeline.validatedModel(input.pipelineInput) else {
            input.printer.print(pipeline.diagnostics.diagnostics.filter { $0.severity == .error })
            FileHandle.standardOutput.write(Data("PROVHA UNKNOWN - the cluster file or database cannot be read (see standard error)\n".utf8))
            throw ExitCode(PairStatus.Level.unknown.rawValue)
        }
        var check = StatusCheck(model: model)
        check.timeout = max(1, timeout)
        let status = check.run()
        FileHandle.standardOutput.write(Data(status.text.utf8))
        throw ExitCode(status.level.rawValue)
    }
}

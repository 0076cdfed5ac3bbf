import ArgumentParser
import Foundation
import ProvHACompile

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The node's rebuild loop: apply when the database changed or the rebuild interval passed; one log line per cycle.",
        discussion: """
            Each cycle reads a fingerprint of the database (newest updated_at and deleted_at and the row count of the tables \
            the configuration depends on, and provha.slave_config_rebuild_interval), not the database; when it differs from \
            the last applied one, or the interval passed, it runs apply (see apply --help). A database that cannot be reached \
            changes nothing. The generated nmsprime-provha-watch.timer runs it with --once every apply.poll_interval seconds. \
            With --once, exit 0: nothing to do or applied; 1: the inputs or the database could not be read, or apply refused; \
            2: a reload failed and the previous files are back.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var target: ApplyTargetOptions

    @Flag(name: .long, help: "Run one cycle and exit (as the generated timer does).")
    var once = false

    @Option(name: .long, help: "Seconds between two cycles without --once.")
    var interval = 60

    func run() throws {
        while true {
            let pipeline = CompilerPipeline()
            let options = target.options(command: "watch")
            let cycle = pipeline.watchCycle(input.pipelineInput, options: options)
            input.printer.print(pipeline.diagnostics.diagnostics.filter { $0.severity == .error })
            options.log(cycle.line)
            if once {
                switch cycle.outcome {
                case .nothingChanged, .applied, .unchanged: return
                case .failed, .unreachable: throw ExitCode(1)
                case .rolledBack: throw ExitCode(2)
                }
            }
            sleep(UInt32(max(1, interval)))
        }
    }
}

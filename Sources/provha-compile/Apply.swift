import ArgumentParser
import Foundation
import ProvHACompile

extension NodeRole: ExpressibleByArgument {}

struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one node's tree into its live file system, then reload exactly the services whose files changed.",
        discussion: """
            Writes like build (only changed files, all at once, manifest at \(TreeLayout.liveRoot.manifest) under the root, \
            foreign files refused without --force, the removal guard, one apply at a time), then runs the cluster file's \
            apply.commands for each service whose files changed, the DHCP server last and only once the peer's answers. \
            A failed reload puts the previous files back and reloads again what was reloaded. \
            Exit 0: applied or nothing to do. Exit 1: bad input or refused, nothing changed. Exit 2: a reload failed; the previous files \
            were put back (the diagnostics say so if that failed too).
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var target: ApplyTargetOptions

    @Flag(name: .long, help: "Overwrite files no apply wrote (a first install over NMS Prime's own), and remove more than --max-removal allows.")
    var force = false

    func run() throws {
        var options = target.options(command: "apply")
        options.force = force
        options.afterEachStep = TestHooks.afterEachStep()
        let pipeline = CompilerPipeline()
        let outcome = pipeline.apply(input.pipelineInput, options: options)
        input.printer.print(pipeline.diagnostics.diagnostics)
        switch outcome {
        case let .unchanged(count):
            options.log("nothing to do: \(count) files unchanged under \(target.root)")
        case let .applied(_, reloads):
            options.log("applied; \(reloads.isEmpty ? "nothing to reload" : "reloaded \(reloads.map(\.service.rawValue).joined(separator: ", "))")")
        case .rolledBack:
            throw ExitCode(2)
        case .failed:
            throw ExitCode(1)
        }
    }
}

/// Where and how `apply` and `watch` write a node's tree.
struct ApplyTargetOptions: ParsableArguments {
    @Option(name: .long, help: "The node this machine is: master or slave.")
    var node: NodeRole

    @Option(name: .long, help: "The file system to write the node's deployed paths under.")
    var root = "/"

    @Flag(name: .long, help: "Do not run the installed checkers on the rendered tree first.")
    var noVerify = false

    @Option(name: .long, help: "Refuse an apply that removes more than this percentage of the previous one's host entries, pools or subnets.")
    var maxRemoval = 30

    /// The library's options, logging `provha-compile: COMMAND NODE: …` lines to standard error.
    func options(command: String) -> CompilerPipeline.ApplyOptions {
        var options = CompilerPipeline.ApplyOptions(node: node)
        options.root = root
        options.verify = !noVerify
        options.maxRemovalPercent = maxRemoval
        let prefix = "provha-compile: \(command) \(node.rawValue): "
        options.log = { line in FileHandle.standardError.write(Data((prefix + line + "\n").utf8)) }
        return options
    }
}

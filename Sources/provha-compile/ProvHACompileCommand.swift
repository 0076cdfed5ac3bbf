import ArgumentParser
import ProvHACompile

/// The command line: one small file per subcommand, each parsing its arguments, calling the
/// library (`CompilerPipeline`) and printing what it returns.
@main
struct ProvHACompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provha-compile",
        abstract: "Compile an NMS Prime ProvHA cluster description into every configuration file of the failover pair.",
        version: CompilerVersion.number,
        subcommands: [
            Check.self, Build.self, Diff.self, Drift.self, Snapshot.self, CMTSSnippet.self, ModemSNMP.self, Explain.self, Apply.self,
            Watch.self, Status.self, KeaHosts.self,
        ]
    )
}

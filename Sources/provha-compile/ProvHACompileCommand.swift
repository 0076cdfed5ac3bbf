import ArgumentParser
import Foundation
import ProvHACompile

@main
struct ProvHACompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provha-compile",
        abstract: "Compile an NMS Prime ProvHA cluster description into every configuration file of the failover pair.",
        subcommands: [Check.self, Build.self, CMTSSnippet.self]
    )
}

/// Options every command that reads the inputs shares.
struct InputOptions: ParsableArguments {
    @Argument(help: "The cluster file (YAML, version 1).")
    var clusterFile: String

    @Option(name: .long, help: "A mariadb-dump of the NMS Prime database; overrides the cluster file's snapshot.")
    var snapshot: String?

    @Option(name: .long, help: "A live database URL mariadb://USER@HOST[:PORT]/DATABASE (not available in this version).")
    var db: String?

    @Option(name: .long, help: "How diagnostics are printed: text or json.")
    var diagnosticsFormat: DiagnosticsFormat = .text

    func validate() throws {
        if snapshot != nil, db != nil {
            throw ValidationError("--snapshot and --db exclude each other")
        }
    }

    var pipelineInput: CompilerPipeline.Input {
        var input = CompilerPipeline.Input(clusterFile: clusterFile)
        if let snapshot { input.snapshotOverride = .dump(path: snapshot) }
        if let db { input.snapshotOverride = .mariadb(MariaDBSettings(host: db)) }
        return input
    }
}

enum DiagnosticsFormat: String, ExpressibleByArgument {
    case text, json
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate the cluster file and snapshot; write nothing.")

    @OptionGroup var input: InputOptions

    func run() throws {
        let pipeline = CompilerPipeline()
        let model = pipeline.validatedModel(input.pipelineInput)
        DiagnosticPrinter(format: input.diagnosticsFormat).print(pipeline.diagnostics.diagnostics)
        guard model != nil else { throw ExitCode(1) }
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate, then write both nodes' trees; on any error the output folder is left as it was.")

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "The output folder.")
    var out: String

    func run() throws {
        let pipeline = CompilerPipeline()
        let files = pipeline.render(input.pipelineInput)
        let printer = DiagnosticPrinter(format: input.diagnosticsFormat)
        printer.print(pipeline.diagnostics.diagnostics)
        guard let files else { throw ExitCode(1) }
        do {
            let summary = try OutputWriter(root: out).write(files)
            FileHandle.standardError.write(Data("provha-compile: \(summary.written.count) files written, \(summary.unchanged.count) unchanged in \(out)\n".utf8))
        } catch {
            printer.print([.error("cannot write the output: \(error)", at: .input(path: out))])
            throw ExitCode(1)
        }
    }
}

struct CMTSSnippet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmts-snippet",
        abstract: "Print one CMTS's relay and time-server lines, in its vendor's syntax, to standard output.")

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "The CMTS hostname, as NMS Prime knows it.")
    var cmts: String

    func run() throws {
        let pipeline = CompilerPipeline()
        let model = pipeline.validatedModel(input.pipelineInput)
        let printer = DiagnosticPrinter(format: input.diagnosticsFormat)
        printer.print(pipeline.diagnostics.diagnostics)
        guard let model else { throw ExitCode(1) }
        guard let snippet = model.cmtsSnippet(hostname: cmts) else {
            printer.print([.error(model.unknownCMTSMessage(cmts), at: .input(path: input.clusterFile))])
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(snippet.contents.utf8))
    }
}

/// Prints diagnostics to standard error, one per line, or as one JSON array.
struct DiagnosticPrinter {
    let format: DiagnosticsFormat

    func print(_ diagnostics: [Diagnostic]) {
        let text: String
        switch format {
        case .text:
            text = diagnostics.map { "\($0)\n" }.joined()
        case .json:
            text = DiagnosticJSON.encode(diagnostics) + "\n"
        }
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }
}

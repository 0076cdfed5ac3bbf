import ArgumentParser
import Foundation
import ProvHACompile

#if canImport(Glibc)
import Glibc
#endif

@main
struct ProvHACompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provha-compile",
        abstract: "Compile an NMS Prime ProvHA cluster description into every configuration file of the failover pair.",
        subcommands: [Check.self, Build.self, Diff.self, Drift.self, Snapshot.self, CMTSSnippet.self]
    )
}

/// Options every command that reads the inputs shares.
struct InputOptions: ParsableArguments {
    @Argument(help: "The cluster file (YAML, version 1).")
    var clusterFile: String

    @Option(name: .long, help: "A mariadb-dump of the NMS Prime database; overrides the cluster file's snapshot.")
    var snapshot: String?

    @Option(
        name: .long,
        help:
            "A live, read-only database: mariadb://USER@HOST[:PORT][,HOST…]/DATABASE[?socket=PATH&tls=require]. The password comes from the environment variable the cluster file's password_env names, else PROVHA_DB_PASSWORD."
    )
    var db: String?

    @Option(name: .long, help: "How diagnostics are printed: text or json.")
    var diagnosticsFormat: DiagnosticsFormat = .text

    @Flag(name: .long, help: "Also print notes (which database host answered, ...).")
    var verbose = false

    func validate() throws {
        if snapshot != nil, db != nil {
            throw ValidationError("--snapshot and --db exclude each other")
        }
        if let db, case let .failure(problem) = DatabaseURL.parse(db) {
            throw ValidationError("--db: \(problem)")
        }
    }

    var pipelineInput: CompilerPipeline.Input {
        var input = CompilerPipeline.Input(clusterFile: clusterFile)
        if let snapshot { input.snapshotOverride = .dump(path: snapshot) }
        if let db, case let .success(target) = DatabaseURL.parse(db) { input.snapshotOverride = .mariadb(target) }
        return input
    }

    /// Runs stages 1–3 and prints their diagnostics; nil when there were errors.
    func validatedModel() -> ClusterModel? {
        let pipeline = CompilerPipeline()
        let model = pipeline.validatedModel(pipelineInput)
        printer.print(pipeline.diagnostics.diagnostics)
        return model
    }

    var printer: DiagnosticPrinter { DiagnosticPrinter(format: diagnosticsFormat, verbose: verbose) }

    /// Runs the real checkers on `files` and prints what they found; true when none rejected them.
    func verified(_ files: [GeneratedFile]) -> Bool {
        let diagnostics = DiagnosticCollector()
        let accepted = RealCheckers().verify(files, diagnostics: diagnostics)
        printer.print(diagnostics.diagnostics)
        return accepted
    }
}

enum DiagnosticsFormat: String, ExpressibleByArgument {
    case text, json
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate the cluster file and snapshot; write nothing.")

    @OptionGroup var input: InputOptions

    @Flag(
        name: .long,
        help: "Also run the installed checkers (dhcpd -t, named-checkconf -z, rsyslogd -N1, systemd-analyze verify) on the rendered tree.")
    var verify = false

    func run() throws {
        guard let model = input.validatedModel() else { throw ExitCode(1) }
        if verify, !input.verified(Emitters.render(model)) { throw ExitCode(1) }
    }
}

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
        if let manifest = CompilerPipeline().upToDateManifest(input.pipelineInput, folder: out) {
            FileHandle.standardError.write(
                Data(
                    "provha-compile: 0 written, 0 removed, \(manifest.files.count) unchanged in \(out) (up to date: same inputs and compiler as its manifest, no drift)\n"
                        .utf8))
            if report == .json {
                FileHandle.standardOutput.write(Data(ChangeReport(OutputWriter.Summary(unchangedCount: manifest.files.count)).json().utf8))
            }
            return
        }
        var clock = StageClock(enabled: timings)
        guard let model = input.validatedModel() else { throw ExitCode(1) }
        clock.lap("read and validate")
        let files = Emitters.render(model)
        clock.lap("render")
        if verify {
            guard input.verified(files) else { throw ExitCode(1) }
            clock.lap("verify")
        }
        var writer = OutputWriter(root: out, force: force)
        writer.removalGuard = RemovalGuard(maxRemovedPercent: maxRemoval)
        writer.afterEachStep = TestHooks.afterEachStep()
        do {
            let summary = try writer.write(files, inputs: model.inputDigest, inventory: model.provisionedInventory)
            for group in OutputWriter.unresolvedGroups(files) {
                let paths = files.filter { $0.group == group }.map(\.path)
                let named = paths.prefix(2).joined(separator: ", ") + (paths.count > 2 ? " and \(paths.count - 2) more" : "")
                input.printer.print([
                    .warning(
                        "\(named) stay in the builder's group: this build cannot give them group \(DiagnosticText.quoted(group)) (not root, or no such group here); the deploy must, or the daemon running as that group cannot read them",
                        at: .input(path: out))
                ])
            }
            clock.lap("write")
            FileHandle.standardError.write(
                Data(
                    "provha-compile: \(summary.written.count) written, \(summary.removed.count) removed, \(summary.unchangedCount) unchanged in \(out)\n"
                        .utf8))
            if report == .json { FileHandle.standardOutput.write(Data(ChangeReport(summary).json().utf8)) }
        } catch let refused as RemovalGuard.Refused {
            input.printer.print([.error(refused.description, at: .input(path: out))])
            throw ExitCode(1)
        } catch let foreign as OutputWriter.ForeignFiles {
            input.printer.print(
                foreign.paths.map {
                    .error(
                        "not generated by provha-compile (the manifest does not list it); refusing to overwrite it without --force",
                        at: .input(path: writer.path(of: $0)))
                })
            throw ExitCode(1)
        } catch {
            input.printer.print([.error("cannot write the output: \(error)", at: .input(path: out))])
            throw ExitCode(1)
        }
    }
}

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
        guard let model = input.validatedModel() else { throw ExitCode(2) }
        let plan: OutputWriter.Plan
        do {
            plan = try OutputWriter(root: against).plan(Emitters.render(model))
        } catch {
            input.printer.print([.error("cannot read the tree: \(error)", at: .input(path: against))])
            throw ExitCode(2)
        }
        if !plan.foreign.isEmpty {
            input.printer.print(
                plan.foreign.map {
                    .warning("not generated by provha-compile; build would refuse to overwrite it without --force", at: .input(path: $0))
                })
        }
        let colour = isatty(STDOUT_FILENO) == 1
        var output = ""
        if stat {
            for file in plan.added { output += "added:    \(file.path)\n" }
            for change in plan.changed { output += "changed:  \(change.file.path)\n" }
            for stale in plan.removed { output += "removed:  \(stale.path)\n" }
            output += "\(plan.added.count) added, \(plan.changed.count) changed, \(plan.removed.count) removed, \(plan.unchangedCount) unchanged\n"
        } else {
            for file in plan.added { output += UnifiedDiff.render(path: file.path, old: nil, new: file.contents, colour: colour) }
            for change in plan.changed {
                output += UnifiedDiff.render(
                    path: change.file.path, old: String(decoding: change.old, as: UTF8.self),
                    new: change.file.contents, colour: colour)
                if change.oldMode != change.file.mode {
                    output += "mode \(String(change.oldMode, radix: 8)) -> \(String(change.file.mode, radix: 8)): \(change.file.path)\n"
                }
            }
            for stale in plan.removed {
                output += UnifiedDiff.render(path: stale.path, old: String(decoding: stale.old, as: UTF8.self), new: nil, colour: colour)
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
        if !plan.isEmpty { throw ExitCode(1) }
    }
}

struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List files of a built tree that differ from what its manifest says was written.",
        discussion: "Exit 0: no drift. Exit 1: drift. Exit 2: no manifest, or the tree cannot be read.")

    @Argument(help: "A folder that `build --out` wrote.")
    var folder: String

    func run() throws {
        let report: DriftReport?
        do {
            report = try DriftReport.check(root: folder)
        } catch {
            DiagnosticPrinter(format: .text).print([.error("\(error)", at: .input(path: folder))])
            throw ExitCode(2)
        }
        guard let report else {
            DiagnosticPrinter(format: .text).print([.error("no \(Manifest.fileName): not a tree that provha-compile built", at: .input(path: folder))]
            )
            throw ExitCode(2)
        }
        FileHandle.standardOutput.write(Data(report.findings.map { $0.line + "\n" }.joined().utf8))
        if !report.findings.isEmpty { throw ExitCode(1) }
    }
}

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

struct CMTSSnippet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cmts-snippet",
        abstract: "Print one CMTS's relay and time-server lines, in its vendor's syntax, to standard output.")

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "The CMTS hostname, as NMS Prime knows it.")
    var cmts: String

    func run() throws {
        guard let model = input.validatedModel() else { throw ExitCode(1) }
        guard let snippet = model.cmtsSnippet(hostname: cmts) else {
            input.printer.print([.error(model.unknownCMTSMessage(cmts), at: .input(path: input.clusterFile))])
            throw ExitCode(1)
        }
        FileHandle.standardOutput.write(Data(snippet.contents.utf8))
    }
}

/// Prints diagnostics to standard error sorted by location, one per line (each note on its
/// own), or as one JSON array.
struct DiagnosticPrinter {
    let format: DiagnosticsFormat
    var verbose = false

    func print(_ all: [Diagnostic]) {
        let diagnostics = (verbose ? all : all.filter { $0.severity != .note }).sortedByLocation()
        let text: String
        switch format {
        case .text:
            text = (verbose ? diagnostics : DiagnosticGrouping.grouped(diagnostics)).map { "\($0)\n" }.joined()
        case .json:
            text = DiagnosticJSON.encode(diagnostics) + "\n"
        }
        if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
    }
}

/// Wall time per stage, printed with `--timings`.
struct StageClock {
    let enabled: Bool
    private var last = DispatchTime.now()

    init(enabled: Bool) { self.enabled = enabled }

    mutating func lap(_ stage: String) {
        let now = DispatchTime.now()
        if enabled {
            let seconds = Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9
            FileHandle.standardError.write(Data("provha-compile: \(stage): \(String(format: "%.2f", seconds)) s\n".utf8))
        }
        last = now
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

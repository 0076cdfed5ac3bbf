import ArgumentParser
import Foundation
import ProvHACompile

struct KeaHosts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kea-hosts",
        abstract: "Write the reservations into Kea's host database live: only the rows that changed, in one transaction.",
        discussion: """
            For dhcp.kea_reservations: database. Connects as a user that may write Kea's hosts and \
            dhcp4_options tables (the nodes' own user reads only), compares the database's hosts with the \
            build's and writes what differs. It reads back only the hosts of slices whose digest (kept in \
            provha_kea_host_slices by the last write or kea-hosts.sql) differs; --full reads every host, \
            after the hosts were edited by other means. Exit 0: written (or nothing to write); 1: bad input, a wrong \
            schema, a refused mass removal, or a database error (then nothing was written).
            """)

    @OptionGroup var input: InputOptions

    @Option(name: .long, help: "The Kea host database to write: mariadb://USER@HOST[:PORT][,HOST…]/DATABASE[?socket=PATH&tls=require].")
    var keaDB: String

    @Option(name: .long, help: "The environment variable that holds the writer's password.")
    var keaDBPasswordEnv = "PROVHA_KEA_DB_PASSWORD"

    @Flag(name: .long, help: "Remove more hosts than --max-removal allows.")
    var force = false

    @Option(name: .long, help: "The largest share of the database's hosts a write may remove, in percent, without --force.")
    var maxRemoval = 30

    @Flag(name: .long, help: "Only say what would change.")
    var dryRun = false

    @Flag(name: .long, help: "Compare every host, not only the slices whose digest differs.")
    var full = false

    func validate() throws {
        if case let .failure(problem) = DatabaseURL.parse(keaDB) { throw ValidationError("--kea-db: \(problem)") }
        guard (0...100).contains(maxRemoval) else { throw ValidationError("--max-removal must be 0 to 100") }
    }

    func run() throws {
        guard let model = input.validatedModel() else { throw ExitCode(1) }
        guard model.readsReservationsFromDatabase else {
            input.printer.print([
                .error(
                    "the cluster file does not put Kea's reservations in a database (dhcp.server: kea, dhcp.kea_reservations: database)",
                    at: .input(path: input.clusterFile))
            ])
            throw ExitCode(1)
        }
        guard case var .success(target) = DatabaseURL.parse(keaDB) else { throw ExitCode(1) }
        target.passwordEnv = keaDBPasswordEnv
        let diagnostics = DiagnosticCollector()
        guard let writer = KeaHostsWriter(target, environment: ProcessInfo.processInfo.environment, diagnostics: diagnostics) else {
            input.printer.print(diagnostics.diagnostics)
            throw ExitCode(1)
        }
        do {
            let outcome = try writer.write(model, guard: maxRemoval, force: force, dryRun: dryRun, full: full)
            let total = outcome.added + outcome.changed + outcome.unchanged
            let counts = [outcome.added, outcome.changed, outcome.removed, outcome.unchanged]
            let words = dryRun ? ["would add", "change", "remove", "leave"] : ["added", "changed", "removed", "unchanged"]
            print(
                "kea-hosts: " + zip(words, counts).map { "\($0) \($1)" }.joined(separator: ", ")
                    + " (\(total) hosts; \(outcome.slicesRead) of \(outcome.slices) slices read)")
        } catch {
            input.printer.print([.error("\(error)", at: .input(path: keaDB))])
            throw ExitCode(1)
        }
    }
}

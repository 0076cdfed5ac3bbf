import Foundation
import XCTest

@testable import ProvHACompile

/// `dhcp.kea_reservations: database` on a real MariaDB with Kea 2.2's own schema
/// (`dhcpdb_create.mysql`): `kea-hosts.sql` loaded twice leaves the same rows with the same ids,
/// holds what the inline build reserves, loaded after a change leaves exactly the new set,
/// refuses another schema version, and a real kea-dhcp4 starts on the database.
final class KeaHostsDatabaseTests: XCTestCase {
    private var socket = ""
    private var database = ""
    private var mariadb: URL!

    override func setUpWithError() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let socket = environment["PROVHA_TEST_MARIADB_SOCKET"] else {
            if environment["CI"] != nil { XCTFail("CI must start scripts/mariadb-test-server.sh and export its variables") }
            throw XCTSkip("no test database: run `eval \"$(scripts/mariadb-test-server.sh start)\"` first")
        }
        self.socket = socket
        mariadb = try requireProgram("mariadb", package: "mariadb-client")
        let schema = URL(fileURLWithPath: "/usr/share/kea/scripts/mysql/dhcpdb_create.mysql")
        guard FileManager.default.fileExists(atPath: schema.path) else {
            throw XCTSkip("Kea's MySQL schema is not installed (Debian: kea-admin)")
        }
        database = "kea_test_\(UUID().uuidString.prefix(8).lowercased())"
        try sql("CREATE DATABASE \(database)", inDatabase: false)
        try sql(String(contentsOf: schema, encoding: .utf8))
    }

    override func tearDownWithError() throws {
        if !database.isEmpty { try? sql("DROP DATABASE \(database)", inDatabase: false) }
    }

    /// Runs `text` in the test's database (or, `inDatabase` false, in none), as the mariadb
    /// client does a file; throws with its error output on failure.
    @discardableResult
    private func sql(_ text: String, inDatabase: Bool = true) throws -> String {
        let file = try temporaryFolder().appendingPathComponent("input.sql")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        try Data(text.utf8).write(to: file)
        let name = inDatabase ? database : nil
        let result = try runProgram(
            URL(fileURLWithPath: "/bin/sh"),
            [
                "-c", "\"$0\" --socket=\"$1\" -u root --batch --skip-column-names \(name.map { "'\($0)'" } ?? "") < \"$2\"", mariadb.path, socket,
                file.path,
            ])
        guard result.status == 0 else { throw Failure(output: result.standardError + result.standardOutput) }
        return result.standardOutput
    }

    private struct Failure: Error, CustomStringConvertible {
        let output: String
        var description: String { output }
    }

    private func hostsSQL(_ files: [GeneratedFile]) throws -> String {
        try XCTUnwrap(files.first { $0.path == KeaHostsSQLEmitter.path }).contents
    }

    /// Every global hw-address host as "hex address hostname classes boot-file host-name-option", sorted.
    private func hostTable() throws -> [String] {
        try sql(
            """
            SELECT LOWER(HEX(h.dhcp_identifier)), IFNULL(INET_NTOA(h.ipv4_address), '-'), h.hostname, IFNULL(h.dhcp4_client_classes, '-'),
              IFNULL(h.dhcp4_boot_file_name, '-'), IFNULL(o.formatted_value, '-')
            FROM hosts h LEFT JOIN dhcp4_options o ON o.host_id = h.host_id AND o.scope_id = 3
            WHERE h.dhcp_identifier_type = 0 AND h.dhcp4_subnet_id = 0 ORDER BY 1
            """
        ).split(separator: "\n").map { $0.replacingOccurrences(of: "\t", with: " ") }
    }

    func testTheSQLLoadsTwiceToTheSameRowsAndHoldsEveryInlineReservation() throws {
        let files = try renderExample("lab-kea-hostdb")
        let text = try hostsSQL(files)
        try sql(text)
        let first = try sql("SELECT host_id, HEX(dhcp_identifier) FROM hosts ORDER BY host_id; SELECT option_id, host_id FROM dhcp4_options")
        try sql(text)
        XCTAssertEqual(
            try sql("SELECT host_id, HEX(dhcp_identifier) FROM hosts ORDER BY host_id; SELECT option_id, host_id FROM dhcp4_options"), first)
        // As many hosts as the inline build has reservations, and the same MACs.
        let inline = try XCTUnwrap(try renderExample("lab-kea").first { $0.path == "master" + KeaPaths.dhcp4 }).contents
        let inlineMACs = Set(
            inline.components(separatedBy: "\"hw-address\": \"").dropFirst().compactMap { $0.split(separator: "\"").first }
                .map { $0.replacingOccurrences(of: ":", with: "") })
        let rows = try hostTable()
        XCTAssertEqual(rows.count, inlineMACs.count)
        XCTAssertEqual(Set(rows.compactMap { $0.split(separator: " ").first.map(String.init) }), inlineMACs)
        XCTAssertTrue(rows.contains("001b00000004 - cm-4 provha-packetcable-servers cm/cm-4.cfg -"), "\(rows.prefix(5))")
        XCTAssertTrue(rows.contains { $0.hasSuffix("mta/mta-1.cfg -") || $0.contains(" mta/") }, "MTAs with their boot files")
        // The file with the database holds no reservation, only the database and the class.
        let withDatabase = try XCTUnwrap(files.first { $0.path == "master" + KeaPaths.dhcp4 })
        XCTAssertFalse(withDatabase.contents.contains("\"reservations\""))
        XCTAssertTrue(withDatabase.contents.contains(#""readonly": true"#))
        XCTAssertEqual(withDatabase.mode, 0o640, "it holds the database password")
    }

    /// lab-kea-hostdb rendered from the lab's dump with `edits` (each text replaced once).
    private func renderEdited(_ edits: [(String, String)]) throws -> [GeneratedFile] { Emitters.render(try renderEditedModel(edits)) }

    func testLoadingAfterAChangeLeavesExactlyTheNewSet() throws {
        try sql(try hostsSQL(try renderExample("lab-kea-hostdb")))
        XCTAssertTrue(try hostTable().contains { $0.hasPrefix("001b00000001 ") })
        // A modem goes, two fixed endpoints swap their addresses.
        let changed = try hostsSQL(
            try renderEdited([
                (
                    "(1,'2019-06-13 11:31:46','2019-06-01 15:02:19',NULL,'Modem 1'",
                    "(1,'2019-06-13 11:31:46','2019-06-01 15:02:19','2019-07-01 00:00:00','Modem 1'"
                ),
                (
                    "'cpe-fixed-1','00:1d:00:00:00:16','fixed public IP',1,22,'198.18.0.88'",
                    "'cpe-fixed-1','00:1d:00:00:00:16','fixed public IP',1,22,'198.18.0.174'"
                ),
                (
                    "'cpe-fixed-2','00:1d:00:00:00:2c','fixed public IP',1,44,'198.18.0.174'",
                    "'cpe-fixed-2','00:1d:00:00:00:2c','fixed public IP',1,44,'198.18.0.88'"
                ),
            ]))
        try sql(changed)
        let after = try hostTable()
        try sql("DELETE FROM hosts")
        try sql(changed)
        XCTAssertEqual(after, try hostTable(), "loading onto the old set gives what loading onto none gives")
        XCTAssertFalse(after.contains { $0.hasPrefix("001b00000001 ") }, "the removed modem's host is gone")
        XCTAssertTrue(after.contains("001d00000016 198.18.0.174 cpe-fixed-1 - - -"), "\(after.filter { $0.hasPrefix("001d") })")
        XCTAssertTrue(after.contains("001d0000002c 198.18.0.88 cpe-fixed-2 - - -"))
    }

    func testAnotherSchemaVersionIsRefusedBeforeAnythingChanges() throws {
        try sql("UPDATE schema_version SET version = 13")
        XCTAssertThrowsError(try sql(try hostsSQL(try renderExample("lab-kea-hostdb")))) { error in
            XCTAssertTrue("\(error)".contains("schema 14.x (Kea 2.2); this database has 13.0"), "\(error)")
        }
        XCTAssertEqual(try sql("SELECT COUNT(*) FROM hosts"), "0\n")
    }

    /// `kea-dhcp4 -t` never opens the database: only a real start shows that the generated
    /// `hosts-database` connects (read-only) to a schema Kea accepts.
    func testARealKeaDHCP4StartsOnTheDatabase() throws {
        let kea4 = try requireProgram("kea-dhcp4", package: "kea-dhcp4-server")
        let port = try XCTUnwrap(ProcessInfo.processInfo.environment["PROVHA_TEST_MARIADB_PORT"])
        try sql(try hostsSQL(try renderExample("lab-kea-hostdb")))
        try sql(
            "CREATE USER IF NOT EXISTS 'kea'@'127.0.0.1' IDENTIFIED BY 'kea-lab-Host-DB-2026'; GRANT SELECT ON \(database).* TO 'kea'@'127.0.0.1'",
            inDatabase: false)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let master = try XCTUnwrap(try renderExample("lab-kea-hostdb").first { $0.path == "master" + KeaPaths.dhcp4 }).contents
            .replacingOccurrences(of: #""name": "kea""#, with: "\"name\": \"\(database)\"").replacingOccurrences(
                of: "\"port\": 3306", with: "\"port\": \(port)"
            )
            .replacingOccurrences(of: "\"/run/kea/", with: "\"\(folder.path)/").replacingOccurrences(of: "\"/var/lib/kea/", with: "\"\(folder.path)/")
            .replacingOccurrences(of: #""output": "syslog""#, with: #""output": "stdout""#)
            .replacingOccurrences(of: #""interfaces": [ "*" ]"#, with: #""interfaces": [ "lo" ]"#)
        let config = folder.appendingPathComponent("kea-dhcp4.conf")
        try Data(master.utf8).write(to: config)
        let result = try runProgram(
            URL(fileURLWithPath: "/usr/bin/timeout"), ["3", kea4.path, "-c", config.path],
            environment: ["KEA_PIDFILE_DIR": folder.path, "KEA_LOCKFILE_DIR": folder.path])
        let log = result.standardOutput + result.standardError
        XCTAssertTrue(log.contains("DHCPSRV_MYSQL_HOST_DB_READONLY"), log)
        XCTAssertTrue(log.contains("DHCP4_STARTED"), log)
        XCTAssertFalse(
            log.split(separator: "\n").contains { $0.contains("DHCP4_INIT_FAIL") || ($0.contains("ERROR") && $0.contains("MYSQL")) }, log)
    }

    /// The live road (`kea-hosts`): only the rows that differ, in one transaction, with the
    /// removal guard; it leaves the table the SQL file leaves. Cut into slices of 8 hosts, it
    /// reads back only the slices whose digest differs, and `full` sees an edit by hand.
    func testTheLiveWriterWritesOnlyWhatChanged() throws {
        let writer = try connectedWriter(sliceSize: 8)
        let model = try exampleModel("lab-kea-hostdb")
        let first = try writer.write(model)
        XCTAssertEqual(first, KeaHostsWriter.Outcome(added: 77, changed: 0, removed: 0, unchanged: 0, slicesRead: 10, slices: 10))
        XCTAssertEqual(try sql("SELECT COUNT(*), SUM(hosts) FROM provha_kea_host_slices"), "10\t77\n")
        let written = try hostTable()
        let ids = try sql("SELECT host_id, HEX(dhcp_identifier) FROM hosts ORDER BY host_id")
        XCTAssertEqual(try writer.write(model), KeaHostsWriter.Outcome(added: 0, changed: 0, removed: 0, unchanged: 77, slicesRead: 0, slices: 10))
        XCTAssertEqual(try sql("SELECT host_id, HEX(dhcp_identifier) FROM hosts ORDER BY host_id"), ids, "nothing rewritten")

        // One modem renamed: one slice read, one row changes, every other host keeps its id.
        let renamed = try renderEditedModel([("'Modem 3','cm-3',", "'Modem 3','cm-3b',")])
        let before = try sql("SELECT host_id FROM hosts WHERE hostname <> 'cm-3' ORDER BY host_id")
        XCTAssertEqual(try writer.write(renamed), KeaHostsWriter.Outcome(added: 0, changed: 1, removed: 0, unchanged: 76, slicesRead: 1, slices: 10))
        XCTAssertEqual(try sql("SELECT host_id FROM hosts WHERE hostname <> 'cm-3b' ORDER BY host_id"), before)
        XCTAssertEqual(try sql("SELECT dhcp4_boot_file_name FROM hosts WHERE hostname = 'cm-3b'"), "cm/cm-3b.cfg\n")
        XCTAssertEqual(try writer.write(model).changed, 1)

        // One modem deleted: its hosts are found gone in the slices read; a full comparison agrees.
        let oneGone = try renderEditedModel([("NULL,'Modem ", "'2019-07-01 00:00:00','Modem ")])
        let gone = try writer.write(oneGone)
        XCTAssertEqual([gone.added, gone.changed], [0, 0])
        XCTAssertGreaterThan(gone.removed, 0)
        XCTAssertLessThanOrEqual(gone.slicesRead, gone.removed)
        let checked = try writer.write(oneGone, full: true)
        XCTAssertEqual([checked.added, checked.changed, checked.removed, checked.unchanged], [0, 0, 0, 77 - gone.removed])
        XCTAssertEqual(try writer.write(model).added, gone.removed)
        XCTAssertEqual(try hostTable(), written)

        // A host edited by other means: the digests cannot tell; `full` reads every host and mends it.
        try sql("UPDATE hosts SET dhcp4_boot_file_name = 'cm/by-hand.cfg' WHERE hostname = 'cm-3'")
        XCTAssertEqual(try writer.write(model).slicesRead, 0)
        XCTAssertEqual(
            try writer.write(model, full: true), KeaHostsWriter.Outcome(added: 0, changed: 1, removed: 0, unchanged: 76, slicesRead: 10, slices: 10))
        XCTAssertEqual(try hostTable(), written)

        // The SQL file leaves the same table and the same digests (one slice of 1,024 hosts).
        try sql("DELETE FROM hosts")
        try sql(try hostsSQL(try renderExample("lab-kea-hostdb")))
        XCTAssertEqual(try hostTable(), written, "the live road and the SQL file leave the same table")
        XCTAssertEqual(
            try connectedWriter().write(model), KeaHostsWriter.Outcome(added: 0, changed: 0, removed: 0, unchanged: 77, slicesRead: 0, slices: 1))

        // Every modem deleted (and so their MTAs): refused, nothing written; forced, written,
        // the slice read cut again into slices of 8, and nothing left to do after.
        let noModems = try renderEditedModel([("NULL,'Modem ", "'2019-07-01 00:00:00','Modem ")], dropping: true)
        XCTAssertThrowsError(try writer.write(noModems)) { XCTAssertTrue("\($0)".contains("Give --force"), "\($0)") }
        XCTAssertEqual(try sql("SELECT COUNT(*) FROM hosts"), "77\n")
        let forced = try writer.write(noModems, force: true)
        XCTAssertGreaterThan(forced.removed, 10)
        let left = 77 - forced.removed
        XCTAssertEqual(try sql("SELECT COUNT(*) FROM hosts"), "\(left)\n")
        XCTAssertEqual(try sql("SELECT COUNT(*), SUM(hosts) FROM provha_kea_host_slices"), "\((left + 7) / 8)\t\(left)\n")
        XCTAssertEqual(try writer.write(noModems).slicesRead, 0)
    }

    /// A dry run changes nothing, not even the slice table's existence.
    func testADryRunWritesNothing() throws {
        let outcome = try connectedWriter().write(try exampleModel("lab-kea-hostdb"), dryRun: true)
        XCTAssertEqual(outcome.added, 77)
        XCTAssertEqual(try sql("SELECT COUNT(*) FROM hosts"), "0\n")
        XCTAssertEqual(try sql("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'provha%'"), "0\n")
    }

    /// `kea-hosts` cannot reach the database: the server's reason, per host, exit 1.
    func testAnUnreachableDatabaseIsNamedWithItsReason() throws {
        guard case var .success(target) = DatabaseURL.parse("mariadb://root@127.0.0.1:1,127.0.0.1:2/\(database)") else {
            return XCTFail("the test's URL does not parse")
        }
        target.passwordEnv = "PROVHA_TEST_NO_PASSWORD"
        let diagnostics = DiagnosticCollector()
        XCTAssertNil(KeaHostsWriter(target, environment: [:], diagnostics: diagnostics))
        let messages = diagnostics.diagnostics.map(\.description)
        XCTAssertEqual(messages.count, 2, "\(messages)")
        XCTAssertTrue(messages[0].contains("note: cannot connect to 127.0.0.1:1: Can't connect"), "\(messages)")
        XCTAssertTrue(messages[1].contains("error: cannot connect to 127.0.0.1:2: Can't connect"), "\(messages)")
    }

    /// A writer on the test's database, as root over the socket.
    private func connectedWriter(sliceSize: Int? = nil) throws -> KeaHostsWriter {
        guard case var .success(target) = DatabaseURL.parse("mariadb://root@localhost/\(database)?socket=\(socket)") else {
            throw Failure(output: "the test's URL does not parse")
        }
        target.passwordEnv = "PROVHA_TEST_NO_PASSWORD"
        let diagnostics = DiagnosticCollector()
        return try XCTUnwrap(KeaHostsWriter(target, environment: [:], diagnostics: diagnostics, sliceSize: sliceSize), "\(diagnostics.diagnostics)")
    }

    /// The lab-kea-hostdb model from the lab's dump with `edits`; `dropping`: every occurrence
    /// replaced (else each once).
    private func renderEditedModel(_ edits: [(String, String)], dropping: Bool = false) throws -> ClusterModel {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = Repository.examples.appendingPathComponent("lab")
        var dump = try String(contentsOf: lab.appendingPathComponent("data/nmsprime.sql"), encoding: .utf8)
        for (from, to) in edits {
            XCTAssertTrue(dump.contains(from), from)
            if dropping {
                dump = dump.replacingOccurrences(of: from, with: to)
            } else if let range = dump.range(of: from) {
                dump.replaceSubrange(range, with: to)
            }
        }
        try Data(dump.utf8).write(to: folder.appendingPathComponent("nmsprime.sql"))
        let cluster = try String(contentsOf: Repository.examples.appendingPathComponent("lab-kea-hostdb/cluster.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "dump: ../lab/data/nmsprime.sql", with: "dump: \(folder.path)/nmsprime.sql")
            .replacingOccurrences(of: "../lab/secrets/", with: "\(lab.path)/secrets/")
        let file = folder.appendingPathComponent("cluster.yaml")
        try Data(cluster.utf8).write(to: file)
        let pipeline = CompilerPipeline()
        return try XCTUnwrap(
            pipeline.validatedModel(CompilerPipeline.Input(clusterFile: file.path, environment: [:])), "\(pipeline.diagnostics.diagnostics)")
    }
}

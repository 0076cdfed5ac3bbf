import Foundation
import XCTest

@testable import ProvHACompile

/// The `database` section's files: `grants.sql` on a real MariaDB server (twice, then each user
/// doing what it may and being refused what it may not), `db.php` through PHP itself, the
/// quoting of every file with hostile values, and passwords masked in diffs.
final class DatabaseSetupTests: XCTestCase {
    private func labFile(_ path: String) throws -> String {
        try XCTUnwrap(try renderExample("lab").first { $0.path == path }, "\(path) in the lab's tree").contents
    }

    private func labPassword(_ name: String) throws -> String {
        try String(contentsOf: Repository.examples.appendingPathComponent("lab/secrets/db-\(name).pw"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `mariadb` as root over the test server's socket, or as `user` over TCP (from 127.0.0.1).
    private func sql(_ statements: String, user: String? = nil, password: String = "") throws -> ProcessResult {
        let environment = ProcessInfo.processInfo.environment
        guard let socket = environment["PROVHA_TEST_MARIADB_SOCKET"], let port = environment["PROVHA_TEST_MARIADB_PORT"] else {
            if environment["CI"] != nil { XCTFail("CI must start scripts/mariadb-test-server.sh and export its variables") }
            throw XCTSkip("no test database: run `eval \"$(scripts/mariadb-test-server.sh start)\"` first")
        }
        let mariadb = try requireProgram("mariadb", package: "mariadb-client")
        guard let user else { return try runProgram(mariadb, ["--socket=\(socket)", "-u", "root", "-N", "-e", statements]) }
        return try runProgram(mariadb, ["-h", "127.0.0.1", "-P", port, "-u", user, "-p\(password)", "-N", "-e", statements])
    }

    func testGrantsApplyTwiceAndGiveEachUserWhatItNeedsAndNoMore() throws {
        // The lab's master becomes 127.0.0.1, where the tests connect from, its slave 127.0.0.4;
        // each user gets the prefix probe_, so that none is one of the test server's own.
        let grants = try labFile("database/grants.sql").replacingOccurrences(of: "172.20.0.100", with: "127.0.0.1")
            .replacingOccurrences(of: "172.20.0.101", with: "127.0.0.4")
            .replacingOccurrences(of: #"'(\w+)'@'"#, with: "'probe_$1'@'", options: .regularExpression)
        let users = ["nmsprime", "nmsprime_ccc", "cactiuser", "icinga2user", "slaveread", "cactireader"].map { "probe_\($0)" }
        let accounts = users.flatMap { user in ["127.0.0.1", "127.0.0.4"].map { "'\(user)'@'\($0)'" } }
        defer { _ = try? sql("DROP USER IF EXISTS \(accounts.joined(separator: ", "));") }
        let showGrants = accounts.map { "SHOW GRANTS FOR \($0);" }.joined()
        let first = try sql(grants)
        XCTAssertEqual(first.status, 0, first.standardError)
        let afterFirst = try sql(showGrants)
        XCTAssertEqual(afterFirst.status, 0, afterFirst.standardError)
        let second = try sql(grants)
        XCTAssertEqual(second.status, 0, second.standardError)
        XCTAssertEqual(try sql(showGrants).standardOutput, afterFirst.standardOutput, "a second run changes nothing")
        for node in ["127.0.0.1", "127.0.0.4"] {
            XCTAssertTrue(
                afterFirst.standardOutput.contains("GRANT SELECT ON `nmsprime`.* TO `probe_slaveread`@`\(node)`"), afterFirst.standardOutput)
            XCTAssertTrue(afterFirst.standardOutput.contains("GRANT ALL PRIVILEGES ON `cacti`.* TO `probe_cactiuser`@`\(node)`"))
        }

        // The reader reads and may change nothing.
        let reader = try labPassword("slaveread")
        let read = try sql("SELECT COUNT(*) FROM nmsprime.modem", user: "probe_slaveread", password: reader)
        XCTAssertEqual(read.status, 0, read.standardError)
        for write in [
            "INSERT INTO nmsprime.modem (id) VALUES (999999)", "UPDATE nmsprime.modem SET name = 'x'",
            "CREATE TABLE nmsprime.provha_probe (id INT)",
        ] {
            let refused = try sql(write, user: "probe_slaveread", password: reader)
            XCTAssertNotEqual(refused.status, 0, write)
            XCTAssertTrue(refused.standardError.contains("ERROR 1142"), "\(write): \(refused.standardError)")
        }
        // NMS Prime's user owns its database; Cacti's reads the time zones, and not NMS Prime's.
        let owner = try sql(
            "CREATE TABLE nmsprime.provha_probe (id INT); INSERT INTO nmsprime.provha_probe VALUES (1); DROP TABLE nmsprime.provha_probe;",
            user: "probe_nmsprime", password: try labPassword("nmsprime"))
        XCTAssertEqual(owner.status, 0, owner.standardError)
        let cacti = try sql("SELECT COUNT(*) FROM mysql.time_zone_name", user: "probe_cactiuser", password: try labPassword("cacti"))
        XCTAssertEqual(cacti.status, 0, cacti.standardError)
        let outsider = try sql("SELECT COUNT(*) FROM nmsprime.modem", user: "probe_cactiuser", password: try labPassword("cacti"))
        XCTAssertTrue(outsider.standardError.contains("ERROR 1142"), "Cacti's user reads only its own database: \(outsider.standardError)")
    }

    func testCactiDatabaseFileIsPHPThatPrintsNothingAndMatchesTheEnvDropIn() throws {
        let php = try requireProgram("php", package: "php-cli")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for role in NodeRole.allCases {
            let file = folder.appendingPathComponent("\(role.rawValue)-db.php")
            try Data(try labFile("\(role.rawValue)\(CactiDatabaseEmitter.path)").utf8).write(to: file)
            let lint = try runProgram(php, ["-l", file.path])
            XCTAssertEqual(lint.status, 0, lint.standardOutput + lint.standardError)
            let read = try runProgram(
                php,
                [
                    "-r", "ob_start(); require $argv[1]; $out = ob_get_clean(); echo strlen($out), ' ', $database_username, ' ', $database_password;",
                    file.path,
                ])
            let env = try labFile("\(role.rawValue)\(DatabaseEnvEmitter.path)")
            XCTAssertEqual(read.standardOutput, "0 cactiuser \(try labPassword("cacti"))", "\(role): nothing printed, the env's user and password")
            XCTAssertTrue(env.contains("CACTI_DB_USERNAME='cactiuser'\nCACTI_DB_PASSWORD='\(try labPassword("cacti"))'\n"), env)
        }
    }

    /// Values no check would let through still come out of each quoting as they went in.
    func testEachQuotingGivesBackHostileValuesLiterally() throws {
        let hostile = ["it's", #"back\slash\"#, "new\nline", "$HOME ${X} `id`", #"'; DROP TABLE modem; --"#, #"\'"#]
        let php = try requireProgram("php", package: "php-cli")
        for value in hostile {
            let echoed = try runProgram(php, ["-r", "echo \(DatabaseSyntax.phpString(value));"])
            XCTAssertEqual(echoed.standardOutput, value, "PHP: \(value)")
            XCTAssertNotNil(DatabaseSyntax.problemInPassword(value), "refused as a password: \(value)")
            XCTAssertNotNil(DatabaseSyntax.problemInName(value), "refused as a name: \(value)")
        }
        let selected = try sql("SELECT " + hostile.map(DatabaseSyntax.sqlString).joined(separator: ", ") + ";")
        XCTAssertEqual(selected.status, 0, selected.standardError)
        // mariadb -N prints tabs between the columns and escapes newlines and backslashes.
        let expected = hostile.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n") }
        XCTAssertEqual(selected.standardOutput, expected.joined(separator: "\t") + "\n")
        XCTAssertNil(DatabaseSyntax.problemInPassword("2L7o6eSU5WknoJPPSEjO52Nh!#%&()*+,-./:;<=>?@[]^_{|}~"))
    }

    func testPasswordsAreMaskedInDiffs() throws {
        for (old, new) in [
            ("DB_PASSWORD='oldSecret1'\n", "DB_PASSWORD='newSecret2'\n"),
            ("$database_password = 'oldSecret1';\n", "$database_password = 'newSecret2';\n"),
            ("ALTER USER 'u'@'h' IDENTIFIED BY 'oldSecret1';\n", "ALTER USER 'u'@'h' IDENTIFIED BY 'newSecret2';\n"),
        ] {
            let diff = UnifiedDiff.render(path: "f", old: old, new: new)
            XCTAssertTrue(diff.contains("secret changed (masked)"), diff)
            XCTAssertFalse(diff.contains("Secret1") || diff.contains("Secret2"), diff)
        }
    }
}

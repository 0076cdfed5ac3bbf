import Foundation
import XCTest

@testable import ProvHACompile

/// Against a real MariaDB server (`scripts/mariadb-test-server.sh start`, which `.ci/run`
/// runs): the live reader, the snapshot writer and their errors, through the command line.
final class LiveDatabaseTests: XCTestCase {
    private var socket = ""
    private var port = ""
    private var out: URL!
    private let lab = Repository.examples.appendingPathComponent("lab/cluster.yaml").path
    private let password = "slaveread-test"

    override func setUpWithError() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let socket = environment["PROVHA_TEST_MARIADB_SOCKET"], let port = environment["PROVHA_TEST_MARIADB_PORT"] else {
            if environment["CI"] != nil { XCTFail("CI must start scripts/mariadb-test-server.sh and export its variables") }
            throw XCTSkip("no test database: run `eval \"$(scripts/mariadb-test-server.sh start)\"` first")
        }
        self.socket = socket
        self.port = port
        out = try temporaryFolder()
    }

    override func tearDownWithError() throws {
        if let out { try? FileManager.default.removeItem(at: out) }
    }

    private func compile(_ arguments: [String], password: String? = "slaveread-test") throws -> ProcessResult {
        var environment = ProcessInfo.processInfo.environment
        environment["PROVHA_DB_PASSWORD"] = password
        return try runProgram(Repository.executable, arguments, environment: environment)
    }

    private var socketURL: String { "mariadb://slaveread@localhost/nmsprime?socket=\(socket)" }

    /// Every file below `folder` except the manifest and lock, path → contents.
    private func tree(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return result }
        while let path = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
            if isFolder.boolValue || path.hasPrefix(".provha") { continue }
            result[path] = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        }
        return result
    }

    func testLiveDatabaseSnapshotAndDumpGiveIdenticalTrees() throws {
        let fromDump = out.appendingPathComponent("dump"), fromDB = out.appendingPathComponent("db")
        let fromSnapshot = out.appendingPathComponent("snapshot"), snapshot = out.appendingPathComponent("snapshot.sql")
        XCTAssertEqual(try compile(["build", lab, "--out", fromDump.path]).status, 0)
        let live = try compile(["build", lab, "--db", socketURL, "--out", fromDB.path])
        XCTAssertEqual(live.status, 0, live.standardError)
        let taken = try compile(["snapshot", "--db", "mariadb://slaveread@127.0.0.1:\(port)/nmsprime", "--out", snapshot.path])
        XCTAssertEqual(taken.status, 0, taken.standardError)
        XCTAssertEqual(try compile(["build", lab, "--snapshot", snapshot.path, "--out", fromSnapshot.path]).status, 0)
        let reference = try tree(fromDump)
        XCTAssertEqual(reference.count, try renderExample("lab").count)
        XCTAssertEqual(try tree(fromDB), reference, "--db and the dump disagree")
        XCTAssertEqual(try tree(fromSnapshot), reference, "snapshot → --snapshot and the dump disagree")

        // A snapshot is deterministic: taking it again gives the same bytes.
        let again = out.appendingPathComponent("again.sql")
        XCTAssertEqual(try compile(["snapshot", "--db", socketURL, "--out", again.path]).status, 0)
        XCTAssertEqual(try Data(contentsOf: again), try Data(contentsOf: snapshot))
        let text = try String(contentsOf: snapshot, encoding: .utf8)
        XCTAssertFalse(text.contains("Hauptstraße"), "columns the compiler does not read (addresses) stay out")
    }

    func testTheFirstGaleraHostThatAnswersIsUsedAndNamed() throws {
        let result = try compile(["check", lab, "--verbose", "--db", "mariadb://slaveread@127.0.0.1:1,127.0.0.1:\(port)/nmsprime"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("note: cannot connect to 127.0.0.1:1:"), result.standardError)
        XCTAssertTrue(result.standardError.contains("note: reading the database at 127.0.0.1:\(port)"), result.standardError)
    }

    func testDatabaseErrorsAreClearExitOneLeaveTheOutputAloneAndHideThePassword() throws {
        let sentinel = out.appendingPathComponent("master/etc/dhcp-nmsprime/dhcpd.conf")
        try FileManager.default.createDirectory(at: sentinel.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("previous\n".utf8).write(to: sentinel)
        let cases: [(url: String, password: String?, expected: String)] = [
            ("mariadb://slaveread@127.0.0.1:\(port)/nmsprime", "not-the-password", "Access denied for user 'slaveread'"),
            ("mariadb://slaveread@127.0.0.1:\(port)/no_such_database", password, "to database 'no_such_database'"),
            ("mariadb://slaveread@127.0.0.1:\(port)/nmsprime_broken", password, "error: the snapshot has no table `ippool`"),
            ("mariadb://slaveread@127.0.0.1:1/nmsprime", password, "error: cannot connect to 127.0.0.1:1: Can't connect"),
        ]
        for entry in cases {
            let result = try compile(["build", lab, "--db", entry.url, "--out", out.path], password: entry.password)
            XCTAssertEqual(result.status, 1, entry.url)
            XCTAssertTrue(result.standardError.contains(entry.expected), "\(entry.url): \(result.standardError)")
            XCTAssertFalse(result.standardError.contains(entry.password ?? "\u{0}"), "the password is printed")
            XCTAssertEqual(try String(contentsOf: sentinel, encoding: .utf8), "previous\n")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("slave").path))
        }
        let inURL = try compile(["check", lab, "--db", "mariadb://slaveread:\(password)@127.0.0.1:\(port)/nmsprime"])
        XCTAssertNotEqual(inURL.status, 0)
        XCTAssertFalse(inURL.standardError.contains(password))
    }

    func testTheCompilerNeedsNoMoreThanSelect() throws {
        // slaveread holds SELECT only (see the script); a full build succeeds with it.
        let grants = try compile(["check", lab, "--db", socketURL])
        XCTAssertEqual(grants.status, 0, grants.standardError)
        let connection = try MariaDBConnection(MariaDBEndpoint(socket: socket, user: "slaveread", database: "nmsprime"), password: password)
        XCTAssertThrowsError(try connection.execute("DELETE FROM modem")) { error in
            XCTAssertTrue("\(error)".contains("DELETE command denied"), "\(error)")
        }
    }
}

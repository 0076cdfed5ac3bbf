import XCTest

@testable import ProvHACompile

/// `Live/DatabaseURL.swift` and `Live/DatabaseTargetSpec.swift`: one road from the `--db` URL or
/// the cluster file's `snapshot.mariadb` to a checked target, with the same rules on both.
final class DatabaseTargetTests: XCTestCase {
    private func failure(_ url: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        guard case let .failure(problem) = DatabaseURL.parse(url) else {
            XCTFail("accepted \(url)", file: file, line: line)
            return nil
        }
        return problem.description
    }

    func testAURLNamesHostsPortsUserAndDatabase() throws {
        let target = try DatabaseURL.parse("mariadb://slaveread@db1,db2:3307,[fd00::5]:3308/nmsprime?tls=require").get()
        XCTAssertEqual(target.endpoints.map(\.host), ["db1", "db2", "fd00::5"])
        XCTAssertEqual(target.endpoints.map(\.port), [3306, 3307, 3308])
        XCTAssertEqual(Set(target.endpoints.map(\.user)), ["slaveread"])
        XCTAssertEqual(Set(target.endpoints.map(\.database)), ["nmsprime"])
        XCTAssertTrue(target.endpoints.allSatisfy(\.requireTLS))
        XCTAssertNil(target.passwordEnv, "a URL names no password variable; the cluster file's is taken")
    }

    func testASocketTargetNeedsNoHost() throws {
        let target = try DatabaseURL.parse("mariadb://slaveread@localhost/nmsprime?socket=/run/mysqld/mysqld.sock").get()
        XCTAssertEqual(target.endpoints.map(\.socket), ["/run/mysqld/mysqld.sock"])
    }

    /// The inputs that once crashed the binary, and other broken parts: each a message, no crash.
    func testBrokenURLsAreRefusedWithAReason() {
        XCTAssertEqual(failure("mariadb://u@h/db?="), "unknown database URL parameter '' (known: socket, tls)")
        XCTAssertEqual(failure("mariadb://u@:/db"), "'' is not a port in the database URL")
        XCTAssertEqual(failure("mariadb://u@h:99999/db"), "database URL: port 99999 is not a TCP port (1-65535)")
        XCTAssertEqual(failure("mariadb://u@/db"), "database URL: host '' is not a host name or address")
        XCTAssertTrue(failure("mariadb://u:secret@h/db")?.contains("must not hold a password") ?? false)
        XCTAssertTrue(failure("mysql://u@h/db")?.hasPrefix("a database URL starts with mariadb://") ?? false)
        XCTAssertTrue(failure("mariadb://u@h/db'; DROP TABLE modem")?.contains("is not a database name") ?? false)
    }

    func testEveryProblemOfASpecNamesItsPart() {
        var spec = DatabaseTargetSpec()
        spec.user = "a'b"
        spec.database = ""
        spec.port = -1
        spec.passwordEnv = "1PASSWORD"
        guard case let .failure(problems) = spec.build(display: "cluster.yaml") else { return XCTFail("accepted") }
        XCTAssertEqual(problems.all.map(\.part), [.user, .database, .port, .passwordEnv, .host])
    }
}

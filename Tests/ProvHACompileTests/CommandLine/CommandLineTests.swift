import Foundation
import XCTest

/// The command line as `../shared/spec/command-line.md` promises it.
final class CommandLineTests: XCTestCase {
    private var lab: String { Repository.examples.appendingPathComponent("lab/cluster.yaml").path }

    /// `--version` prints the VERSION file's version, the one the packages carry.
    func testVersionIsTheVersionFile() throws {
        let file = try String(contentsOf: Repository.root.appendingPathComponent("VERSION"), encoding: .utf8)
        let result = try runProgram(Repository.executable, ["--version"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput, file)
    }

    func testCheckOfAValidClusterExitsZero() throws {
        let result = try runProgram(Repository.executable, ["check", lab])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput, "")
    }

    func testBuildWritesBothNodesAndRewritesNothingTheSecondTime() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let first = try runProgram(Repository.executable, ["build", lab, "--out", out.path])
        XCTAssertEqual(first.status, 0, first.standardError)
        for role in ["master", "slave"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(role)/etc/dhcp-nmsprime/dhcpd.conf").path))
        }
        let key = out.appendingPathComponent("master/etc/dhcp-nmsprime/ddns-key.conf").path
        let mode = (try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int) ?? 0
        XCTAssertEqual(mode, 0o640, "the DDNS key file must be readable by owner and group only")
        let dhcpd = out.appendingPathComponent("master/etc/dhcp-nmsprime/dhcpd.conf").path
        let before = try FileManager.default.attributesOfItem(atPath: dhcpd)[.modificationDate] as? Date
        let inode = try FileManager.default.attributesOfItem(atPath: dhcpd)[.systemFileNumber] as? Int
        let second = try runProgram(Repository.executable, ["build", lab, "--out", out.path])
        XCTAssertEqual(second.status, 0, second.standardError)
        XCTAssertTrue(second.standardError.contains("0 written, 0 removed"), second.standardError)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: dhcpd)[.modificationDate] as? Date, before)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: dhcpd)[.systemFileNumber] as? Int, inode)
    }

    /// A relative output folder that does not exist yet (Foundation's `standardizingPath` crashed
    /// on one), and a failed build into one leaves nothing behind.
    func testBuildIntoARelativeFolderThatDoesNotExistYet() throws {
        let scratch = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let built = try runProgram(Repository.executable, ["build", lab, "--out", "out"], in: scratch)
        XCTAssertEqual(built.status, 0, built.standardError)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("out/slave/etc/dhcp-nmsprime/dhcpd.conf").path))
        let missing = try runProgram(Repository.executable, ["build", "no-such-cluster.yaml", "--out", "new/out"], in: scratch)
        XCTAssertEqual(missing.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("new").path))
    }

    func testTheDDNSSecretIsNeverPrinted() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let secret = try String(contentsOf: Repository.examples.appendingPathComponent("lab/secrets/ddns.key"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for arguments in [["check", lab], ["build", lab, "--out", out.path], ["check", lab, "--diagnostics-format", "json"]] {
            let result = try runProgram(Repository.executable, arguments)
            XCTAssertFalse((result.standardOutput + result.standardError).contains(secret))
        }
    }

    func testUsageErrorsExitNonZeroWithAUsageLine() throws {
        for arguments in [
            ["build", lab], ["check"], ["check", lab, "--no-such-flag"], ["frobnicate"],
            ["check", lab, "--snapshot", "a.sql", "--db", "mariadb://u@h/nmsprime"],
        ] {
            let result = try runProgram(Repository.executable, arguments)
            XCTAssertNotEqual(result.status, 0, "\(arguments)")
            XCTAssertTrue(result.standardError.contains("Usage:") || result.standardError.contains("Error:"), "\(arguments): \(result.standardError)")
        }
    }

    func testSnapshotOptionOverridesTheClusterFile() throws {
        let metroDump = Repository.examples.appendingPathComponent("metro/data/nmsprime.sql").path
        let result = try runProgram(Repository.executable, ["check", lab, "--snapshot", metroDump])
        XCTAssertEqual(result.status, 0, result.standardError)
        let missing = try runProgram(Repository.executable, ["check", lab, "--snapshot", "/nonexistent/dump.sql"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.standardError, "/nonexistent/dump.sql: error: cannot open the snapshot dump\n")
    }

    func testJSONDiagnosticsNameFileLineAndColumn() throws {
        let folder = Repository.fixtures.appendingPathComponent("bad/mclt-zero")
        let result = try runProgram(Repository.executable, ["check", "cluster.yaml", "--diagnostics-format", "json"], in: folder)
        XCTAssertEqual(result.status, 1)
        let entries = try JSONSerialization.jsonObject(with: Data(result.standardError.utf8)) as? [[String: Any]]
        let error = entries?.first { $0["severity"] as? String == "error" }
        XCTAssertEqual(error?["file"] as? String, "cluster.yaml")
        XCTAssertEqual(error?["line"] as? Int, 13)
        XCTAssertEqual(error?["column"] as? Int, 9)
    }

    /// A duplicate names where the first one is, as a note: a line of its own in text, the
    /// `notes` of its entry in JSON. Text output is sorted by location.
    func testDuplicatesPointAtTheFirstDefinitionAsANote() throws {
        let folder = Repository.fixtures.appendingPathComponent("bad/duplicate-mac")
        let text = try withCorpusCaseDump(folder) { try runProgram(Repository.executable, ["check", "cluster.yaml"], in: folder) }
        let lines = text.standardError.split(separator: "\n")
        let error = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("dump.sql: error: mta id 1: mac 00:1b:00:00:00:01 is also used by modem id 1") })
        XCTAssertEqual(lines[lines.index(after: error)], "dump.sql: note: modem id 1: mac 00:1b:00:00:00:01 first used here")
        XCTAssertEqual(lines.filter { !$0.contains(": note: ") }.map { $0.hasPrefix("cluster.yaml") ? 0 : 1 }, [0, 0, 0, 0, 0, 1], "sorted by input")

        let json = try withCorpusCaseDump(folder) {
            try runProgram(Repository.executable, ["check", "cluster.yaml", "--diagnostics-format", "json"], in: folder)
        }
        let entries = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.standardError.utf8)) as? [[String: Any]])
        let duplicate = try XCTUnwrap(entries.first { $0["severity"] as? String == "error" })
        let notes = try XCTUnwrap(duplicate["notes"] as? [[String: Any]])
        XCTAssertEqual(notes.count, 1)
        XCTAssertEqual(notes.first?["table"] as? String, "modem")
        XCTAssertEqual(notes.first?["id"] as? Int, 1)
        XCTAssertEqual(notes.first?["severity"] as? String, "note")
    }
}

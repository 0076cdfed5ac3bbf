import Foundation
import XCTest

@testable import ProvHACompile

/// `diff --format markdown|json` on the lab built into a tree, after one database edit each: the
/// exact summary (golden files under Tests/Fixtures/review, regenerated only with
/// PROVHA_UPDATE_GOLDEN=1), hostile values that cannot break the Markdown, secrets never shown.
final class ReviewSummaryTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try temporaryFolder()
        let lab = Repository.examples.appendingPathComponent("lab")
        for item in ["cluster.yaml", "data", "secrets"] {
            try FileManager.default.copyItem(at: lab.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        let built = try runProgram(Repository.executable, ["build", "cluster.yaml", "--out", "tree"], in: folder)
        XCTAssertEqual(built.status, 0, built.standardError)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// `diff` of the lab's dump with `edit` applied (each pair: the text and what it becomes).
    private func summary(_ edit: [(String, String)], format: String) throws -> (output: String, status: Int32) {
        var dump = try String(contentsOf: folder.appendingPathComponent("data/nmsprime.sql"), encoding: .utf8)
        for (from, to) in edit {
            XCTAssertTrue(dump.contains(from), "the lab dump has no \(from)")
            dump = dump.replacingOccurrences(of: from, with: to)
        }
        try dump.write(to: folder.appendingPathComponent("edited.sql"), atomically: true, encoding: .utf8)
        let result = try runProgram(
            Repository.executable, ["diff", "cluster.yaml", "--against", "tree", "--snapshot", "edited.sql", "--format", format], in: folder)
        return (result.standardOutput, result.status)
    }

    private func compare(_ actual: String, golden name: String) throws {
        let file = Repository.fixtures.appendingPathComponent("review/\(name)")
        if ProcessInfo.processInfo.environment["PROVHA_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(actual, try String(contentsOf: file, encoding: .utf8), "review/\(name); PROVHA_UPDATE_GOLDEN=1 rewrites it")
    }

    private let rename = [
        (
            "(1,'2019-06-13 11:31:46','2019-06-01 15:02:19',NULL,'Modem 1','cm-1',",
            "(1,'2019-06-13 11:31:46','2026-12-07 10:00:00',NULL,'Modem 1','cm-renamed-1',"
        )
    ]
    private let narrowPool = [("'198.18.0.66','198.18.0.126','198.18.0.65'", "'198.18.0.66','198.18.0.100','198.18.0.65'")]
    private let deleteModem = [
        (
            "(1,'2019-06-13 11:31:46','2019-06-01 15:02:19',NULL,'Modem 1','cm-1',",
            "(1,'2019-06-13 11:31:46','2026-12-07 10:00:00','2026-12-07 10:00:00','Modem 1','cm-1',"
        )
    ]

    func testARenamedModemIsOneChangedRowPerNodeInMarkdownAndJSON() throws {
        let markdown = try summary(rename, format: "markdown")
        XCTAssertEqual(markdown.status, 1, "differences exit 1")
        try compare(markdown.output, golden: "rename-modem.md")
        try compare(try summary(rename, format: "json").output, golden: "rename-modem.json")
    }

    func testADeletionAndAPoolChangeAreNamed() throws {
        try compare(try summary(deleteModem, format: "markdown").output, golden: "delete-modem.md")
        try compare(try summary(narrowPool, format: "json").output, golden: "narrow-pool.json")
    }

    func testNoChangeSaysSoAndExitsZero() throws {
        let result = try summary([], format: "markdown")
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.output.hasSuffix("No change: the build would write nothing.\n"), result.output)
    }

    /// `ippool.optional` reaches the pool verbatim (dhcpd statements): one that holds every
    /// character Markdown, tables and HTML read stays inert text in its row.
    func testHostileValuesCannotBreakTheTableOrInjectHTML() throws {
        let hostile = #"option domain-name \"a|b`c <script>x</script> **y** [z](http://e) ```\";"#
        let edit = [("'198.18.0.65','198.18.0.127','9.9.9.9','','','',", "'198.18.0.65','198.18.0.127','9.9.9.9','','','\(hostile)',")]
        let markdown = try summary(edit, format: "markdown").output
        let body = try XCTUnwrap(markdown.components(separatedBy: "<details>").first)
        for row in body.split(separator: "\n") where row.hasPrefix("| ") {
            // `|` outside escapes: the row's own four separators only.
            let separators = row.indices.filter { row[$0] == "|" && ($0 == row.startIndex || row[row.index(before: $0)] != "\\") }
            XCTAssertEqual(separators.count, 4, String(row))
        }
        XCTAssertFalse(body.contains("<script>"), body)
        XCTAssertTrue(body.contains("&lt;script&gt;"), body)
        let bare = body.indices.filter { body[$0] == "`" && (body[body.index(before: $0)] != "\\") }
        XCTAssertEqual(bare, [], "a backtick that is not escaped, outside the diff's fence: \(body)")
        XCTAssertTrue(body.contains(#"a\|b\`c &lt;script&gt;x&lt;/script&gt; \*\*y\*\* \[z\]\(http://e\) \`\`\`"#), body)
        // The diff holds the value as it is, inside a fence longer than its backtick run.
        XCTAssertTrue(markdown.contains("````diff\n"), markdown)
    }

    /// A changed DDNS key: both trees' secrets stay masked in every format.
    func testSecretsStayMaskedInEveryFormat() throws {
        let old = try String(contentsOf: folder.appendingPathComponent("secrets/ddns.key"), encoding: .utf8)
        let new = "c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1zaG93LXVw\n"
        try new.write(to: folder.appendingPathComponent("secrets/ddns.key"), atomically: true, encoding: .utf8)
        for format in ["markdown", "json", "text"] {
            let output = try summary([], format: format).output
            XCTAssertFalse(output.isEmpty, format)
            for secret in [old, new].map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) {
                XCTAssertFalse(output.contains(secret), "\(format) shows a secret")
            }
        }
    }
}

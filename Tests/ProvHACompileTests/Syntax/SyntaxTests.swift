import XCTest

@testable import ProvHACompile

/// The functions every value passes on its way into a file of one syntax, and into a diagnostic.
final class SyntaxTests: XCTestCase {
    func testVerbatimDHCPDStatementsStayInsideTheirBlock() {
        let safe = [
            "option ip-forwarding off;",
            "option ip-forwarding off;\nif exists agent.remote-id { log(info, \"}\"); }",
            "option domain-name \"a \\\" b\"; # a comment with } and \"",
            "ddns-updates on;",
        ]
        for text in safe { XCTAssertNil(DHCPDSyntax.problemInStatements(text), text) }
        let hostile = [
            "} host x {": "a '}' closes a block it did not open",
            "if x {": "a '{' is not closed",
            "option domain-name \"x;": "a string is not closed on its line",
            // The comment hides the quote from a naive check; the brace on the next line is real.
            "option ip-forwarding off; # \"\n}\nsubnet 10.9.9.0 netmask 255.255.255.0 { range 10.9.9.10 10.9.9.20;":
                "a '}' closes a block it did not open",
            "hello world": "the last statement is not ended with ';'",
            "include \"/etc/shadow\";": "the statement 'include' does not belong inside a subnet",
            "on commit { set x = 1; }": "the statement 'on' does not belong inside a subnet",
            "if true { execute(\"/bin/sh\", \"-c\", \"id\"); }": "'execute' would run a program on the DHCP server",
            "if true { log(info,execute(\"/bin/sh\")); }": "'execute' would run a program on the DHCP server",
            "option a b;\u{0}": "holds the control character '\\0'",
            ";": "an empty statement (';' alone)",
            "{ }": "a '{' opens a block without a statement",
            "option x \"a\nb\";": "a string is not closed on its line",
        ]
        for (text, problem) in hostile { XCTAssertEqual(DHCPDSyntax.problemInStatements(text), problem, text) }
    }

    func testDHCPDStringsHoldOnlyPrintableASCIIWithoutQuotesAndBackslashes() {
        XCTAssertNil(DHCPDSyntax.problemInString("IPTV-STB 2.0"))
        for hostile in ["x\" or \"a\" = \"a", "a\\", "line\nbreak", "", String(repeating: "a", count: 256), "Grüße"] {
            XCTAssertNotNil(DHCPDSyntax.problemInString(hostile), hostile)
        }
    }

    func testDiagnosticValuesAreQuotedEscapedAndCut() {
        XCTAssertEqual(DiagnosticText.quoted("cm-1"), "'cm-1'")
        XCTAssertEqual(DiagnosticText.quoted("a\nb'c\\"), "'a\\nb\\'c\\\\'")
        XCTAssertEqual(DiagnosticText.quoted("\u{1b}[31m"), "'\\u{1b}[31m'")
        let long = String(repeating: "x", count: 20_000_000)
        XCTAssertEqual(DiagnosticText.quoted(long), "'" + String(repeating: "x", count: 80) + "…' (20000000 characters)")
    }

    func testEveryDiagnosticIsOnePrintableLine() {
        let forged = Diagnostic.error("mac 'x\ndump.sql: error: forged line' is bad", at: .input(path: "dump.sql"))
        XCTAssertEqual(forged.description, "dump.sql: error: mac 'x\\ndump.sql: error: forged line' is bad")
        let huge = Diagnostic.error(String(repeating: "y", count: 5000), at: .input(path: "d"))
        XCTAssertEqual(huge.message.count, DiagnosticText.messageLimit + "… (message cut at 1000 characters)".count)
    }

    func testJSONEscapesWhatRFC8259RequiresAndKeepsTheLineWidth() throws {
        let hostile = "a\"b\\c\nd\u{01}é"
        let value = JSON.object([
            ("k\"", .string(hostile)), ("n", .int(-3)), ("t", .bool(true)), ("e", .array([])), ("o", .object([])),
        ])
        XCTAssertEqual(value.rendered(), #"{ "k\"": "a\"b\\c\nd\u0001é", "n": -3, "t": true, "e": [], "o": {} }"#)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(value.rendered().utf8)) as? [String: Any])
        XCTAssertEqual(parsed["k\""] as? String, hostile)
        // `{ "k": "…" }` is 11 bytes and the value: 120 wide stays on one line, 121 does not.
        let fits = String(repeating: "x", count: 109)
        XCTAssertEqual(JSON.object([("k", .string(fits))]).rendered(), #"{ "k": ""# + fits + #"" }"#)
        let wide = fits + "x"
        XCTAssertEqual(JSON.object([("k", .string(wide))]).rendered(), "{\n    \"k\": \"" + wide + "\"\n}")
        let nested = JSON.object([("list", .array([.object([("a", .bool(false))]), .string(wide)]))])
        XCTAssertEqual(
            nested.rendered(indent: 1),
            "{\n        \"list\": [\n            { \"a\": false },\n            \"" + wide + "\"\n        ]\n    }")
        let rows = JSON.renderedArray(count: 2, indent: 1) { index, bytes in
            JSON.object([("id", .int(index)), ("name", .string("r\(index)"))]).write(into: &bytes, indent: 2)
        }
        XCTAssertEqual(rows.rendered(), "[\n        { \"id\": 0, \"name\": \"r0\" },\n        { \"id\": 1, \"name\": \"r1\" }\n    ]")

        // A file puts the text around its rendered arrays and the arrays together: the same bytes.
        let inner = JSON.renderedArray(count: 1, indent: 3) { _, bytes in bytes += Array("\"é\"".utf8) }
        let file = JSON.object([
            ("a", rows), ("b", .array([.int(1), .object([("c", inner), ("d", .string(wide))])])), ("e", .string("last")), ("f", rows),
        ])
        XCTAssertEqual(file.renderedFile(after: "// header\n").string, "// header\n" + file.rendered() + "\n")
        XCTAssertEqual(JSON.array([]).renderedFile(after: "").string, "[]\n")
    }
}

/// What `diff` prints never shows a key's secret, however the key file writes it.
final class SecretMaskingTests: XCTestCase {
    func testSecretsAreMaskedInEveryFormAKeyFileUses() {
        let forms = [
            "\tsecret \"c2VjcmV0LWtleQ==\";",
            "\tsecret c2VjcmV0LWtleQ==;",
            "\tsecret  \"c2VjcmV0LWtleQ==\" ;",
            "\tSECRET \"c2VjcmV0LWtleQ==\";",
            "\tsecret\n\t\t\"c2VjcmV0LWtleQ==\";",
            "secret=c2VjcmV0LWtleQ==",
            "\tsecret \"c2VjcmV0LWtleQ==",
        ]
        for form in forms {
            let masked = UnifiedDiff.maskSecrets("key k {\n\talgorithm hmac-md5;\n\(form)\n};\n")
            XCTAssertFalse(masked.contains("c2VjcmV0LWtleQ"), masked)
            XCTAssertTrue(masked.contains("<masked>"), masked)
            XCTAssertTrue(masked.contains("algorithm hmac-md5;"), masked)
        }
    }

    /// Kea's host database password, as kea-dhcp4.conf writes it (a JSON member).
    func testAJSONPasswordMemberIsMasked() {
        let masked = UnifiedDiff.maskSecrets(#"{ "user": "kea", "password": "kea-lab-Host-DB-2026", "readonly": true }"#)
        XCTAssertFalse(masked.contains("kea-lab-Host-DB-2026"), masked)
        XCTAssertTrue(masked.contains(#""user": "kea""#) && masked.contains(#""readonly": true"#), masked)
    }
}

/// Thousands of warnings of one kind print as the first few and a count.
final class DiagnosticGroupingTests: XCTestCase {
    func testRepeatedWarningsOfOneKindAreCountedAfterTheFirstFew() {
        let many = (1...12).map {
            Diagnostic.warning(
                "fixed IP 10.0.0.\($0) lies in no CPEPub pool; no CMTS will route it to the endpoint",
                at: .row(source: "dump.sql", table: "endpoint", id: $0))
        }
        let other = Diagnostic.warning(
            "no 'ddns' key is configured: dynamic DNS updates are left off",
            at: .file(path: "cluster.yaml", line: 4, column: 11))
        let error = Diagnostic.error("mac 'x' is not a MAC address", at: .row(source: "dump.sql", table: "modem", id: 1))
        let grouped = DiagnosticGrouping.grouped([error] + many + [other])
        XCTAssertEqual(
            grouped.map(\.description),
            [error.description] + many.prefix(5).map(\.description) + [
                "dump.sql: warning: … and 7 more like the one before (fixed IP N lies in no CPEPub pool; no CMTS will route it to the endpoint); --verbose lists all",
                other.description,
            ])
        XCTAssertEqual(DiagnosticGrouping.grouped(Array(many.prefix(5))), Array(many.prefix(5)), "five of a kind are all shown")
    }

    /// CMTSs of many sites: a key naming the CMTS is a value of the warning, not its kind.
    func testKeysNamingACMTSAreBlankedWhole() {
        let sites = ["dresden", "zwickau", "freiberg"]
        let many = (1...9).map {
            Diagnostic.warning(
                "no CMTS syntax is known for company 'Harmonic'; its snippet is generic (set cmts.cmts-\(sites[$0 % 3])-\($0 * 4).vendor to choose one)",
                at: .row(source: "dump.sql", table: "cmts", id: $0 * 4))
        }
        XCTAssertEqual(
            DiagnosticGrouping.grouped(many).map(\.description),
            many.prefix(5).map(\.description) + [
                "dump.sql: warning: … and 4 more like the one before (no CMTS syntax is known for company '…'; its snippet is generic (set N to choose one)); --verbose lists all"
            ])
    }
}

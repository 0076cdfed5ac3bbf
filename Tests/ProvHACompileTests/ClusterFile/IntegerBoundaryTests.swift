import Foundation
import XCTest

@testable import ProvHACompile

/// Every integer key of the cluster file (`IntegerLimits.clusterFile`) at the values that break
/// arithmetic and 16/32/64-bit fields, read, validated against the lab's dump (every table the
/// validator reads, `provha` too) and rendered in-process for both DHCP servers: an overflow anywhere traps this test; a value
/// outside its key's range is refused at its line and column, a value inside it is read.
final class IntegerBoundaryTests: XCTestCase {
    /// The values `Fuzz/boundaries.dict` gives the fuzzers too.
    static let boundaries = [
        "0", "1", "-1", "65535", "65536", "2147483647", "2147483648", "-2147483649", "4294967295", "4294967296",
        "36028797018963968", "-36028797018963968", "9223372036854775807", "-9223372036854775808", "100000000000000000000000",
    ]

    /// Sections a key needs beside it to be read at all.
    private static let companions = [
        "snapshot.mariadb": "    host: db1\n",
        "tftp.sync": "    slave_host_key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFq0\n",
        "dhcp.kea_hosts_database": "    password_env: PROVHA_KEA_DB_PASSWORD\n",
    ]

    func testEveryIntegerKeyAtEveryBoundaryIsRefusedAtItsValueOrBuilds() throws {
        let snapshot = try baseSnapshot()
        for (key, limit) in IntegerLimits.clusterFile.sorted(by: { $0.key < $1.key }) {
            let edges = [limit.range.lowerBound - 1, limit.range.lowerBound, limit.range.upperBound, limit.range.upperBound + 1]
            for value in Self.boundaries + edges.map(String.init) {
                for server in ["isc", "kea"] {
                    let (text, line, column) = clusterFile(setting: key, to: value, server: server)
                    let diagnostics = DiagnosticCollector()
                    let config = ClusterFileReader(diagnostics: diagnostics).read(text: text, path: "cluster.yaml")
                    let errors = diagnostics.diagnostics.filter { $0.severity == .error }.map(\.description)
                    if let number = Int(value), limit.range.contains(number) {
                        XCTAssertEqual(errors, [], "\(key): \(value)")
                    } else {
                        XCTAssertNil(config, "\(key): \(value)")
                        XCTAssertEqual(
                            errors, ["cluster.yaml:\(line):\(column): error: '\(key)' must be \(IntegerLimits.describe(limit)), found \(value)"])
                    }
                    // Whatever the reader let through is validated and rendered: nothing may trap.
                    guard let config else { continue }
                    let validator = Validator(config: config, snapshot: snapshot, diagnostics: diagnostics, environment: [:])
                    if let model = validator.validate() { XCTAssertFalse(Emitters.render(model).isEmpty) }
                }
            }
        }
    }

    /// The fuzzers' dictionary holds every integer key and every boundary value, so that they
    /// try each key at each of them.
    func testTheFuzzDictionaryNamesEveryIntegerKeyAndBoundary() throws {
        let dictionary = try String(contentsOf: Repository.root.appendingPathComponent("Fuzz/boundaries.dict"), encoding: .utf8)
        let tokens = Set(dictionary.split(separator: "\n").filter { $0.hasPrefix("\"") }.map { $0.dropFirst().dropLast() }.map(String.init))
        for key in IntegerLimits.clusterFile.keys {
            XCTAssertTrue(tokens.contains("\(key.split(separator: ".").last ?? ""): "), "\(key) is not in the dictionary")
        }
        for column in IntegerLimits.snapshotColumns.keys {
            XCTAssertTrue(tokens.contains(String(column.split(separator: ".").last ?? "")), "\(column) is not in the dictionary")
        }
        XCTAssertTrue(Set(Self.boundaries).isSubset(of: tokens), "boundaries missing: \(Set(Self.boundaries).subtracting(tokens).sorted())")
    }

    /// A minimal cluster file with `key` set to `value` (and the line and column of the value).
    private func clusterFile(setting key: String, to value: String, server: String) -> (String, Int, Int) {
        var text = """
            version: 1
            cluster: { name: lab, domain: nmsprime.test }
            nodes:
              master: { hostname: nms-master, address: 172.20.0.100 }
              slave: { hostname: nms-slave, address: 172.20.0.101 }

            """
        let parts = key.split(separator: ".").map(String.init)
        if parts.first != "dhcp" { text += "dhcp:\n  server: \(server)\n" }
        for (depth, part) in parts.dropLast().enumerated() {
            text += String(repeating: "  ", count: depth) + "\(part):\n"
            if depth == 0 && part == "dhcp" { text += "  server: \(server)\n" }
        }
        text += Self.companions[parts.dropLast().joined(separator: ".")] ?? ""
        let indent = String(repeating: "  ", count: parts.count - 1)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count
        text += "\(indent)\(parts[parts.count - 1]): \(value)\n"
        return (text, line, indent.count + parts[parts.count - 1].count + 3)
    }

    private func baseSnapshot() throws -> Snapshot {
        let diagnostics = DiagnosticCollector()
        let builder = SnapshotBuilder(source: "dump.sql", diagnostics: diagnostics)
        let dump = Repository.examples.appendingPathComponent("lab/data/nmsprime.sql").path
        guard DumpReader(path: dump).read(into: builder, diagnostics: diagnostics), let snapshot = builder.finish() else {
            XCTFail(diagnostics.diagnostics.map(\.description).joined(separator: "\n"))
            throw CompilationFailed()
        }
        return snapshot
    }
}

/// `YAMLInteger`: every form Yams resolves as an integer, read without a trap.
final class YAMLIntegerTests: XCTestCase {
    func testEveryIntegerFormReadsAndNothingTraps() {
        let cases: [(String, YAMLInteger.Reading)] = [
            ("0", .value(0)), ("42", .value(42)), ("+42", .value(42)), ("-42", .value(-42)), ("1_000", .value(1000)),
            ("0x1f", .value(31)), ("-0x1F", .value(-31)), ("0o17", .value(15)), ("017", .value(15)), ("0b101", .value(5)),
            ("9223372036854775807", .value(Int.max)), ("-9223372036854775808", .value(Int.min)),
            ("9223372036854775808", .tooLarge), ("-9223372036854775809", .tooLarge), ("0xffffffffffffffffff", .tooLarge),
            ("100000000000000000000000", .tooLarge), ("1:30", .sexagesimal), ("922337203685477580:7", .sexagesimal),
        ]
        for (text, reading) in cases { XCTAssertEqual(YAMLInteger.read(text), reading, text) }
    }
}

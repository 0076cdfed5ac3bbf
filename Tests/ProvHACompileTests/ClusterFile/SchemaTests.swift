import Foundation
import XCTest
import Yams

@testable import ProvHACompile

/// `schemas/cluster.schema.json` and the cluster-file reader agree: every example validates
/// against the schema (with a real JSON Schema validator), and bad files are rejected by it.
final class SchemaTests: XCTestCase {
    private let schema = Repository.root.appendingPathComponent("schemas/cluster.schema.json")

    func testEveryExampleValidatesAgainstTheSchema() throws {
        for name in Repository.exampleNames {
            let errors = try validate(Repository.examples.appendingPathComponent("\(name)/cluster.yaml"))
            XCTAssertEqual(errors, "", "example \(name)")
        }
    }

    func testBadClusterFilesAreRejectedByTheSchema() throws {
        let rejected = [
            "unknown-key-typo", "unknown-top-level-key", "port-not-integer", "missing-slave", "missing-domain",
            "unsupported-version", "split-and-load-balance", "split-out-of-range", "load-balance-out-of-range",
            "mclt-zero", "hostname-not-a-label", "address-not-ipv4", "port-out-of-range", "ddns-inline-secret",
            "cluster-name-invalid", "domain-invalid", "snapshot-dump-and-mariadb", "algorithm-typo",
            "cmts-vendor-unknown", "cmts-override-unknown-key", "syslog-port-out-of-range",
            "cacti-mount-point-relative", "dns-hostmaster-invalid",
        ]
        for name in rejected {
            let errors = try validate(Repository.fixtures.appendingPathComponent("bad/\(name)/cluster.yaml"))
            XCTAssertNotEqual(errors, "", "the schema accepts bad/\(name)")
        }
    }

    /// Both ways: every section of the schema lists exactly the keys the reader accepts there
    /// (`ClusterFileKeys`), no more and no fewer sections, and every enumerated key lists the
    /// values the reader and validator accept.
    func testSchemaKeysAndEnumsAreWhatTheReaderAccepts() throws {
        let schema = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: self.schema)) as? [String: Any])
        let definitions = schema["$defs"] as? [String: Any] ?? [:]
        var sections: [String: [String]] = [:]
        var enums: [String: [String]] = [:]
        var integers: [String: ClosedRange<Int>] = [:]
        func walk(_ node: [String: Any], _ path: String) {
            var node = node
            if let reference = node["$ref"] as? String, let name = reference.split(separator: "/").last,
                let definition = definitions[String(name)] as? [String: Any]
            {
                node = definition
            }
            if let values = node["enum"] as? [String] { enums[path] = values }
            if node["type"] as? String == "integer" {
                let lower = (node["minimum"] as? NSNumber)?.intValue ?? Int.min
                let upper = (node["maximum"] as? NSNumber)?.intValue ?? Int.max
                integers[path] = lower...upper
            }
            for combinator in ["oneOf", "anyOf", "allOf"] {
                for branch in node[combinator] as? [[String: Any]] ?? [] { walk(branch, path) }
            }
            if let properties = node["properties"] as? [String: Any] {
                sections[path, default: []] += properties.keys
                for (key, value) in properties {
                    if let child = value as? [String: Any] { walk(child, path.isEmpty ? key : "\(path).\(key)") }
                }
            }
            if let additional = node["additionalProperties"] as? [String: Any] { walk(additional, "\(path).*") }
            if let items = node["items"] as? [String: Any] { walk(items, "\(path)[]") }
        }
        walk(schema, "")
        XCTAssertEqual(Set(sections.keys), Set(ClusterFileKeys.sections.keys), "sections")
        for (path, keys) in ClusterFileKeys.sections {
            XCTAssertEqual(Set(sections[path] ?? []), Set(keys), "keys of '\(path)'")
        }
        // Every integer key's range is IntegerLimits' (`version` is a constant, not an integer key).
        XCTAssertEqual(integers, IntegerLimits.clusterFile.mapValues(\.range), "integer ranges")
        XCTAssertEqual(enums["ddns.algorithm"], ClusterFileKeys.algorithms)
        XCTAssertEqual(enums["failover.omapi_key.algorithm"], ClusterFileKeys.algorithms)
        XCTAssertEqual(enums["dns.dnssec_validation"], ClusterFileKeys.dnssecValidation)
        XCTAssertEqual(enums["cmts.*.vendor"], CMTSVendor.allCases.map(\.rawValue))
        XCTAssertEqual(enums["dhcp.server"], ClusterFileKeys.dhcpServers)
        XCTAssertEqual(enums["tftp.sync.storage[]"], NMSPrimeStorage.folders)
        XCTAssertEqual(enums["dhcp6.mode"], ClusterFileKeys.dhcp6Modes)
        XCTAssertEqual(enums["dhcp.kea_reservations"], ClusterFileKeys.keaReservations)
        XCTAssertEqual(enums["dhcp.kea_hosts_database.type"], ["mysql"])
        XCTAssertEqual(enums["dhcp6.primary"], NodeRole.allCases.map(\.rawValue))
        XCTAssertEqual(
            Set(enums.keys),
            [
                "ddns.algorithm", "failover.omapi_key.algorithm", "dns.dnssec_validation", "cmts.*.vendor", "dhcp.server", "tftp.sync.storage[]",
                "dhcp6.mode", "dhcp6.primary", "dhcp.kea_reservations", "dhcp.kea_hosts_database.type",
            ])
    }

    /// Converts the YAML to JSON and runs Python's `jsonschema` on it; returns its error text.
    private func validate(_ yamlFile: URL) throws -> String {
        let python = try requireProgram("python3", package: "python3-jsonschema")
        let yaml = try String(contentsOf: yamlFile, encoding: .utf8)
        let object = try Yams.load(yaml: yaml) ?? [:]
        let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let instance = folder.appendingPathComponent("instance.json")
        try json.write(to: instance)
        let script = """
            import json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1]))
            instance = json.load(open(sys.argv[2]))
            jsonschema.Draft202012Validator.check_schema(schema)
            errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(instance), key=str)
            print("\\n".join(e.message for e in errors))
            """
        let result = try runProgram(python, ["-c", script, schema.path, instance.path])
        XCTAssertEqual(result.status, 0, "jsonschema failed to run: \(result.standardError)")
        return result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

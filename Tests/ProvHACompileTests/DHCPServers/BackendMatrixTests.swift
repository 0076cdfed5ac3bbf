import Foundation
import XCTest
import Yams

@testable import ProvHACompile

/// Every example through every DHCP server (`dhcp.server`, as `ClusterFileKeys.dhcpServers`
/// lists them): `check --verify` runs that server's real checkers (`dhcpd -t`, `kea-dhcp4 -t`
/// and the Kea pair checks, with named's and rsyslog's) on both nodes. A data set a server cannot
/// express must be refused with located errors, never built into files its checker rejects.
final class BackendMatrixTests: XCTestCase {
    /// What each example gives on each server: "builds", or the refusal expected (by message).
    private let expected: [String: [String: String]] = [
        "lab": ["isc": "builds", "kea": "builds"],
        "lab-kea": ["isc": "builds", "kea": "builds"],
        "lab-kea-hostdb": ["isc": "builds", "kea": "builds"],
        "metro": ["isc": "builds", "kea": "Kea's HA hook cannot share clients 200/256"],
        // The netgw-era plant with an even split: what Kea can express of it must pass its checker.
        "metro, split even": ["isc": "builds", "kea": "builds"],
    ]

    func testEveryExampleOnEveryServerBuildsThroughItsCheckersOrIsRefusedAtItsLine() throws {
        let variants = Repository.exampleNames + ["metro, split even"]
        XCTAssertEqual(Set(variants), Set(expected.keys), "every example has its expected results")
        for variant in variants {
            let name = String(variant.split(separator: ",")[0])
            for server in ClusterFileKeys.dhcpServers {
                // A copy of all examples: relative paths between them (lab-kea reads ../lab) hold.
                let copy = try temporaryFolder()
                defer { try? FileManager.default.removeItem(at: copy) }
                try FileManager.default.copyItem(at: Repository.examples, to: copy.appendingPathComponent("examples"))
                let folder = copy.appendingPathComponent("examples/\(name)")
                try setServer(server, in: folder.appendingPathComponent("cluster.yaml"), evenSplit: variant.hasSuffix("split even"))
                try expect(expected[variant]?[server], of: "\(variant) on \(server)", checking: folder)
            }
        }
    }

    /// The accepted corpus cases (`Tests/Fixtures/accepted/`, written for one server each) on
    /// every server: each builds through that server's checkers, unless listed here with the
    /// located refusal it must get instead.
    private let acceptedCaseRefusals: [String: [String: String]] = [
        // dhcpd's failover times at their 32-bit edge: Kea's HA hook counts milliseconds in 32 bits.
        "daemon-limits-accepted-at-the-edge": ["kea": "Kea's HA hook takes max-response-delay in milliseconds as a 32-bit number"]
    ]

    func testEveryAcceptedCorpusCaseOnEveryServerBuildsThroughItsCheckersOrIsRefusedAtItsLine() throws {
        let accepted = Repository.fixtures.appendingPathComponent("accepted")
        let names = try FileManager.default.contentsOfDirectory(atPath: accepted.path).sorted()
        XCTAssertGreaterThanOrEqual(names.count, 9)
        XCTAssertEqual(Set(acceptedCaseRefusals.keys).subtracting(names).sorted(), [], "refusals of cases that do not exist")
        for name in names {
            for server in ClusterFileKeys.dhcpServers {
                // The case at its place in a copy of the repository's layout: its relative paths
                // (../../base/dump.sql, ../../../examples/lab/secrets) reach the real files.
                let copy = try temporaryFolder()
                defer { try? FileManager.default.removeItem(at: copy) }
                let folder = copy.appendingPathComponent("Tests/Fixtures/accepted/\(name)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(
                    at: copy.appendingPathComponent("Tests/Fixtures/base"), withDestinationURL: Repository.fixtures.appendingPathComponent("base"))
                try FileManager.default.createSymbolicLink(at: copy.appendingPathComponent("examples"), withDestinationURL: Repository.examples)
                let source = accepted.appendingPathComponent(name)
                for file in try FileManager.default.contentsOfDirectory(atPath: source.path) {
                    try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: folder.appendingPathComponent(file))
                }
                try withCorpusCaseDump(folder) {
                    try setServer(server, in: folder.appendingPathComponent("cluster.yaml"), evenSplit: false)
                    try expect(acceptedCaseRefusals[name]?[server] ?? "builds", of: "accepted/\(name) on \(server)", checking: folder)
                }
            }
        }
    }

    /// Rewrites the cluster file with `dhcp.server: server` (and, with `evenSplit`, the failover
    /// split 50/50).
    private func setServer(_ server: String, in clusterFile: URL, evenSplit: Bool) throws {
        var cluster = try XCTUnwrap(try Yams.load(yaml: String(contentsOf: clusterFile, encoding: .utf8)) as? [String: Any])
        var dhcp = cluster["dhcp"] as? [String: Any] ?? [:]
        dhcp["server"] = server
        cluster["dhcp"] = dhcp
        if evenSplit, var failover = cluster["failover"] as? [String: Any] {
            failover["split"] = nil
            failover["load_balance"] = 50
            cluster["failover"] = failover
        }
        try Yams.dump(object: cluster).write(to: clusterFile, atomically: true, encoding: .utf8)
    }

    /// `check --verify` in `folder` gives `expected`: "builds" (exit 0, every real checker content),
    /// or exit 1 with only errors that contain the refusal and name their place.
    private func expect(_ expected: String?, of what: String, checking folder: URL) throws {
        let result = try runProgram(Repository.executable, ["check", "cluster.yaml", "--verify"], in: folder)
        let errors = result.standardError.split(separator: "\n").filter { $0.contains(": error: ") }
        switch expected {
        case "builds"?:
            XCTAssertEqual(result.status, 0, "\(what):\n\(result.standardError)")
            // A checker that is not installed is a note: the matrix must not pass without them.
            XCTAssertFalse(result.standardError.contains("is not installed"), "\(what): a real checker is missing")
        case let refusal?:
            XCTAssertEqual(result.status, 1, what)
            XCTAssertFalse(errors.isEmpty, what)
            XCTAssertTrue(errors.allSatisfy { $0.contains(refusal) }, "\(what):\n\(errors.joined(separator: "\n"))")
            XCTAssertTrue(errors.allSatisfy { $0.range(of: #"^[^:]+(:\d+:\d+)?: error: "#, options: .regularExpression) != nil }, what)
        case nil:
            XCTFail("\(what) has no expected result here")
        }
    }
}

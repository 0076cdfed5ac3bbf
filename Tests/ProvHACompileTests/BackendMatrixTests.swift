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
                let clusterFile = folder.appendingPathComponent("cluster.yaml")
                var cluster = try XCTUnwrap(try Yams.load(yaml: String(contentsOf: clusterFile, encoding: .utf8)) as? [String: Any])
                var dhcp = cluster["dhcp"] as? [String: Any] ?? [:]
                dhcp["server"] = server
                cluster["dhcp"] = dhcp
                if variant.hasSuffix("split even"), var failover = cluster["failover"] as? [String: Any] {
                    failover["split"] = nil
                    failover["load_balance"] = 50
                    cluster["failover"] = failover
                }
                try Yams.dump(object: cluster).write(to: clusterFile, atomically: true, encoding: .utf8)
                let result = try runProgram(Repository.executable, ["check", "cluster.yaml", "--verify"], in: folder)
                let errors = result.standardError.split(separator: "\n").filter { $0.contains(": error: ") }
                switch expected[variant]?[server] {
                case "builds"?:
                    XCTAssertEqual(result.status, 0, "\(variant) on \(server):\n\(result.standardError)")
                case let refusal?:
                    XCTAssertEqual(result.status, 1, "\(variant) on \(server)")
                    XCTAssertTrue(errors.allSatisfy { $0.contains(refusal) }, "\(variant) on \(server):\n\(errors.joined(separator: "\n"))")
                case nil:
                    XCTFail("example \(variant) on \(server) has no expected result here")
                }
            }
        }
    }
}

import Foundation
import XCTest

@testable import ProvHACompile

/// ISC dhcpd itself accepts every node's generated configuration, without a single warning.
final class DHCPDCheckTests: XCTestCase {
    func testDhcpdAcceptsEveryNodeOfEveryExample() throws {
        let dhcpd = try requireProgram("dhcpd", package: "isc-dhcp-server")
        var checked = 0
        for name in Repository.exampleNames {
            let files = try renderExample(name)
            guard files.contains(where: { $0.deployedPath == "/etc/dhcp-nmsprime/dhcpd.conf" }) else { continue }  // a Kea pair
            checked += 1
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try materializeForCheckers(files, in: folder)
            for role in NodeRole.allCases {
                let config = folder.appendingPathComponent("\(role.rawValue)/etc/dhcp-nmsprime/dhcpd.conf").path
                let result = try runProgram(dhcpd, ["-t", "-4", "-q", "-cf", config, "-lf", "/dev/null"])
                let output = result.standardOutput + result.standardError
                XCTAssertEqual(result.status, 0, "dhcpd -t rejects \(name)/\(role.rawValue):\n\(output)")
                XCTAssertFalse(output.lowercased().contains("warning"), "dhcpd -t warns about \(name)/\(role.rawValue):\n\(output)")
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 2, "examples with a dhcpd pair")
    }

    /// The checker is not a formality: a configuration with a broken failover peer fails it.
    func testDhcpdRejectsASecondaryWithSplit() throws {
        let dhcpd = try requireProgram("dhcpd", package: "isc-dhcp-server")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try renderExample("lab").map { file in
            guard file.path == "slave/etc/dhcp-nmsprime/failover.conf" else { return file }
            return GeneratedFile(
                path: file.path, reload: file.reload, contents: file.contents.replacingOccurrences(of: "}\n", with: "\tsplit 128;\n}\n"))
        }
        try materializeForCheckers(files, in: folder)
        let config = folder.appendingPathComponent("slave/etc/dhcp-nmsprime/dhcpd.conf").path
        let result = try runProgram(dhcpd, ["-t", "-4", "-q", "-cf", config, "-lf", "/dev/null"])
        XCTAssertNotEqual(result.status, 0)
    }
}

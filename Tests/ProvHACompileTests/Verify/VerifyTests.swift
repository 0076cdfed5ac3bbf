import Foundation
import XCTest

@testable import ProvHACompile

/// `--verify` runs the daemons' own checkers on the rendered tree before anything is written:
/// text the compiler's own checks let through (an option dhcpd does not know) stops the build.
final class VerifyTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws { scratch = try temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    /// The lab with `optional` text that is well-formed but names an option dhcpd does not know.
    private func labWithUnknownOption() throws -> String {
        let lab = scratch.appendingPathComponent("lab")
        try FileManager.default.copyItem(at: Repository.examples.appendingPathComponent("lab"), to: lab)
        let dump = lab.appendingPathComponent("data/nmsprime.sql")
        let text = try String(contentsOf: dump, encoding: .utf8)
            .replacingOccurrences(of: "'','CM pool of cmts-dresden-1'", with: "'option no-such-option 1;','CM pool of cmts-dresden-1'")
        try Data(text.utf8).write(to: dump)
        return lab.appendingPathComponent("cluster.yaml").path
    }

    func testEveryInstalledCheckerAcceptsTheLab() throws {
        _ = try requireProgram("dhcpd", package: "isc-dhcp-server")
        let result = try runProgram(
            Repository.executable,
            [
                "check", Repository.examples.appendingPathComponent("lab/cluster.yaml").path,
                "--verify", "--verbose",
            ])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertFalse(result.standardError.contains("rejects"), result.standardError)
    }

    /// firewalld refuses a zone name over 17 characters and then drops every zone of the folder:
    /// the first devices' zone was named so, and only firewalld's own loader noticed.
    func testFirewalldsLoaderRefusesAZoneNameItCannotLoad() throws {
        _ = try requireProgram("firewall-offline-cmd", package: "firewalld")
        let files = try renderExample("lab")
        XCTAssertTrue(
            files.filter { $0.path.contains("/etc/firewalld/zones/") }
                .allSatisfy { (($0.path as NSString).lastPathComponent as NSString).deletingPathExtension.count <= 17 })
        let zone = try XCTUnwrap(files.first { $0.path == "master\(FirewallZoneEmitter.deviceZone)" })
        let renamed =
            files.filter { $0.path != zone.path }
            + [GeneratedFile(path: "master/etc/firewalld/zones/nmsprime-provha-devices.xml", reload: .firewalld, contents: zone.contents)]
        let diagnostics = DiagnosticCollector()
        XCTAssertFalse(RealCheckers().verify(renamed, diagnostics: diagnostics))
        let messages = diagnostics.diagnostics.map(\.description)
        XCTAssertTrue(
            messages.contains { $0.hasPrefix("master/etc/firewalld/zones: error: firewall-offline-cmd rejects it:") && $0.contains("max is 17") },
            messages.joined(separator: "\n"))
        XCTAssertTrue(RealCheckers().verify(files, diagnostics: DiagnosticCollector()))
    }

    func testACheckerRejectionFailsCheckAndLeavesTheOutputAlone() throws {
        _ = try requireProgram("dhcpd", package: "isc-dhcp-server")
        let cluster = try labWithUnknownOption()
        XCTAssertEqual(try runProgram(Repository.executable, ["check", cluster]).status, 0, "the compiler's own checks accept it")
        let checked = try runProgram(Repository.executable, ["check", cluster, "--verify"])
        XCTAssertEqual(checked.status, 1)
        for role in NodeRole.allCases {
            XCTAssertTrue(
                checked.standardError.contains(
                    "\(role.rawValue)/etc/dhcp-nmsprime/dhcpd.conf: error: dhcpd rejects it: \(role.rawValue)/etc/dhcp-nmsprime/cmts_gws/1.conf line 18: unknown option dhcp.no-such-option"
                ),
                checked.standardError)
        }
        let out = scratch.appendingPathComponent("out")
        let built = try runProgram(Repository.executable, ["build", cluster, "--verify", "--out", out.path])
        XCTAssertEqual(built.status, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing is written")
    }
}

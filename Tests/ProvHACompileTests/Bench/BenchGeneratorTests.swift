import Foundation
import XCTest

/// The benchmark's dump generator stays in step with the compiler: a small dump of either
/// schema era builds cleanly (no error, both nodes' trees), so the benchmark cannot rot.
final class BenchGeneratorTests: XCTestCase {
    func testGeneratedDumpsBuildWithoutErrors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (era, extra) in [("cmts", [String]()), ("netgw", ["--complete-insert", "--rows-per-insert", "7"])] {
            let cluster = try generatedPlant(
                in: folder, name: era, arguments: ["--modems", "3000", "--cmts", "9", "--seed", "3", "--era", era] + extra)
            let out = folder.appendingPathComponent("out-\(era)")
            let build = try runProgram(Repository.executable, ["build", cluster.path, "--out", out.path])
            XCTAssertEqual(build.status, 0, build.standardError)
            XCTAssertFalse(build.standardError.contains("error:"), build.standardError)
            let hosts = try String(contentsOf: out.appendingPathComponent("slave/etc/dhcp-nmsprime/modems-host.conf"), encoding: .utf8)
            // 3000 modems less the soft-deleted (every 97th) and placeholder-MAC (every 211th) ones.
            let expected = (1...3000).filter { $0 % 97 != 0 && $0 % 211 != 0 }.count
            XCTAssertEqual(hosts.split(separator: "\n").filter { $0.hasPrefix("host ") }.count, expected, era)
        }
    }

    /// `check` warns when Kea would test every packet against long public/blocked modem lists
    /// (`Validator.keaModemListLimit`), at `dhcp.server`, and not below that size.
    func testKeaWithManyPublicOrBlockedModemsIsWarnedAbout() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The generator makes every 11th modem public and every 23rd blocked: 45,000 modems list
        // about 5,800 (more than the limit), 3,000 about 390.
        for (modems, warned) in [(45_000, true), (3_000, false)] {
            let cluster = try generatedPlant(
                in: folder, name: "kea-\(modems)", arguments: ["--modems", "\(modems)", "--cmts", "30", "--seed", "5"], server: "kea")
            let check = try runProgram(Repository.executable, ["check", cluster.path])
            XCTAssertEqual(check.status, 0, check.standardError)
            let warning = check.standardError.split(separator: "\n").first { $0.contains("are public or have no internet access") }
            XCTAssertEqual(warning != nil, warned, "\(modems) modems: \(warning ?? "no warning")")
            if let warning { XCTAssertTrue(warning.hasPrefix("\(cluster.path):7:17: warning: "), "located at dhcp.server: \(warning)") }
        }
    }

    /// Writes the generator's dump for `arguments` and a cluster file reading it (`dhcp.server`
    /// `server` when given) into `folder`; returns the cluster file.
    private func generatedPlant(in folder: URL, name: String, arguments: [String], server: String? = nil) throws -> URL {
        let python = try requireProgram("python3", package: "python3")
        let generated = try runProgram(python, [Repository.root.appendingPathComponent("bench/generate_dump.py").path] + arguments)
        XCTAssertEqual(generated.status, 0, generated.standardError)
        try Data(generated.standardOutput.utf8).write(to: folder.appendingPathComponent("dump-\(name).sql"))
        let cluster = folder.appendingPathComponent("cluster-\(name).yaml")
        try Data(
            """
            version: 1
            cluster: { name: bench, domain: nmsprime.test }
            nodes:
              master: { hostname: nms-master, address: 172.20.0.100 }
              slave: { hostname: nms-slave, address: 172.20.0.101 }
            snapshot: { dump: dump-\(name).sql }
            \(server.map { "dhcp: { server: \($0) }" } ?? "")

            """.utf8
        ).write(to: cluster)
        return cluster
    }
}

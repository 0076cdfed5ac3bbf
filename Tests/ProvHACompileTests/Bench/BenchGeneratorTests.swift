import Foundation
import XCTest

/// The benchmark's dump generator stays in step with the compiler: a small dump of either
/// schema era builds cleanly (no error, both nodes' trees), so the benchmark cannot rot.
final class BenchGeneratorTests: XCTestCase {
    func testGeneratedDumpsBuildWithoutErrors() throws {
        let python = try requireProgram("python3", package: "python3")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (era, extra) in [("cmts", [String]()), ("netgw", ["--complete-insert", "--rows-per-insert", "7"])] {
            let generated = try runProgram(
                python,
                [
                    Repository.root.appendingPathComponent("bench/generate_dump.py").path,
                    "--modems", "3000", "--cmts", "9", "--seed", "3", "--era", era,
                ] + extra)
            XCTAssertEqual(generated.status, 0, generated.standardError)
            try Data(generated.standardOutput.utf8).write(to: folder.appendingPathComponent("dump-\(era).sql"))
            let cluster = folder.appendingPathComponent("cluster-\(era).yaml")
            try Data(
                """
                version: 1
                cluster: { name: bench, domain: nmsprime.test }
                nodes:
                  master: { hostname: nms-master, address: 172.20.0.100 }
                  slave: { hostname: nms-slave, address: 172.20.0.101 }
                snapshot: { dump: dump-\(era).sql }

                """.utf8
            ).write(to: cluster)
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
}

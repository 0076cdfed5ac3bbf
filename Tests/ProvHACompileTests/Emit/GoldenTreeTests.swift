import Foundation
import XCTest

@testable import ProvHACompile

/// Every example's output tree equals `golden/<example>/` byte for byte, its files' modes, groups
/// and declared reloads equal `golden/<example>.files`, and what `check` prints for it equals
/// `golden/<example>.diagnostics`. `PROVHA_UPDATE_GOLDEN=1 swift test` rewrites them all and still
/// fails, naming what to read (`git diff golden/`) before committing.
final class GoldenTreeTests: XCTestCase {
    private var updating: Bool { ProcessInfo.processInfo.environment["PROVHA_UPDATE_GOLDEN"] == "1" }

    func testExamplesExist() {
        XCTAssertTrue(Repository.exampleNames.contains("lab"))
        XCTAssertGreaterThanOrEqual(Repository.exampleNames.count, 2)
    }

    func testEveryExampleMatchesItsGoldenTree() throws {
        var recorded: [String] = []
        for name in Repository.exampleNames {
            let files = try renderExample(name)
            let goldenRoot = Repository.golden.appendingPathComponent(name)
            let attributes = Self.attributes(of: files)
            let diagnostics = try checkOutput(name)
            if updating {
                try? FileManager.default.removeItem(at: goldenRoot)
                try OutputWriter(root: goldenRoot.path).writeFiles(files)
                try Data(attributes.utf8).write(to: Repository.golden.appendingPathComponent("\(name).files"))
                try Data(diagnostics.utf8).write(to: Repository.golden.appendingPathComponent("\(name).diagnostics"))
                recorded.append("golden/\(name)/, golden/\(name).files, golden/\(name).diagnostics")
                continue
            }
            let expectedPaths = Set(try filesBelow(goldenRoot))
            let actualPaths = Set(files.map(\.path))
            XCTAssertEqual(
                actualPaths.subtracting(expectedPaths).sorted(), [], "\(name): files missing from golden/ (run PROVHA_UPDATE_GOLDEN=1 swift test)")
            XCTAssertEqual(expectedPaths.subtracting(actualPaths).sorted(), [], "\(name): golden files no longer generated")
            for file in files where expectedPaths.contains(file.path) {
                let golden = try String(contentsOf: goldenRoot.appendingPathComponent(file.path), encoding: .utf8)
                if golden != file.contents {
                    XCTFail(
                        "\(name)/\(file.path) differs from its golden file:\n" + UnifiedDiff.render(path: file.path, old: golden, new: file.contents))
                }
            }
            try compare(attributes, with: "\(name).files")
            try compare(diagnostics, with: "\(name).diagnostics")
        }
        if !recorded.isEmpty {
            XCTFail(
                "recorded \(recorded.joined(separator: "; ")): read `git diff golden/` before committing, then run the tests without PROVHA_UPDATE_GOLDEN"
            )
        }
    }

    /// One line per file: mode, group (`-` for root's), the service it reloads, its path.
    private static func attributes(of files: [GeneratedFile]) -> String {
        files.map { "\(Manifest.Entry.modeText($0.mode)) \($0.group ?? "-") \($0.reload.rawValue) \($0.path)\n" }.joined()
    }

    /// What `check` prints for the example, run in its folder (paths relative), and its exit status.
    private func checkOutput(_ name: String) throws -> String {
        let result = try runProgram(
            Repository.executable, ["check", "cluster.yaml"], in: Repository.examples.appendingPathComponent(name),
            environment: ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"])
        return result.standardError + "exit: \(result.status)\n"
    }

    private func compare(_ actual: String, with goldenName: String) throws {
        let golden = try String(contentsOf: Repository.golden.appendingPathComponent(goldenName), encoding: .utf8)
        if golden != actual {
            XCTFail("golden/\(goldenName) differs:\n" + UnifiedDiff.render(path: goldenName, old: golden, new: actual))
        }
    }

    func testTwoBuildsGiveIdenticalBytes() throws {
        for name in Repository.exampleNames {
            XCTAssertEqual(try renderExample(name), try renderExample(name), name)
        }
    }

    /// The two nodes' trees differ only where the roles differ: own/peer order, the failover
    /// role, and the files that exist for one role (syslog direction, firewall, autofs).
    func testNodesDifferOnlyWhereRolesDiffer() throws {
        let files = try renderExample("lab")
        var byPath: [String: String] = [:]
        for file in files { byPath[file.path] = file.contents }
        let roleSpecific = [
            "/etc/dhcp-nmsprime/failover.conf", "/etc/rsyslog.d/failover.conf",
            "/etc/firewalld/zones/nmsprime-provha.xml",
        ]
        XCTAssertEqual(files.filter { $0.path.hasPrefix("slave/etc/auto") }.count, 2)
        XCTAssertEqual(files.filter { $0.path.hasPrefix("master/etc/auto") }.count, 0)
        // The sync of shared TFTP files runs on the master only: the slave never pushes; the
        // master monitors the pair.
        let masterOnly = [
            "/etc/systemd/system/nmsprime-provha-sync.service", "/etc/systemd/system/nmsprime-provha-sync.timer",
            "/etc/nmsprime-provha/sync-known_hosts", IcingaObjectsEmitter.path,
        ]
        for path in masterOnly {
            XCTAssertNotNil(byPath["master" + path], path)
            XCTAssertNil(byPath["slave" + path], path)
        }
        for file in files where file.path.hasPrefix("master/") {
            let deployedPath = String(file.path.dropFirst("master".count))
            if masterOnly.contains(deployedPath) { continue }
            guard let slave = byPath["slave" + deployedPath] else { return XCTFail("slave\(deployedPath) missing") }
            if deployedPath == roleSpecific[0] {
                XCTAssertTrue(file.contents.contains("\tprimary;\n\taddress 172.20.0.100;"))
                XCTAssertTrue(file.contents.contains("\tmclt 3600;\n\tsplit 128;\n"))
                XCTAssertTrue(slave.contains("\tsecondary;\n\taddress 172.20.0.101;"))
                XCTAssertFalse(slave.contains("mclt"))
                XCTAssertFalse(slave.contains("split"))
                continue
            }
            if roleSpecific.contains(deployedPath) { continue }
            // Each node's watch names its own role.
            if deployedPath == "/etc/systemd/system/nmsprime-provha-watch.service" {
                XCTAssertEqual(
                    file.contents.replacingOccurrences(of: "nms-master", with: "nms-slave"),
                    slave.replacingOccurrences(of: "--node slave", with: "--node master"))
                continue
            }
            // Each node's provha.env names its own state.
            if deployedPath == ProvHAEnvEmitter.path {
                XCTAssertEqual(file.contents, slave.replacingOccurrences(of: "OWN_STATE=slave", with: "OWN_STATE=master"))
                continue
            }
            // Both nodes publish the same static records and, with the read-write users on both,
            // connect to the same Galera nodes as the same users.
            if deployedPath.hasSuffix("/static-records") || deployedPath == DatabaseEnvEmitter.path {
                XCTAssertEqual(file.contents, slave, deployedPath)
                continue
            }
            let master = ("172.20.0.100", "ac:14:00:64", "nms-master", "\\012", "\n100\tIN\tPTR")
            let slaveNode = ("172.20.0.101", "ac:14:00:65", "nms-slave", "\\011", "\n101\tIN\tPTR")
            let own = Self.neutral(file.contents, own: master, peer: slaveNode)
            let other = Self.neutral(slave, own: slaveNode, peer: master)
            // Zone files list both servers' records in a fixed order; compare them as sets of lines.
            if deployedPath.hasSuffix(".zone") {
                XCTAssertEqual(own.split(separator: "\n").sorted(), other.split(separator: "\n").sorted(), deployedPath)
            } else {
                XCTAssertEqual(own, other, "\(deployedPath) differs between the nodes beyond own/peer")
            }
        }
    }

    /// Replaces a node's own and peer identifiers (address, address as hex, hostname, the
    /// length octet of the hostname in the MTA FQDN encoding, its PTR owner) by placeholders.
    private static func neutral(
        _ text: String, own: (String, String, String, String, String),
        peer: (String, String, String, String, String)
    ) -> String {
        var result = text
        for (value, placeholder) in [
            (own.4, "\n<own-ptr>"), (peer.4, "\n<peer-ptr>"),
            (own.0, "<own>"), (peer.0, "<peer>"), (own.1, "<own-hex>"), (peer.1, "<peer-hex>"),
            (own.3 + own.2, "<own-fqdn-label>"), (own.2, "<own-name>"), (peer.2, "<peer-name>"),
        ] {
            result = result.replacingOccurrences(of: value, with: placeholder)
        }
        return result
    }

    private func filesBelow(_ root: URL) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder)
            if !isFolder.boolValue { paths.append(path) }
        }
        return paths
    }
}

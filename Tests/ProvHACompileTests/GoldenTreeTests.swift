import Foundation
import XCTest
@testable import ProvHACompile

/// Every example's output tree equals `golden/<example>/` byte for byte. The golden trees are
/// rewritten only with `PROVHA_UPDATE_GOLDEN=1 swift test`; read their diff before committing.
final class GoldenTreeTests: XCTestCase {
    private var updating: Bool { ProcessInfo.processInfo.environment["PROVHA_UPDATE_GOLDEN"] == "1" }

    func testExamplesExist() {
        XCTAssertTrue(Repository.exampleNames.contains("lab"))
        XCTAssertGreaterThanOrEqual(Repository.exampleNames.count, 2)
    }

    func testEveryExampleMatchesItsGoldenTree() throws {
        for name in Repository.exampleNames {
            let files = try renderExample(name)
            let goldenRoot = Repository.golden.appendingPathComponent(name)
            if updating {
                try? FileManager.default.removeItem(at: goldenRoot)
                _ = try OutputWriter(root: goldenRoot.path).write(files)
                continue
            }
            let expectedPaths = Set(try filesBelow(goldenRoot))
            let actualPaths = Set(files.map(\.path))
            XCTAssertEqual(actualPaths.subtracting(expectedPaths).sorted(), [], "\(name): files missing from golden/ (run PROVHA_UPDATE_GOLDEN=1 swift test)")
            XCTAssertEqual(expectedPaths.subtracting(actualPaths).sorted(), [], "\(name): golden files no longer generated")
            for file in files where expectedPaths.contains(file.path) {
                let golden = try String(contentsOf: goldenRoot.appendingPathComponent(file.path), encoding: .utf8)
                if golden != file.contents {
                    XCTFail("\(name)/\(file.path) differs from its golden file:\n" + firstDifference(golden, file.contents))
                }
            }
        }
    }

    func testTwoBuildsGiveIdenticalBytes() throws {
        for name in Repository.exampleNames {
            XCTAssertEqual(try renderExample(name), try renderExample(name), name)
        }
    }

    /// The two nodes' trees differ only where the roles differ: own/peer order, failover role.
    func testNodesDifferOnlyWhereRolesDiffer() throws {
        let files = try renderExample("lab")
        var byPath: [String: String] = [:]
        for file in files { byPath[file.path] = file.contents }
        for file in files where file.path.hasPrefix("master/") {
            let slavePath = "slave/" + file.path.dropFirst("master/".count)
            guard let slave = byPath[slavePath] else { return XCTFail("\(slavePath) missing") }
            let swapped = file.contents
                .replacingOccurrences(of: "172.20.0.100", with: "<own>").replacingOccurrences(of: "172.20.0.101", with: "<peer>")
                .replacingOccurrences(of: "ac:14:00:64:ac:14:00:65", with: "<own-peer-hex>")
                .replacingOccurrences(of: "\\012nms-master", with: "<own-fqdn>")
            let slaveSwapped = slave
                .replacingOccurrences(of: "172.20.0.101", with: "<own>").replacingOccurrences(of: "172.20.0.100", with: "<peer>")
                .replacingOccurrences(of: "ac:14:00:65:ac:14:00:64", with: "<own-peer-hex>")
                .replacingOccurrences(of: "\\011nms-slave", with: "<own-fqdn>")
            if file.path.hasSuffix("failover.conf") {
                XCTAssertTrue(file.contents.contains("\tprimary;\n\taddress 172.20.0.100;"))
                XCTAssertTrue(file.contents.contains("\tmclt 3600;\n\tsplit 128;\n"))
                XCTAssertTrue(slave.contains("\tsecondary;\n\taddress 172.20.0.101;"))
                XCTAssertFalse(slave.contains("mclt"))
                XCTAssertFalse(slave.contains("split"))
            } else {
                XCTAssertEqual(swapped, slaveSwapped, "\(file.path) differs between the nodes beyond own/peer")
            }
        }
    }

    private func filesBelow(_ root: URL) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var paths: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder)
            if !isFolder.boolValue { paths.append(path) }
        }
        return paths
    }

    private func firstDifference(_ expected: String, _ actual: String) -> String {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let old = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let new = index < actualLines.count ? String(actualLines[index]) : "<end of file>"
            if old != new { return "line \(index + 1):\n- \(old)\n+ \(new)" }
        }
        return "(no line differs)"
    }
}

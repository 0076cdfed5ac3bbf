import Foundation
import XCTest

@testable import ProvHACompile

/// The slave's clean-up (`nmsprime.slave_clean_up`), run as generated in a test root: what must
/// run once per pair is moved to NMS Prime's `moved_system_files`, once; a second run changes
/// nothing; a path taken off the list comes back; the master gets no clean-up at all.
final class SlaveCleanUpTests: XCTestCase {
    private let moved = "var/www/nmsprime/storage/app/data/provha/moved_system_files"

    /// The lab's slave tree with the clean-up list `paths`, laid out under `root`.
    private func install(_ paths: [String]?, in root: URL) throws -> [GeneratedFile] {
        var model = try exampleModel("lab")
        if let paths { model.nmsprime.slaveCleanUp = paths }
        let files = Emitters.render(model, emitters: [SlaveCleanUpEmitter()])
        for file in files where file.node == .slave {
            let target = root.appendingPathComponent(String(file.path.dropFirst("slave/".count)))
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.contents.utf8).write(to: target)
        }
        return files
    }

    private func run(in root: URL) throws -> ProcessResult {
        try runProgram(
            URL(fileURLWithPath: "/bin/bash"), [root.appendingPathComponent(String(SlaveCleanUpEmitter.script.dropFirst())).path],
            environment: ["PROVHA_ROOT": root.path, "PATH": "/usr/bin:/bin"])
    }

    /// Every file below `root`, path → contents.
    private func snapshot(_ root: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let path = walker?.nextObject() as? String {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isFolder)
            if !isFolder.boolValue { result[path] = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }
        }
        return result
    }

    func testMovesOnceRestoresWhatLeavesTheListAndLeavesTheMasterAlone() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let cron = root.appendingPathComponent("etc/cron.d")
        try FileManager.default.createDirectory(at: cron, withIntermediateDirectories: true)
        for (name, text) in [
            ("cacti-nmsprime", "*/5 * * * * root /usr/libexec/modempoller-nmsprime.sh\n"),
            ("nmsprime", "* * * * * apache php artisan schedule:run\n"),
        ] {
            try Data(text.utf8).write(to: cron.appendingPathComponent(name))
        }
        let files = try install(nil, in: root)
        XCTAssertFalse(files.contains { $0.node == .master }, "the master gets no clean-up")

        let first = try run(in: root)
        XCTAssertEqual(first.status, 0, first.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cron.appendingPathComponent("cacti-nmsprime").path), "the modem poller's cron is gone")
        XCTAssertEqual(
            try String(contentsOf: root.appendingPathComponent("\(moved)/etc/cron.d/cacti-nmsprime"), encoding: .utf8),
            "*/5 * * * * root /usr/libexec/modempoller-nmsprime.sh\n", "moved, not deleted")
        XCTAssertTrue(FileManager.default.fileExists(atPath: cron.appendingPathComponent("nmsprime").path), "artisan's scheduler stays")
        XCTAssertTrue(first.standardOutput.contains("moved /etc/cron.d/cacti-nmsprime to "), first.standardOutput)

        let afterFirst = try snapshot(root)
        let second = try run(in: root)
        XCTAssertEqual(second.status, 0, second.standardError)
        XCTAssertEqual(try snapshot(root), afterFirst, "a second run changes nothing")
        XCTAssertEqual(second.standardOutput, "", "and says nothing")

        // Taken off the list: it comes back where it was.
        _ = try install([], in: root)
        let third = try run(in: root)
        XCTAssertEqual(third.status, 0, third.standardError)
        XCTAssertEqual(
            try String(contentsOf: cron.appendingPathComponent("cacti-nmsprime"), encoding: .utf8),
            "*/5 * * * * root /usr/libexec/modempoller-nmsprime.sh\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("\(moved)/etc/cron.d/cacti-nmsprime").path))
        XCTAssertTrue(third.standardOutput.contains("restored /etc/cron.d/cacti-nmsprime"), third.standardOutput)
    }

    /// A file the clean-up did not move (NMS Prime's own clean-up's, or an operator's) stays
    /// where it is in moved_system_files, whatever the list says.
    func testRestoresOnlyWhatItMovedItself() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let foreign = root.appendingPathComponent("\(moved)/etc/supervisord.d/nmsprime.ini")
        try FileManager.default.createDirectory(at: foreign.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("[program:queue]\n".utf8).write(to: foreign)
        _ = try install([], in: root)
        XCTAssertEqual(try run(in: root).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: foreign.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("etc/supervisord.d/nmsprime.ini").path))
    }
}

import Foundation
import XCTest

@testable import ProvHACompile

/// Each folder of `Tests/Fixtures/bad/` holds a cluster file (and often a dump) with one kind
/// of mistake, and `expected.txt`: the exact diagnostics the CLI prints and its exit status.
/// The CLI runs in the case's folder, so paths in the expectations are relative; a case's
/// `args.txt` adds arguments to the command line, one per line.
final class BadInputCorpusTests: XCTestCase {
    private let corpus = Repository.fixtures.appendingPathComponent("bad")

    func testCorpusIsLargeEnough() throws {
        XCTAssertGreaterThanOrEqual(try cases().count, 30)
    }

    func testEveryBadInputGetsItsExactDiagnosticsAndExitStatus() throws {
        for name in try cases() {
            let folder = corpus.appendingPathComponent(name)
            let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
            let result = try withCorpusCaseDump(folder) {
                try runProgram(
                    Repository.executable, ["check", "cluster.yaml"] + extraArguments(folder), in: folder,
                    environment: ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"])
            }
            let actual = result.standardError + "exit: \(result.status)\n"
            try compare(actual, with: expected, in: folder)
            XCTAssertEqual(result.standardOutput, "", "case \(name) prints diagnostics to standard error only")
        }
        failIfRecorded()
    }

    /// `build` refuses every bad input the same way and leaves the output folder as it was.
    func testBuildLeavesTheOutputFolderUntouchedOnError() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let sentinel = out.appendingPathComponent("master/etc/dhcp-nmsprime/dhcpd.conf")
        try FileManager.default.createDirectory(at: sentinel.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("previous deploy\n".utf8).write(to: sentinel)
        let before = try snapshotOf(out)
        for name in try cases() {
            let folder = corpus.appendingPathComponent(name)
            let result = try withCorpusCaseDump(folder) {
                try runProgram(
                    Repository.executable, ["build", "cluster.yaml", "--out", out.path] + extraArguments(folder),
                    in: folder, environment: ["PATH": "/usr/bin:/bin"])
            }
            let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
            XCTAssertTrue(expected.hasSuffix("exit: \(result.status)\n"), "case \(name): build exits as check does")
            XCTAssertNotEqual(result.status, 0, "case \(name)")
            XCTAssertEqual(try snapshotOf(out), before, "case \(name) changed the output folder")
        }
    }

    /// `Tests/Fixtures/accepted/`: data NMS Prime serves that looks wrong but must build, with
    /// the exact warnings it gets (NMS Prime skips such rows; so does the compiler, saying so).
    func testAcceptedInputsBuildWithTheirExactWarnings() throws {
        let accepted = Repository.fixtures.appendingPathComponent("accepted")
        let names = try FileManager.default.contentsOfDirectory(atPath: accepted.path).sorted()
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let folder = accepted.appendingPathComponent(name)
            let expected = try String(contentsOf: folder.appendingPathComponent("expected.txt"), encoding: .utf8)
            let result = try withCorpusCaseDump(folder) {
                try runProgram(
                    Repository.executable, ["check", "cluster.yaml"] + extraArguments(folder), in: folder,
                    environment: ["PATH": "/usr/bin:/usr/sbin:/bin:/sbin", "HOME": "/nonexistent"])
            }
            try compare(result.standardError + "exit: \(result.status)\n", with: expected, in: folder)
            XCTAssertTrue(expected.hasSuffix("exit: 0\n"), "case \(name) is accepted")
        }
        failIfRecorded()
    }

    private var recording: Bool { ProcessInfo.processInfo.environment["PROVHA_UPDATE_CORPUS"] == "1" }
    private var recorded: [String] = []

    /// Fails with a unified diff when `actual` is not the case's `expected.txt`; with
    /// `PROVHA_UPDATE_CORPUS=1`, writes it instead (and `failIfRecorded` fails the test).
    private func compare(_ actual: String, with expected: String, in folder: URL) throws {
        guard actual != expected else { return }
        let path = "\(folder.deletingLastPathComponent().lastPathComponent)/\(folder.lastPathComponent)/expected.txt"
        if recording {
            try Data(actual.utf8).write(to: folder.appendingPathComponent("expected.txt"))
            recorded.append(path)
        } else {
            XCTFail("\(path) differs:\n" + UnifiedDiff.render(path: path, old: expected, new: actual))
        }
    }

    private func failIfRecorded() {
        guard !recorded.isEmpty else { return }
        XCTFail(
            "recorded \(recorded.joined(separator: ", ")): read `git diff Tests/Fixtures` before committing, then run the tests without PROVHA_UPDATE_CORPUS"
        )
        recorded = []
    }

    private func extraArguments(_ folder: URL) throws -> [String] {
        let file = folder.appendingPathComponent("args.txt")
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        return try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    private func cases() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
    }

    /// Path, size, modification time and contents of every entry below `root`.
    private func snapshotOf(_ root: URL) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var entries: [String] = []
        while let path = enumerator.nextObject() as? String {
            let full = root.appendingPathComponent(path).path
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let contents = FileManager.default.contents(atPath: full).map { String(decoding: $0, as: UTF8.self) } ?? "<folder>"
            entries.append("\(path) \(modified) \(contents)")
        }
        return entries.sorted()
    }
}

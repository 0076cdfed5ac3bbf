import Foundation
import XCTest

@testable import ProvHACompile

/// The output folder is a jail: whatever links or manifest entries it holds, no build, diff or
/// drift reads, writes or deletes outside it; a refused or failed build leaves it exactly as it
/// was; a build that would remove much of the network is refused.
final class OutputJailTests: XCTestCase {
    private let lab = Repository.examples.appendingPathComponent("lab/cluster.yaml").path
    private let metro = Repository.examples.appendingPathComponent("metro/cluster.yaml").path
    private var scratch: URL!
    private var out: URL { scratch.appendingPathComponent("out") }
    /// Outside the output folder: must never change.
    private var victim: URL { scratch.appendingPathComponent("victim") }

    override func setUpWithError() throws {
        scratch = try temporaryFolder()
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        try Data("precious\n".utf8).write(to: victim.appendingPathComponent("file"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    private func build(_ cluster: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> ProcessResult {
        try runProgram(
            Repository.executable, ["build", cluster, "--out", out.path] + extra,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
    }

    func testLinksPlantedAtTheBuildsOwnNamesAreNeverWrittenThrough() throws {
        XCTAssertEqual(try build(lab).status, 0)
        let victimBefore = try folderState(of: victim)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent(".provha-staging"), withDestinationURL: victim)
        try FileManager.default.createSymbolicLink(
            at: out.appendingPathComponent(".provha-journal.tmp"),
            withDestinationURL: victim.appendingPathComponent("file"))
        let result = try build(metro)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try folderState(of: victim), victimBefore)
        XCTAssertEqual(try runProgram(Repository.executable, ["diff", metro, "--against", out.path]).status, 0)

        // A link in place of the manifest is refused, not read or replaced.
        let manifest = out.appendingPathComponent(Manifest.fileName)
        try FileManager.default.removeItem(at: manifest)
        try FileManager.default.createSymbolicLink(at: manifest, withDestinationURL: victim.appendingPathComponent("file"))
        let treeBefore = try folderState(of: out)
        let refused = try build(lab)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.standardError.contains("is a symbolic link"), refused.standardError)
        XCTAssertEqual(try folderState(of: out), treeBefore)
        XCTAssertEqual(try folderState(of: victim), victimBefore)
    }

    func testOnlyRelativePathsWithoutDotSegmentsAreInsideTheFolder() {
        for inside in ["a", "master/etc/dhcp/dhcpd.conf", ".provha-staging/12", "a/.hidden", "a/...", "..a/b.."] {
            XCTAssertTrue(OutputFolder.isContained(inside), inside)
        }
        for outside in ["", "/", "/etc/passwd", "a/", "a//b", ".", "..", "./a", "a/.", "a/../b", "../victim", "a\u{0}b", "a/b/.."] {
            XCTAssertFalse(OutputFolder.isContained(outside), outside)
        }
    }

    func testANewFileReplacesWhatStandsAtItsNameWithoutWritingThroughIt() throws {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let victimBefore = try folderState(of: victim)
        try FileManager.default.createSymbolicLink(
            at: out.appendingPathComponent("planted"), withDestinationURL: victim.appendingPathComponent("file"))
        let folder = try XCTUnwrap(try OutputFolder(root: out.path))
        try folder.create("planted", contents: "new\n", mode: 0o640, sync: false)
        try folder.create("sub/fresh", contents: "fresh\n", mode: 0o600, sync: false)
        XCTAssertEqual(try folderState(of: victim), victimBefore)
        let planted = try XCTUnwrap(try folder.read("planted"))
        XCTAssertEqual(String(decoding: planted.data, as: UTF8.self), "new\n")
        XCTAssertEqual(planted.mode, 0o640)
        XCTAssertEqual(try folder.read("sub/fresh")?.mode, 0o600)
    }

    func testATamperedManifestCannotMakeBuildOrDiffReachOutsideTheFolder() throws {
        XCTAssertEqual(try build(lab).status, 0)
        let manifestURL = out.appendingPathComponent(Manifest.fileName)
        let original = try XCTUnwrap(try Manifest.read(from: out.path))
        for outside in ["../victim/file", "/etc/hostname", "master/../../victim/file"] {
            var manifest = original
            manifest.files[outside] = Manifest.Entry(sha256: String(repeating: "0", count: 64), mode: "0644")
            // Written directly: the reader itself must refuse it.
            try Data(manifest.encoded().utf8).write(to: manifestURL)
            let treeBefore = try folderState(of: out), victimBefore = try folderState(of: victim)
            let built = try build(metro)
            XCTAssertEqual(built.status, 1, outside)
            XCTAssertTrue(built.standardError.contains("the manifest was tampered with"), built.standardError)
            let diff = try runProgram(Repository.executable, ["diff", metro, "--against", out.path])
            XCTAssertEqual(diff.status, 2, outside)
            XCTAssertFalse(diff.standardOutput.contains("precious"))
            XCTAssertEqual(try runProgram(Repository.executable, ["drift", out.path]).status, 2)
            XCTAssertEqual(try folderState(of: out), treeBefore, outside)
            XCTAssertEqual(try folderState(of: victim), victimBefore, outside)
        }
    }

    func testALinkedSubfolderIsRefusedAndNothingIsWrittenThroughIt() throws {
        try FileManager.default.createDirectory(at: out.appendingPathComponent("slave"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: out.appendingPathComponent("master"), withDestinationURL: victim)
        let treeBefore = try folderState(of: out), victimBefore = try folderState(of: victim)
        let result = try build(lab)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.contains("\(out.path)/master: is a symbolic link"), result.standardError)
        XCTAssertEqual(try folderState(of: out), treeBefore)
        XCTAssertEqual(try folderState(of: victim), victimBefore)
    }

    /// A failure at any step before the journal's commit (a full disk, say) leaves the folder
    /// exactly as it was — manifest, folders, no lock file — also a folder that did not exist.
    func testAFailedWriteLeavesTheFolderExactlyAsItWas() throws {
        let labFiles = try renderExample("lab").count
        // lab: every file staged (steps 1-N), then the journal's commit (N+1).
        for step in [1, labFiles / 2, labFiles] {
            let failed = try build(lab, environment: ["PROVHA_TEST_FAIL_AFTER_STEPS": "\(step)"])
            XCTAssertEqual(failed.status, 1, failed.standardError)
            XCTAssertEqual(try folderState(of: out), ["<absent>"], "a new folder is taken away again (step \(step))")
        }
        XCTAssertEqual(try build(lab).status, 0)
        let before = try folderState(of: out)
        let steps = try WriteSteps(from: lab, to: metro, in: out)
        // metro over lab: the changed files staged, the commit, renames and removals.
        for step in [1, steps.staged / 2, steps.staged] {
            let failed = try build(metro, environment: ["PROVHA_TEST_FAIL_AFTER_STEPS": "\(step)"])
            XCTAssertEqual(failed.status, 1, failed.standardError)
            XCTAssertTrue(failed.standardError.contains("injected failure"), failed.standardError)
            XCTAssertEqual(try folderState(of: out), before, "step \(step)")
        }
        // After the commit the build counts as done: a failure then is completed by the next run.
        let late = try build(metro, environment: ["PROVHA_TEST_FAIL_AFTER_STEPS": "\(steps.commit)"])
        XCTAssertEqual(late.status, 1)
        XCTAssertTrue(late.standardError.contains("the next provha-compile run on this folder completes it"), late.standardError)
        XCTAssertEqual(try runProgram(Repository.executable, ["drift", out.path]).status, 0)
        XCTAssertEqual(try runProgram(Repository.executable, ["diff", metro, "--against", out.path]).status, 0)
    }

    func testARefusedBuildLeavesNoTrace() throws {
        let handMade = out.appendingPathComponent("master/etc/dhcp-nmsprime/dhcpd.conf")
        try FileManager.default.createDirectory(at: handMade.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("# hand-made\n".utf8).write(to: handMade)
        let before = try folderState(of: out)
        XCTAssertEqual(try build(lab).status, 1)
        XCTAssertEqual(try folderState(of: out), before, "no lock file, manifest or folder appears")
    }

    /// octoDNS's safety threshold: an emptied or half-read database must not wipe the network.
    func testABuildThatWouldRemoveMostOfTheNetworkIsRefusedUnlessForced() throws {
        XCTAssertEqual(try build(metro).status, 0)
        let before = try folderState(of: out)
        let refused = try build(lab)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(
            refused.standardError.contains(
                "error: the build would remove more than 30 % of what the previous build provisioned: host entries 754 -> 76 (-89 %), pools 60 -> 12 (-80 %), subnets 60 -> 12 (-80 %)"
            ),
            refused.standardError)
        XCTAssertEqual(try folderState(of: out), before)
        XCTAssertEqual(try build(lab, ["--max-removal", "95"]).status, 0)
        XCTAssertEqual(try build(metro).status, 0)
        XCTAssertEqual(try build(lab, ["--force"]).status, 0)
    }
}

import Foundation
import XCTest

@testable import ProvHACompile

/// The library's roads are the command line's: `build` writes, then takes the up-to-date
/// shortcut; a refused write is an outcome with a located error, never a thrown surprise.
final class BuildRoadTests: XCTestCase {
    private let lab = CompilerPipeline.Input(
        clusterFile: Repository.examples.appendingPathComponent("lab/cluster.yaml").path, environment: [:])

    func testBuildWritesThenFindsTheFolderUpToDate() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        var timings: [CompilerPipeline.StageTiming] = []
        let first = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings)
        guard case let .written(summary) = first else { return XCTFail("\(first)") }
        XCTAssertEqual(summary.written.count, try renderExample("lab").count)
        XCTAssertEqual(timings.map(\.stage), ["read", "validate", "render", "write"])

        let second = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings)
        guard case let .upToDate(unchanged) = second else { return XCTFail("\(second)") }
        XCTAssertEqual(unchanged, summary.written.count)

        var checkTimings: [CompilerPipeline.StageTiming] = []
        XCTAssertTrue(CompilerPipeline().check(lab, verify: false, timings: &checkTimings))
        XCTAssertEqual(checkTimings.map(\.stage), ["read", "validate"])
    }

    /// A settled dump's stamp spares the rebuild its digest; a dump changed in place (same
    /// inode, size and mtime: only the kernel's ctime tells) is read again and rebuilt.
    func testAStampedDumpChangedInPlaceIsStillRebuilt() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = folder.appendingPathComponent("lab")
        try FileManager.default.copyItem(at: Repository.examples.appendingPathComponent("lab"), to: example)
        let input = CompilerPipeline.Input(clusterFile: example.appendingPathComponent("cluster.yaml").path, environment: [:])
        let dump = example.appendingPathComponent("data/nmsprime.sql").path
        let out = folder.appendingPathComponent("out").path
        var timings: [CompilerPipeline.StageTiming] = []

        // Just copied: not settled, so no stamp (a write within the same clock tick would not show).
        guard case .written = CompilerPipeline().build(input, options: .init(out: out), timings: &timings) else { return XCTFail() }
        XCTAssertNil(SnapshotStamp.read(from: out))
        Thread.sleep(forTimeInterval: FileIdentity.settleTime + 0.2)
        try FileManager.default.removeItem(atPath: out)
        guard case .written = CompilerPipeline().build(input, options: .init(out: out), timings: &timings) else { return XCTFail() }
        let stamp = try XCTUnwrap(SnapshotStamp.read(from: out))
        XCTAssertEqual(stamp.identity, FileIdentity(path: dump))
        XCTAssertEqual(stamp.sha256, InputDigest.ofFile(dump))
        guard case .upToDate = CompilerPipeline().build(input, options: .init(out: out), timings: &timings) else { return XCTFail() }

        // One byte changed in place, mtime put back: size, inode and mtime are the stamp's.
        let before = try FileManager.default.attributesOfItem(atPath: dump)
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: dump))
        let text = try String(contentsOfFile: dump, encoding: .utf8)
        let offset = try XCTUnwrap(text.utf8.firstRange(of: "'cm-1'".utf8)).lowerBound.utf16Offset(in: text)
        try handle.seek(toOffset: UInt64(offset))
        handle.write(Data("'cm-X'".utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: try XCTUnwrap(before[.modificationDate])], ofItemAtPath: dump)
        let after = try XCTUnwrap(FileIdentity(path: dump))
        XCTAssertEqual([after.inode, UInt64(after.size)], [stamp.identity.inode, UInt64(stamp.identity.size)])
        XCTAssertNotEqual(after, stamp.identity, "ctime moved")
        let rebuilt = CompilerPipeline().build(input, options: .init(out: out), timings: &timings)
        guard case let .written(summary) = rebuilt else { return XCTFail("\(rebuilt)") }
        XCTAssertFalse(summary.written.isEmpty, "cm-X's entries are new")
    }

    /// A no-op keeps the identities of the settled files it found unchanged, and the next no-op
    /// reads only the files whose identity moved: an edit in place with size and mtime put back
    /// moves ctime, is drift, and is rebuilt.
    func testTheTreeStampSparesUnchangedFilesAndMissesNoEdit() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        var timings: [CompilerPipeline.StageTiming] = []
        guard case .written = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings) else { return XCTFail() }
        guard case .upToDate = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings) else { return XCTFail() }
        XCTAssertEqual(TreeStamp.read(from: out.path).files, [:], "files just written are not settled: nothing kept")
        Thread.sleep(forTimeInterval: FileIdentity.settleTime + 0.2)
        guard case .upToDate = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings) else { return XCTFail() }
        let manifest = try XCTUnwrap(Manifest.read(from: out.path))
        let stamp = TreeStamp.read(from: out.path)
        XCTAssertEqual(Set(stamp.files.keys), Set(manifest.files.keys))
        XCTAssertEqual(TreeStamp(text: stamp.text), stamp)
        XCTAssertNil(TreeStamp(text: "provha-tree-stamp 1\nnot\tan entry\n"), "a damaged stamp is no stamp")
        // Kept once: the next no-op writes nothing, the stamp neither.
        let stampFile = out.appendingPathComponent(TreeStamp.fileName).path
        let kept = try XCTUnwrap(FileIdentity(path: stampFile))
        guard case .upToDate = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings) else { return XCTFail() }
        XCTAssertEqual(FileIdentity(path: stampFile), kept)

        let path = "master/etc/dhcp-nmsprime/modems-host.conf"
        let file = out.appendingPathComponent(path).path
        let before = try FileManager.default.attributesOfItem(atPath: file)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "host cm-1 ", with: "host cm-X ").utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.modificationDate: try XCTUnwrap(before[.modificationDate])], ofItemAtPath: file)
        let edited = try XCTUnwrap(FileIdentity(path: file))
        XCTAssertEqual(edited.size, stamp.files[path]?.identity.size)
        XCTAssertNotEqual(edited, stamp.files[path]?.identity, "ctime moved")
        // The stamp is trusted as far as the identity goes: one forged to the edited file's
        // present identity hides the edit; the real one does not.
        var forged = stamp
        forged.files[path] = TreeStamp.Entry(identity: edited, sha256: try XCTUnwrap(manifest.files[path]).sha256)
        XCTAssertEqual(try XCTUnwrap(DriftReport.check(root: out.path, stamp: forged)).findings, [])
        XCTAssertEqual(try XCTUnwrap(DriftReport.check(root: out.path, stamp: stamp)).findings, [.modified(path)])

        let rebuilt = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings)
        guard case let .written(summary) = rebuilt else { return XCTFail("\(rebuilt)") }
        XCTAssertEqual(summary.written, [path])
    }

    func testAForeignFileIsALocatedErrorAndTheFolderStaysAsItWas() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let foreign = out.appendingPathComponent("master/etc/dhcp-nmsprime/dhcpd.conf")
        try FileManager.default.createDirectory(at: foreign.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("operator's own\n".utf8).write(to: foreign)
        let pipeline = CompilerPipeline()
        var timings: [CompilerPipeline.StageTiming] = []
        guard case .failed = pipeline.build(lab, options: .init(out: out.path), timings: &timings) else {
            return XCTFail("built over a foreign file")
        }
        XCTAssertEqual(
            pipeline.diagnostics.diagnostics.filter { $0.severity == .error }.map(\.location), [.input(path: foreign.path)])
        XCTAssertEqual(try String(contentsOf: foreign, encoding: .utf8), "operator's own\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("slave").path))
    }

    func testPlanNamesWhatABuildWouldChange() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let plan = try XCTUnwrap(CompilerPipeline().plan(lab, against: out.path))
        XCTAssertEqual(plan.added.count, try renderExample("lab").count)
        XCTAssertTrue(plan.text(stat: true, colour: false).hasSuffix("\(plan.added.count) added, 0 changed, 0 removed, 0 unchanged\n"))
    }
}

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

    /// A build stamps the files it wrote whose content changed a tick before the rename that put
    /// them in place; a no-op keeps the identities of the settled files it found unchanged; the
    /// next no-op reads only the files whose identity moved: an edit in place with size and mtime
    /// put back moves ctime, is drift, and is rebuilt.
    func testTheTreeStampSparesUnchangedFilesAndMissesNoEdit() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        var timings: [CompilerPipeline.StageTiming] = []
        guard case .written = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings) else { return XCTFail() }
        let built = TreeStamp.read(from: out.path)
        XCTAssertTrue(built.files.values.allSatisfy { $0.identity.modified < $0.identity.changed }, "only files renamed a tick after their write")
        guard case .upToDate = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings) else { return XCTFail() }
        Thread.sleep(forTimeInterval: FileIdentity.settleTime + 0.2)
        guard case .upToDate = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings) else { return XCTFail() }
        let manifest = try XCTUnwrap(Manifest.read(from: out.path))
        let stamp = TreeStamp.read(from: out.path)
        XCTAssertEqual(Set(stamp.files.keys), Set(manifest.files.keys))
        XCTAssertTrue(built.files.allSatisfy { stamp.files[$0.key] == $0.value }, "the build's entries stand")
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

    /// The build's stamp: a file whose content changed in an earlier tick than its last change of
    /// any kind (written, then renamed into place) is stamped; one written last (mtime and ctime
    /// one instant, as every write leaves them) is not, and its old entry goes.
    func testTheBuildStampsOnlyFilesRenamedAfterTheirWrite() throws {
        let out = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let folder = try XCTUnwrap(OutputFolder(root: out.path))
        try folder.create("staged", contents: "renamed\n", mode: 0o644, sync: false)
        Thread.sleep(forTimeInterval: 0.05)
        try folder.rename("staged", to: "master/renamed.conf")
        // A plain create and write: no chmod that could move ctime alone.
        let written = open(out.appendingPathComponent("master/written.conf").path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        XCTAssertEqual(Array("written\n".utf8).withUnsafeBytes { write(written, $0.baseAddress, $0.count) }, 8)
        close(written)
        let manifest = Manifest(
            inputs: "test",
            generated: [
                GeneratedFile(path: "master/renamed.conf", reload: .none, contents: "renamed\n"),
                GeneratedFile(path: "master/written.conf", reload: .none, contents: "written\n"),
            ])
        var old = TreeStamp()
        old.files["master/written.conf"] = TreeStamp.Entry(identity: try XCTUnwrap(folder.identity(of: "master/written.conf")), sha256: "old")
        old.files["master/gone.conf"] = old.files["master/written.conf"]
        old.keep(in: out.path, replacing: TreeStamp())
        TreeStamp.keep(
            afterWriting: ["master/renamed.conf", "master/written.conf"], manifest: manifest, removed: ["master/gone.conf"], in: folder)
        let stamp = TreeStamp.read(from: out.path)
        XCTAssertEqual(Array(stamp.files.keys), ["master/renamed.conf"])
        XCTAssertEqual(stamp.files["master/renamed.conf"]?.sha256, manifest.files["master/renamed.conf"]?.sha256)
        XCTAssertEqual(stamp.files["master/renamed.conf"]?.identity, try folder.identity(of: "master/renamed.conf"))
    }
}

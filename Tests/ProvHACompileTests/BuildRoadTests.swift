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
        XCTAssertEqual(timings.map(\.stage), ["read and validate", "render", "write"])

        let second = CompilerPipeline().build(lab, options: .init(out: out.path), timings: &timings)
        guard case let .upToDate(unchanged) = second else { return XCTFail("\(second)") }
        XCTAssertEqual(unchanged, summary.written.count)
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

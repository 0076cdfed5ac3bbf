import Foundation
import XCTest

@testable import ProvHACompile

/// The registry of emitters holds together: each emitter is registered once and writes files
/// that a golden tree holds, no two emitters write one path, and dhcpd's include chain reaches
/// exactly the files that declare dhcpd as their reload.
final class EmitterRegistryTests: XCTestCase {
    func testEveryEmitterIsRegisteredOnceAndWritesIntoAGoldenTree() throws {
        let ids = Emitters.all.map { String(describing: type(of: $0)) }
        XCTAssertEqual(Set(ids).count, ids.count, "an emitter is registered twice: \(ids)")
        var writers: [String: String] = [:]  // example/path → emitter
        var emittersWithFiles: Set<String> = []
        for example in Repository.exampleNames {
            let model = try exampleModel(example)
            for emitter in Emitters.of(model) {
                let id = String(describing: type(of: emitter))
                for file in Emitters.render(model, emitters: [emitter]) {
                    emittersWithFiles.insert(id)
                    let key = "\(example)/\(file.path)"
                    if let other = writers[key] { XCTFail("\(key) is written by \(other) and \(id)") }
                    writers[key] = id
                    let golden = Repository.golden.appendingPathComponent(key).path
                    XCTAssertTrue(FileManager.default.fileExists(atPath: golden), "\(key) of \(id) is in no golden tree")
                }
            }
        }
        XCTAssertEqual(Set(ids).subtracting(emittersWithFiles).sorted(), [], "emitters that write into no example's tree")
    }

    func testDhcpdIncludesExactlyTheFilesThatReloadIt() throws {
        var iscExamples = 0
        for example in Repository.exampleNames {
            guard try exampleModel(example).dhcp is ISCDHCPServer else {
                XCTAssertFalse(try renderExample(example).contains { $0.reload == .dhcpd }, "\(example): a Kea tree with dhcpd files")
                continue
            }
            iscExamples += 1
            let files = try renderExample(example)
            for node in NodeRole.allCases {
                var byPath: [String: GeneratedFile] = [:]
                for file in files where file.node == node { byPath[file.deployedPath ?? file.path] = file }
                var reached: Set<String> = []
                var pending = [DHCPPaths.file("dhcpd.conf")]
                while let path = pending.popLast() {
                    guard reached.insert(path).inserted else { continue }
                    guard let file = byPath[path] else {
                        XCTFail("\(example)/\(node): dhcpd includes \(path), which no emitter writes")
                        continue
                    }
                    for line in file.contents.split(separator: "\n") {
                        let statement = line.trimmingCharacters(in: .whitespaces)
                        guard statement.hasPrefix("include \""), let end = statement.dropFirst(9).firstIndex(of: "\"") else { continue }
                        pending.append(String(statement.dropFirst(9)[..<end]))
                    }
                }
                let reloadingDhcpd = Set(byPath.values.filter { $0.reload == .dhcpd }.compactMap(\.deployedPath))
                XCTAssertEqual(reloadingDhcpd.subtracting(reached).sorted(), [], "\(example)/\(node): dhcpd files no include reaches")
                XCTAssertEqual(reached.subtracting(reloadingDhcpd).sorted(), [], "\(example)/\(node): included files that do not reload dhcpd")
            }
        }
        XCTAssertGreaterThan(iscExamples, 0, "no example runs dhcpd")
    }

    /// A prepared emitter's shared part is made in parts, a part per core: the files are the same
    /// bytes however many parts there are, more than the items included.
    func testPreparedEmittersWriteTheSameFilesInAnyNumberOfParts() throws {
        var checked: Set<String> = []
        for example in Repository.exampleNames {
            let model = try exampleModel(example)
            for emitter in Emitters.of(model) {
                guard let prepared = emitter as? any PreparedNodeEmitter else { continue }
                let expected = Emitters.render(model, emitters: [emitter])
                XCTAssertFalse(expected.isEmpty, "\(example): \(type(of: emitter)) writes nothing")
                checked.insert(String(describing: type(of: emitter)))
                for count in [1, 3, model.modems.count + model.mtas.count + 5] {
                    XCTAssertEqual(filesInParts(prepared, count, model), expected, "\(example): \(type(of: emitter)) in \(count) parts")
                }
            }
        }
        XCTAssertEqual(checked, ["ModemHostsEmitter", "KeaDHCP4Emitter"])
    }

    private func filesInParts<E: PreparedNodeEmitter>(_ emitter: E, _ count: Int, _ model: ClusterModel) -> [GeneratedFile] {
        let parts = (0..<count).map { emitter.preparePart($0, of: count, model: model) }
        return NodeRole.allCases.flatMap { emitter.emit(NodeContext(model: model, role: $0), parts: parts) }.sorted { $0.path < $1.path }
    }
}

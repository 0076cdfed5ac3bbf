import Foundation
import XCTest

@testable import ProvHACompile

/// Kea's own checkers accept both nodes of every Kea example, and the pair checks that Kea 2.2's
/// `-t` skips (`KeaPairCheck`) accept them too — and fire on each broken configuration Kea 2.2
/// accepts and then serves wrongly (kea-ha.md §1.8's mutation matrix).
final class KeaCheckTests: XCTestCase {
    private var keaExamples: [String] {
        get throws { try Repository.exampleNames.filter { try renderExample($0).contains { $0.deployedPath == KeaPaths.dhcp4 } } }
    }

    func testKeasCheckersAcceptEveryNodeOfEveryKeaExample() throws {
        var programs: [String: URL] = [:]
        for program in ["kea-dhcp4", "kea-ctrl-agent", "kea-dhcp-ddns"] {
            programs[program] = try requireProgram(program, package: "kea-dhcp4-server kea-ctrl-agent kea-dhcp-ddns-server")
        }
        XCTAssertFalse(try keaExamples.isEmpty, "no example runs Kea")
        for name in try keaExamples {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try materializeForCheckers(try renderExample(name), in: folder)
            for role in NodeRole.allCases {
                for (program, path) in [("kea-dhcp4", KeaPaths.dhcp4), ("kea-ctrl-agent", KeaPaths.controlAgent), ("kea-dhcp-ddns", KeaPaths.ddns)] {
                    let config = folder.appendingPathComponent(role.rawValue + path).path
                    let result = try runProgram(try XCTUnwrap(programs[program]), ["-t", config])
                    XCTAssertEqual(
                        result.status, 0, "\(program) -t rejects \(name)/\(role.rawValue):\n\(result.standardOutput)\(result.standardError)")
                }
            }
        }
    }

    func testThePairChecksAcceptEveryKeaExample() throws {
        for name in try keaExamples {
            let diagnostics = DiagnosticCollector()
            XCTAssertTrue(
                KeaPairCheck.check(try renderExample(name), model: try exampleModel(name), diagnostics: diagnostics), "\(diagnostics.diagnostics)")
        }
    }

    /// Each mutation is one `kea-dhcp4 -t` accepts (kea-ha.md §1.8); the pair check must not.
    func testThePairChecksFindWhatKeasCheckerMisses() throws {
        let mutations: [(what: String, node: NodeRole, from: String, to: String, finding: String)] = [
            ("this-server-name", .slave, #""this-server-name": "nms-slave""#, #""this-server-name": "nms-x""#, "is none of the peers"),
            ("two primaries", .master, #""role": "secondary""#, #""role": "primary""#, "needs exactly one of each"),
            ("a host name in a peer URL", .master, "http://172.20.0.101:8001/", "http://nms-slave:8001/", "does not name an IPv4 address"),
            ("lease_cmds missing", .master, "/libdhcp_lease_cmds.so", "/libdhcp_stat_cmds.so", "libdhcp_lease_cmds.so is not loaded"),
            (
                "core multi-threading off", .slave, #"{ "enable-multi-threading": true, "thread-pool-size""#,
                #"{ "enable-multi-threading": false, "thread-pool-size""#, "the server's is off"
            ),
            (
                "HA_server1 instead of the peer's name", .master, #""client-class": "pool-CM-nms-master""#, #""client-class": "HA_server1""#,
                "which no client class defines"
            ),
            ("a reservation on one node only", .slave, #""hostname": "cm-3","#, #""hostname": "cm-33","#, "'reservations' differs"),
            (
                "a reservation missing on one node", .master,
                #"            { "hw-address": "00:1b:00:00:00:05", "hostname": "cm-5", "boot-file-name": "cm/cm-5.cfg" },"# + "\n", "",
                "'reservations' differs"
            ),
            (
                "the peer first among the PacketCable servers", .slave, #""dhcp-server-1", "space": "ccc", "data": "172.20.0.101""#,
                #""dhcp-server-1", "space": "ccc", "data": "172.20.0.100""#, "'reservations' differs"
            ),
        ]
        let files = try renderExample("lab-kea")
        let model = try exampleModel("lab-kea")
        for mutation in mutations {
            let path = mutation.node.rawValue + KeaPaths.dhcp4
            let mutated = files.map { file -> GeneratedFile in
                guard file.path == path else { return file }
                XCTAssertTrue(file.contents.contains(mutation.from), "\(mutation.what): the text to mutate is not in \(path)")
                return GeneratedFile(
                    path: file.path, reload: file.reload, contents: file.contents.replacingOccurrences(of: mutation.from, with: mutation.to))
            }
            let diagnostics = DiagnosticCollector()
            XCTAssertFalse(KeaPairCheck.check(mutated, model: model, diagnostics: diagnostics), mutation.what)
            XCTAssertTrue(
                diagnostics.diagnostics.contains { $0.message.contains(mutation.finding) },
                "\(mutation.what): \(diagnostics.diagnostics.map(\.message))")
        }
    }

    /// `load_balance: 100` (split 256) is hot-standby with the master primary: whole pools (no
    /// halves), roles primary and standby, and Kea's own checker accepts both nodes.
    func testHotStandbyForTheWholeSplit() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = Repository.examples.appendingPathComponent("lab-kea/cluster.yaml")
        let cluster = try String(contentsOf: lab, encoding: .utf8)
            .replacingOccurrences(of: "load_balance: 50 ", with: "load_balance: 100")
            .replacingOccurrences(of: "../lab/", with: Repository.examples.appendingPathComponent("lab").path + "/")
        let file = folder.appendingPathComponent("cluster.yaml")
        try Data(cluster.utf8).write(to: file)
        let pipeline = CompilerPipeline()
        let input = CompilerPipeline.Input(clusterFile: file.path, environment: [:])
        let model = try XCTUnwrap(pipeline.validatedModel(input), "\(pipeline.diagnostics.diagnostics)")
        guard let kea = model.dhcp as? KeaDHCPServer else { return XCTFail("not a Kea model") }
        XCTAssertEqual(kea.mode, .hotStandby(primary: .master))
        let files = Emitters.render(model)
        let master = try XCTUnwrap(files.first { $0.path == "master" + KeaPaths.dhcp4 }).contents
        XCTAssertTrue(master.contains(#""role": "standby""#))
        XCTAssertTrue(master.contains(#""client-class": "pool-CM" }"#), "a whole CM pool")
        XCTAssertFalse(master.contains("HA_nms-slave"), "hot-standby pools have no halves")
        XCTAssertTrue(KeaPairCheck.check(files, model: model, diagnostics: DiagnosticCollector()))
        let kea4 = try requireProgram("kea-dhcp4", package: "kea-dhcp4-server")
        let tree = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tree) }
        try materializeForCheckers(files, in: tree)
        for role in NodeRole.allCases {
            let result = try runProgram(kea4, ["-t", tree.appendingPathComponent(role.rawValue + KeaPaths.dhcp4).path])
            XCTAssertEqual(result.status, 0, "\(result.standardOutput)\(result.standardError)")
        }
    }

    func testAPoolTheReservationsFillIsFound() throws {
        let files = try renderExample("lab-kea")
        let path = "master" + KeaPaths.dhcp4
        let mutated = files.map { file -> GeneratedFile in
            guard file.path == path else { return file }
            let pool = try? XCTUnwrap(file.contents.range(of: #""pool": "[0-9.]+ - [0-9.]+""#, options: .regularExpression))
            guard let pool else { return file }
            var text = file.contents
            text.replaceSubrange(pool, with: #""pool": "10.0.0.7 - 10.0.0.7""#)
            text = text.replacingOccurrences(of: #""hostname": "cm-1", "#, with: #""hostname": "cm-1", "ip-address": "10.0.0.7", "#)
            return GeneratedFile(path: file.path, reload: file.reload, contents: text)
        }
        let diagnostics = DiagnosticCollector()
        XCTAssertFalse(KeaPairCheck.check(mutated, model: try exampleModel("lab-kea"), diagnostics: diagnostics))
        XCTAssertTrue(diagnostics.diagnostics.contains { $0.message.contains("has no address left") }, "\(diagnostics.diagnostics.map(\.message))")
    }

    func testPoolHalvesSplitByAddressCount() {
        let range = { (first: String, last: String) in IPv4Range(first: IPv4Address(first)!, last: IPv4Address(last)!) }
        let halves = PoolHalves.split([range("10.0.0.10", "10.0.0.12"), range("10.0.0.20", "10.0.0.24")])
        XCTAssertEqual(halves.first, [range("10.0.0.10", "10.0.0.12"), range("10.0.0.20", "10.0.0.20")])
        XCTAssertEqual(halves.second, [range("10.0.0.21", "10.0.0.24")])
        let one = PoolHalves.split([range("10.0.0.1", "10.0.0.1")])
        XCTAssertEqual(one.first, [range("10.0.0.1", "10.0.0.1")])
        XCTAssertEqual(one.second, [])
    }

    func testTheParserReadsWhatKeaReads() throws {
        let text = """
            // header
            { "a": [ 1, -2, true, false ], # comment
              /* block */ "b": "q\\"\\\\\\/\\n\\u00e9\\ud83d\\ude00", "c": {} }
            """
        let parsed = try XCTUnwrap(JSONParser.parse(text))
        XCTAssertEqual(parsed["a"], .array([.int(1), .int(-2), .bool(true), .bool(false)]))
        XCTAssertEqual(parsed["b"], .string("q\"\\/\né😀"))
        XCTAssertEqual(parsed["c"], .object([]))
        for bad in ["{", "[1,]", "{\"a\" 1}", "\"a\u{1}\"", "[1] x", "null", "1.5", "\"\\ud83d\""] {
            XCTAssertNil(JSONParser.parse(bad), bad)
        }
        func parsedSettingAside(_ text: String, _ path: [String]) -> (value: JSON, setAside: String?)? {
            var text = text
            return text.withUTF8 { bytes in
                JSONParser.parse(utf8: bytes, settingAside: path).map { ($0.value, $0.setAside.map { String(decoding: bytes[$0], as: UTF8.self) }) }
            }
        }
        let kept = try XCTUnwrap(parsedSettingAside(#"{ "x": { "r": [ { "a": "]}" } ], "b": 1 }, "r": [2] }"#, ["x", "r"]))
        XCTAssertEqual(kept.setAside, #"[ { "a": "]}" } ]"#)
        XCTAssertEqual(kept.value["x"], .object([("b", .int(1))]), "set aside: left out of the value")
        XCTAssertEqual(kept.value["r"], .array([.int(2)]), "only the value at the path is set aside")
        XCTAssertNil(parsedSettingAside(#"{ "x": { "r": [ { "a": 1 } } }"#, ["x", "r"]), "unbalanced")
        XCTAssertNil(parsedSettingAside(#"{ "x": { "r": [ "a ] } }"#, ["x", "r"]), "a string that does not end")
        let escaped = try XCTUnwrap(parsedSettingAside(#"{ "x": { "r": [ "a\"]", "\\" ] } }"#, ["x", "r"]))
        XCTAssertEqual(escaped.setAside, #"[ "a\"]", "\\" ]"#, "escaped quotes and backslashes stepped over")
        XCTAssertNil(try XCTUnwrap(parsedSettingAside(#"{ "x": [ { "r": 1 } ] }"#, ["x", "r"])).setAside, "not through an array")
        let rendered = JSON.object([("k", .string("\"}, {\u{1}")), ("n", .array([.int(3)]))])
        XCTAssertEqual(JSONParser.parse(rendered.rendered()), rendered)
    }

    /// The reservations stay text: their strings found by a scan that steps over escaped quotes,
    /// their addresses read after an `ip-address` key only, both nodes compared string by string.
    func testTheReservationsTextIsReadStringByString() {
        func withBytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
            var text = text
            return text.withUTF8(body)
        }
        let text = #"[ { "hostname": "a\"ip-address\": \"10.0.0.9", "ip-address": "10.0.0.7" }, { "ip-address" : "10.0.0.8", "x": "10.0.0.6" } ]"#
        XCTAssertEqual(withBytes(text, KeaPairCheck.reservedAddresses), [IPv4Address("10.0.0.7"), IPv4Address("10.0.0.8")])
        let master: [KeaPairCheck.Token] = [(Array("10.0.0.1".utf8), true), (Array("10.0.0.2".utf8), false)]
        let slave: [KeaPairCheck.Token] = [(Array("10.0.0.2".utf8), true), (Array("10.0.0.1".utf8), false)]
        func same(_ a: String, _ b: String) -> Bool {
            withBytes(a) { a in withBytes(b) { b in KeaPairCheck.sameNormalized(a, master, b, slave) } }
        }
        XCTAssertTrue(same(#"[ "10.0.0.1", "10.0.0.2" ]"#, #"[ "10.0.0.2", "10.0.0.1" ]"#), "own first on both")
        XCTAssertFalse(same(#"[ "10.0.0.1", "10.0.0.2" ]"#, #"[ "10.0.0.1", "10.0.0.2" ]"#), "the same bytes: the master first on both")
        XCTAssertFalse(same(#"[ "a\"b", "10.0.0.1" ]"#, #"[ "a\"b", "10.0.0.1" ]"#), "an escaped quote does not end a string")
        XCTAssertFalse(same(#"[ "a" ]"#, #"[ "a" ] "#), "the text after the last string counts")
        XCTAssertFalse(same(#"[ "a", "b" ]"#, #"[ "a" ]"#))
    }

    func testJSONStringsAreEscaped() {
        XCTAssertEqual(JSON.quoted("cm-1"), "\"cm-1\"")
        XCTAssertEqual(JSON.quoted("a\"b\\c\nd\u{1}"), #""a\"b\\c\nd\u0001""#)
        let text = JSON.object([("k", .string("\"}, {\"x\": 1"))]).rendered()
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        XCTAssertEqual(parsed?["k"], "\"}, {\"x\": 1")
    }
}

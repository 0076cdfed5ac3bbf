import Foundation
import XCTest

@testable import ProvHACompile

/// A file changes only when what it means changes: one edit of the metro plant's database (each
/// with the row's `updated_at` moved to now, as NMS Prime's GUI does) changes exactly the files
/// that mention what was edited, one per node, and nothing else (no serial, count or stamp).
final class ReviewChurnTests: XCTestCase {
    private static let now = "'2026-12-07 10:00:00'"

    /// Each edit: what the dump's text becomes, and the files (both nodes') that must change.
    private let edits: [(what: String, from: String, to: String, changed: [String])] = [
        (
            "rename modem cm-1", "(1,'2019-06-23 10:05:17','2019-06-02 22:11:27',NULL,'Modem 1','cm-1',",
            "(1,'2019-06-23 10:05:17',\(now),NULL,'Modem 1','cm-renamed-1',", both("etc/dhcp-nmsprime/modems-host.conf")
        ),
        (
            "delete modem cm-1 (soft)", "(1,'2019-06-23 10:05:17','2019-06-02 22:11:27',NULL,'Modem 1','cm-1',",
            "(1,'2019-06-23 10:05:17',\(now),\(now),'Modem 1','cm-1',", both("etc/dhcp-nmsprime/modems-host.conf")
        ),
        (
            "rename MTA mta-1", "VALUES (1,'2019-06-06 02:28:25','2019-06-16 04:32:48',NULL,4,'00:1c:00:00:00:04','mta-1',",
            "VALUES (1,'2019-06-06 02:28:25',\(now),NULL,4,'00:1c:00:00:00:04','mta-renamed-1',", both("etc/dhcp-nmsprime/mtas-host.conf")
        ),
        (
            "move endpoint cpe-fixed-1 to another fixed address",
            "(1,'2019-06-07 00:15:13','2019-06-12 12:56:06',NULL,'cpe-fixed-1','00:1d:00:00:00:32','fixed public IP',1,50,'198.18.0.69',NULL,NULL)",
            "(1,'2019-06-07 00:15:13',\(now),NULL,'cpe-fixed-1','00:1d:00:00:00:32','fixed public IP',1,50,'198.18.0.72',NULL,NULL)",
            // its host entry, its A and PTR, and the CPEPub pool it is cut out of
            both("etc/dhcp-nmsprime/endpoints-host.conf", "etc/nmsprime-provha/dns/static-records", "etc/dhcp-nmsprime/cmts_gws/2.conf")
        ),
        (
            "narrow the CM pool of cmts-dresden-1", "'10.0.0.10','10.0.7.254','10.0.0.1','10.0.7.255','172.20.0.100'",
            "'10.0.0.10','10.0.7.200','10.0.0.1','10.0.7.255','172.20.0.100'",
            both("etc/dhcp-nmsprime/cmts_gws/1.conf")
        ),
        (
            "add modem cm-9999", "(501,'2019-06-17 15:55:02','2019-06-26 01:04:11',NULL,'Modem 501','cm-501',",
            "(9999,\(now),\(now),NULL,'Modem 9999','cm-9999',509999,'Li','Ng','Hauptstraße','09111','Chemnitz','00:1b:00:00:0f:ff','TC7200',0,0,1,'SN00009999','',1,1,'9999'),"
                + "(501,'2019-06-17 15:55:02','2019-06-26 01:04:11',NULL,'Modem 501','cm-501',",
            both("etc/dhcp-nmsprime/modems-host.conf")
        ),
        (
            "rename CMTS cmts-dresden-1", "(1,'2019-06-11 04:25:41','2019-06-02 02:52:34',NULL,'cmts-dresden-1',",
            "(1,'2019-06-11 04:25:41',\(now),NULL,'cmts-dresden-a',",
            // its snippet goes and comes under the new name; its shared networks (IPv4 and IPv6)
            // are named after it
            ["cmts/cmts-dresden-1.cfg", "cmts/cmts-dresden-a.cfg"] + both("etc/dhcp-nmsprime/cmts_gws/1.conf") + both("etc/kea/gateways6/1.conf")
        ),
        (
            "touch a modem without changing it", "(1,'2019-06-23 10:05:17','2019-06-02 22:11:27',NULL,'Modem 1','cm-1',",
            "(1,'2019-06-23 10:05:17',\(now),NULL,'Modem 1','cm-1',", []
        ),
    ]

    private static func both(_ paths: String...) -> [String] {
        ["master", "slave"].flatMap { node in paths.map { "\(node)/\($0)" } }
    }

    func testOneEditChangesOnlyTheFilesThatMentionIt() throws {
        let metro = Repository.examples.appendingPathComponent("metro")
        let dump = try String(contentsOf: metro.appendingPathComponent("data/nmsprime.sql"), encoding: .utf8)
        let before = try render(metro, dump: dump)
        for edit in edits {
            XCTAssertTrue(dump.contains(edit.from), "\(edit.what): the dump has no \(edit.from)")
            let after = try render(metro, dump: dump.replacingOccurrences(of: edit.from, with: edit.to))
            // Changed, added or removed.
            let changed = Set(after.keys).union(before.keys).filter { after[$0] != before[$0] }.sorted()
            XCTAssertEqual(changed, edit.changed.sorted(), edit.what)
        }
    }

    /// The example with `dump` in place of its own, rendered in-process: path → contents.
    private func render(_ example: URL, dump: String) throws -> [String: String] {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: example.appendingPathComponent("cluster.yaml"), to: folder.appendingPathComponent("cluster.yaml"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("data"), withIntermediateDirectories: true)
        try dump.write(to: folder.appendingPathComponent("data/nmsprime.sql"), atomically: true, encoding: .utf8)
        let pipeline = CompilerPipeline()
        guard let files = pipeline.render(CompilerPipeline.Input(clusterFile: folder.appendingPathComponent("cluster.yaml").path, environment: [:]))
        else {
            XCTFail(pipeline.diagnostics.diagnostics.map(\.description).joined(separator: "\n"))
            throw CompilationFailed()
        }
        return Dictionary(files.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
    }
}

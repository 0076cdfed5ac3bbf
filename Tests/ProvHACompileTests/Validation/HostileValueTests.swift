import Foundation
import XCTest

@testable import ProvHACompile

/// Hostile values in database fields that the compiler accepts reach their files only in a
/// form that is safe for that file's syntax; the real checkers read the result.
final class HostileValueTests: XCTestCase {
    /// The lab example with its dump changed by `edit`, rendered in-process.
    private func renderLab(editingDump edit: (String) -> String) throws -> [GeneratedFile] {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lab = Repository.examples.appendingPathComponent("lab")
        for item in ["cluster.yaml", "data", "secrets"] {
            try FileManager.default.copyItem(at: lab.appendingPathComponent(item), to: folder.appendingPathComponent(item))
        }
        let dump = folder.appendingPathComponent("data/nmsprime.sql")
        let original = try String(contentsOf: dump, encoding: .utf8)
        let edited = edit(original)
        XCTAssertNotEqual(edited, original, "the edit changed nothing")
        try edited.write(to: dump, atomically: true, encoding: .utf8)
        let pipeline = CompilerPipeline()
        guard
            let files = pipeline.render(
                CompilerPipeline.Input(
                    clusterFile: folder.appendingPathComponent("cluster.yaml").path,
                    environment: [:]))
        else {
            XCTFail(pipeline.diagnostics.diagnostics.map(\.description).joined(separator: "\n"))
            throw CompilationFailed()
        }
        return files
    }

    /// `dhcpd -t` accepts both nodes' configuration of `files`.
    private func assertDhcpdAccepts(_ files: [GeneratedFile], line: UInt = #line) throws {
        let dhcpd = try requireProgram("dhcpd", package: "isc-dhcp-server")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try materializeForCheckers(files, in: folder)
        for role in NodeRole.allCases {
            let config = folder.appendingPathComponent("\(role.rawValue)/etc/dhcp-nmsprime/dhcpd.conf").path
            let result = try runProgram(dhcpd, ["-t", "-4", "-q", "-cf", config, "-lf", "/dev/null"])
            XCTAssertEqual(result.status, 0, result.standardOutput + result.standardError, line: line)
        }
    }

    /// Two pools of one network with different resolvers: each keeps its own list, in its pool;
    /// where a list names both servers, they swap places per node and other resolvers stay put.
    func testPoolsOfOneNetworkKeepTheirOwnResolversWithTheServersOwnFirst() throws {
        let pipeline = CompilerPipeline()
        let cluster = Repository.fixtures.appendingPathComponent("accepted/pools-share-a-network-with-own-resolvers/cluster.yaml")
        let files = try XCTUnwrap(pipeline.render(CompilerPipeline.Input(clusterFile: cluster.path, environment: [:])))
        for (role, list) in [("master", "9.9.9.9, 172.20.0.100, 172.20.0.101"), ("slave", "9.9.9.9, 172.20.0.101, 172.20.0.100")] {
            let text = try XCTUnwrap(files.first { $0.path == "\(role)/etc/dhcp-nmsprime/cmts_gws/1.conf" }).contents
            XCTAssertTrue(text.contains("\t\t\trange 198.18.0.91 198.18.0.126;\n\t\t\toption domain-name-servers \(list);\n"), text)
            XCTAssertEqual(text.components(separatedBy: "domain-name-servers").count, 2, "only the pool that names resolvers gets them")
        }
        try assertDhcpdAccepts(files)
    }

    func testACMTSCompanyWithLineBreaksStaysInsideTheSnippetsComment() throws {
        let files = try renderLab { $0.replacingOccurrences(of: "'Cisco',0,0,1", with: "'Cisco\\nno ip routing\\r\\nreload',0,0,1") }
        let snippet = try XCTUnwrap(files.first { $0.path == "cmts/cmts-dresden-1.cfg" })
        let lines = snippet.contents.split(separator: "\n")
        XCTAssertFalse(lines.contains { $0.hasPrefix("no ip routing") || $0.hasPrefix("reload") }, snippet.contents)
        XCTAssertTrue(snippet.contents.contains("(Cisco\\nno ip routing\\r\\nreload ubr10k)"), snippet.contents)
        XCTAssertTrue(lines.allSatisfy { $0.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f || $0 == 0x09 } })
    }

    /// Braces and quotes inside strings and comments are text, not structure: dhcpd agrees.
    func testVerbatimStatementsWithBracesInStringsAndCommentsPassDhcpd() throws {
        let tricky = #"option domain-name \"a } b { c\"; # } \" {\noption ip-forwarding off;"#
        let files = try renderLab {
            $0.replacingOccurrences(of: "'','CM pool of cmts-dresden-1'", with: "'\(tricky)','CM pool of cmts-dresden-1'")
        }
        for role in NodeRole.allCases {
            let gateways = try XCTUnwrap(files.first { $0.path == "\(role.rawValue)/etc/dhcp-nmsprime/cmts_gws/1.conf" }).contents
            XCTAssertTrue(gateways.contains("\t\toption domain-name \"a } b { c\"; # } \" {\n\t\toption ip-forwarding off;\n"), gateways)
        }
        try assertDhcpdAccepts(files)
    }

    /// NMS Prime's operators put TR-069 ACS options into `ippool.optional`; the generated
    /// dhcpd.conf declares the option space, so dhcpd accepts them.
    func testTR069ACSOptionsInVerbatimStatementsPassDhcpd() throws {
        let acs = #"vendor-option-space ACS;\noption ACS.acs_URL \"http://acs.nmsprime.test:7547\";\noption ACS.acs_PROVCODE \"lab\";"#
        let files = try renderLab {
            $0.replacingOccurrences(of: "'','CM pool of cmts-dresden-1'", with: "'\(acs)','CM pool of cmts-dresden-1'")
        }
        try assertDhcpdAccepts(files)
    }

    /// Data NMS Prime serves: a fixed-IP endpoint without a MAC is matched by its modem's MAC as
    /// remote-id; an endpoint without a fixed IP gets a plain host entry; dummy MTAs are MTAs;
    /// a pool of a deleted CMTS is skipped with a warning. dhcpd accepts the result.
    func testDataNMSPrimeServesIsAcceptedAsNMSPrimeWritesIt() throws {
        let files = try renderLab {
            $0.replacingOccurrences(
                of: "(2,'2019-06-18 19:58:46','2019-06-21 08:41:14',NULL,'cpe-fixed-2','00:1d:00:00:00:2c','fixed public IP',1,44,",
                with: "(2,'2019-06-18 19:58:46','2019-06-21 08:41:14',NULL,'cpe-fixed-2','','fixed public IP',1,44,"
            )
            .replacingOccurrences(of: "'mta-1',2,'packetcable',0)", with: "'mta-1',2,'packetcable',1)")
        }
        let endpoints = try XCTUnwrap(files.first { $0.path == "master/etc/dhcp-nmsprime/endpoints-host.conf" }).contents
        XCTAssertTrue(
            endpoints.contains(
                "host cpe-fixed-2 { host-identifier option agent.remote-id 00:1b:00:00:00:2c; fixed-address 198.18.0.174; ddns-hostname \"cpe-fixed-2\"; }\n"
            ), endpoints)
        XCTAssertTrue(endpoints.contains("host cpe-known-3 { hardware ethernet 00:1d:00:00:00:42; }\n"), endpoints)
        let mtas = try XCTUnwrap(files.first { $0.path == "master/etc/dhcp-nmsprime/mtas-host.conf" }).contents
        XCTAssertTrue(
            mtas.contains(
                "host mta-1 { hardware ethernet 00:1c:00:00:00:04; filename \"mta/mta-1.cfg\"; ddns-hostname \"mta-1\"; option host-name \"001c00000004\"; }"
            ), mtas)
        try assertDhcpdAccepts(files)
    }

    /// `0x…` literals (`mariadb-dump --hex-blob`) are the bytes they spell, not text.
    func testHexLiteralsInTheDumpReadAsTheirBytes() throws {
        let files = try renderLab { $0.replacingOccurrences(of: "'00:1b:00:00:00:01'", with: "0x30303a31623a30303a30303a30303a3031") }
        let hosts = try XCTUnwrap(files.first { $0.path == "master/etc/dhcp-nmsprime/modems-host.conf" })
        XCTAssertTrue(hosts.contents.contains("host cm-1 { hardware ethernet 00:1b:00:00:00:01;"), hosts.contents)
    }
}

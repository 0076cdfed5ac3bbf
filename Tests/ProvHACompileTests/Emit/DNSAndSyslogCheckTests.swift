import Foundation
import XCTest

@testable import ProvHACompile

/// BIND and rsyslog accept what the compiler writes for them, on both nodes of every example.
final class DNSAndSyslogCheckTests: XCTestCase {
    func testNamedCheckconfAcceptsTheZoneStatementsAndLoadsEveryZone() throws {
        let checkconf = try requireProgram("named-checkconf", package: "bind9-utils")
        for name in Repository.exampleNames {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try materializeForCheckers(try renderExample(name), in: folder)
            for role in NodeRole.allCases {
                let config = folder.appendingPathComponent("\(role.rawValue)/etc/named-nmsprime.conf").path
                // -z loads every zone file the statements name, as named would.
                let result = try runProgram(checkconf, ["-z", config])
                XCTAssertEqual(
                    result.status, 0, "named-checkconf -z rejects \(name)/\(role.rawValue):\n\(result.standardOutput)\(result.standardError)")
            }
        }
    }

    func testNamedCheckzoneAcceptsEveryZoneFile() throws {
        let checkzone = try requireProgram("named-checkzone", package: "bind9-utils")
        for name in Repository.exampleNames {
            let files = try renderExample(name).filter { $0.path.hasSuffix(".zone") }
            XCTAssertGreaterThanOrEqual(files.count, 4, name)
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try OutputWriter(root: folder.path).writeFiles(files)
            for file in files {
                let zone = String(file.path.split(separator: "/").last?.dropLast(".zone".count) ?? "")
                let result = try runProgram(checkzone, ["-k", "fail", "-n", "fail", zone, folder.appendingPathComponent(file.path).path])
                XCTAssertEqual(result.status, 0, "named-checkzone rejects \(name)/\(file.path):\n\(result.standardOutput)")
            }
        }
    }

    func testDhcpdZonesAgreeWithTheZonesNamedServes() throws {
        let files = try renderExample("lab")
        let global = try XCTUnwrap(files.first { $0.path == "master/etc/dhcp-nmsprime/global.conf" }).contents
        let named = try XCTUnwrap(files.first { $0.path == "master/etc/named-nmsprime.conf" }).contents
        let dhcpdZones = global.split(separator: "\n").filter { $0.hasPrefix("zone ") }
            .map { $0.split(separator: " ")[1].dropLast() }.map(String.init)
        let namedZones = named.split(separator: "\n").filter { $0.hasPrefix("zone \"") }
            .map { $0.split(separator: "\"")[1] }.map(String.init)
        XCTAssertEqual(dhcpdZones, namedZones)
        XCTAssertTrue(namedZones.contains("0.18.198.in-addr.arpa"))
        XCTAssertFalse(namedZones.contains("in-addr.arpa"), "no catch-all reverse zone")
    }

    /// rsyslog validates each drop-in the way the node loads it: included from a main
    /// configuration that, like Debian's, writes the default ruleset to a file.
    func testRsyslogAcceptsBothNodesFiles() throws {
        let rsyslogd = try requireProgram("rsyslogd", package: "rsyslog")
        for name in Repository.exampleNames {
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try materializeForCheckers(try renderExample(name), in: folder)
            for role in NodeRole.allCases {
                let dropIn = folder.appendingPathComponent("\(role.rawValue)/etc/rsyslog.d/failover.conf")
                let main = folder.appendingPathComponent("\(role.rawValue)-rsyslog.conf")
                try Data(
                    "global(workDirectory=\"\(folder.path)\")\ninclude(file=\"\(dropIn.path)\")\n*.* action(type=\"omfile\" file=\"\(folder.path)/messages\")\n"
                        .utf8
                )
                .write(to: main)
                let result = try runProgram(rsyslogd, ["-N1", "-f", main.path])
                XCTAssertEqual(result.status, 0, "rsyslogd -N1 rejects \(name)/\(role.rawValue):\n\(result.standardError)")
                XCTAssertFalse(result.standardError.contains("error"), "\(name)/\(role.rawValue): \(result.standardError)")
            }
        }
    }

    func testSlaveForwardsOverTCPWithADiskQueueAndMasterAcceptsOnlyItsPeer() throws {
        let files = try renderExample("metro")
        let master = try XCTUnwrap(files.first { $0.path == "master/etc/rsyslog.d/failover.conf" }).contents
        let slave = try XCTUnwrap(files.first { $0.path == "slave/etc/rsyslog.d/failover.conf" }).contents
        XCTAssertTrue(master.contains("$AllowedSender TCP, 127.0.0.1, 172.20.0.101\n"))
        XCTAssertTrue(master.contains("input(type=\"imtcp\" port=\"10514\")"))
        for setting in [
            "target=\"172.20.0.100\"", "port=\"10514\"", "protocol=\"tcp\"", "queue.filename=", "queue.maxDiskSpace=\"512m\"",
            "queue.saveOnShutdown=\"on\"", "action.resumeRetryCount=\"-1\"",
        ] {
            XCTAssertTrue(slave.contains(setting), setting)
        }
    }
}

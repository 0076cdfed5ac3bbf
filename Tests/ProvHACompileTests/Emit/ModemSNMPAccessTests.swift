import Foundation
import XCTest

@testable import ProvHACompile

/// `configfile/snmp-access.txt` and `provha-compile modem-snmp`: SNMP access to every modem for
/// both servers, in the configfile's `docsis` text syntax (NMS Prime's "Base" rows).
final class ModemSNMPAccessTests: XCTestCase {
    func testBothServersGetAReadAndAReadWriteRowWithAllSixColumns() throws {
        let model = try exampleModel("lab")
        let text = try XCTUnwrap(ModemSNMPAccessEmitter().emit(model).first).contents
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("SnmpMibObject ") }
        XCTAssertEqual(rows.count, 24, "four access rows of six columns")
        // Each index has the six columns, once each.
        var columns: [String: Set<String>] = [:]
        for row in rows {
            let object = row.split(separator: " ")[1]
            let parts = object.split(separator: ".")
            columns[String(parts[1]), default: []].insert(String(parts[0]))
        }
        let six: Set<String> = [
            "docsDevNmAccessIp", "docsDevNmAccessIpMask", "docsDevNmAccessCommunity", "docsDevNmAccessControl",
            "docsDevNmAccessInterfaces", "docsDevNmAccessStatus",
        ]
        XCTAssertEqual(columns, ["10": six, "20": six, "11": six, "21": six])
        for (index, address, community, control) in [
            (10, "172.20.0.100", "ro", 2), (20, "172.20.0.100", "rw", 3), (11, "172.20.0.101", "ro", 2), (21, "172.20.0.101", "rw", 3),
        ] {
            XCTAssertTrue(text.contains("SnmpMibObject docsDevNmAccessIp.\(index) IPAddress \(address) ;\n"), "\(index)")
            // NMS Prime's placeholders, verbatim: it fills them in per modem.
            XCTAssertTrue(text.contains("docsDevNmAccessCommunity.\(index) String \"{provbase.\(community)_community.0}\" ;\n"), "\(index)")
            XCTAssertTrue(text.contains("docsDevNmAccessControl.\(index) Integer \(control);"), "\(index)")
        }
    }

    /// The command prints what the build writes to the output folder.
    func testTheCommandPrintsTheBuiltFile() throws {
        let lab = Repository.examples.appendingPathComponent("lab/cluster.yaml").path
        let printed = try runProgram(Repository.executable, ["modem-snmp", lab])
        XCTAssertEqual(printed.status, 0, printed.standardError)
        let built = try String(contentsOf: Repository.golden.appendingPathComponent("lab/configfile/snmp-access.txt"), encoding: .utf8)
        XCTAssertEqual(printed.standardOutput, built)
    }
}

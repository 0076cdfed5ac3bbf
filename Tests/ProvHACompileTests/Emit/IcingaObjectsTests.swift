import Foundation
import XCTest

@testable import ProvHACompile

/// The master's Icinga 2 objects: `icinga2 daemon -C` accepts them (and refuses a broken copy,
/// so the check can fail), they watch both nodes with the services NMS Prime's HA slave
/// netelement has, the pair's state comes from `provha-compile status`, and the slave has none.
final class IcingaObjectsTests: XCTestCase {
    func testIcingaAcceptsTheObjectsAndRefusesABrokenCopy() throws {
        let icinga2 = try requireProgram("icinga2", package: "icinga2-bin")
        let files = try renderExample("lab")
        XCTAssertFalse(files.contains { $0.path == "slave" + IcingaObjectsEmitter.path }, "the slave does not monitor")
        let objects = try XCTUnwrap(files.first { $0.path == "master" + IcingaObjectsEmitter.path }).contents
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func validate(_ text: String) throws -> ProcessResult {
            let file = folder.appendingPathComponent("objects.conf"), main = folder.appendingPathComponent("main.conf")
            try Data(text.utf8).write(to: file)
            try Data(
                "const PluginDir = \"/usr/lib/nagios/plugins\"\nconst NodeName = \"nms-master\"\ninclude <itl>\ninclude <plugins>\ninclude \"\(file.path)\"\n"
                    .utf8
            ).write(to: main)
            return try runProgram(icinga2, ["daemon", "-C", "-c", main.path])
        }
        let accepted = try validate(objects)
        XCTAssertEqual(accepted.status, 0, accepted.standardOutput + accepted.standardError)
        XCTAssertTrue(accepted.standardOutput.contains("Instantiated 2 Hosts"), accepted.standardOutput)
        XCTAssertTrue(accepted.standardOutput.contains("Instantiated 7 Services"), accepted.standardOutput)
        let broken = try validate(objects.replacingOccurrences(of: "check_command = \"dns\"", with: "check_command = \"no-such-command\""))
        XCTAssertNotEqual(broken.status, 0, "a service with an unknown check command is refused")

        for (host, address) in [("nms-master", "172.20.0.100"), ("nms-slave", "172.20.0.101")] {
            XCTAssertTrue(objects.contains("object Host \"\(host)\" {\n  import \"nmsprime-provha-node\"\n  address = \"\(address)\""), host)
            XCTAssertTrue(
                objects.contains(
                    "vars.dns_lookup = \"\(host).nmsprime.test\"\n  vars.dns_server = \"$address$\"\n  vars.dns_expected_answers = \"\(address)\""))
        }
        XCTAssertTrue(objects.contains("vars.netelementtype_id = \"10\""), "the slave is NMS Prime's HA slave netelement")
        XCTAssertTrue(objects.contains(#"command = [ "/usr/local/bin/provha-compile", "status", "/etc/nmsprime-provha/cluster.yaml" ]"#))
    }

    func testIcingaStringsEscapeQuotesBackslashesAndMacros() {
        XCTAssertEqual(IcingaObjectsEmitter.string(#"a"b\c$d"#), #""a\"b\\c$$d""#)
    }
}

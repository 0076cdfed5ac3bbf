import XCTest

@testable import ProvHACompile

/// `Validation/`: the cluster file and the snapshot checked together and resolved into the
/// validated layer that emitters read — settings with defaults, host entries with real MACs,
/// served pools with their final ranges.
final class ValidatorTests: XCTestCase {
    private let cluster = """
        version: 1
        cluster: { name: lab, domain: example.net }
        nodes:
          master: { hostname: nms1, address: 172.20.0.100 }
          slave: { hostname: nms2, address: 172.20.0.101 }
        failover: { port: 647, peer_port: 847 }
        dhcp: { time_offset: 3600 }

        """

    /// The base dump (two CMTSs, three pools, two modems, an MTA behind cm-2, a fixed endpoint),
    /// with each (old, new) replacement made.
    private func validate(replacing edits: [(String, String)] = []) throws -> (ClusterModel?, [Diagnostic]) {
        var dump = try String(contentsOf: Repository.fixtures.appendingPathComponent("base/dump.sql"), encoding: .utf8)
        for (old, new) in edits {
            XCTAssertTrue(dump.contains(old), old)
            dump = dump.replacingOccurrences(of: old, with: new)
        }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("dump.sql").path
        try Data(dump.utf8).write(to: URL(fileURLWithPath: path))
        let diagnostics = DiagnosticCollector()
        let builder = SnapshotBuilder(source: "dump.sql", diagnostics: diagnostics)
        XCTAssertTrue(DumpReader(path: path).read(into: builder, diagnostics: diagnostics))
        let config = try XCTUnwrap(ClusterFileReader(diagnostics: diagnostics).read(text: cluster, path: "cluster.yaml"))
        let snapshot = try XCTUnwrap(builder.finish())
        let model = Validator(config: config, snapshot: snapshot, diagnostics: diagnostics, environment: [:]).validate()
        return (model, diagnostics.diagnostics)
    }

    func testSettingsAreResolvedWithTheirDefaults() throws {
        let model = try XCTUnwrap(try validate().0)
        XCTAssertEqual(model.master, Server(role: .master, hostname: "nms1", address: IPv4Address("172.20.0.100")!))
        XCTAssertEqual(model.failover.port(of: .master), 647)
        XCTAssertEqual(model.failover.port(of: .slave), 847)
        XCTAssertEqual(model.failover.split, 128)
        XCTAssertEqual(model.dns.hostmaster, "hostmaster.example.net")
        XCTAssertEqual(model.syslog.port, 514)
        XCTAssertEqual(model.timeOffset, 3600)
    }

    /// Rows out of id order are taken in id order; a repeated id (a hand-made dump: the
    /// database's key forbids it) gives both rows entries, and an MTA naming it marks both.
    func testModemsOutOfOrderAndARepeatedIDKeepTheirMTAs() throws {
        let (model, diagnostics) = try validate(replacing: [
            (
                "INSERT INTO `modem` VALUES (1,NULL,NULL,'cm-1','00:1b:00:00:00:01',0,1),(2,NULL,NULL,'cm-2','00:1b:00:00:00:02',1,1);",
                "INSERT INTO `modem` VALUES (2,NULL,NULL,'cm-2','00:1b:00:00:00:02',1,1),(1,NULL,NULL,'cm-1','00:1b:00:00:00:01',0,1),(2,NULL,NULL,'cm-2b','00:1b:00:00:00:03',1,1);"
            )
        ])
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }, [])
        let modems = try XCTUnwrap(model).modems
        XCTAssertEqual(modems.map(\.hostname), ["cm-1", "cm-2", "cm-2b"])
        XCTAssertEqual(modems.map(\.hasMTA), [false, true, true])
    }

    func testHostEntriesHaveRealMACsAndKnowTheirMTAsAndMatches() throws {
        let model = try XCTUnwrap(try validate().0)
        XCTAssertEqual(model.modems.map(\.hostname), ["cm-1", "cm-2"])
        XCTAssertEqual(model.modems.map(\.hasMTA), [false, true])
        XCTAssertEqual(model.mtas.map(\.mac.description), ["00:1c:00:00:00:02"])
        guard case let .mac(mac)? = model.fixedEndpoints.first?.match else { return XCTFail("\(model.fixedEndpoints)") }
        XCTAssertEqual(mac.description, "00:1d:00:00:00:02")

        // Without a MAC of its own, the fixed endpoint is matched by its modem's (cm-2) as remote-id;
        // a modem without a MAC gets no host entry at all.
        let edited = try XCTUnwrap(
            try validate(replacing: [
                ("'cpe-fixed-1','00:1d:00:00:00:02'", "'cpe-fixed-1',''"), ("'cm-1','00:1b:00:00:00:01'", "'cm-1',''"),
            ]).0)
        XCTAssertEqual(edited.modems.map(\.hostname), ["cm-2"])
        guard case let .remoteID(modemMAC)? = edited.fixedEndpoints.first?.match else { return XCTFail("\(edited.fixedEndpoints)") }
        XCTAssertEqual(modemMAC.description, "00:1b:00:00:00:02")
    }

    func testServedPoolsCarryTheirFinalRanges() throws {
        let model = try XCTUnwrap(try validate().0)
        let pools = model.cmtses.flatMap(\.subnets).flatMap(\.pools)
        let cpePublic = try XCTUnwrap(pools.first { $0.type == .cpePublic })
        XCTAssertEqual(
            cpePublic.ranges.map { "\($0.first)-\($0.last)" }, ["198.18.0.66-198.18.0.87", "198.18.0.89-198.18.0.126"],
            "the fixed IP is cut out")
        XCTAssertEqual(pools.first { $0.id == 1 }?.ranges.count, 1)
    }

    func testADuplicateMACIsAnErrorWithANoteAtTheFirstOwner() throws {
        let (model, diagnostics) = try validate(replacing: [("2,'00:1c:00:00:00:02','mta-1'", "2,'00:1b:00:00:00:01','mta-1'")])
        XCTAssertNil(model)
        let duplicate = try XCTUnwrap(diagnostics.first { $0.severity == .error })
        XCTAssertEqual(duplicate.location, .row(source: "dump.sql", table: "mta", id: 1))
        XCTAssertEqual(duplicate.notes.map(\.location), [.row(source: "dump.sql", table: "modem", id: 1)])
    }

    /// A host name is one DNS label; one that differs only in capitals names the same host.
    func testHostNamesAreLabelsAndCapitalsNameTheSameHost() throws {
        for label in ["a", "cm-1", "A1-b", String(repeating: "x", count: 63)] { XCTAssertTrue(DNSName.isValidLabel(label), label) }
        for label in ["", "-a", "a-", "a.b", "a_b", "a b", "é", String(repeating: "x", count: 64)] {
            XCTAssertFalse(DNSName.isValidLabel(label), label)
        }
        XCTAssertTrue(DNSName.isValidLabel("xcm-1y".dropFirst().dropLast()), "a substring")
        let (model, diagnostics) = try validate(replacing: [("'mta-1'", "'CM-1'")])
        XCTAssertNil(model)
        XCTAssertTrue(diagnostics.contains { $0.message.contains("hostname 'CM-1' is also used by") }, "\(diagnostics.map(\.message))")
    }

    /// Host names are claimed by fingerprint; equal fingerprints of different names (here every
    /// name's) still give each name its own first owner.
    func testFirstClaimsAnswerRightWhateverTheFingerprintsCollide() {
        let names = ["cm-1", "CM-1", "cm-2", "mta-1", "Cm-2", "nms-master", "cm-10", "mta-1"]
        for collide in [false, true] {
            var claims = FirstClaims(capacity: names.count) { names[$0] }
            var firsts: [Int?] = []
            for (owner, name) in names.enumerated() {
                firsts.append(claims.claim(fingerprint: collide ? 7 : FirstClaims.fingerprint(of: name), by: owner))
            }
            XCTAssertEqual(firsts, [nil, 0, nil, nil, 2, nil, nil, 3], collide ? "every fingerprint equal" : "fingerprints as made")
        }
        XCTAssertEqual(
            Array("Cm-1".utf8).withUnsafeBufferPointer(FirstClaims.fingerprint), Array("cm-1".utf8).withUnsafeBufferPointer(FirstClaims.fingerprint))
        XCTAssertTrue(FirstClaims.sameIgnoringCase("Cm-1", "cM-1"))
        XCTAssertFalse(FirstClaims.sameIgnoringCase("cm-1", "cm-1 "))
        XCTAssertFalse(FirstClaims.sameIgnoringCase("@", "`"), "only letters fold")
    }

    /// Many claims, cut into slices and partitions: every duplicate MAC and name is found, at its
    /// row, with its first owner in the note, in the order of a single pass (a row's MAC problem
    /// before its name's).
    func testClaimProblemsComeInOnePassOrderWithTheirFirstOwners() throws {
        func mac(_ id: Int) -> String { String(format: "00:1b:00:00:%02x:%02x", id >> 8, id & 0xff) }
        var rows: [String] = []
        var expected: [(id: Int, problem: String, firstID: Int?)] = []
        var firstByMAC: [String: Int] = [:]
        var firstByName: [String: Int] = [:]
        for id in 1...300 {
            let address = id % 37 == 0 ? mac(id - 30) : mac(id)
            var name = "cm-\(id)"
            if id % 53 == 0 || id == 111 { name = "CM-\(id - 7)" }
            if id == 150 { name = "NMS2" }
            if id == 200 { name = "bad_name" }
            rows.append("(\(id),NULL,NULL,'\(name)','\(address)',0,1)")
            if let first = firstByMAC[address] { expected.append((id, "mac", first)) } else { firstByMAC[address] = id }
            if id == 200 {
                expected.append((id, "label", nil))
            } else if id == 150 {
                expected.append((id, "hostname", nil))
            } else if let first = firstByName[name.lowercased()] {
                expected.append((id, "hostname", first))
            } else {
                firstByName[name.lowercased()] = id
            }
        }
        let (model, diagnostics) = try validate(replacing: [
            (
                "INSERT INTO `modem` VALUES (1,NULL,NULL,'cm-1','00:1b:00:00:00:01',0,1),(2,NULL,NULL,'cm-2','00:1b:00:00:00:02',1,1);",
                "INSERT INTO `modem` VALUES \(rows.joined(separator: ","));"
            )
        ])
        XCTAssertNil(model)
        let claimProblems = diagnostics.filter { $0.message.hasPrefix("mac ") || $0.message.hasPrefix("hostname ") }
        XCTAssertEqual(claimProblems.count, expected.count, "\(claimProblems.map(\.message))")
        for (diagnostic, wanted) in zip(claimProblems, expected) {
            XCTAssertEqual(diagnostic.location, .row(source: "dump.sql", table: "modem", id: wanted.id), diagnostic.message)
            switch wanted.problem {
            case "mac": XCTAssertTrue(diagnostic.message.hasPrefix("mac "), diagnostic.message)
            case "label": XCTAssertTrue(diagnostic.message.contains("is not a DNS label"), diagnostic.message)
            default: XCTAssertTrue(diagnostic.message.contains("is also used by"), diagnostic.message)
            }
            if let first = wanted.firstID {
                XCTAssertEqual(diagnostic.notes.map(\.location), [.row(source: "dump.sql", table: "modem", id: first)], diagnostic.message)
            }
        }
        XCTAssertTrue(claimProblems.contains { $0.message.hasPrefix("hostname 'NMS2' is also used by") }, "a node's name is taken")
    }
}

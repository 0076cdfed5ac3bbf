import Foundation
import XCTest

@testable import ProvHACompile

/// Kea DHCPv6 beside either DHCPv4 server: metro's IPv6 pools in both HA modes, checked by
/// `kea-dhcp6 -t` and the pair check, which must fire on what `-t` cannot see.
final class KeaDHCP6Tests: XCTestCase {
    /// Metro's cluster file with `edit` applied, in a folder whose dump is metro's.
    private func metroModel(_ edit: (String) -> String = { $0 }) throws -> (ClusterModel, [GeneratedFile], DiagnosticCollector) {
        let folder = try temporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let metro = Repository.examples.appendingPathComponent("metro")
        let cluster = try String(contentsOf: metro.appendingPathComponent("cluster.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "dump: data/", with: "dump: \(metro.path)/data/")
        let file = folder.appendingPathComponent("cluster.yaml")
        try Data(edit(cluster).utf8).write(to: file)
        let pipeline = CompilerPipeline()
        let model = try XCTUnwrap(
            pipeline.validatedModel(CompilerPipeline.Input(clusterFile: file.path, environment: [:])), "\(pipeline.diagnostics.diagnostics)")
        return (model, Emitters.render(model), pipeline.diagnostics)
    }

    private func kea6Accepts(_ files: [GeneratedFile]) throws {
        let kea6 = try requireProgram("kea-dhcp6", package: "kea-dhcp6-server")
        let tree = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: tree) }
        try RealCheckers.layOut(files, in: tree.path)
        for role in NodeRole.allCases {
            let node = tree.appendingPathComponent(role.rawValue).path
            let checks = KeaDHCP6Server.checkerRuns(node: node, deployed: Set(files.filter { $0.node == role }.compactMap(\.deployedPath)))
            let check = try XCTUnwrap(checks.first)
            let result = try runProgram(kea6, check.arguments)
            XCTAssertEqual(result.status, 0, "\(role): \(result.standardOutput)\(result.standardError)")
        }
    }

    func testHotStandbyKeepsPoolsAndPrefixesWhole() throws {
        let (model, files, _) = try metroModel()
        let kea = try XCTUnwrap(model.dhcp6)
        XCTAssertEqual(kea.mode, .hotStandby(primary: .master))
        XCTAssertTrue(model.dhcp is ISCDHCPServer, "metro serves IPv4 with dhcpd, IPv6 with Kea")
        let dresden = try XCTUnwrap(files.first { $0.path == "master/etc/kea/gateways6/1.conf" }).contents
        XCTAssertTrue(dresden.contains(#"{ "pool": "2001:db8:10::100 - 2001:db8:10::ffff" }"#))
        XCTAssertTrue(dresden.contains(#"{ "prefix": "2001:db8:1000::", "prefix-len": 48, "delegated-len": 56 }"#))
        // The inactive pool 63 (cmts 3) is not served; pool 62's optional lands on its subnet.
        XCTAssertFalse(files.contains { $0.path == "master/etc/kea/gateways6/3.conf" })
        XCTAssertTrue(try XCTUnwrap(files.first { $0.path == "master/etc/kea/gateways6/2.conf" }).contents.contains(#""rapid-commit": true"#))
        // Each reservation in its own subnet only.
        XCTAssertEqual(files.filter { $0.node == .master && $0.contents.contains("00:1d:00:00:61:01") && $0.path.contains("kea") }.count, 1)
        XCTAssertTrue(KeaDHCP6PairCheck.check(files, diagnostics: DiagnosticCollector()))
        try kea6Accepts(files)
    }

    func testLoadBalancingSplitsPoolsAndPrefixesIntoThePeersHalves() throws {
        let (model, files, _) = try metroModel { $0.replacingOccurrences(of: "  mode: hot-standby", with: "  mode: load-balancing") }
        XCTAssertEqual(model.dhcp6?.mode, .loadBalancing)
        let dresden = try XCTUnwrap(files.first { $0.path == "slave/etc/kea/gateways6/1.conf" }).contents
        XCTAssertTrue(dresden.contains(#"{ "pool": "2001:db8:10::100 - 2001:db8:10::807f", "client-class": "HA_prov-a" }"#), dresden)
        XCTAssertTrue(dresden.contains(#"{ "pool": "2001:db8:10::8080 - 2001:db8:10::ffff", "client-class": "HA_prov-b" }"#))
        XCTAssertTrue(dresden.contains(#""prefix": "2001:db8:1000::", "prefix-len": 49, "delegated-len": 56, "client-class": "HA_prov-a""#))
        XCTAssertTrue(dresden.contains(#""prefix": "2001:db8:1000:8000::", "prefix-len": 49, "delegated-len": 56, "client-class": "HA_prov-b""#))
        let main = try XCTUnwrap(files.first { $0.path == "master/etc/kea/dhcp6-nmsprime.conf" }).contents
        XCTAssertTrue(main.contains(#""mode": "load-balancing""#) && main.contains(#"{ "name": "HA_prov-b" }"#))
        try kea6Accepts(files)
    }

    func testThePairCheckFindsWhatKeasCheckerMisses() throws {
        let (_, files, _) = try metroModel()
        let mutations: [(node: NodeRole, path: String, from: String, to: String, finding: String)] = [
            (.slave, "/etc/kea/gateways6/1.conf", "2001:db8:10::ffff", "2001:db8:10::fffe", "differs between the nodes"),
            (.master, "/etc/kea/gateways6.conf", #"<?include "/etc/kea/gateways6/5.conf"?>"#, "", "every shared network must be included once"),
            (.master, "/etc/kea/dhcp6-nmsprime.conf", "libdhcp_lease_cmds.so", "libdhcp_stat_cmds.so", "must be loaded before libdhcp_ha.so"),
            (.slave, "/etc/kea/dhcp6-nmsprime.conf", #""role": "standby""#, #""role": "primary""#, "exactly one primary"),
            (.slave, "/etc/kea/dhcp6-nmsprime.conf", #""this-server-name": "prov-b""#, #""this-server-name": "prov-x""#, "is none of the HA peers"),
            (.master, "/etc/kea/dhcp6-nmsprime.conf", "http://172.20.0.101:8002/", "http://172.20.0.102:8002/", "name different peers"),
        ]
        for mutation in mutations {
            let mutated = files.map { file -> GeneratedFile in
                guard file.node == mutation.node, file.deployedPath == mutation.path else { return file }
                XCTAssertTrue(file.contents.contains(mutation.from), "\(mutation.from) not in \(file.path)")
                return GeneratedFile(
                    path: file.path, reload: file.reload, contents: file.contents.replacingOccurrences(of: mutation.from, with: mutation.to))
            }
            let diagnostics = DiagnosticCollector()
            XCTAssertFalse(KeaDHCP6PairCheck.check(mutated, diagnostics: diagnostics), mutation.finding)
            XCTAssertTrue(
                diagnostics.diagnostics.contains { $0.message.contains(mutation.finding) }, "\(mutation.finding): \(diagnostics.diagnostics)")
        }
    }

    func testSwitchedOffOrWithoutIPv6PoolsNoDHCPv6IsWritten() throws {
        let (model, files, diagnostics) = try metroModel { $0.replacingOccurrences(of: "  mode: hot-standby", with: "  enabled: false") }
        XCTAssertNil(model.dhcp6)
        XCTAssertFalse(files.contains { $0.path.contains("/etc/kea/") || $0.path.contains("nmsprime-dhcp6") })
        XCTAssertTrue(diagnostics.diagnostics.contains { $0.message.contains("dhcp6.enabled is false: the snapshot's 3 active IPv6 pool(s)") })
        // The lab (the ProvHA era's schema) has no IPv6 pool: no DHCPv6, no word about it.
        XCTAssertNil(try exampleModel("lab").dhcp6)
    }

    func testWithKeaForIPv4TheControlAgentReachesBothServers() throws {
        let (model, files, _) = try metroModel {
            $0.replacingOccurrences(of: "  split: 200\n", with: "  split: 128\n").replacingOccurrences(of: "dhcp:\n", with: "dhcp:\n  server: kea\n")
        }
        XCTAssertTrue(model.dhcp is KeaDHCPServer)
        let agent = try XCTUnwrap(files.first { $0.path == "master" + KeaPaths.controlAgent }).contents
        XCTAssertTrue(agent.contains(KeaPaths.dhcp6Socket) && agent.contains(KeaPaths.dhcp4Socket))
        XCTAssertEqual(Set(model.dhcpServers.map { type(of: $0).daemon }), ["kea-dhcp4", "kea-dhcp6"])
        XCTAssertEqual(model.peerDHCPEndpoints(of: .master)[.keaDHCP6]?.port, 8002)
        XCTAssertEqual(model.peerDHCPEndpoints(of: .master)[.keaDHCP4]?.port, 8001)
    }

    func testIPv6AddressesAndNetworks() throws {
        let network = try XCTUnwrap(IPv6Network(cidr: "2001:db8:1000::/48"))
        XCTAssertEqual(network.halves.map { "\($0.0) \($0.1)" }, "2001:db8:1000::/49 2001:db8:1000:8000::/49")
        XCTAssertTrue(network.contains(try XCTUnwrap(IPv6Network(cidr: "2001:db8:1000:4200::/56"))))
        XCTAssertFalse(network.contains(try XCTUnwrap(IPv6Network(cidr: "2001:db8::/32"))))
        XCTAssertEqual(IPv6Address("2001:0DB8:0:0:0:0:0:1")?.description, "2001:db8::1")
        XCTAssertNil(IPv6Address("2001:db8::1%eth0"))
        XCTAssertNil(IPv6Network(cidr: "2001:db8::/129"))
        XCTAssertNil(IPv6Network(cidr: "2001:db8::/+64"))
        let single = IPv6Range(first: try XCTUnwrap(IPv6Address("::5")), last: try XCTUnwrap(IPv6Address("::5")))
        XCTAssertNil(single.halves)
    }
}

import XCTest

@testable import ProvHACompile

/// `ClusterFile/`: the cluster file read into a typed `ClusterConfig`, each value with the place
/// it came from; defaults for what the file leaves out; every problem located.
final class ClusterFileReaderTests: XCTestCase {
    private let minimal = """
        version: 1
        cluster:
          name: lab
          domain: example.net
        nodes:
          master: { hostname: nms1, address: 192.0.2.10 }
          slave: { hostname: nms2, address: 192.0.2.11 }

        """

    private func read(_ text: String) -> (ClusterConfig?, [Diagnostic]) {
        let diagnostics = DiagnosticCollector()
        let config = ClusterFileReader(diagnostics: diagnostics).read(text: text, path: "cluster.yaml")
        return (config, diagnostics.diagnostics)
    }

    func testAMinimalFileGetsTheDefaultsAtTheFileAndValuesAtTheirKeys() throws {
        let (config, diagnostics) = read(minimal)
        XCTAssertEqual(diagnostics, [])
        let cluster = try XCTUnwrap(config)
        XCTAssertEqual(cluster.master.address.value, IPv4Address("192.0.2.10"))
        XCTAssertEqual(cluster.master.address.location, .file(path: "cluster.yaml", line: 6, column: 38))
        XCTAssertEqual(cluster.failover.loadSplit.value.splitValue, 128, "50/50 by default")
        XCTAssertEqual(cluster.failover.port.location, .input(path: "cluster.yaml"), "a default points at the file, not a line")
        XCTAssertEqual(cluster.syslog.port.value, 514)
        XCTAssertNil(cluster.ddns)
        XCTAssertNil(cluster.tftp.sync)
    }

    func testAnUnknownKeyIsLocatedWithASuggestion() {
        let (_, diagnostics) = read(minimal + "dns:\n  zone_foldr: /var/named\n")
        XCTAssertEqual(
            diagnostics.map(\.description),
            ["cluster.yaml:9:3: error: unknown key 'dns.zone_foldr'; did you mean 'zone_folder'?"])
    }

    func testASecretInClearTextIsRefusedWithoutShowingIt() {
        let (_, diagnostics) = read(minimal + "ddns:\n  secret: c2VjcmV0LXZhbHVl\n")
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.count, 2, "the clear text, and no secret_file or secret_env")
        let text = diagnostics.map(\.description).joined(separator: "\n")
        XCTAssertTrue(text.contains("'ddns.secret' would put the key in clear text"), text)
        XCTAssertFalse(text.contains("c2VjcmV0LXZhbHVl"), "the secret itself never appears")
    }

    /// libyaml names the mapping that holds a duplicate key (its first key), not the second one.
    func testADuplicateKeyAndAnEmptyFileAreLocated() {
        XCTAssertEqual(
            read(minimal + "dns:\n  ttl: 60\n  ttl: 120\n").1.map(\.description).first,
            "cluster.yaml:9:3: error: duplicate key 'ttl': a key may appear only once in a mapping")
        XCTAssertEqual(read("").1.map(\.description), ["cluster.yaml: error: the cluster file is empty"])
    }

    func testTheMariaDBSectionTakesTheURLsRulesAndLocatesEachPart() {
        let (_, diagnostics) = read(minimal + "snapshot:\n  mariadb:\n    host: db1\n    port: -1\n    user: \"a'b\"\n")
        XCTAssertEqual(
            diagnostics.map(\.description),
            [
                "cluster.yaml:11:11: error: 'snapshot.mariadb.port' must be between 1 and 65535, found -1",
                "cluster.yaml:12:11: error: 'snapshot.mariadb': user 'a\\'b' is not a MariaDB user name",
            ])
    }
}

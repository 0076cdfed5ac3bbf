import XCTest

@testable import ProvHACompile

final class ModelTests: XCTestCase {
    func testIPv4ParsingRejectsWhatDhcpdWouldMisread() {
        XCTAssertEqual(IPv4Address("172.20.0.100")?.description, "172.20.0.100")
        for bad in [
            "172.20.0", "172.20.0.256", "172.20.0.01", "a.b.c.d", "1.2.3.4.5", "", "1..2.3", ".1.2.3", "1.2.3.", "00.1.2.3", "1.2.3.0255",
            "1.2.3.4 ", " 1.2.3.4", "1.2.3.+4", "1.2.3.-4", "1.2.3.٤", "1.2.3.1000",
        ] {
            XCTAssertNil(IPv4Address(bad), bad)
        }
        for good in ["0.0.0.0", "255.255.255.255", "10.0.0.1", "1.20.100.0", "198.18.0.69"] {
            XCTAssertEqual(IPv4Address(good)?.description, good)
            XCTAssertEqual(IPv4Address(good[...])?.description, good, "a substring reads the same")
        }
    }

    func testNetmaskMustBeContiguous() {
        XCTAssertEqual(IPv4Address("255.255.240.0").flatMap(IPv4Network.prefixLength(ofNetmask:)), 20)
        XCTAssertEqual(IPv4Address("0.0.0.0").flatMap(IPv4Network.prefixLength(ofNetmask:)), 0)
        XCTAssertEqual(IPv4Address("255.255.255.255").flatMap(IPv4Network.prefixLength(ofNetmask:)), 32)
        XCTAssertNil(IPv4Address("255.0.255.0").flatMap(IPv4Network.prefixLength(ofNetmask:)))
    }

    func testLoadBalancePercentMapsToISCSplit() {
        XCTAssertEqual(LoadSplit.loadBalance(50).splitValue, 128)
        XCTAssertEqual(LoadSplit.loadBalance(0).splitValue, 0)
        XCTAssertEqual(LoadSplit.loadBalance(100).splitValue, 256)
        XCTAssertEqual(LoadSplit.loadBalance(78).splitValue, 200)
        XCTAssertEqual(LoadSplit.split(17).splitValue, 17)
    }

    func testVivsoListsOwnThenPeerTFTPServer() throws {
        let servers = try [XCTUnwrap(IPv4Address("172.20.0.100")), XCTUnwrap(IPv4Address("172.20.0.101"))]
        XCTAssertEqual(GlobalConfEmitter.vivsoTFTPServers(servers), "00:00:11:8b:0a:02:08:ac:14:00:64:ac:14:00:65")
    }

    func testMTAProvisioningServerEncoding() {
        XCTAssertEqual(GlobalConfEmitter.encodedFQDN("nmslx01.nmsprime.test"), "\\007nmslx01\\010nmsprime\\004test\\000")
    }

    func testReverseZonesFollowOctetBoundaries() throws {
        let networks = try ["10.0.16.0/20", "10.0.32.0/20", "198.18.0.64/26", "198.18.0.128/26", "10.1.0.0/16", "10.0.0.0/8"]
            .map { try XCTUnwrap(IPv4Network(cidr: $0)) }
        XCTAssertEqual(ReverseZones.networks(covering: networks).map(ReverseZones.name(of:)), ["10.in-addr.arpa", "0.18.198.in-addr.arpa"])
        XCTAssertEqual(
            ReverseZones.networks(covering: Array(networks.prefix(3))).map(ReverseZones.name(of:)),
            ["0.10.in-addr.arpa", "0.18.198.in-addr.arpa"])
    }

    func testTimestampsMustReadAsMariaDBWritesThem() {
        for good in ["2019-06-13 18:27:25", "2026-11-26 08:41:14.123456", "0000-00-00 00:00:00"] {
            XCTAssertTrue(Timestamp.isWellFormed(good), good)
        }
        for bad in [
            "2019-06-13T18:27:25", "2019-06-13 18:27", "2019-06-13 18:27:25.", "2019-06-13 18:27:25.1234567", "2019-6-13 18:27:25", "yesterday",
        ] {
            XCTAssertFalse(Timestamp.isWellFormed(bad), bad)
        }
    }

    func testMACParsingTakesSixHexPairsAndNothingElse() {
        XCTAssertEqual(MACAddress("00:1B:00:0a:ff:01")?.description, "00:1b:00:0a:ff:01")
        XCTAssertEqual(MACAddress("00-1b-00-0a-ff-01")?.value, 0x001b_000a_ff01)
        XCTAssertEqual(MACAddress("00:1b-00:0a-ff:01"[...])?.hexDigits, "001b000aff01")
        XCTAssertEqual(MACAddress("ff:ff:ff:ff:ff:ff")?.isPlaceholder, true)
        for bad in [
            "", "00:1b:00:0a:ff", "00:1b:00:0a:ff:01:", "00:1b:00:0a:ff:0g", "00.1b.00.0a.ff.01", "001b:00:0a:ff:01:2",
            " 00:1b:00:0a:ff:0", "00:1b:00:0a:ff:01\n", "0:1b:00:0a:ff:011", "00:1b:00:0a:ff:ö",
        ] {
            XCTAssertNil(MACAddress(bad), bad)
        }
    }
}

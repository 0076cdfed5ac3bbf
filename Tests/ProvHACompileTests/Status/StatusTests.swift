import Foundation
import XCTest

@testable import ProvHACompile

/// The pieces of `status` that do not need the running pair (the namespace suite asks real
/// dhcpds, nameds and Kea servers): the plugin's text and levels, the DNS answer parser, the
/// sample of names, a DNS server that does not answer.
final class StatusTests: XCTestCase {
    func testThePluginLineCarriesTheWorstLevelItsFirstFindingAndThePerformanceData() {
        var status = PairStatus()
        status.add(.ok, "master dhcpd: failover state normal")
        status.add(.critical, "slave dhcpd: does not answer OMAPI")
        status.add(.unknown, "OMAPI refuses the key")
        status.add(.critical, "slave named: no answer")
        status.measure("master_dhcp_state", "2")
        status.measure("time", "0.20s")
        XCTAssertEqual(status.level, .critical, "CRITICAL outranks UNKNOWN: a check that can tell wins")
        XCTAssertEqual(
            status.text,
            """
            PROVHA CRITICAL - slave dhcpd: does not answer OMAPI | master_dhcp_state=2 time=0.20s
            OK: master dhcpd: failover state normal
            CRITICAL: slave dhcpd: does not answer OMAPI
            UNKNOWN: OMAPI refuses the key
            CRITICAL: slave named: no answer

            """)
        XCTAssertEqual(PairStatus().level, .unknown, "nothing checked is nothing known")
    }

    func testFailoverStatesMapToLevels() {
        XCTAssertEqual(StatusCheck.level(ofState: "normal"), .ok)
        XCTAssertEqual(StatusCheck.level(ofState: "load-balancing"), .ok)
        XCTAssertEqual(StatusCheck.level(ofState: "hot-standby"), .ok)
        XCTAssertEqual(StatusCheck.level(ofState: "partner-down"), .critical)
        XCTAssertEqual(StatusCheck.level(ofState: "communications-interrupted"), .critical)
        XCTAssertEqual(StatusCheck.level(ofState: "recover"), .warning)
        XCTAssertEqual(StatusCheck.level(ofState: "syncing"), .warning)
        XCTAssertEqual(DHCPStateProbe.dhcpdStates[2], "normal")
        XCTAssertEqual(DHCPStateProbe.dhcpdStates[4], "partner-down")
    }

    /// An SOA answer with compressed names, and an A answer with two addresses.
    func testTheDNSParserReadsSerialsAndAddressesThroughCompressedNames() throws {
        let question = DNSQuery.query("nmsprime.test", type: .soa, identifier: 0x1234)
        var soa = question
        soa[2] = 0x84  // response, authoritative
        soa[7] = 1  // one answer
        soa += [0xc0, 12, 0, 6, 0, 1, 0, 0, 0, 60]  // name: pointer to the question's, SOA, IN, TTL
        let rdata: [UInt8] = [2, 0x6e, 0x73, 0xc0, 12, 0xc0, 12, 0x78, 0xa6, 0x3b, 0x5b] + [UInt8](repeating: 0, count: 16)
        soa += [0, UInt8(rdata.count)] + rdata
        XCTAssertEqual(try DNSQuery.parse(soa, type: .soa).get(), DNSQuery.Answer(responseCode: 0, addresses: [], serial: 2_024_160_091))

        var a = DNSQuery.query("cm-1.nmsprime.test", type: .a, identifier: 1)
        a[2] = 0x84
        a[7] = 2
        a += [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 16, 12]
        a += [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 16, 11]
        XCTAssertEqual(try DNSQuery.parse(a, type: .a).get().addresses.map(\.description), ["10.0.16.11", "10.0.16.12"])

        var nameError = DNSQuery.query("gone.nmsprime.test", type: .a, identifier: 1)
        nameError[2] = 0x84
        nameError[3] = 3
        XCTAssertTrue(try DNSQuery.parse(nameError, type: .a).get().isNameError)
        XCTAssertEqual(DNSQuery.parse(Array(a.dropLast(3)), type: .a), .failure(.malformed("record data")))
    }

    func testADNSServerThatDoesNotAnswerIsAFailureWithinTheTimeout() throws {
        let started = Date()
        let loopback = try XCTUnwrap(IPv4Address("127.0.0.1"))
        // Port 9 (discard): nothing answers there; the refusal or the timeout ends the question.
        XCTAssertEqual(DNSQuery.ask("nmsprime.test", type: .soa, server: loopback, port: 9, timeout: 1), .failure(.noAnswer(seconds: 1)))
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
    }

    func testTheSampleHoldsBothServersFixedEndpointsAndModemsSpreadOverTheDatabase() throws {
        let model = try exampleModel("metro")
        let names = StatusCheck(model: model).sampleNames
        XCTAssertEqual(names.prefix(2).map { $0 }, ["\(model.master.hostname).\(model.domain)", "\(model.slave.hostname).\(model.domain)"])
        XCTAssertEqual(names.filter { $0.contains(".cpe.") }.count, min(3, model.fixedEndpoints.count))
        let modems = names.filter { name in model.modems.contains { "\($0.hostname).\(model.domain)" == name } }
        XCTAssertEqual(modems.count, 10)
        XCTAssertEqual(modems.first, "\(model.modems[0].hostname).\(model.domain)")
        XCTAssertEqual(Set(names).count, names.count)
    }
}

import XCTest

@testable import ProvHACompile

/// `Explain/`: a device explained from the lab's validated model, as the emitted files treat it.
/// (The namespace suite checks the answering node against the server that really answers.)
final class DeviceExplanationTests: XCTestCase {
    private func labModel() throws -> ClusterModel {
        let input = CompilerPipeline.Input(clusterFile: Repository.examples.appendingPathComponent("lab/cluster.yaml").path, environment: [:])
        return try XCTUnwrap(CompilerPipeline().validatedModel(input))
    }

    private func explain(_ mac: String, remoteID: String? = nil, in model: ClusterModel) throws -> DeviceExplanation {
        try DeviceExplanation.explain(mac: XCTUnwrap(MACAddress(mac)), remoteID: remoteID.flatMap(MACAddress.init), in: model).get()
    }

    /// RFC 3074's hash starts at the length and mixes from the last octet; the primary owns the
    /// buckets below the split.
    func testTheLoadBalancingHashAndSplit() {
        XCTAssertEqual(LoadBalancing.bucket(of: []), 0)
        XCTAssertEqual(LoadBalancing.bucket(of: [0]), 175, "table[1 ^ 0]")
        XCTAssertEqual(LoadBalancing.bucket(of: [1, 2]), 170, "table[table[2 ^ 2] ^ 1] = table[250]")
        XCTAssertEqual(LoadBalancing.bucket(of: MACAddress("00:1b:00:00:00:01")!), 139, "cm-1: the slave's half, as the namespace suite sees")
        XCTAssertEqual(Set(LoadBalancing.mixingTable).count, 256, "a permutation")
        XCTAssertEqual(LoadBalancing.clientIdentifier("01:00:1B:00:00:00:01"), [1, 0, 0x1b, 0, 0, 0, 1])
        for bad in ["", "1:02", "01::02", "+f:01", "0g", "01:02:"] {
            XCTAssertNil(LoadBalancing.clientIdentifier(bad), bad)
        }
        let split = { (split: Int) in
            FailoverSettings(
                name: "provha", primaryPort: 647, secondaryPort: 647, omapiPort: 7911, split: split, mclt: 300, maxResponseDelay: 60,
                maxUnackedUpdates: 10, loadBalanceMaxSeconds: 3)
        }
        let isc = ISCDHCPServer()
        XCTAssertEqual(isc.answeringNode(bucket: 127, failover: split(128)), .master)
        XCTAssertEqual(isc.answeringNode(bucket: 128, failover: split(128)), .slave)
        XCTAssertEqual(isc.answeringNode(bucket: 0, failover: split(0)), .slave, "split 0: the secondary answers all")
        XCTAssertEqual(isc.answeringNode(bucket: 255, failover: split(256)), .master, "split 256: the primary answers all")
    }

    func testAModemGetsTheCMPoolsAndItsServersOwnFirst() throws {
        let model = try labModel()
        let modem = try explain("00:1b:00:00:00:04", in: model)
        XCTAssertEqual(modem.dhcpClass, "CM")
        XCTAssertEqual(modem.candidates.map(\.pool.type), [.cm, .cm, .cm])
        let master = Dictionary(uniqueKeysWithValues: (modem.options[.master] ?? []).map { ($0.name, $0.value) })
        XCTAssertEqual(master["next-server"], "172.20.0.100")
        XCTAssertEqual(master["filename"], "cm/cm-4.cfg")
        XCTAssertEqual(master["PacketCable DHCP servers (ccc 1, 2)"], "172.20.0.100, 172.20.0.101", "cm-4 has an MTA")
        let slave = Dictionary(uniqueKeysWithValues: (modem.options[.slave] ?? []).map { ($0.name, $0.value) })
        XCTAssertEqual(slave["TFTP servers (vivso 2)"], "172.20.0.101, 172.20.0.100")
        let bucket = LoadBalancing.bucket(of: try XCTUnwrap(MACAddress("00:1b:00:00:00:04")))
        XCTAssertEqual(modem.bucket, bucket)
        XCTAssertEqual(modem.answeringNode, bucket < 128 ? .master : .slave)
    }

    func testCustomerDevicesFollowTheirModem() throws {
        let model = try labModel()
        let publicModem = try XCTUnwrap(model.modems.first { $0.isPublic && $0.internetAccess })
        let privateModem = try XCTUnwrap(model.modems.first { !$0.isPublic && $0.internetAccess })
        let blockedModem = try XCTUnwrap(model.modems.first { !$0.internetAccess })
        XCTAssertEqual(try explain("02:00:00:00:00:01", remoteID: publicModem.mac.description, in: model).dhcpClass, "Client-Public")
        let cpe = try explain("02:00:00:00:00:01", remoteID: privateModem.mac.description, in: model)
        XCTAssertEqual(cpe.dhcpClass, "Client")
        XCTAssertEqual(Set(cpe.candidates.map(\.pool.type)), [.cpePrivate])
        let blocked = try explain("02:00:00:00:00:01", remoteID: blockedModem.mac.description, in: model)
        XCTAssertNil(blocked.dhcpClass)
        XCTAssertTrue(blocked.refusal?.contains("class \"blocked\" denies booting") ?? false)
    }

    func testAFixedEndpointIsAnsweredByBothWithItsAddress() throws {
        let model = try labModel()
        let endpoint = try XCTUnwrap(model.fixedEndpoints.first)
        guard case let .mac(mac) = endpoint.match else { return XCTFail("cpe-fixed-1 has a MAC") }
        let remoteModem = try XCTUnwrap(model.modems.first { $0.internetAccess })
        let explanation = try explain(mac.description, remoteID: remoteModem.mac.description, in: model)
        XCTAssertEqual(explanation.fixedAddress, endpoint.address)
        XCTAssertTrue(
            explanation.text(in: model).contains(
                "answered by: both nodes, with its fixed address \(endpoint.address)"))
    }

    /// Kea's load-balancing is `hash % 2` (even buckets to the primary, the master), not the split's
    /// bucket range; its hot-standby sends everything to the primary.
    func testKeaAnswersByTheParityOfTheBucket() throws {
        let kea = { (mode: KeaDHCPServer.Mode) in
            KeaDHCPServer(
                mode: mode, hooksDirectory: "/h", haPort: 8001, apiPort: 8000, heartbeatDelay: 10_000, maxResponseDelay: 60_000,
                maxAckDelay: 10_000)
        }
        let failover = try labModel().failover
        XCTAssertEqual(failover.split, 128)
        XCTAssertEqual(kea(.loadBalancing).answeringNode(bucket: 200, failover: failover), .master)
        XCTAssertEqual(kea(.loadBalancing).answeringNode(bucket: 3, failover: failover), .slave)
        XCTAssertEqual(ISCDHCPServer().answeringNode(bucket: 200, failover: failover), .slave)
        XCTAssertEqual(ISCDHCPServer().answeringNode(bucket: 3, failover: failover), .master)
        XCTAssertEqual(kea(.hotStandby(primary: .slave)).answeringNode(bucket: 3, failover: failover), .slave)
    }

    func testAnUnknownDeviceOrModemIsAProblem() throws {
        let model = try labModel()
        let mac = try XCTUnwrap(MACAddress("02:00:00:00:00:09"))
        guard case .failure(.unknownDevice) = DeviceExplanation.explain(mac: mac, in: model) else { return XCTFail("explained an unknown MAC") }
        guard case .failure(.unknownModem) = DeviceExplanation.explain(mac: mac, remoteID: mac, in: model) else {
            return XCTFail("explained a CPE behind an unknown modem")
        }
    }
}

import XCTest

@testable import ProvHACompile

/// The reservations of a million devices are written straight as bytes (`writeDevice`); they
/// must be the bytes the JSON values give, in every shape: on one line or not (host names of
/// every length across the 120-byte width), with the PacketCable servers, with a PacketCable MTA's class and host
/// name, and a name that needs escaping (left to the JSON values).
final class KeaReservationsTests: XCTestCase {
    private let mac = MACAddress("00:1b:0a:00:ff:01")!

    func testTheFastWriterWritesWhatTheJSONValuesWrite() throws {
        let model = try exampleModel("lab-kea")
        let packetCable = KeaReservations.packetCableServers(NodeContext(model: model, role: .slave), indent: 4)
        var written = 0
        for length in 1...63 {
            let hostname = String((0..<length).map { Character(UnicodeScalar(UInt8(ascii: "a") + UInt8($0 % 26))) })
            let shapes: [(isModem: Bool, option: JSON?, fast: KeaReservations.DeviceOption)] = [
                (true, nil, .none), (true, packetCable, .rendered(packetCable)), (false, nil, .none),
                (false, KeaReservations.hostNameOption(mac), .packetCableMTA(mac)),
            ]
            for (isModem, option, fastOption) in shapes {
                for indent in [0, 3] {
                    let expected: JSON
                    if isModem {
                        expected = KeaReservations.reservation(
                            ModemHost(id: 1, hostname: hostname, mac: mac, isPublic: false, internetAccess: true, hasMTA: option != nil),
                            packetCable: option)
                    } else {
                        expected = KeaReservations.reservation(MTAHost(id: 1, hostname: hostname, mac: mac, isPacketCable: option != nil))
                    }
                    var fast: [UInt8] = Array("before ".utf8)
                    let folder: StaticString = isModem ? "cm/" : "mta/"
                    XCTAssertTrue(KeaReservations.writeDevice(mac, hostname, folder: folder, option: fastOption, into: &fast, indent: indent))
                    var slow: [UInt8] = Array("before ".utf8)
                    expected.write(into: &slow, indent: indent)
                    XCTAssertEqual(String(decoding: fast, as: UTF8.self), String(decoding: slow, as: UTF8.self), "\(hostname) \(isModem) \(indent)")
                    written += 1
                }
            }
        }
        XCTAssertEqual(written, 63 * 8)

        var untouched: [UInt8] = Array("before".utf8)
        XCTAssertFalse(KeaReservations.writeDevice(mac, "a\"b", folder: "cm/", option: .none, into: &untouched, indent: 3))
        XCTAssertFalse(
            KeaReservations.writeDevice(mac, "a\"b", folder: "cm/", option: .rendered(packetCable), into: &untouched, indent: 3))
        XCTAssertEqual(String(decoding: untouched, as: UTF8.self), "before", "a name to escape is left to the JSON values")
    }

    func testTheSecondNodesReservationsAreTheFirstsWithItsOwnPacketCableServers() throws {
        let model = try exampleModel("lab-kea")
        let first = NodeContext(model: model, role: NodeRole.allCases[0])
        func file(_ array: (array: JSON, block: [UInt8])) -> String {
            array.array.renderedFile(after: "", block: array.block).string
        }
        // In parts, as many as there are cores or more than items: the same text.
        for partCount in [1, 3, model.modems.count + model.mtas.count + 7] {
            let parts = (0..<partCount).map { KeaReservations.part($0, of: partCount, node: first, indent: 2) }
            let both = NodeRole.allCases.map { KeaReservations.array(for: NodeContext(model: model, role: $0), fromFirstNodes: parts, indent: 2) }
            for (index, role) in NodeRole.allCases.enumerated() {
                let alone = KeaReservations.rendered(NodeContext(model: model, role: role), indent: 2)
                XCTAssertEqual(file(both[index]), alone.array.rendered() + "\n", "\(role), \(partCount) parts")
            }
            XCTAssertTrue(both[0].block.isEmpty, "the first node's array is as rendered")
            guard case let .renderedParts(secondParts) = both[1].array else { return XCTFail("the second node's array is the first's parts") }
            XCTAssertFalse(both[1].block.isEmpty, "the second node reads its own block")
            XCTAssertFalse(secondParts.allSatisfy(\.blockOffsets.isEmpty), "in place of the first's")
            XCTAssertNotEqual(file(both[0]), file(both[1]), "each node lists itself first")
        }
        for role in NodeRole.allCases {
            // Where the second node's blocks are overwritten: each offset starts its node's block.
            let alone = KeaReservations.rendered(NodeContext(model: model, role: role), indent: 2)
            let offsets = try XCTUnwrap(alone.packetCableOffsets)
            XCTAssertFalse(offsets.isEmpty, "the example has modems with MTAs")
            guard case let .rendered(bytes) = alone.array,
                case let .rendered(block) = KeaReservations.packetCableServers(NodeContext(model: model, role: role), indent: 4)
            else { return XCTFail("rendered arrays expected") }
            for offset in offsets { XCTAssertEqual(Array(bytes[offset..<offset + block.count]), block, "\(role) \(offset)") }
        }
    }
}

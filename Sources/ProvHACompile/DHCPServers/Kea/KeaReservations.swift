import Foundation

/// Kea's global host reservations, the equivalent of dhcpd's host entries: modems (boot file,
/// the PacketCable DHCP servers own then peer for modems with MTAs), MTAs (boot file, the
/// `host-name` PacketCable MTAs build their FQDN from), endpoints with a fixed address and a MAC,
/// and endpoints known by MAC only (a class as their resource: `KeaClasses.knownEndpoint`). An
/// endpoint whose fixed address dhcpd reserves by its modem's remote-id has none here (the
/// validator warns: Kea 2.2 cannot match it).
enum KeaReservations {
    /// Part of a node's `reservations` array: its bytes, and where each PacketCable servers
    /// block starts in them (nil when a modem with an MTA took the JSON values). The parts of an
    /// array, one after the other, are its text; an array without items has none.
    struct Part: Sendable {
        let bytes: [UInt8]
        let packetCableOffsets: [Int]?
    }

    /// A node's `reservations` array made from the first node's parts (`NodeRole.allCases`
    /// order), and the block its file reads in place of the first node's at the places the
    /// array's parts name. The nodes differ only in the PacketCable servers (own first), whose
    /// two renderings are as long: the first node's array serves the second too, with that
    /// node's block in place of the first's (rendered on its own only when that cannot be done).
    static func array(for node: NodeContext, fromFirstNodes parts: [Part], indent: Int) -> (array: JSON, block: [UInt8]) {
        guard parts.contains(where: { !$0.bytes.isEmpty }) else { return (.array([]), []) }
        let firstRole = NodeRole.allCases[0]
        guard node.role != firstRole else { return (.renderedParts(parts.map { GeneratedText.Part($0.bytes[...]) }), []) }
        let alone = { (rendered(node, indent: indent).array, [UInt8]()) }
        guard case let .rendered(from) = packetCableServers(NodeContext(model: node.model, role: firstRole), indent: indent + 2),
            case let .rendered(to) = packetCableServers(node, indent: indent + 2), from.count == to.count
        else { return alone() }
        var located: [GeneratedText.Part] = []
        for part in parts {
            guard let offsets = part.packetCableOffsets, holds(from, at: offsets, in: part.bytes) else { return alone() }
            located.append(GeneratedText.Part(part.bytes[...], blockOffsets: offsets))
        }
        return (.renderedParts(located), to)
    }

    /// Whether `block` stands in `bytes` at each of `offsets` (compared with `memcmp`).
    private static func holds(_ block: [UInt8], at offsets: [Int], in bytes: [UInt8]) -> Bool {
        block.withUnsafeBytes { block in
            bytes.withUnsafeBytes { bytes in
                guard let blockStart = block.baseAddress, let start = bytes.baseAddress else { return block.isEmpty && offsets.isEmpty }
                return offsets.allSatisfy { offset in
                    offset >= 0 && offset + block.count <= bytes.count && memcmp(start + offset, blockStart, block.count) == 0
                }
            }
        }
    }

    /// One node's `reservations` array in one part, with where each PacketCable servers block
    /// starts (nil when a modem with an MTA took the JSON values).
    static func rendered(_ node: NodeContext, indent: Int) -> (array: JSON, packetCableOffsets: [Int]?) {
        let whole = part(0, of: 1, node: node, indent: indent)
        return (whole.bytes.isEmpty ? .array([]) : .rendered(whole.bytes), whole.packetCableOffsets)
    }

    /// Part `index` of `parts` of one node's `reservations` array, rendered at `indent` one
    /// reservation at a time: modems and MTAs by `writeDevice` straight into the part's bytes, the
    /// rest (and any device whose strings need escapes) through JSON values.
    static func part(_ index: Int, of parts: Int, node: NodeContext, indent: Int) -> Part {
        let model = node.model
        let packetCable = packetCableServers(node, indent: indent + 2)
        let packetCableCount: Int
        if case let .rendered(block) = packetCable { packetCableCount = block.count } else { packetCableCount = 0 }
        let fixed = model.fixedEndpoints.compactMap { endpoint -> (FixedEndpointHost, MACAddress)? in
            guard case let .mac(mac) = endpoint.match else { return nil }
            return (endpoint, mac)
        }
        let modems = model.modems.count
        let mtas = modems + model.mtas.count
        let fixedEnd = mtas + fixed.count
        let itemIndent = indent + 1
        // A rendered option ends its reservation: after it come a newline, the indent, `}`.
        let afterOption = Piece.newline.utf8CodeUnitCount + 4 * itemIndent + 1
        let count = fixedEnd + model.plainEndpoints.count
        guard count > 0 else { return Part(bytes: [], packetCableOffsets: []) }
        var offsets: [Int]? = []
        let items = (count * index / parts)..<(count * (index + 1) / parts)
        let bytes = JSON.renderedArrayPart(items: items, of: count, indent: indent) { index, bytes in
            if index < modems {
                let modem = model.modems[index]
                guard
                    writeDevice(
                        modem.mac, modem.hostname, folder: Piece.modemFolder, option: modem.hasMTA ? .rendered(packetCable) : .none,
                        into: &bytes, indent: itemIndent)
                else {
                    if modem.hasMTA { offsets = nil }
                    return reservation(modem, packetCable: modem.hasMTA ? packetCable : nil).write(into: &bytes, indent: itemIndent)
                }
                if modem.hasMTA { offsets?.append(bytes.count - afterOption - packetCableCount) }
            } else if index < mtas {
                let mta = model.mtas[index - modems]
                guard
                    writeDevice(
                        mta.mac, mta.hostname, folder: Piece.mtaFolder, option: mta.isPacketCable ? .packetCableMTA(mta.mac) : .none, into: &bytes,
                        indent: itemIndent)
                else {
                    return reservation(mta).write(into: &bytes, indent: itemIndent)
                }
            } else if index < fixedEnd {
                let (endpoint, mac) = fixed[index - mtas]
                JSON.object([
                    ("hw-address", .string(mac.description)), ("hostname", .string(endpoint.hostname)),
                    ("ip-address", .string(endpoint.address.description)),
                ]).write(into: &bytes, indent: itemIndent)
            } else {
                JSON.object([
                    ("hw-address", .string(model.plainEndpoints[index - fixedEnd].mac.description)),
                    ("client-classes", .array([.string(KeaClasses.knownEndpoint)])),
                ]).write(into: &bytes, indent: itemIndent)
            }
        }
        return Part(bytes: bytes, packetCableOffsets: offsets)
    }

    /// The PacketCable DHCP servers, own then peer: the same for every modem with an MTA, so
    /// written once, at the depth of a reservation's member (never on one line: it alone is
    /// wider than `JSON.lineWidth`).
    static func packetCableServers(_ node: NodeContext, indent: Int) -> JSON {
        JSON.rendered(
            Array(
                JSON.array([
                    .object([("name", .string("ccc")), ("always-send", .bool(true))]),
                    .object([("name", .string("dhcp-server-1")), ("space", .string("ccc")), ("data", .string(node.own.address.description))]),
                    .object([("name", .string("dhcp-server-2")), ("space", .string("ccc")), ("data", .string(node.peer.address.description))]),
                ]).rendered(indent: indent).utf8))
    }

    /// A PacketCable MTA's `host-name` option: its MAC's hex digits.
    static func hostNameOption(_ mac: MACAddress) -> JSON {
        .array([.object([("name", .string("host-name")), ("data", .string(mac.hexDigits))])])
    }

    /// A modem's reservation as JSON values (`writeDevice` writes the same bytes faster).
    static func reservation(_ modem: ModemHost, packetCable: JSON?) -> JSON {
        deviceReservation(modem.mac, modem.hostname, folder: "cm", option: packetCable)
    }

    /// An MTA's reservation as JSON values (`writeDevice` writes the same bytes faster): a
    /// PacketCable MTA's has the class `KeaClasses.packetCableMTA` and its `host-name` option.
    static func reservation(_ mta: MTAHost) -> JSON {
        deviceReservation(
            mta.mac, mta.hostname, folder: "mta", classes: mta.isPacketCable ? [KeaClasses.packetCableMTA] : [],
            option: mta.isPacketCable ? hostNameOption(mta.mac) : nil)
    }

    private static func deviceReservation(_ mac: MACAddress, _ hostname: String, folder: String, classes: [String] = [], option: JSON?) -> JSON {
        var members: [(String, JSON)] = [
            ("hw-address", .string(mac.description)), ("hostname", .string(hostname)),
            ("boot-file-name", .string("\(folder)/\(hostname).cfg")),
        ]
        if !classes.isEmpty { members.append(("client-classes", .array(classes.map(JSON.string)))) }
        if let option { members.append(("option-data", option)) }
        return .object(members)
    }

    /// The `option-data` of a device's reservation, for `writeDevice`.
    enum DeviceOption {
        case none
        /// Already rendered at the member's depth (the PacketCable servers): never on one line.
        case rendered(JSON)
        /// A PacketCable MTA's class `KeaClasses.packetCableMTA` (as `client-classes`) and its
        /// `host-name`, its MAC's hex digits (`hostNameOption`).
        case packetCableMTA(MACAddress)
    }

    /// Writes a device's reservation (`hw-address`, `hostname`, `boot-file-name` in `folder`,
    /// and `option-data` when given) exactly as `JSON.write(into:indent:)` writes its JSON
    /// values: on one line when it fits `JSON.lineWidth` (never with an option already
    /// rendered), else one member a line, the option as its own value writes it. False, with
    /// nothing written, when the host name needs escaping (validated names never do).
    static func writeDevice(
        _ mac: MACAddress, _ hostname: String, folder: StaticString, option: DeviceOption, into bytes: inout [UInt8], indent: Int
    ) -> Bool {
        let start = bytes.count
        var optionIsRendered = false
        if case .rendered = option { optionIsRendered = true }
        if !optionIsRendered {
            bytes.append(Piece.flatMAC)
            mac.write(into: &bytes)
            bytes.append(Piece.flatHostname)
            guard JSON.appendPlain(hostname, to: &bytes) else {
                bytes.removeSubrange(start...)
                return false
            }
            bytes.append(Piece.flatBootFile)
            bytes.append(folder)
            bytes += hostname.utf8
            bytes.append(Piece.configEnd)
            if case let .packetCableMTA(mac) = option {
                bytes.append(Piece.flatClasses)
                writePacketCableClass(into: &bytes)
                bytes.append(Piece.flatOption)
                writeHostName(mac, into: &bytes)
            }
            bytes.append(Piece.flatEnd)
            if bytes.count - start <= JSON.lineWidth { return true }
            bytes.removeSubrange(start...)
        }
        bytes.append(Piece.openObject)
        JSON.appendIndent(indent + 1, to: &bytes)
        bytes.append(Piece.macKey)
        mac.write(into: &bytes)
        bytes.append(Piece.memberEnd)
        JSON.appendIndent(indent + 1, to: &bytes)
        bytes.append(Piece.hostnameKey)
        guard JSON.appendPlain(hostname, to: &bytes) else {
            bytes.removeSubrange(start...)
            return false
        }
        bytes.append(Piece.memberEnd)
        JSON.appendIndent(indent + 1, to: &bytes)
        bytes.append(Piece.bootFileKey)
        bytes.append(folder)
        bytes += hostname.utf8
        bytes.append(Piece.configEnd)
        if case .packetCableMTA = option {
            bytes.append(Piece.optionMember)
            JSON.appendIndent(indent + 1, to: &bytes)
            bytes.append(Piece.classesKey)
            writePacketCableClass(into: &bytes)
        }
        if case .none = option {
        } else {
            bytes.append(Piece.optionMember)
            JSON.appendIndent(indent + 1, to: &bytes)
            bytes.append(Piece.optionKey)
            switch option {
            case .none: break
            case let .rendered(value): value.write(into: &bytes, indent: indent + 1)
            case let .packetCableMTA(mac): writeHostName(mac, into: &bytes)
            }
        }
        bytes.append(Piece.newline)
        JSON.appendIndent(indent, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return true
    }

    /// `[ "provha-packetcable-mta" ]` as its value writes it.
    private static func writePacketCableClass(into bytes: inout [UInt8]) {
        bytes.append(Piece.classStart)
        bytes += KeaClasses.packetCableMTA.utf8
        bytes.append(Piece.classEnd)
    }

    /// `hostNameOption(mac)` as its value writes it: on one line, which it always fits.
    private static func writeHostName(_ mac: MACAddress, into bytes: inout [UInt8]) {
        bytes.append(Piece.hostNameStart)
        mac.write(into: &bytes, separated: false)
        bytes.append(Piece.hostNameEnd)
    }

    /// The fixed text of a device's reservation, as bytes.
    private enum Piece {
        static let modemFolder: StaticString = "cm/"
        static let mtaFolder: StaticString = "mta/"
        static let flatMAC: StaticString = "{ \"hw-address\": \""
        static let flatHostname: StaticString = "\", \"hostname\": \""
        static let flatBootFile: StaticString = "\", \"boot-file-name\": \""
        static let configEnd: StaticString = ".cfg\""
        static let flatOption: StaticString = ", \"option-data\": "
        static let flatClasses: StaticString = ", \"client-classes\": "
        static let classesKey: StaticString = "\"client-classes\": "
        static let classStart: StaticString = "[ \""
        static let classEnd: StaticString = "\" ]"
        static let flatEnd: StaticString = " }"
        static let openObject: StaticString = "{\n"
        static let macKey: StaticString = "\"hw-address\": \""
        static let hostnameKey: StaticString = "\"hostname\": \""
        static let bootFileKey: StaticString = "\"boot-file-name\": \""
        static let optionKey: StaticString = "\"option-data\": "
        static let memberEnd: StaticString = "\",\n"
        static let optionMember: StaticString = ",\n"
        static let hostNameStart: StaticString = "[ { \"name\": \"host-name\", \"data\": \""
        static let hostNameEnd: StaticString = "\" } ]"
        static let newline: StaticString = "\n"
    }
}

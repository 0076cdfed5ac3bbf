/// Kea's global host reservations, the equivalent of dhcpd's host entries: modems (boot file,
/// the PacketCable DHCP servers own then peer for modems with MTAs), MTAs (boot file, the
/// `host-name` PacketCable MTAs build their FQDN from), endpoints with a fixed address and a MAC,
/// and endpoints known by MAC only. An endpoint whose fixed address dhcpd reserves by its
/// modem's remote-id has none here (the validator warns: Kea 2.2 cannot match it).
enum KeaReservations {
    /// The `reservations` array, rendered at `indent` one reservation at a time.
    static func all(_ node: NodeContext, indent: Int) -> JSON {
        let model = node.model
        // The same for every modem with an MTA: written once, at the depth of a reservation's
        // member (never on one line: it alone is wider than `JSON.lineWidth`).
        let packetCable = JSON.rendered(
            JSON.array([
                .object([("name", .string("ccc")), ("always-send", .bool(true))]),
                .object([("name", .string("dhcp-server-1")), ("space", .string("ccc")), ("data", .string(node.own.address.description))]),
                .object([("name", .string("dhcp-server-2")), ("space", .string("ccc")), ("data", .string(node.peer.address.description))]),
            ]).rendered(indent: indent + 2))
        let fixed = model.fixedEndpoints.compactMap { endpoint -> (FixedEndpointHost, MACAddress)? in
            guard case let .mac(mac) = endpoint.match else { return nil }
            return (endpoint, mac)
        }
        let modems = model.modems.count
        let mtas = modems + model.mtas.count
        let fixedEnd = mtas + fixed.count
        return JSON.renderedArray(count: fixedEnd + model.plainEndpoints.count, indent: indent) { index in
            if index < modems {
                let modem = model.modems[index]
                var members: [(String, JSON)] = [
                    ("hw-address", .string(modem.mac.description)), ("hostname", .string(modem.hostname)),
                    ("boot-file-name", .string("cm/\(modem.hostname).cfg")),
                ]
                if modem.hasMTA { members.append(("option-data", packetCable)) }
                return .object(members)
            }
            if index < mtas {
                let mta = model.mtas[index - modems]
                var members: [(String, JSON)] = [
                    ("hw-address", .string(mta.mac.description)), ("hostname", .string(mta.hostname)),
                    ("boot-file-name", .string("mta/\(mta.hostname).cfg")),
                ]
                if mta.isPacketCable {
                    members.append(("option-data", .array([.object([("name", .string("host-name")), ("data", .string(mta.mac.hexDigits))])])))
                }
                return .object(members)
            }
            if index < fixedEnd {
                let (endpoint, mac) = fixed[index - mtas]
                return .object([
                    ("hw-address", .string(mac.description)), ("hostname", .string(endpoint.hostname)),
                    ("ip-address", .string(endpoint.address.description)),
                ])
            }
            return .object([("hw-address", .string(model.plainEndpoints[index - fixedEnd].mac.description))])
        }
    }
}

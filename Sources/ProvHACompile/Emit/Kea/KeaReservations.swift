/// Kea's global host reservations, the equivalent of dhcpd's host entries: modems (boot file,
/// the PacketCable DHCP servers own then peer for modems with MTAs), MTAs (boot file, the
/// `host-name` PacketCable MTAs build their FQDN from), endpoints with a fixed address and a MAC,
/// and endpoints known by MAC only. An endpoint whose fixed address dhcpd reserves by its
/// modem's remote-id has none here (the validator warns: Kea 2.2 cannot match it).
enum KeaReservations {
    static func all(_ node: NodeContext) -> [JSON] {
        let model = node.model
        var reservations: [JSON] = []
        reservations.reserveCapacity(model.modems.count + model.mtas.count + model.fixedEndpoints.count + model.plainEndpoints.count)
        let packetCable: JSON = .array([
            .object([("name", .string("ccc")), ("always-send", .bool(true))]),
            .object([("name", .string("dhcp-server-1")), ("space", .string("ccc")), ("data", .string(node.own.address.description))]),
            .object([("name", .string("dhcp-server-2")), ("space", .string("ccc")), ("data", .string(node.peer.address.description))]),
        ])
        for modem in model.modems {
            var members: [(String, JSON)] = [
                ("hw-address", .string(modem.mac.description)), ("hostname", .string(modem.hostname)),
                ("boot-file-name", .string("cm/\(modem.hostname).cfg")),
            ]
            if modem.hasMTA { members.append(("option-data", packetCable)) }
            reservations.append(.object(members))
        }
        for mta in model.mtas {
            var members: [(String, JSON)] = [
                ("hw-address", .string(mta.mac.description)), ("hostname", .string(mta.hostname)),
                ("boot-file-name", .string("mta/\(mta.hostname).cfg")),
            ]
            if mta.isPacketCable {
                members.append(("option-data", .array([.object([("name", .string("host-name")), ("data", .string(mta.mac.hexDigits))])])))
            }
            reservations.append(.object(members))
        }
        for endpoint in model.fixedEndpoints {
            guard case let .mac(mac) = endpoint.match else { continue }
            reservations.append(
                .object([
                    ("hw-address", .string(mac.description)), ("hostname", .string(endpoint.hostname)),
                    ("ip-address", .string(endpoint.address.description)),
                ]))
        }
        for endpoint in model.plainEndpoints {
            reservations.append(.object([("hw-address", .string(endpoint.mac.description))]))
        }
        return reservations
    }
}

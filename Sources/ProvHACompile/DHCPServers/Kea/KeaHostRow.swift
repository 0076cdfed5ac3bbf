/// One host of Kea's host database (a global hw-address reservation): what the inline
/// reservation of the same device holds. `KeaHostsSQLEmitter` writes the set as SQL,
/// `KeaHostsWriter` compares it with a live database's rows.
struct KeaHostRow: Sendable, Equatable {
    /// `cm/` or `mta/`: the boot file is the folder, the hostname and `.cfg`.
    enum BootFolder: Sendable, Equatable {
        case modem, mta
        var prefix: StaticString { self == .modem ? "cm/" : "mta/" }
    }

    let mac: MACAddress
    let address: IPv4Address?
    let hostname: String
    /// `dhcp4_client_classes`: a modem with an MTA's PacketCable class, a PacketCable MTA's
    /// (`KeaClasses.packetCableMTA`), a MAC-only endpoint's class.
    let classes: String?
    let bootFolder: BootFolder?
    /// A PacketCable MTA: its `host-name` option row holds its MAC's hex digits.
    let hasHostNameOption: Bool

    var bootFile: String? { bootFolder.map { "\($0.prefix)\(hostname).cfg" } }
    var hostNameOption: String? { hasHostNameOption ? mac.hexDigits : nil }

    /// Every host of `model`, sorted by MAC.
    static func rows(of model: ClusterModel) -> [KeaHostRow] {
        var rows: [KeaHostRow] = []
        rows.reserveCapacity(model.modems.count + model.mtas.count + model.fixedEndpoints.count + model.plainEndpoints.count)
        for modem in model.modems {
            rows.append(
                KeaHostRow(
                    mac: modem.mac, address: nil, hostname: modem.hostname, classes: modem.hasMTA ? KeaClasses.packetCableServers : nil,
                    bootFolder: .modem, hasHostNameOption: false))
        }
        for mta in model.mtas {
            rows.append(
                KeaHostRow(
                    mac: mta.mac, address: nil, hostname: mta.hostname, classes: mta.isPacketCable ? KeaClasses.packetCableMTA : nil,
                    bootFolder: .mta, hasHostNameOption: mta.isPacketCable))
        }
        for endpoint in model.fixedEndpoints {
            guard case let .mac(mac) = endpoint.match else { continue }
            rows.append(
                KeaHostRow(mac: mac, address: endpoint.address, hostname: endpoint.hostname, classes: nil, bootFolder: nil, hasHostNameOption: false))
        }
        for endpoint in model.plainEndpoints {
            rows.append(
                KeaHostRow(
                    mac: endpoint.mac, address: nil, hostname: endpoint.hostname, classes: KeaClasses.knownEndpoint, bootFolder: nil,
                    hasHostNameOption: false))
        }
        return rows.sorted { $0.mac < $1.mac }
    }
}

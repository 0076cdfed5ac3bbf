/// The host entries: `modems-host.conf` (with the PacketCable DHCP servers, own then peer,
/// for modems that have MTAs), `mtas-host.conf` (PacketCable MTAs with `option host-name`, the
/// MAC without colons, from which they build their FQDN) and `endpoints-host.conf` (fixed IPs,
/// matched by MAC or, without one, by the modem's MAC as relay agent remote-id, as NMS Prime
/// does; endpoints without a fixed IP get a plain entry).
public struct HostEntriesEmitter: NodeEmitter {
    public init() {}

    public func emit(_ node: NodeContext) -> [GeneratedFile] {
        let model = node.model
        var modems = node.header()
        modems.reserveCapacity(model.modems.count * 160)
        let packetCable = " option ccc.dhcp-server-1 \(node.own.address); option ccc.SecondaryDHCPServer \(node.peer.address);"
        for modem in model.modems {
            // Appended piece by piece: an interpolated line would be built and then copied.
            modems += "host "
            modems += modem.hostname
            modems += " { hardware ethernet "
            modems += modem.mac.description
            modems += "; filename \"cm/"
            modems += modem.hostname
            modems += ".cfg\"; ddns-hostname \""
            modems += modem.hostname
            modems += "\";"
            if modem.hasMTA { modems += packetCable }
            modems += " }\n"
        }
        var mtas = node.header()
        for mta in model.mtas {
            let hostName = mta.isPacketCable ? " option host-name \"\(mta.mac.hexDigits)\";" : ""
            mtas +=
                "host \(mta.hostname) { hardware ethernet \(mta.mac); filename \"mta/\(mta.hostname).cfg\"; ddns-hostname \"\(mta.hostname)\";\(hostName) }\n"
        }
        var endpoints = node.header()
        for endpoint in model.fixedEndpoints {
            let match: String
            switch endpoint.match {
            case let .mac(mac): match = "hardware ethernet \(mac)"
            case let .remoteID(modemMAC): match = "host-identifier option agent.remote-id \(modemMAC)"
            }
            endpoints += "host \(endpoint.hostname) { \(match); fixed-address \(endpoint.address); ddns-hostname \"\(endpoint.hostname)\"; }\n"
        }
        for endpoint in model.plainEndpoints {
            endpoints += "host \(endpoint.hostname) { hardware ethernet \(endpoint.mac); }\n"
        }
        return [
            node.file(DHCPPaths.file("modems-host.conf"), reload: .dhcpd, contents: modems),
            node.file(DHCPPaths.file("mtas-host.conf"), reload: .dhcpd, contents: mtas),
            node.file(DHCPPaths.file("endpoints-host.conf"), reload: .dhcpd, contents: endpoints),
        ]
    }
}

/// Class memberships by modem: `modems-clients-public.conf` puts the CPEs of public modems
/// into "Client-Public", `blocked.conf` the CPEs of modems without internet access into
/// "blocked". Both match on the relay agent's remote-id, the modem's MAC. `ignore-cpe.conf`
/// (NMS Prime's file): with `provbase.multiple_provisioning_systems`, a device behind a modem
/// is ignored unless the modem is this database's — the global scope ignores every non-modem
/// device with a remote-id, and the class of this database's modems (one subclass each, a hash
/// lookup) allows it again, a class being more specific than the global scope; "blocked",
/// declared before it, keeps denying. Without the setting the file says so and does nothing.
public struct ClientClassesEmitter: NodeEmitter {
    static let ignoreFileName = "ignore-cpe.conf"

    public init() {}

    public func emit(_ node: NodeContext) -> [GeneratedFile] {
        let ignoresForeign = node.model.ignoresForeignDevices
        var publicClients = node.header()
        var blocked = node.header()
        var ignore = node.header()
        if ignoresForeign {
            ignore += """
                # provbase.multiple_provisioning_systems: devices behind other provisioning systems' modems are ignored.
                if ((exists agent.remote-id) and (substring(option vendor-class-identifier, 0, 6) != "docsis")) {
                \tignore booting;
                }
                class "nmsprime-modems" {
                \tmatch pick-first-value (option agent.remote-id);
                \tallow booting;
                }

                """
        } else {
            ignore += "# Ignoring no devices: provbase.multiple_provisioning_systems is not set.\n"
        }
        for modem in node.model.modems {
            let mac = modem.mac
            if modem.isPublic { publicClients += "subclass \"Client-Public\" \(mac); # CM id:\(modem.id)\n" }
            if !modem.internetAccess { blocked += "subclass \"blocked\" \(mac); # CM id:\(modem.id)\n" }
            if ignoresForeign { ignore += "subclass \"nmsprime-modems\" \(mac); # CM id:\(modem.id)\n" }
        }
        return [
            node.file(DHCPPaths.file("modems-clients-public.conf"), reload: .dhcpd, contents: publicClients),
            node.file(DHCPPaths.file("blocked.conf"), reload: .dhcpd, contents: blocked),
            node.file(DHCPPaths.file(Self.ignoreFileName), reload: .dhcpd, contents: ignore),
        ]
    }
}

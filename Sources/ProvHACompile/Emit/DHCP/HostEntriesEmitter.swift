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
        let packetCable = " option ccc.dhcp-server-1 \(node.own.address.value); option ccc.SecondaryDHCPServer \(node.peer.address.value);"
        for modem in model.modems {
            guard let mac = modem.mac else { continue }
            // Appended piece by piece: an interpolated line would be built and then copied.
            modems += "host "
            modems += modem.hostname
            modems += " { hardware ethernet "
            modems += mac.description
            modems += "; filename \"cm/"
            modems += modem.hostname
            modems += ".cfg\"; ddns-hostname \""
            modems += modem.hostname
            modems += "\";"
            if model.modemsWithMTA.contains(modem.id) { modems += packetCable }
            modems += " }\n"
        }
        var mtas = node.header()
        for mta in model.mtas {
            guard let mac = mta.mac else { continue }
            let hostName = mta.isPacketCable ? " option host-name \"\(mac.hexDigits)\";" : ""
            mtas +=
                "host \(mta.hostname) { hardware ethernet \(mac); filename \"mta/\(mta.hostname).cfg\"; ddns-hostname \"\(mta.hostname)\";\(hostName) }\n"
        }
        var endpoints = node.header()
        for endpoint in model.fixedEndpoints {
            guard let ip = endpoint.fixedIP else { continue }
            if let mac = endpoint.mac {
                endpoints += "host \(endpoint.hostname) { hardware ethernet \(mac); fixed-address \(ip); ddns-hostname \"\(endpoint.hostname)\"; }\n"
            } else if let remoteID = model.endpointRemoteIDs[endpoint.id] {
                endpoints +=
                    "host \(endpoint.hostname) { host-identifier option agent.remote-id \(remoteID); fixed-address \(ip); ddns-hostname \"\(endpoint.hostname)\"; }\n"
            }
        }
        for endpoint in model.plainEndpoints {
            guard let mac = endpoint.mac else { continue }
            endpoints += "host \(endpoint.hostname) { hardware ethernet \(mac); }\n"
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
            guard let mac = modem.mac else { continue }
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

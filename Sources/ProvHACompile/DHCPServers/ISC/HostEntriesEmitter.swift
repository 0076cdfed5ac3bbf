/// `modems-host.conf` of both nodes in one pass: each modem's entry is formatted once, for only
/// the PacketCable DHCP servers differ (own then peer, for modems that have MTAs), and those
/// are as long on both nodes (the same two addresses): both nodes' files are those bytes, never
/// copied, the second node's read with its own servers in place of the first's.
struct ModemHostsEmitter: PreparedNodeEmitter {
    init() {}

    /// Part of the file as the first node's bytes: the entries of a share of the modems (the
    /// header before the first), and where each PacketCable servers block starts in them.
    struct Part: Sendable {
        fileprivate let bytes: [UInt8]
        fileprivate let packetCableOffsets: [Int]
    }

    /// The entries of part `index` of `count` of the modems, with the first node's servers.
    func preparePart(_ index: Int, of count: Int, model: ClusterModel) -> Part {
        let first = NodeContext(model: model, role: NodeRole.allCases[0])
        let firstPacketCable = Self.packetCable(first)
        let modems = model.modems[(model.modems.count * index / count)..<(model.modems.count * (index + 1) / count)]
        var bytes = index == 0 ? Array(first.header().utf8) : []
        bytes.reserveCapacity(bytes.count + modems.count * 160)
        var packetCableOffsets: [Int] = []
        for modem in modems {
            HostEntryText.appendStart(modem.hostname, modem.mac, filename: Self.filename, to: &bytes)
            if modem.hasMTA {
                packetCableOffsets.append(bytes.count)
                bytes += firstPacketCable
            }
            bytes.append(HostEntryText.end)
        }
        return Part(bytes: bytes, packetCableOffsets: packetCableOffsets)
    }

    /// The first node's text is the parts; another node's has its own servers (the same two
    /// addresses in the other order: as long) read in place of the first's.
    func emit(_ node: NodeContext, parts: [Part]) -> [GeneratedFile] {
        let text: GeneratedText
        if node.role == NodeRole.allCases[0] {
            text = GeneratedText(parts: parts.map { GeneratedText.Part($0.bytes[...]) })
        } else {
            let block = Self.packetCable(node)
            assert(block.count == Self.packetCable(NodeContext(model: node.model, role: NodeRole.allCases[0])).count)
            text = GeneratedText(parts: parts.map { GeneratedText.Part($0.bytes[...], blockOffsets: $0.packetCableOffsets) }, block: block)
        }
        return [node.file(Self.path, reload: .dhcpd, text: text)]
    }

    private static let path = DHCPPaths.file("modems-host.conf")
    private static let filename: StaticString = "; filename \"cm/"

    private static func packetCable(_ node: NodeContext) -> [UInt8] {
        Array(" option ccc.dhcp-server-1 \(node.own.address); option ccc.SecondaryDHCPServer \(node.peer.address);".utf8)
    }
}

/// `mtas-host.conf` (PacketCable MTAs with `option host-name`, the MAC without colons, from
/// which they build their FQDN) and `endpoints-host.conf` (fixed IPs, matched by MAC or, without
/// one, by the modem's MAC as relay agent remote-id, as NMS Prime does; endpoints without a
/// fixed IP get a plain entry). Nothing in them depends on the node: rendered once.
struct DeviceHostsEmitter: SharedNodeEmitter {
    init() {}

    func emitShared(_ model: ClusterModel) -> [GeneratedFile] {
        var mtas = Array(model.generatedHeader().utf8)
        mtas.reserveCapacity(model.mtas.count * 150)
        for mta in model.mtas {
            HostEntryText.appendStart(mta.hostname, mta.mac, filename: Self.filename, to: &mtas)
            if mta.isPacketCable {
                mtas.append(Self.hostName)
                mta.mac.write(into: &mtas, separated: false)
                mtas.append(HostEntryText.quotedEnd)
            }
            mtas.append(HostEntryText.end)
        }
        var endpoints = model.generatedHeader()
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
            GeneratedFile(path: DHCPPaths.file("mtas-host.conf"), reload: .dhcpd, contents: String(decoding: mtas, as: UTF8.self)),
            GeneratedFile(path: DHCPPaths.file("endpoints-host.conf"), reload: .dhcpd, contents: endpoints),
        ]
    }

    private static let filename: StaticString = "; filename \"mta/"
    private static let hostName: StaticString = " option host-name \""
}

/// The fixed text of a dhcpd host entry, as bytes.
private enum HostEntryText {
    static let start: StaticString = "host "
    static let hardware: StaticString = " { hardware ethernet "
    static let ddnsHostname: StaticString = ".cfg\"; ddns-hostname \""
    /// Closes a quoted value and its statement.
    static let quotedEnd: StaticString = "\";"
    static let end: StaticString = " }\n"

    /// `host NAME { hardware ethernet MAC; filename "FOLDER/NAME.cfg"; ddns-hostname "NAME";`,
    /// `filename` holding `; filename "FOLDER/`: what a modem's and an MTA's entries share.
    static func appendStart(_ hostname: String, _ mac: MACAddress, filename: StaticString, to bytes: inout [UInt8]) {
        bytes.append(start)
        bytes += hostname.utf8
        bytes.append(hardware)
        mac.write(into: &bytes)
        bytes.append(filename)
        bytes += hostname.utf8
        bytes.append(ddnsHostname)
        bytes += hostname.utf8
        bytes.append(quotedEnd)
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
struct ClientClassesEmitter: SharedNodeEmitter {
    static let ignoreFileName = "ignore-cpe.conf"

    init() {}

    func emitShared(_ model: ClusterModel) -> [GeneratedFile] {
        let ignoresForeign = model.ignoresForeignDevices
        var publicClients = model.generatedHeader()
        var blocked = model.generatedHeader()
        var ignore = model.generatedHeader()
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
        for modem in model.modems {
            let mac = modem.mac
            if modem.isPublic { publicClients += "subclass \"Client-Public\" \(mac); # CM id:\(modem.id)\n" }
            if !modem.internetAccess { blocked += "subclass \"blocked\" \(mac); # CM id:\(modem.id)\n" }
            if ignoresForeign { ignore += "subclass \"nmsprime-modems\" \(mac); # CM id:\(modem.id)\n" }
        }
        return [
            GeneratedFile(path: DHCPPaths.file("modems-clients-public.conf"), reload: .dhcpd, contents: publicClients),
            GeneratedFile(path: DHCPPaths.file("blocked.conf"), reload: .dhcpd, contents: blocked),
            GeneratedFile(path: DHCPPaths.file(Self.ignoreFileName), reload: .dhcpd, contents: ignore),
        ]
    }
}

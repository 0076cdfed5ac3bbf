/// `explain`: for one device, what each node's dhcpd does with it and why — which class it falls
/// in, which pools can serve it, which node answers it under the split, and what it is handed —
/// derived from the validated model the same way the emitters write the files.
public struct DeviceExplanation: Sendable {
    /// What the database knows the device as.
    enum Identity: Sendable {
        case modem(ModemHost)
        case mta(MTAHost)
        case fixedEndpoint(FixedEndpointHost)
        case plainEndpoint(PlainEndpointHost)
        /// An endpoint known by its DHCPv6 reservation only (an IPv6 `ip`, or a prefix).
        case ipv6Endpoint(IPv6Reservation)
        /// Not in the database: a customer device behind the modem its remote-id names.
        case customerDevice
    }

    /// A pool that can serve the device, and its CMTS (the relay's address picks the CMTS).
    struct Candidate: Sendable {
        let cmts: String
        let pool: ServedPool
    }

    let mac: MACAddress
    let identity: Identity
    /// The class dhcpd puts it in (`CM`, `MTA`, `Client`, `Client-Public`); nil when it gets nothing.
    let dhcpClass: String?
    /// Why it gets no lease, when it gets none.
    let refusal: String?
    /// A fixed address (a host entry with `fixed-address`): both nodes hand it out, outside failover.
    let fixedAddress: IPv4Address?
    let candidates: [Candidate]
    /// RFC 3074 bucket of its client identifier or hardware address, and the node that owns it.
    let bucket: Int
    let answeringNode: NodeRole
    /// An option a node hands out, and its value.
    typealias Option = (name: String, value: String)

    /// What each node hands out, in the order dhcpd's files set them.
    let options: [NodeRole: [Option]]

    public enum Problem: Error, CustomStringConvertible, Sendable {
        case unknownDevice(MACAddress)
        case unknownModem(MACAddress)

        public var description: String {
            switch self {
            case let .unknownDevice(mac):
                return "no modem, MTA or endpoint has MAC \(mac); for a customer device give its modem's MAC with --remote-id"
            case let .unknownModem(mac):
                return "--remote-id \(mac) is no modem's MAC"
            }
        }
    }

    /// Explains the device with `mac`, behind the modem `remoteID` for a customer device;
    /// `clientID` is its DHCP client identifier (option 61) when it sends one.
    public static func explain(
        mac: MACAddress, remoteID: MACAddress? = nil, clientID: [UInt8]? = nil, in model: ClusterModel
    ) -> Result<DeviceExplanation, Problem> {
        let modemsByMAC = Dictionary(model.modems.map { ($0.mac, $0) }, uniquingKeysWith: { first, _ in first })
        var identity: Identity
        var dhcpClass: String?
        var refusal: String?
        var fixedAddress: IPv4Address?
        var poolTypes: Set<PoolType> = []
        if let modem = modemsByMAC[mac] {
            (identity, dhcpClass, poolTypes) = (.modem(modem), "CM", [.cm])
        } else if let mta = model.mtas.first(where: { $0.mac == mac }) {
            (identity, dhcpClass, poolTypes) = (.mta(mta), "MTA", [.mta])
        } else {
            let fixed = model.fixedEndpoints.first { endpoint in
                switch endpoint.match {
                case let .mac(own): return own == mac
                case let .remoteID(modemMAC): return remoteID == modemMAC
                }
            }
            if let fixed {
                identity = .fixedEndpoint(fixed)
                fixedAddress = fixed.address
            } else if let plain = model.plainEndpoints.first(where: { $0.mac == mac }) {
                identity = .plainEndpoint(plain)
            } else if let reservation = model.dhcp6?.reservation(of: mac) {
                identity = .ipv6Endpoint(reservation.reservation)
            } else if remoteID != nil {
                identity = .customerDevice
            } else {
                return .failure(.unknownDevice(mac))
            }
            guard let remoteID else {
                return .success(
                    explanation(
                        mac, identity, nil, "it has no relay agent remote-id: NMS Prime's classes know a customer device only by its modem",
                        nil, [], clientID, model))
            }
            guard let modem = modemsByMAC[remoteID] else {
                if model.ignoresForeignDevices {
                    return .success(
                        explanation(
                            mac, identity, nil, "its modem \(remoteID) is not this database's: ignored (provbase.multiple_provisioning_systems)",
                            nil, [], clientID, model))
                }
                return .failure(.unknownModem(remoteID))
            }
            if !modem.internetAccess {
                refusal = "its modem \(modem.hostname) has no internet access: class \"blocked\" denies booting"
            } else if modem.isPublic {
                (dhcpClass, poolTypes) = ("Client-Public", [.cpePublic])
            } else {
                (dhcpClass, poolTypes) = ("Client", [.cpePrivate])
            }
        }
        let servable = refusal == nil && fixedAddress == nil
        let candidates =
            servable
            ? model.cmtses.flatMap { cmts in
                cmts.subnets.flatMap(\.pools).filter { poolTypes.contains($0.type) && $0.isActive }
                    .map { Candidate(cmts: cmts.cmts.hostname, pool: $0) }
            } : []
        if servable, candidates.isEmpty, let dhcpClass {
            refusal = "no active pool serves class \"\(dhcpClass)\""
        }
        guard refusal == nil else { return .success(explanation(mac, identity, nil, refusal, nil, [], clientID, model)) }
        return .success(explanation(mac, identity, dhcpClass, nil, fixedAddress, candidates, clientID, model))
    }

    private static func explanation(
        _ mac: MACAddress, _ identity: Identity, _ dhcpClass: String?, _ refusal: String?, _ fixedAddress: IPv4Address?,
        _ candidates: [Candidate], _ clientID: [UInt8]?, _ model: ClusterModel
    ) -> DeviceExplanation {
        let bucket = clientID.map(LoadBalancing.bucket(of:)) ?? LoadBalancing.bucket(of: mac)
        var options: [NodeRole: [Option]] = [:]
        if refusal == nil {
            for role in NodeRole.allCases {
                options[role] = handedOut(identity, role: role, candidates: candidates, model: model)
            }
        }
        return DeviceExplanation(
            mac: mac, identity: identity, dhcpClass: dhcpClass, refusal: refusal, fixedAddress: fixedAddress, candidates: candidates,
            bucket: bucket, answeringNode: model.dhcp.answeringNode(bucket: bucket, failover: model.failover),
            options: options)
    }

    /// The options `role`'s dhcpd hands the device, as global.conf, the pool's subnet and its
    /// host entry set them.
    private static func handedOut(_ identity: Identity, role: NodeRole, candidates: [Candidate], model: ClusterModel) -> [Option] {
        let own = model.node(role).address, peer = model.node(role.peer).address
        let pair = [own, peer].dhcpList
        var options: [Option] = [("next-server", "\(own)"), ("TFTP servers (vivso 2)", pair)]
        switch identity {
        case let .modem(modem):
            options.append(("filename", "cm/\(modem.hostname).cfg"))
            options.append(("PacketCable DHCP servers (ccc 1, 2)", modem.hasMTA ? pair : "0.0.0.0 (no MTA)"))
        case let .mta(mta):
            options.append(("filename", "mta/\(mta.hostname).cfg"))
            options.append(("provisioning server (ccc 3)", "\(model.node(role).hostname).\(model.domain)"))
            if mta.isPacketCable { options.append(("host-name", mta.mac.hexDigits)) }
        case let .fixedEndpoint(endpoint):
            options.append(("fixed-address", "\(endpoint.address)"))
        case .plainEndpoint, .ipv6Endpoint, .customerDevice:
            break
        }
        options.append(("time-servers", pair))
        options.append(("log-servers", pair))
        let resolvers = Set(
            candidates.map { $0.pool.dnsServers.isEmpty ? pair : ServerOrder.ownFirst($0.pool.dnsServers, own: own, peer: peer).dhcpList })
        options.append(("domain-name-servers", resolvers.isEmpty ? pair : resolvers.sorted().joined(separator: " or ")))
        options.append(("time-offset", "\(model.timeOffset)"))
        return options
    }
}

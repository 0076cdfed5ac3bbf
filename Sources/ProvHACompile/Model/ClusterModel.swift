import Foundation

/// One subnet of a CMTS: the pools of that CMTS that share a network, lowest pool id first.
public struct PoolSubnet: Sendable {
    public let network: IPv4Network
    public let pools: [IPPool]
    /// The pool whose subnet-level options (router, broadcast, DNS) the subnet carries.
    public var primary: IPPool { pools[0] }
}

/// CMTS vendors whose configuration syntax the compiler writes.
public enum CMTSVendor: String, CaseIterable, Sendable {
    case cisco, casa, arris
    /// No known syntax: a clearly marked, vendor-neutral snippet.
    case generic

    /// The vendor NMS Prime's `company` column names (`Cisco`, `Casa Systems`, `ARRIS`, `CommScope`).
    public init?(company: String) {
        let name = company.lowercased()
        if name.contains("cisco") {
            self = .cisco
        } else if name.contains("casa") {
            self = .casa
        } else if name.contains("arris") || name.contains("commscope") {
            self = .arris
        } else {
            return nil
        }
    }
}

/// A CMTS with its subnets, ready to emit.
public struct CMTSModel: Sendable {
    public let cmts: CMTS
    public let subnets: [PoolSubnet]
    /// Vendor after cluster-file overrides.
    public let vendor: CMTSVendor
    /// Company and model as the database names them, safe for a comment (`Cisco ubr10k`).
    public var label: CommentText {
        CommentText(UncheckedText(cmts.company.uncheckedValue + (cmts.series.isEmpty ? "" : " " + cmts.series.uncheckedValue)))
    }
    /// The relay interface named in the cluster file; nil for the vendor's default.
    public let relayInterface: String?
}

/// The validated cluster: cluster file and snapshot joined, checked and resolved, in a fixed
/// order (everything sorted by id) so that emitters are deterministic.
public struct ClusterModel: Sendable {
    public let config: ClusterConfig
    public let snapshot: Snapshot
    public let cmtses: [CMTSModel]
    /// The dynamic ranges of each pool (by pool id) after fixed endpoint IPs are cut out.
    public let rangesByPool: [Int: [IPv4Range]]
    /// Modems that get a DHCP host entry (a real MAC), by id.
    public let modems: [Modem]
    /// Modems that have at least one real (non-dummy) MTA.
    public let modemsWithMTA: Set<Int>
    /// Non-dummy MTAs with a real MAC, by id.
    public let mtas: [MTA]
    /// Endpoints with a fixed IP, by id: matched by their MAC, or by their modem's MAC as relay
    /// agent remote-id (`endpointRemoteIDs`) when they have none.
    public let fixedEndpoints: [Endpoint]
    /// The remote-id (the modem's MAC) of each fixed endpoint without a MAC, by endpoint id.
    public let endpointRemoteIDs: [Int: MACAddress]
    /// The second PTR name (`add_reverse`, checked) of a fixed endpoint's address, by endpoint id.
    public let endpointReverseNames: [Int: String]
    /// `provvoip.mta_domain` (a checked domain): the MTA networks' `option domain-name`.
    public let mtaDomain: String?
    /// `provbase.multiple_provisioning_systems`: devices behind modems of other provisioning
    /// systems are ignored (`ignore-cpe.conf`).
    public let ignoresForeignDevices: Bool
    /// Endpoints without a fixed IP but with a MAC, by id.
    public let plainEndpoints: [Endpoint]
    public let defaultLeaseTime: Int
    public let maxLeaseTime: Int
    public let maxCPE: Int
    public let serverNetworks: [IPv4Network]
    /// Distinct vendor-class-identifier prefixes of STB pools, sorted.
    public let stbVendorClasses: [DHCPDString]
    /// The checked `optional` statements of the pools that have some, by pool id.
    public let verbatimStatements: [Int: DHCPDStatements]
    /// The DDNS key with its secret, when configured and readable.
    public let ddnsKey: TSIGKey?
    /// The key OMAPI clients must present, when configured and readable.
    public let omapiKey: TSIGKey?
    /// Reverse zones covering the pools' and the servers' networks (octet boundaries).
    public let reverseZones: [IPv4Network]
    /// `option time-offset`: seconds east of UTC.
    public let timeOffset: Int
    /// SOA serial of the zone seeds: `YYYYMMDD00` of the newest change in the snapshot (UTC).
    public let zoneSerial: UInt32

    public func node(_ role: NodeRole) -> NodeConfig { config.node(role) }

    /// SHA-256 over everything the output depends on (see `InputDigest`).
    public var inputDigest: String {
        // In the order of `ClusterConfig.secretKeys`, as the up-to-date shortcut hashes them.
        InputDigest.combine(clusterFile: config.sourceDigest, snapshot: snapshot.sourceDigest, secrets: [ddnsKey?.secret, omapiKey?.secret])
    }
    public var domain: String { config.domain.value }
}

/// A TSIG key with its secret loaded. The secret never appears in diagnostics.
public struct TSIGKey: Sendable {
    public let name: String
    public let algorithm: String
    public let secret: String
}

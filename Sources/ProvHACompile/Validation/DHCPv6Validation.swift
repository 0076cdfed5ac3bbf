/// `dhcp6` and the snapshot's IPv6 pools, resolved into Kea DHCPv6 for the pair: every
/// malformed pool a located error from its `ippool` row, every departure from NMS Prime's own
/// DHCPv6 configuration a located note, so that `check` says what differs from a live install.
/// Overlaps are found by sorting, never by comparing all pairs.
extension Validator {
    static let dhcp6DefaultHAPort = 8002

    /// The DHCPv6 server, or nil when `dhcp6.enabled` is false or no active IPv6 pool exists.
    func resolveKeaDHCP6() -> KeaDHCP6Server? {
        let settings = config.dhcp6
        let at = settings.location ?? .input(path: config.path)
        let cmtses = Dictionary(snapshot.cmtses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var pools: [IPv6Pool] = []
        for pool in snapshot.pools6.sorted(by: { $0.id < $1.id }) {
            let location = snapshot.location("ippool", pool.id)
            guard cmtses[pool.cmtsID] != nil else {
                warning("the IPv6 pool belongs to cmts id \(pool.cmtsID), which does not exist or is deleted; it is skipped", location)
                continue
            }
            guard pool.isActive else {
                note("the IPv6 pool is inactive: it is not served (NMS Prime's DHCPv6 configuration serves it regardless of ippool.active)", location)
                continue
            }
            if checkPool6(pool) { pools.append(pool) }
        }
        if settings.enabled?.value == false {
            if !pools.isEmpty, let enabled = settings.enabled {
                warning("dhcp6.enabled is false: the snapshot's \(pools.count) active IPv6 pool(s) are served by no one", enabled.location)
            }
            return nil
        }
        guard !pools.isEmpty else {
            if let location = settings.location {
                warning("the 'dhcp6' section is set, but the snapshot has no active IPv6 pool: no DHCPv6 files are written", location)
            }
            return nil
        }
        checkOverlaps6(pools)
        let mode = resolveMode6(at: at)
        let haPort = resolveHAPort6(at: at)
        let preferred = settings.preferredLifetime?.value ?? 64_800
        let valid = settings.validLifetime?.value ?? 86_400
        if preferred > valid {
            error(
                "dhcp6.preferred_lifetime \(preferred) is longer than dhcp6.valid_lifetime \(valid): a DHCPv6 address must not be preferred after it is no longer valid",
                settings.preferredLifetime?.location ?? settings.validLifetime?.location ?? at)
        }
        var networks: [KeaDHCP6Server.SharedNetwork] = []
        for (cmtsID, cmtsPools) in Dictionary(grouping: pools, by: \.cmtsID).sorted(by: { $0.key < $1.key }) {
            guard let cmts = cmtses[cmtsID] else { continue }
            let subnets = Dictionary(grouping: cmtsPools, by: { $0.network.normalized }).values.map { subnetPools in
                subnet6(subnetPools.sorted { $0.id < $1.id }, mode: mode)
            }
            networks.append(KeaDHCP6Server.SharedNetwork(cmtsID: cmtsID, name: cmts.hostname, subnets: subnets.sorted { $0.id < $1.id }))
        }
        networks = placeReservations6(in: networks)
        note(
            "Kea DHCPv6 keeps its leases in a memfile on each node, shared by the HA hook (NMS Prime's own DHCPv6 configuration uses one PostgreSQL lease database, which two peers must not share)",
            settings.location ?? snapshot.location("ippool", pools[0].id))
        let failover = config.failover
        let listen = resolveListen6(at: at)
        // The relay destinations name both servers, or none (the CMTS snippet then says so in words).
        let addresses6 = NodeRole.allCases.compactMap { config.node($0).address6?.value }
        return KeaDHCP6Server(
            mode: mode, hooksDirectory: config.dhcp.keaHooksDirectory?.value ?? Self.keaDefaultHooksDirectory, haPort: haPort,
            heartbeatDelay: max(1000, failover.maxResponseDelay.value * 1000 / 6), maxResponseDelay: failover.maxResponseDelay.value * 1000,
            maxAckDelay: max(1000, failover.loadBalanceMaxSeconds.value * 1000), preferredLifetime: preferred, validLifetime: valid,
            listen: listen,
            relayDestinations: addresses6.count == NodeRole.allCases.count ? addresses6 : [],
            networks: networks)
    }

    func note(_ message: String, _ location: SourceLocation) { diagnostics.emit(Diagnostic(.note, message, at: location)) }

    /// One pool's own facts; false when it cannot be served (each problem reported).
    private func checkPool6(_ pool: IPv6Pool) -> Bool {
        let location = snapshot.location("ippool", pool.id)
        var sound = true
        if !pool.network.isNetworkAddress {
            error("IPv6 net \(pool.network) has host bits set; did you mean \(pool.network.normalized)?", location)
            sound = false
        }
        if let range = pool.range {
            if range.last < range.first {
                error("the IPv6 range \(range) ends before it starts", location)
                sound = false
            } else if !pool.network.contains(range.first) || !pool.network.contains(range.last) {
                error("the IPv6 range \(range) is not inside the pool's subnet \(pool.network.normalized)", location)
                sound = false
            }
        }
        if let delegation = pool.delegation {
            if delegation.delegatedLength <= delegation.prefix.prefixLength {
                error(
                    "delegated_len /\(delegation.delegatedLength) is not longer than prefix_len /\(delegation.prefix.prefixLength): Kea delegates prefixes cut from the pool's prefix, each longer than it",
                    location)
                sound = false
            }
            if !delegation.prefix.isNetworkAddress {
                error("prefix \(delegation.prefix) has host bits set; did you mean \(delegation.prefix.normalized)?", location)
                sound = false
            }
        }
        if pool.range == nil && pool.delegation == nil {
            warning("the IPv6 pool has neither a range nor a prefix to delegate: it hands out nothing", location)
        }
        if pool.relay == nil {
            note(
                "the IPv6 pool has no router_ip: Kea selects its subnet only by the relay's link address lying in \(pool.network.normalized)",
                location)
        }
        return sound
    }

    /// Subnets of different CMTSs, and any two pd-pools, must not overlap; ranges of one
    /// subnet must not either.
    private func checkOverlaps6(_ pools: [IPv6Pool]) {
        var firstCMTSOfNetwork: [IPv6Network: IPv6Pool] = [:]
        var distinct: [IPv6Pool] = []
        for pool in pools {
            let network = pool.network.normalized
            if let first = firstCMTSOfNetwork[network] {
                if first.cmtsID != pool.cmtsID {
                    error(
                        "the IPv6 subnet \(network) is also a subnet of cmts id \(first.cmtsID): two CMTSs' relays cannot share it",
                        snapshot.location("ippool", pool.id), notes: [.note("the other CMTS's pool", at: snapshot.location("ippool", first.id))])
                }
                continue
            }
            firstCMTSOfNetwork[network] = pool
            distinct.append(pool)
        }
        reportOverlaps(distinct.map { ($0.network.normalized, $0.id) }, what: "IPv6 subnet")
        reportOverlaps(pools.compactMap { pool in pool.delegation.map { ($0.prefix.normalized, pool.id) } }, what: "pd-pool prefix")
        for (_, subnetPools) in Dictionary(grouping: pools, by: { $0.network.normalized }) {
            let ranges = subnetPools.compactMap { pool in pool.range.map { ($0, pool.id) } }.sorted { $0.0.first < $1.0.first }
            for (previous, next) in zip(ranges, ranges.dropFirst()) where next.0.first <= previous.0.last {
                error(
                    "the IPv6 range \(next.0) overlaps the range \(previous.0) of ippool id \(previous.1)", snapshot.location("ippool", next.1),
                    notes: [.note("the other range", at: snapshot.location("ippool", previous.1))])
            }
        }
    }

    /// Networks sorted by first address: each must end before the next starts.
    private func reportOverlaps(_ networks: [(IPv6Network, Int)], what: String) {
        let sorted = networks.sorted { ($0.0.first, $0.0.prefixLength, $0.1) < ($1.0.first, $1.0.prefixLength, $1.1) }
        var widest: (network: IPv6Network, id: Int)?
        for (network, id) in sorted {
            if let previous = widest, previous.network.overlaps(network) {
                error(
                    "the \(what) \(network) overlaps \(previous.network) of ippool id \(previous.id)", snapshot.location("ippool", id),
                    notes: [.note("the other \(what)", at: snapshot.location("ippool", previous.id))])
            }
            if widest == nil || widest?.network.last ?? network.last < network.last { widest = (network, id) }
        }
    }

    private func resolveMode6(at: SourceLocation) -> KeaDHCPServer.Mode {
        let settings = config.dhcp6
        if settings.mode?.value == "load-balancing" {
            if let primary = settings.primary {
                warning("dhcp6.primary is for hot-standby; load-balancing has both nodes answer", primary.location)
            }
            return .loadBalancing
        }
        return .hotStandby(primary: settings.primary?.value ?? .master)
    }

    /// Each node listens on `dhcp6.interface/address6`; without an `address6` only on
    /// link-local addresses and ff02::1:2, which relays on other links do not reach.
    private func resolveListen6(at: SourceLocation) -> [NodeRole: String] {
        var listen: [NodeRole: String] = [:]
        for role in NodeRole.allCases {
            let node = config.node(role)
            guard let address = node.address6 else {
                warning(
                    "nodes.\(role.rawValue).address6 is not set: the \(role.rawValue)'s kea-dhcp6 listens on link-local addresses and ff02::1:2 only, and CMTSs that relay to a unicast address reach it not",
                    node.address.location)
                listen[role] = "*"
                continue
            }
            guard let interface = config.dhcp6.interface else {
                error(
                    "nodes.\(role.rawValue).address6 needs dhcp6.interface: Kea listens on a unicast address as interface/address", address.location)
                continue
            }
            listen[role] = "\(interface.value)/\(address.value)"
        }
        return listen
    }

    /// kea-dhcp6's HA listener must not take a port another daemon of the node binds.
    private func resolveHAPort6(at: SourceLocation) -> Int {
        let port = config.dhcp6.haPort?.value ?? Self.dhcp6DefaultHAPort
        let failover = config.failover
        var taken: [(Int, String, SourceLocation)] = [(failover.omapiPort.value, "failover.omapi_port", failover.omapiPort.location)]
        if config.dhcp.server?.value == KeaDHCPServer.name {
            let dhcp = config.dhcp
            taken += [
                (dhcp.keaHAPort?.value ?? 8001, "dhcp.kea_ha_port", dhcp.keaHAPort?.location ?? dhcp.server?.location ?? at),
                (dhcp.keaAPIPort?.value ?? 8000, "dhcp.kea_api_port", dhcp.keaAPIPort?.location ?? dhcp.server?.location ?? at),
            ]
        } else {
            taken += [
                (failover.port.value, "failover.port", failover.port.location),
                (failover.peerPort.value, "failover.peer_port", failover.peerPort.location),
            ]
        }
        for (other, key, location) in taken where other == port {
            error("dhcp6.ha_port \(port) is also \(key): kea-dhcp6's HA listener cannot bind it", config.dhcp6.haPort?.location ?? location)
        }
        return port
    }

    /// The pools of one subnet, lowest id first: ranges and pd-pools (in load-balancing split
    /// into the peers' halves by the emitter; a pd-pool's halves are one bit longer, never
    /// beyond its delegated length, which is longer than its prefix), relays and DNS from the
    /// first pool that has them.
    private func subnet6(_ pools: [IPv6Pool], mode: KeaDHCPServer.Mode) -> KeaDHCP6Server.Subnet {
        let first = pools[0]
        if mode == .loadBalancing {
            for pool in pools {
                let location = snapshot.location("ippool", pool.id)
                if let range = pool.range, range.halves == nil {
                    warning("the IPv6 range has a single address: load-balancing gives it to the master's half only", location)
                }
            }
        }
        var extra: [(String, JSON)] = []
        for pool in pools where !pool.optional.uncheckedValue.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            extra += optionalMembers6(pool, taken: Set(extra.map(\.0)))
        }
        return KeaDHCP6Server.Subnet(
            id: first.id, network: first.network.normalized, ranges: pools.compactMap(\.range), delegations: pools.compactMap(\.delegation),
            relays: Array(Set(pools.compactMap(\.relay))).sorted(), dnsServers: pools.first { !$0.dnsServers.isEmpty }?.dnsServers ?? [],
            reservations: [], extraMembers: extra)
    }

    /// The Kea members a pool's `optional` holds (`"rapid-commit": true, …`), for its subnet.
    private func optionalMembers6(_ pool: IPv6Pool, taken: Set<String>) -> [(String, JSON)] {
        let location = snapshot.location("ippool", pool.id)
        let text = pool.optional.uncheckedValue.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = text.hasSuffix(",") ? String(text.dropLast()) : text
        guard case let .object(members)? = JSONParser.parse("{\(body)}") else {
            warning("optional is not a list of Kea subnet members (\"name\": value, …): it is left out of the DHCPv6 configuration", location)
            return []
        }
        let ours: Set<String> = ["id", "subnet", "pools", "pd-pools", "relay", "option-data", "reservations", "preferred-lifetime", "valid-lifetime"]
        var kept: [(String, JSON)] = []
        for (name, value) in members {
            if ours.contains(name) || taken.contains(name) || kept.contains(where: { $0.0 == name }) {
                warning("optional sets \(DiagnosticText.quoted(name)), which the compiler writes itself from the pool: it is left out", location)
            } else {
                kept.append((name, value))
            }
        }
        note("optional's Kea members are placed on the pool's subnet (NMS Prime writes them on the CMTS's shared network)", location)
        return kept
    }
}
